"""Demo records of the 126 model and of 双联 for 辽源市: 2020, and the load year.

Written with the ORM (``bulk_create``), not through the services, to keep the
demo load fast; request timelines get their event rows, and the whole load is
recorded by the builder's one ``demo.load`` audit row (no row per record).

2020 (a finished year, so the 2020 dashboard shows final verdicts):

- Every one of the 44 stations holds 6 to 8 reception days, except three
  planted ones (3, 4 and 5 days held). All hold the 9月27日 day of the stations'
  unveiling (揭牌仪式), when 230 of the 269 city deputies were at their stations.
  A few days were cancelled or postponed (with a reason) and never count.
- Residents' requests in every state; three routed to a 街道/乡镇 government and
  planted overdue at the year's end (answered late, in January 2021).
- Each leadership member keeps at least 5 deputies in steady contact, except two
  planted (3 and 4); contact logs of every kind, most of them visits.
- Each leadership member joins group activities in both half-years, except one
  planted who joins none in the second half of 2020.
- Eight committee meetings with 3 to 5 observers, except one planted meeting in
  the first half with 2; four quarterly coordination meetings, and one in each
  quarter of the load year that has ended.

The load year (relative to ``today``): reception days planned through the year
(held before today, planned from today), one station planted on track to miss
(4 days in the year); two requests routed and overdue today; every leader in
a group activity of the current half-year except the same planted one; two
meetings with enough observers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from renda.congresses.choices import LEADERSHIP_ROLES, MemberRole
from renda.congresses.models import CommitteeMember
from renda.legal_calendar.calendar import due_date
from renda.liaison.choices import ContactKind, Quarter
from renda.liaison.models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
)
from renda.meetings.models import CommitteeMeeting
from renda.receptions.choices import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    PublicRequestEventKind,
    PublicRequestStatus,
    ReceptionDayStatus,
    RequestSource,
    RequestTier,
)
from renda.receptions.models import (
    PublicRequest,
    PublicRequestEvent,
    ReceptionDay,
)
from renda.receptions.rules import PUBLIC_REQUEST_REPLY_DAYS
from renda.suggestions.choices import Channel
from renda.suggestions.models import Suggestion
from renda.units.choices import UnitKind

TZ = ZoneInfo(settings.TIME_ZONE)
YEAR = 2020
UNVEILING_DAY = dt.date(2020, 9, 27)
UNVEILING_ATTENDEES = 230
# Station indexes (by region code) planted below six days in 2020, and how many.
PLANTED_SHORT_STATIONS = {5: 3, 17: 4, 30: 5}
# The station planted on track to miss in the load year (4 days planned in all).
PLANTED_AT_RISK_STATION = 40
PLANTED_AT_RISK_DAYS = 4
# Leadership members (by rank among the leadership) with too few contacts.
PLANTED_FEW_CONTACTS = {2: 3, 4: 4}
PLANTED_NO_ACTIVITY = 3
PLANTED_SHORT_MEETING = 2  # index among 2020's meetings; 2 observers
FIRST_MEETING_NUMBER_2020 = 23
PLANTED_OVERDUE_2020 = 3
PLANTED_OVERDUE_NOW = 2

TOPICS = [
    "城市管理与环境卫生",
    "老旧小区改造",
    "疫情防控与复工复产",
    "农村人居环境整治",
    "义务教育与托育服务",
    "医疗保障与养老服务",
    "营商环境",
    "道路交通与出行",
]
REQUESTS = [
    ("小区门前路灯损坏多日，夜间出行不便，请尽快维修。", "向阳路12号"),
    ("楼道下水管堵塞，污水外溢，希望物业和社区协调疏通。", "南康街三委"),
    ("村道坑洼积水，农用车通行困难，请求修补。", "寿山镇东村"),
    ("希望在学校门口增设减速带和护学岗。", "实验小学门前"),
    ("小区周边夜市噪音扰民，请有关部门规范经营时间。", "仙城街道福镇社区"),
    ("冬季供暖温度不达标，请督促供热公司排查。", "东吉大路88号"),
    ("建议增设社区老年食堂，解决独居老人吃饭难。", "工农乡政府附近"),
    ("公交站点无候车亭，雨雪天候车困难。", "渭津镇中心街"),
]
ANSWERS = [
    "已安排维修，三日内完成，已电话告知群众。",
    "已协调社区和物业处理完毕。",
    "已纳入年度维修计划，先行设置警示标志。",
    "已向群众当面解释政策并提供办理渠道。",
]
OPINIONS = [
    "反映农产品销路问题，建议搭建线上销售平台。",
    "建议加快老旧小区改造进度。",
    "希望加大对中小企业融资支持。",
    "建议完善农村道路养护机制。",
    "",
]
MINUTES = "通报各联络站接待日开展情况和群众诉求办理情况，部署下阶段代表工作。"


@dataclass
class LiaisonDemoSummary:
    reception_days: int = 0
    requests: int = 0
    contacts: int = 0
    contact_logs: int = 0
    group_activities: int = 0
    meetings: int = 0
    coordination_meetings: int = 0
    # The planted breaches, for the tests and the README.
    short_stations_2020: set[str] = field(default_factory=set)
    at_risk_station_now: str = ""
    few_contact_leaders: set[str] = field(default_factory=set)
    no_activity_leader: str = ""
    short_meeting_2020: int = 0
    overdue_2020: set[str] = field(default_factory=set)
    overdue_now: set[str] = field(default_factory=set)


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def _events(request: PublicRequest) -> list[PublicRequestEvent]:
    """The timeline of a demo request, from its final fields."""
    steps = [(PublicRequestEventKind.RECEIVED, request.consent_at, "受理群众诉求")]
    if request.routed_at:
        steps.append(
            (
                PublicRequestEventKind.ROUTED,
                request.routed_at,
                f"转{request.handling_unit.name}办理",
            )
        )
    if request.suggestion_id:
        steps.append(
            (PublicRequestEventKind.CONVERTED, request.consent_at, "转为代表建议")
        )
    if request.answered_at:
        steps.append((PublicRequestEventKind.ANSWERED, request.answered_at, "答复"))
    if request.resident_told_at:
        steps.append(
            (PublicRequestEventKind.RESIDENT_TOLD, request.resident_told_at, "告知群众")
        )
    if request.closed_at:
        steps.append((PublicRequestEventKind.CLOSED, request.closed_at, "办结"))
    return [
        PublicRequestEvent(request=request, kind=kind, at=at, summary=text)
        for kind, at, text in steps
    ]


class _Builder:
    def __init__(
        self,
        *,
        seed,
        city_congress,
        county_congresses,
        stations,
        groups,
        units,
        standing_committee,
        today,
    ):
        self.rng = random.Random(seed * 7 + 4)  # noqa: S311 - demo data, not secrets
        self.receipt_numbers: set[str] = set()
        self.city_congress = city_congress
        self.county_congresses = county_congresses
        self.stations = sorted(stations.values(), key=lambda s: s.region.code)
        # station pk -> its group's city deputies
        self.members = {}
        for group in groups:
            self.members[group.station_id] = list(group.members.all())
        self.township_units = {
            unit.region_id: unit
            for unit in units.values()
            if unit.kind == UnitKind.GOVERNMENT
            and unit.region_id in {s.region_id for s in self.stations}
        }
        self.standing_committee = standing_committee
        self.today = today
        self.summary = LiaisonDemoSummary()
        self.days: list[ReceptionDay] = []
        self.day_deputies: list[tuple[ReceptionDay, list]] = []
        self.day_attendees: list[tuple[ReceptionDay, list]] = []
        self.requests: list[PublicRequest] = []
        self.request_dates: list[dt.datetime] = []

    # Reception days ------------------------------------------------------------

    def _day(
        self, station, date, status, *, topic="", on_duty, attendees=None, reason=""
    ):
        day = ReceptionDay(
            station=station,
            date=date,
            start_time=dt.time(9),
            end_time=dt.time(11, 30),
            place=station.address or station.name,
            topic=topic or f"{self.rng.choice(TOPICS)}专题接待",
            status=status,
            status_reason=reason,
            held_at=_aware(date, 9) if status == ReceptionDayStatus.HELD else None,
        )
        self.days.append(day)
        self.day_deputies.append((day, on_duty))
        if status == ReceptionDayStatus.HELD:
            self.day_attendees.append(
                (day, on_duty if attendees is None else attendees)
            )
        return day

    def _on_duty(self, station) -> list:
        members = self.members.get(station.pk, [])
        return self.rng.sample(members, min(len(members), self.rng.randint(2, 3)))

    def reception_days_2020(self) -> None:
        everyone = [d for station in self.stations for d in self.members[station.pk]]
        absent = {
            d.pk for d in self.rng.sample(everyone, len(everyone) - UNVEILING_ATTENDEES)
        }
        months = [3, 4, 5, 6, 7, 8, 10, 11, 12]
        for index, station in enumerate(self.stations):
            held = PLANTED_SHORT_STATIONS.get(index) or self.rng.randint(6, 8)
            if index in PLANTED_SHORT_STATIONS:
                self.summary.short_stations_2020.add(station.name)
            present = [d for d in self.members[station.pk] if d.pk not in absent]
            self._day(
                station,
                UNVEILING_DAY,
                ReceptionDayStatus.HELD,
                topic="基层代表联络站揭牌仪式暨集中接待选民",
                on_duty=present,
                attendees=present,
            )
            for month in sorted(self.rng.sample(months, held - 1)):
                self._day(
                    station,
                    dt.date(YEAR, month, self.rng.randint(10, 20)),
                    ReceptionDayStatus.HELD,
                    on_duty=self._on_duty(station),
                )
            if index % 6 == 1:
                self._day(
                    station,
                    dt.date(YEAR, 2, 15),
                    ReceptionDayStatus.CANCELLED,
                    on_duty=self._on_duty(station),
                    reason="新冠肺炎疫情防控，暂停集中接待",
                )
            if index % 11 == 2:
                self._day(
                    station,
                    dt.date(YEAR, 9, 2),
                    ReceptionDayStatus.POSTPONED,
                    on_duty=self._on_duty(station),
                    reason="与揭牌仪式合并举行，改期另定",
                )

    def reception_days_now(self) -> None:
        year = self.today.year
        full = [dt.date(year, month, 10) for month in (2, 4, 6, 8, 10, 12)]
        short = [dt.date(year, month, 10) for month in (3, 6, 9, 12)]
        for index, station in enumerate(self.stations):
            if index == PLANTED_AT_RISK_STATION:
                dates = short
                self.summary.at_risk_station_now = station.name
            else:
                dates = full + ([dt.date(year, 11, 20)] if index % 3 == 0 else [])
            for date in dates:
                status = (
                    ReceptionDayStatus.HELD
                    if date < self.today
                    else ReceptionDayStatus.PLANNED
                )
                self._day(station, date, status, on_duty=self._on_duty(station))

    def save_days(self) -> None:
        ReceptionDay.objects.bulk_create(self.days)
        Deputies = ReceptionDay.deputies.through
        Attendees = ReceptionDay.attendees.through
        Deputies.objects.bulk_create(
            Deputies(receptionday_id=day.pk, deputy_id=deputy.pk)
            for day, deputies in self.day_deputies
            for deputy in deputies
        )
        Attendees.objects.bulk_create(
            Attendees(receptionday_id=day.pk, deputy_id=deputy.pk)
            for day, deputies in self.day_attendees
            for deputy in deputies
        )
        self.summary.reception_days = len(self.days)

    # Requests ------------------------------------------------------------------

    def _receipt_number(self) -> str:
        while True:
            number = "".join(
                self.rng.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH)
            )
            if number not in self.receipt_numbers:
                self.receipt_numbers.add(number)
                return number

    def _request(
        self, station, day, received_at, *, source=RequestSource.RECEPTION_DAY, **fields
    ):
        content, location = self.rng.choice(REQUESTS)
        received_by = self.rng.choice(self.members[station.pk])
        request = PublicRequest(
            station=station,
            reception_day=day,
            source=source,
            # Drawn from the real alphabet, so residents' look-ups work in the demo.
            receipt_number=self._receipt_number(),
            resident_name=self.rng.choice(["刘", "王", "李", "张", "陈", "赵"])
            + self.rng.choice(["女士", "先生", "大爷", "阿姨"]),
            resident_phone=f"139{self.rng.randrange(10**8):08d}",
            consent_at=received_at,
            content=content,
            location=location,
            received_by=received_by,
            **fields,
        )
        self.requests.append(request)
        self.request_dates.append(received_at)
        return request

    def _routed(self, station, day, received_at, *, answer_after, overdue=False):
        unit = self.township_units[station.region_id]
        due = due_date(received_at.date(), days=PUBLIC_REQUEST_REPLY_DAYS)
        answered = (
            _aware(received_at.date() + dt.timedelta(days=answer_after), 15)
            if answer_after is not None
            else None
        )
        status = PublicRequestStatus.ROUTED
        if answered is not None:
            status = PublicRequestStatus.ANSWERED
        return self._request(
            station,
            day,
            received_at,
            status=status,
            tier=RequestTier.GRASSROOTS,
            handling_unit=unit,
            routed_at=received_at + dt.timedelta(hours=2),
            due_at=due.due,
            due_provisional=due.provisional,
            answer=self.rng.choice(ANSWERS) if answered else "",
            answered_at=answered,
        )

    def requests_2020(self, suggestions) -> None:
        held = {}
        for day in self.days:
            if day.status == ReceptionDayStatus.HELD and day.date.year == YEAR:
                held.setdefault(day.station_id, []).append(day)
        overdue_left = PLANTED_OVERDUE_2020
        routing_stations = [
            s for s in self.stations if s.region_id in self.township_units
        ]
        for station in self.stations:
            days = sorted(held[station.pk], key=lambda d: d.date)
            for number, day in enumerate(days[:4]):
                received = _aware(day.date, 10)
                if station in routing_stations and number < 2:
                    # Routed to the 街道/乡镇 government; answered within the time.
                    request = self._routed(
                        station, day, received, answer_after=self.rng.randint(3, 12)
                    )
                    if number == 0:
                        request.status = PublicRequestStatus.CLOSED
                        request.resident_told_at = request.answered_at
                        request.closed_at = request.answered_at + dt.timedelta(days=1)
                elif number % 2 == 0:
                    self._request(
                        station,
                        day,
                        received,
                        status=PublicRequestStatus.CLOSED,
                        tier=RequestTier.ON_THE_SPOT,
                        answer=self.rng.choice(ANSWERS),
                        answered_at=received + dt.timedelta(minutes=30),
                        resident_told_at=received + dt.timedelta(minutes=30),
                        closed_at=received + dt.timedelta(hours=1),
                    )
                elif number == 1:
                    self._request(
                        station,
                        day,
                        received,
                        status=PublicRequestStatus.ANSWERED,
                        tier=RequestTier.ON_THE_SPOT,
                        answer=self.rng.choice(ANSWERS),
                        answered_at=received + dt.timedelta(minutes=40),
                    )
                else:
                    # Received; the station is still looking into it.
                    self._request(station, day, received)
        # Planted: routed in late November and December, unanswered at the end of
        # the year, answered late in January 2021.
        for index, station in enumerate(routing_stations[:overdue_left]):
            received = _aware(dt.date(YEAR, 11, 25 + index), 10)
            request = self._routed(station, None, received, answer_after=50 + index)
            request.source = RequestSource.QR_FORM
            self.summary.overdue_2020.add(request.receipt_number)
        # Routed on 28 December, due in January 2021 and answered in time.
        self._routed(
            routing_stations[-1], None, _aware(dt.date(YEAR, 12, 28)), answer_after=9
        )
        # County-level matters that became suggestions (《代表之声》/12345).
        by_deputy = {
            deputy.pk: station
            for station in self.stations
            for deputy in self.members[station.pk]
        }
        for suggestion in suggestions:
            station = by_deputy.get(suggestion.lead_deputy_id)
            if station is None:
                continue
            received = suggestion.submitted_at - dt.timedelta(days=2)
            request = self._request(
                station,
                None,
                received,
                source=RequestSource.DEPUTY,
                status=PublicRequestStatus.CONVERTED,
                tier=RequestTier.SUGGESTION,
                suggestion=suggestion,
            )
            request.received_by_id = suggestion.lead_deputy_id

    def requests_now(self) -> None:
        routing = [s for s in self.stations if s.region_id in self.township_units]
        for index in range(PLANTED_OVERDUE_NOW):
            station = routing[index]
            received = _aware(self.today - dt.timedelta(days=30 + index), 10)
            request = self._routed(station, None, received, answer_after=None)
            request.source = RequestSource.QR_FORM
            self.summary.overdue_now.add(request.receipt_number)
        # Routed recently: still within the time.
        self._routed(
            routing[-1],
            None,
            _aware(self.today - dt.timedelta(days=3)),
            answer_after=None,
        )
        self._request(
            routing[-2],
            None,
            _aware(self.today - dt.timedelta(days=1)),
            source=RequestSource.QR_FORM,
        )

    def save_requests(self) -> None:
        PublicRequest.objects.bulk_create(self.requests)
        # created_at is set on insert; the demo's requests were received in the past.
        for request, received_at in zip(self.requests, self.request_dates, strict=True):
            request.created_at = request.updated_at = received_at
        PublicRequest.objects.bulk_update(
            self.requests, ["created_at", "updated_at"], batch_size=500
        )
        PublicRequestEvent.objects.bulk_create(
            event for request in self.requests for event in _events(request)
        )
        self.summary.requests = len(self.requests)

    # 双联 ----------------------------------------------------------------------

    def leadership(self) -> list[CommitteeMember]:
        return [
            member
            for member in CommitteeMember.objects.filter(
                standing_committee=self.standing_committee
            )
            .select_related("deputy")
            .order_by("rank", "pk")
            if member.role in LEADERSHIP_ROLES
        ]

    def contacts(self, leaders) -> None:
        taken = {member.deputy_id for member in leaders}
        pool = [
            d
            for station in self.stations
            for d in self.members[station.pk]
            if d.pk not in taken
        ]
        self.rng.shuffle(pool)
        contacts = []
        for index, member in enumerate(leaders):
            count = PLANTED_FEW_CONTACTS.get(index, 5 + index % 3)
            if index in PLANTED_FEW_CONTACTS:
                self.summary.few_contact_leaders.add(member.deputy.name)
            for _ in range(count):
                contacts.append(
                    DeputyContact(
                        leader=member, deputy=pool.pop(), since=dt.date(2019, 3, 1)
                    )
                )
        DeputyContact.objects.bulk_create(contacts)
        kinds = [ContactKind.VISIT] * 5 + [
            ContactKind.CALL,
            ContactKind.MEETING,
            ContactKind.OTHER,
        ]
        logs = []
        # Steady contact (保持经常性联系) counts a half-year only with a logged
        # contact in it: each contact is logged in both halves of 2020 and in
        # every half-year of the current year up to the load day.
        today = self.today
        half_start = dt.date(today.year, 1 if today.month <= 6 else 7, 1)
        for contact in contacts:
            dates = [
                dt.date(YEAR, self.rng.randint(3, 6), self.rng.randint(1, 28)),
                dt.date(YEAR, self.rng.randint(7, 12), self.rng.randint(1, 28)),
            ]
            if today.year > YEAR:
                if half_start.month == 7:
                    dates.append(
                        dt.date(
                            today.year, self.rng.randint(1, 6), self.rng.randint(1, 28)
                        )
                    )
                dates.append(
                    half_start
                    + dt.timedelta(days=self.rng.randint(0, (today - half_start).days))
                )
            for date in dates:
                logs.append(
                    ContactLog(
                        contact=contact,
                        date=date,
                        kind=self.rng.choice(kinds),
                        opinions=self.rng.choice(OPINIONS),
                    )
                )
        ContactLog.objects.bulk_create(logs)
        self.summary.contacts = len(contacts)
        self.summary.contact_logs = len(logs)

    def group_activities(self, leaders, groups) -> None:
        members = list(
            CommitteeMember.objects.filter(
                standing_committee=self.standing_committee, role=MemberRole.MEMBER
            )
        )
        activities: list[tuple[GroupActivity, list, list]] = []
        year = self.today.year
        half_start = dt.date(year, 1 if self.today.month <= 6 else 7, 1)
        offset = min((self.today - half_start).days, 20)
        halves = [(dt.date(YEAR, 4, 1), "H1"), (dt.date(YEAR, 10, 1), "H2")]
        if self.today.year > YEAR:
            if half_start.month == 7:
                halves.append((dt.date(year, 4, 1), "nowH1"))
            halves.append((half_start + dt.timedelta(days=offset), "now"))
        self.summary.no_activity_leader = leaders[PLANTED_NO_ACTIVITY].deputy.name
        for start, half in halves:
            for index, group in enumerate(groups):
                group_members = self.members.get(group.station_id, [])
                joined = []
                if index < len(leaders):
                    leader = leaders[index]
                    planted = index == PLANTED_NO_ACTIVITY and half in ("H2", "now")
                    if not planted:
                        joined.append(leader)
                if members and index % 3 == 0:
                    joined.append(members[index % len(members)])
                activities.append(
                    (
                        GroupActivity(
                            group=group,
                            date=start + dt.timedelta(days=index % 20),
                            topic=f"{self.rng.choice(TOPICS)}专题活动",
                            place=group.station.address if group.station else "",
                            summary="小组代表交流履职情况，收集群众意见建议。",
                        ),
                        self.rng.sample(group_members, min(4, len(group_members))),
                        joined,
                    )
                )
        GroupActivity.objects.bulk_create(a for a, _d, _m in activities)
        Attendees = GroupActivity.attendees.through
        Members = GroupActivity.committee_members.through
        Attendees.objects.bulk_create(
            Attendees(groupactivity_id=a.pk, deputy_id=d.pk)
            for a, deputies, _m in activities
            for d in deputies
        )
        Members.objects.bulk_create(
            Members(groupactivity_id=a.pk, committeemember_id=m.pk)
            for a, _d, joined in activities
            for m in joined
        )
        self.summary.group_activities = len(activities)

    def meetings(self) -> None:
        everyone = [d for station in self.stations for d in self.members[station.pk]]
        dates = [
            dt.date(YEAR, 2, 26),
            dt.date(YEAR, 4, 28),
            dt.date(YEAR, 6, 23),
            dt.date(YEAR, 7, 30),
            dt.date(YEAR, 8, 27),
            dt.date(YEAR, 9, 24),
            dt.date(YEAR, 10, 29),
            dt.date(YEAR, 12, 24),
        ]
        meetings, observers = [], []
        number = FIRST_MEETING_NUMBER_2020
        plan = [
            (date, 2 if i == PLANTED_SHORT_MEETING else 3 + i % 3, True)
            for i, date in enumerate(dates)
        ]
        number_now = 100
        if self.today.year > YEAR:
            plan += [
                (self.today - dt.timedelta(days=20), 4, True),
                (self.today + dt.timedelta(days=10), 3, False),
            ]
        for index, (date, count, past) in enumerate(plan):
            meeting = CommitteeMeeting(
                standing_committee=self.standing_committee,
                number=number + index if date.year == YEAR else number_now + index,
                date=date,
                agenda="听取和审议市人民政府有关专项工作报告；审议人事任免事项。",
            )
            if index == PLANTED_SHORT_MEETING:
                self.summary.short_meeting_2020 = meeting.number
            meetings.append(meeting)
            for position, deputy in enumerate(self.rng.sample(everyone, count)):
                observers.append(
                    MeetingObserver(
                        meeting=meeting,
                        deputy=deputy,
                        invited_at=_aware(date - dt.timedelta(days=7), 9),
                        attended=(position != 3) if past else None,
                    )
                )
        CommitteeMeeting.objects.bulk_create(meetings)
        for observer in observers:
            observer.meeting_id = observer.meeting.pk
        MeetingObserver.objects.bulk_create(observers)
        self.summary.meetings = len(meetings)

    def coordination(self) -> None:
        quarters = [
            (Quarter.Q1, dt.date(YEAR, 3, 26)),
            (Quarter.Q2, dt.date(YEAR, 6, 18)),
            (Quarter.Q3, dt.date(YEAR, 9, 17)),
            (Quarter.Q4, dt.date(YEAR, 12, 17)),
        ]
        # The current year's quarters that have ended held theirs too, so the
        # dashboard of the load day flags only the planted breaches.
        year = self.today.year
        if year > YEAR:
            ends = [
                (Quarter.Q1, dt.date(year, 3, 31)),
                (Quarter.Q2, dt.date(year, 6, 30)),
                (Quarter.Q3, dt.date(year, 9, 30)),
                (Quarter.Q4, dt.date(year, 12, 31)),
            ]
            quarters += [
                (quarter, end - dt.timedelta(days=12))
                for quarter, end in ends
                if end < self.today
            ]
        meetings = CoordinationMeeting.objects.bulk_create(
            CoordinationMeeting(
                congress=self.city_congress,
                year=date.year,
                quarter=quarter,
                date=date,
                minutes=MINUTES,
            )
            for quarter, date in quarters
        )
        Participants = CoordinationMeeting.participants.through
        Participants.objects.bulk_create(
            Participants(coordinationmeeting_id=meeting.pk, congress_id=congress.pk)
            for meeting in meetings
            for congress in self.county_congresses
        )
        self.summary.coordination_meetings = len(meetings)


def demo_liaison_build(
    *,
    seed: int,
    city_congress,
    county_congresses,
    stations: dict,
    groups: list,
    units: dict,
    standing_committee,
    today: dt.date,
) -> LiaisonDemoSummary:
    """Write the demo's reception days, requests and 双联 records; return what was planted."""
    builder = _Builder(
        seed=seed,
        city_congress=city_congress,
        county_congresses=county_congresses,
        stations=stations,
        groups=groups,
        units=units,
        standing_committee=standing_committee,
        today=today,
    )
    builder.reception_days_2020()
    if today.year > YEAR:
        builder.reception_days_now()
    builder.save_days()
    suggestions = list(
        Suggestion.objects.filter(
            congress=city_congress,
            channel__in=[Channel.VOICE, Channel.HOTLINE],
            submitted_at__year=YEAR,
        ).order_by("submitted_at", "pk")[:8]
    )
    builder.requests_2020(suggestions)
    if today.year > YEAR:
        builder.requests_now()
    builder.save_requests()
    leaders = builder.leadership()
    builder.contacts(leaders)
    builder.group_activities(leaders, groups)
    builder.meetings()
    builder.coordination()
    return builder.summary
