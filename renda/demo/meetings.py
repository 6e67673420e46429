"""Demo meetings and votes of the city's 第八届 standing committee, through the services.

2020 (a finished year): the eight standing committee meetings the 双联 records
already name (第二十三次 to 第三十次, ``renda.demo.liaison``) get their agenda (work
reports, resolutions and decisions, appointments and removals, satisfaction
tests, the two 票决评议 of the source), every member's attendance (a few on
leave with a reason), are opened with their quorum and closed with every vote
decided. The 第二十三次 meeting met by video in February and adopted the
source's 《关于依法全力做好当前新冠肺炎疫情防控工作的决定》 by online vote (网络表决):
the members cast secret ballots through ``vote_cast`` over a window, and the
decision passed by the all-member rule. The other votes are paper ballots or a
show of hands entered with both tellers (casting is slow on purpose: each
ballot checks the member's password). A few chairpersons' meetings (主任会议)
prepare the agenda, unless the supervision demo already recorded them.

The load year (relative to ``today``): the meeting the 双联 records date 20 days
ago is closed with its votes; the one they date in 10 days is planned with
its agenda and papers sent, nobody signed in yet; and a meeting today is open,
its electronic vote (电子表决) under way: some members have voted, while the demo
log-ins ``member`` and ``leader`` have neither signed in nor voted.

Every member gets ``took_office_on`` (the term's first day) and an account: the
demo log-ins ``member`` and ``leader`` hold their seats; the others get quiet
accounts (not listed as log-ins) with the demo password, so that they can vote.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment, User
from renda.congresses.choices import LEADERSHIP_ROLES, MemberRole
from renda.congresses.models import CommitteeMember
from renda.liaison.selectors import eligible_observer_deputies
from renda.liaison.services import meeting_observers_invite
from renda.meetings import rules, services
from renda.meetings.choices import (
    AgendaKind,
    Attendance,
    Choice,
    MeetingKind,
    VoteKind,
    VoteMode,
)
from renda.meetings.models import (
    CommitteeMeeting,
    MeetingEvent,
    MeetingPaper,
    PaperReceipt,
)
from renda.meetings.services import personnel
from renda.supervision.models import SupervisionItem

from . import meetings_personnel as demo_personnel
from .logins import DEMO_PASSWORD
from .meetings_data import (
    AGENDA_2020,
    APPOINT,
    CHAIRPERSONS_2020,
    EPIDEMIC_DECISION,
    YEAR,
    Item2020,
    Vote2020,
    report_item,
    resolution_item,
    satisfaction_item,
)

TZ = ZoneInfo(settings.TIME_ZONE)
LEAVE_REASONS = ["公务出差", "因病住院", "参加省人大常委会培训", "因事请假"]
# Ballots cast one by one (each checks a password, slow on purpose): the online
# vote of 2020 and today's electronic vote before the demo log-ins vote.
EPIDEMIC_BALLOTS = 22
TODAY_BALLOTS = 4


@dataclass
class MeetingsDemoSummary:
    meetings: int = 0
    chairpersons_meetings: int = 0
    votes: int = 0
    ballots: int = 0
    member_accounts: int = 0
    epidemic_vote: int | None = None
    today_meeting: int | None = None
    open_vote: int | None = None
    planned_meeting: int | None = None
    closed_2020: list = field(default_factory=list)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class _Builder:
    def __init__(self, *, seed, standing_committee, users, today, now):
        self.rng = random.Random(seed + 10)  # noqa: S311 - demo data
        self.committee = standing_committee
        self.congress = standing_committee.term.congress
        self.staff = users["staff"]
        self.users = users
        self.today = today
        self.now = now
        self.summary = MeetingsDemoSummary()
        self.members: list[CommitteeMember] = []
        self.items = {
            item.title: item
            for item in SupervisionItem.objects.filter(congress=self.congress)
        }

    # Members ------------------------------------------------------------------

    def seats(self) -> None:
        """Date every seat from the term's first day; give each member an account."""
        term = self.committee.term
        self.committee.members.filter(took_office_on__isnull=True).update(
            took_office_on=term.start_date
        )
        members = list(
            self.committee.members.select_related("deputy", "user").order_by("rank")
        )
        without = [m for m in members if m.user_id is None]
        # The demo log-ins' hash of the same password (hashing is slow on purpose).
        encoded = self.users["member"].password or make_password(DEMO_PASSWORD)
        created = User.objects.bulk_create(
            User(
                username=f"sc8-{member.rank:02d}",
                display_name=member.deputy.name,
                phone=member.deputy.phone,
                password=encoded,
            )
            for member in without
        )
        if any(user.pk is None for user in created):  # pragma: no cover - old SQLite
            by_name = {
                u.username: u for u in User.objects.filter(username__startswith="sc8-")
            }
            created = [by_name[user.username] for user in created]
        RoleAssignment.objects.bulk_create(
            RoleAssignment(
                user=user, role=Role.COMMITTEE_MEMBER, congress=self.congress
            )
            for user in created
        )
        for member, user in zip(without, created, strict=True):
            member.user = user
        CommitteeMember.objects.bulk_update(without, ["user"])
        self.summary.member_accounts = len(created)
        self.members = members
        self.member_user = self.users["member"]
        self.leader_user = self.users["leader"]
        ordinary = [
            m
            for m in members
            if m.role == MemberRole.MEMBER and m.user_id != self.member_user.pk
        ]
        self.tellers = (ordinary[-1].deputy.name, ordinary[-2].deputy.name)
        self.director = next(m for m in members if m.role == MemberRole.DIRECTOR)

    # One meeting --------------------------------------------------------------

    def attend(self, meeting, *, leave: int, skip=(), at: dt.datetime) -> int:
        """Mark every member present but ``leave`` on leave; return those present."""
        candidates = [
            m
            for m in self.members
            if m.role not in LEADERSHIP_ROLES
            and m.user_id not in (self.member_user.pk, self.leader_user.pk)
        ]
        on_leave = {m.pk for m in self.rng.sample(candidates, leave)}
        present = 0
        for member in self.members:
            if member.pk in skip:
                continue
            status = Attendance.LEAVE if member.pk in on_leave else Attendance.PRESENT
            services.attendance_record(
                meeting=meeting,
                member=member,
                status=status,
                reason=self.rng.choice(LEAVE_REASONS)
                if status == Attendance.LEAVE
                else "",
                actor=self.staff,
                now=at,
            )
            present += status == Attendance.PRESENT
        return present

    def agenda(self, meeting, items: list[Item2020]) -> list:
        added = []
        for spec in items:
            # Reports and resolutions link the supervision item they hear; the
            # tests and evaluations stay unlinked (supervision records its own).
            subject_title = spec.title.removeprefix("审议").removesuffix("（草案）")
            linked = spec.kind in (AgendaKind.WORK_REPORT, AgendaKind.RESOLUTION)
            added.append(
                services.agenda_item_add(
                    meeting=meeting,
                    kind=spec.kind,
                    title=spec.title,
                    reporter=spec.reporter,
                    subject=self.items.get(subject_title) if linked else None,
                    actor=self.staff,
                )
            )
        return added

    def tally(self, meeting, item, spec: Vote2020, *, present: int, at) -> None:
        if spec.kind == VoteKind.EVALUATION:
            # 票决评议 are held through their own services (meetings_personnel).
            return
        if spec.people:
            # Person by person, through the personnel services.
            proposed = [
                personnel.appointment_propose(
                    meeting=meeting,
                    kind=kind,
                    person_name=name,
                    post=post,
                    organisation=organisation,
                    proposed_by="市人民政府市长",
                    agenda_item=item,
                    actor=self.staff,
                )
                for kind, name, post, organisation in spec.people
            ]
            votes = []
            for appointment in proposed:
                votes += personnel.appointments_put_to_vote(
                    appointments=[appointment], mode=VoteMode.TALLY, actor=self.staff
                )
        else:
            votes = [
                services.vote_create(
                    meeting=meeting,
                    agenda_item=item,
                    kind=spec.kind,
                    mode=VoteMode.TALLY,
                    title=spec.title,
                    actor=self.staff,
                )
            ]
        for vote in votes:
            self._enter(vote, spec, present=present, at=at)

    def _enter(self, vote, spec: Vote2020, *, present: int, at) -> None:
        if spec.kind in (VoteKind.SATISFACTION, VoteKind.EVALUATION):
            # As the supervision demo records its tests: 6 short of all present.
            unsatisfied = (
                1 if spec.kind == VoteKind.EVALUATION else self.rng.randint(0, 2)
            )
            counts = {
                "SATISFIED": present - 5 - unsatisfied,
                "BASICALLY_SATISFIED": 5,
                "UNSATISFIED": unsatisfied,
            }
        else:
            abstain = self.rng.randint(0, 2)
            counts = {
                Choice.FOR: present - abstain,
                Choice.AGAINST: 0,
                Choice.ABSTAIN: abstain,
            }
        services.vote_tally_enter(
            vote=vote,
            counts=counts,
            present=present,
            tellers=self.tellers,
            actor=self.staff,
            now=at,
        )
        self.summary.votes += 1

    def oath(self, meeting, at) -> None:
        """The appointed of the meeting not yet sworn take the oath together."""
        adopted = list(
            meeting.appointments.filter(
                kind=APPOINT, status="ADOPTED", oaths__isnull=True
            ).order_by("position", "pk")
        )
        if not adopted:
            return
        personnel.oath_record(
            meeting=meeting,
            appointments=adopted,
            taken_at=at,
            place=meeting.place,
            supervised_by=self.director.deputy.name,
            led_by=adopted[0].person_name if len(adopted) > 1 else "",
            actor=self.staff,
        )

    def backdate(self, meeting, at) -> None:
        """The timeline's rows were written now; date them at the meeting."""
        MeetingEvent.objects.filter(meeting=meeting).update(created_at=at)

    def held(self, meeting, items: list[Item2020], *, place: str, online=None) -> None:
        """Hold a past meeting: agenda, attendance, quorum, votes, close."""
        meeting.place = place
        meeting.starts_at = dt.time(9, 0)
        meeting.agenda = "；".join(spec.title for spec in items)
        meeting.save(update_fields=["place", "starts_at", "agenda", "updated_at"])
        start = _at(meeting.date, 8, 40)
        agenda = self.agenda(meeting, items)
        present = self.attend(meeting, leave=self.rng.randint(2, 4), at=start)
        services.meeting_open(
            meeting=meeting, actor=self.staff, now=_at(meeting.date, 9)
        )
        for index, (item, spec) in enumerate(zip(agenda, items, strict=True)):
            for vote_spec in spec.votes:
                at = _at(meeting.date, 10 + index // 2, 10 * (index % 2))
                if online is not None and vote_spec.title == EPIDEMIC_DECISION:
                    online(meeting, item, vote_spec)
                else:
                    self.tally(meeting, item, vote_spec, present=present, at=at)

    def close_held(self, meeting) -> None:
        """The oath of the day's appointed, then the meeting closes."""
        self.oath(meeting, _at(meeting.date, 16, 30))
        services.meeting_close(
            meeting=meeting, actor=self.staff, now=_at(meeting.date, 17, 30)
        )
        self.backdate(meeting, _at(meeting.date, 8, 40))

    def epidemic(self, meeting, item, spec: Vote2020) -> None:
        """The online vote of February 2020: secret ballots over a window."""
        opens = _at(meeting.date, 9, 30)
        closes = _at(meeting.date, 17, 0)
        vote = services.vote_create(
            meeting=meeting,
            agenda_item=item,
            kind=spec.kind,
            mode=VoteMode.ONLINE,
            title=spec.title,
            motion=f"{spec.title}（草案），提请常委会以网络表决方式审议通过。",
            closes_at=closes,
            actor=self.staff,
        )
        services.vote_open(vote=vote, actor=self.staff, now=opens)
        voters = [m for m in self.members if m.user_id][:EPIDEMIC_BALLOTS]
        for index, member in enumerate(voters):
            services.vote_cast(
                vote=vote,
                user=member.user,
                choice=Choice.ABSTAIN if index == len(voters) - 1 else Choice.FOR,
                password=DEMO_PASSWORD,
                now=(opens + dt.timedelta(minutes=5 + 9 * index)).astimezone(dt.UTC),
            )
            self.summary.ballots += 1
        services.vote_close(vote=vote, actor=self.staff, now=closes)
        self.summary.votes += 1
        self.summary.epidemic_vote = vote.pk

    def year_2020(self) -> None:
        meetings = list(
            CommitteeMeeting.objects.filter(
                standing_committee=self.committee,
                kind=MeetingKind.STANDING,
                date__year=YEAR,
            ).order_by("date", "number")
        )
        for meeting in meetings:
            place, items = AGENDA_2020.get(
                meeting.number,
                ("市人大常委会会议室", [report_item("有关专项工作报告")]),
            )
            self.held(
                meeting,
                items,
                place=place,
                online=self.epidemic if meeting.number == 23 else None,
            )
        self.summary.meetings += len(meetings)
        # Fresh rows: the services saved their own locked copies. They stay
        # open until the appointments and 票决评议 of meetings_personnel are held.
        self.summary.closed_2020 = list(
            CommitteeMeeting.objects.filter(pk__in=[m.pk for m in meetings]).order_by(
                "date", "number"
            )
        )

    def chairpersons_2020(self) -> None:
        """A few chairpersons' meetings, unless the supervision demo holds its own."""
        existing = CommitteeMeeting.objects.filter(
            standing_committee=self.committee,
            kind=MeetingKind.CHAIRPERSONS,
            date__year=YEAR,
        )
        if existing.exists():
            return
        for number, date, prepares in CHAIRPERSONS_2020:
            meeting = services.meeting_create(
                standing_committee=self.committee,
                kind=MeetingKind.CHAIRPERSONS,
                number=number,
                date=date,
                starts_at=dt.time(9, 0),
                place="市人大常委会主任办公室",
                actor=self.staff,
            )
            items = [
                Item2020(
                    AgendaKind.AGENDA,
                    f"拟定市第八届人大常委会第{prepares}次会议议程（草案）",
                ),
            ]
            if prepares == 24:
                items.append(
                    Item2020(AgendaKind.KEY_SUGGESTIONS, "确定2020年重点督办建议")
                )
            items.append(
                Item2020(AgendaKind.APPOINTMENT, "研究提请常委会审议的人事任免事项")
            )
            self.agenda(meeting, items)
            self.backdate(meeting, _at(date, 9))
            self.summary.chairpersons_meetings += 1

    # The load year --------------------------------------------------------------

    def load_year(self) -> CommitteeMeeting | None:
        if self.today.year <= YEAR:
            return None
        year = self.today.year
        liaison = list(
            CommitteeMeeting.objects.filter(
                standing_committee=self.committee,
                kind=MeetingKind.STANDING,
                date__year__gt=YEAR,
            ).order_by("date")
        )
        for meeting in liaison:
            if meeting.date < self.today:
                self.held(
                    meeting,
                    [
                        report_item(
                            f"市政府关于{year}年上半年国民经济和社会发展计划执行情况的报告"
                        ),
                        resolution_item(
                            f"关于批准辽源市{year}年市本级预算调整方案的决议"
                        ),
                        satisfaction_item("市政府关于优化营商环境工作情况的报告"),
                    ],
                    place="市人大常委会会议室",
                )
                self.close_held(meeting)
                self.summary.meetings += 1
            elif meeting.date > self.today:
                self.planned(meeting, year)
                self.summary.meetings += 1
        coming = [m for m in liaison if m.date > self.today]
        number = None
        if coming:
            # Today's meeting comes before the planned one: it takes its number.
            number = min(m.number for m in coming)
            for meeting in sorted(coming, key=lambda m: -m.number):
                CommitteeMeeting.objects.filter(pk=meeting.pk).update(
                    number=meeting.number + 1
                )
        return self.today_meeting(year, number)

    def papers(self, meeting, item, titles, *, read_by=()) -> None:
        """Papers sent to every member, due 7 days before (a read receipt each)."""
        sent_at = min(self.now, _at(meeting.date - dt.timedelta(days=8), 15))
        for title in titles:
            paper = MeetingPaper.objects.create(
                agenda_item=item,
                title=title,
                file=ContentFile(
                    f"{title}\n\n（演示材料，全文略。）\n".encode(),
                    name=f"paper-{meeting.pk}-{item.position}.txt",
                ),
                due_on=rules.paper_due_date(meeting.date, item.kind, self.congress),
                sent_at=sent_at,
                uploaded_by=self.staff,
            )
            paper.size = paper.file.size
            paper.save(update_fields=["size"])
            PaperReceipt.objects.bulk_create(
                PaperReceipt(
                    paper=paper,
                    member=member,
                    read_at=sent_at + dt.timedelta(hours=20)
                    if member.pk in read_by
                    else None,
                )
                for member in self.members
            )

    def planned(self, meeting, year) -> None:
        """The coming meeting: agenda and papers, nobody signed in yet."""
        meeting.place = "市人大常委会会议室"
        meeting.starts_at = dt.time(9, 0)
        meeting.save(update_fields=["place", "starts_at", "updated_at"])
        items = self.agenda(
            meeting,
            [
                report_item(f"市政府关于{year}年义务教育优质均衡发展工作情况的报告"),
                report_item(
                    f"市中级人民法院关于{year}年行政审判工作情况的报告",
                    "市中级人民法院院长",
                ),
                Item2020(AgendaKind.APPOINTMENT, "审议人事任免事项", "市长"),
            ],
        )
        readers = {m.pk for m in self.members[8:20]}
        self.papers(
            meeting,
            items[0],
            [f"市政府关于{year}年义务教育优质均衡发展工作情况的报告"],
            read_by=readers,
        )
        self.papers(
            meeting,
            items[1],
            [f"市中级人民法院关于{year}年行政审判工作情况的报告"],
            read_by=readers,
        )
        self.summary.planned_meeting = meeting.pk

    def today_meeting(self, year, number=None) -> CommitteeMeeting:
        """Today's meeting, open, its electronic vote under way."""
        meeting = services.meeting_create(
            standing_committee=self.committee,
            number=number,
            date=self.today,
            starts_at=dt.time(9, 0),
            place="市人大常委会会议室",
            actor=self.staff,
        )
        decision = "关于加强和改进新时代人大代表工作的决定"
        specs = [
            report_item(f"市政府关于{year}年优化营商环境工作情况的报告"),
            Item2020(
                AgendaKind.RESOLUTION,
                f"审议{decision}（草案）",
                "市人大常委会代表工作委员会",
            ),
            satisfaction_item(f"市政府关于{year}年优化营商环境工作情况的报告"),
        ]
        items = self.agenda(meeting, specs)
        self.papers(
            meeting,
            items[0],
            [f"市政府关于{year}年优化营商环境工作情况的报告"],
            read_by={m.pk for m in self.members if m.user_id == self.leader_user.pk},
        )
        self.papers(meeting, items[1], [f"{decision}（草案）及说明"])
        # Deputies observe (列席), invited a week ahead.
        observers = list(
            eligible_observer_deputies(meeting)
            .exclude(pk__in=[m.deputy_id for m in self.members])
            .order_by("pk")[:40]
        )
        meeting_observers_invite(
            meeting=meeting,
            deputies=self.rng.sample(observers, 4),
            actor=self.staff,
            now=_at(self.today - dt.timedelta(days=7), 10),
        )
        member_seat = next(m for m in self.members if m.user_id == self.member_user.pk)
        leader_seat = next(m for m in self.members if m.user_id == self.leader_user.pk)
        start = self.now - dt.timedelta(minutes=50)
        self.attend(meeting, leave=2, skip={member_seat.pk, leader_seat.pk}, at=start)
        services.meeting_open(
            meeting=meeting, actor=self.staff, now=start + dt.timedelta(minutes=10)
        )
        vote = services.vote_create(
            meeting=meeting,
            agenda_item=items[1],
            kind=VoteKind.RESOLUTION,
            mode=VoteMode.IN_MEETING,
            title=decision,
            motion=f"{decision}（草案）：全文见会议材料。",
            actor=self.staff,
        )
        services.vote_open(
            vote=vote, actor=self.staff, now=start + dt.timedelta(minutes=30)
        )
        services.vote_create(
            meeting=meeting,
            agenda_item=items[2],
            kind=VoteKind.SATISFACTION,
            mode=VoteMode.IN_MEETING,
            title=f"市政府关于{year}年优化营商环境工作情况的报告满意度测评",
            actor=self.staff,
        )
        present_ids = set(
            meeting.attendances.filter(status=Attendance.PRESENT).values_list(
                "member_id", flat=True
            )
        )
        voters = [
            m
            for m in self.members
            if m.pk in present_ids and m.role == MemberRole.MEMBER
        ][:TODAY_BALLOTS]
        for index, member in enumerate(voters):
            services.vote_cast(
                vote=vote,
                user=member.user,
                choice=Choice.FOR,
                password=DEMO_PASSWORD,
                now=start + dt.timedelta(minutes=32 + index),
            )
            self.summary.ballots += 1
        self.summary.votes += 2
        self.summary.meetings += 1
        self.summary.today_meeting = meeting.pk
        self.summary.open_vote = vote.pk
        meeting.refresh_from_db()
        return meeting


def demo_meetings_build(
    *, seed: int, standing_committee, users: dict, today: dt.date, now=None
) -> MeetingsDemoSummary:
    """Write the committee's meetings and votes of 2020 and of the load year."""
    now = now or timezone.now()
    builder = _Builder(
        seed=seed,
        standing_committee=standing_committee,
        users=users,
        today=today,
        now=now,
    )
    builder.seats()
    builder.chairpersons_2020()
    builder.year_2020()
    current = builder.load_year()
    demo_personnel.build(
        meetings={"2020": builder.summary.closed_2020, "current": current},
        staff=builder.staff,
        now=now,
    )
    for meeting in builder.summary.closed_2020:
        builder.close_held(meeting)
    builder.summary.closed_2020 = [
        CommitteeMeeting.objects.get(pk=m.pk) for m in builder.summary.closed_2020
    ]
    return builder.summary
