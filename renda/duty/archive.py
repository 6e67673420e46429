"""The duty archive (履职档案): what a deputy did in a congress's year, built from
the records of every app and never typed twice.

One code path, batched: ``archives_for(congress=, year=, deputy_ids=)`` reads
each source once for all the deputies asked (a congress's whole roll costs the
same number of queries as one deputy), and ``deputy_archive`` asks it for one.
Each source yields ``ArchiveEntry`` rows with a ``source`` naming the record
(``"suggestions.suggestion:12"``), so an entry is listed exactly once.

An entry that is written but not yet counted (a late entry awaiting
confirmation, an activity added by hand awaiting staff) is listed with
``pending=True`` and counts for nothing until confirmed.

Sources (duty reads the other workflow apps; none of them imports duty):
sessions (duty.SessionAttendance), committee meetings (meetings.MeetingAttendance)
and meetings observed (liaison.MeetingObserver), suggestions led and cosigned
(suggestions), reception days on duty and residents' requests received
(receptions), 双联 contacts and group activities (liaison), supervision
activities joined (supervision.Participant), training attended, reports to
voters, stories published, donations, activities added by hand and confirmed,
and corrections granted (duty).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from renda.deputies.models import Mandate
from renda.liaison.models import ContactLog, GroupActivity, MeetingObserver
from renda.meetings.choices import Attendance as MeetingAttendanceStatus
from renda.meetings.choices import MeetingStatus
from renda.meetings.models import MeetingAttendance
from renda.receptions.choices import ReceptionDayStatus
from renda.receptions.models import PublicRequest, ReceptionDay
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.models import Suggestion
from renda.supervision.choices import Attendance as SupervisionAttendance
from renda.supervision.models import Participant, SiteVisit

from .choices import (
    ArchiveKind,
    CorrectionStatus,
    RecordStatus,
    ReportStatus,
    SessionAttendanceStatus,
    StoryStatus,
)
from .models import (
    Donation,
    DutyRecord,
    DutyReport,
    DutyStory,
    Enrollment,
    ScoreCorrection,
    SessionAttendance,
)

K = ArchiveKind


@dataclass(frozen=True)
class ArchiveEntry:
    kind: str
    date: dt.date
    title: str
    detail: str = ""
    # How many the entry counts for: 1, or the half days of an absence.
    quantity: Decimal = Decimal(1)
    # The record it comes from, "<app>.<model>:<pk>" (with kind: unique).
    source: str = ""
    url: str = ""
    # Listed but not counted until confirmed (late entry, hand-added record).
    pending: bool = False
    # ADJUSTMENT entries carry points, not a count.
    points: Decimal | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.source}"

    @property
    def label(self) -> str:
        return str(ArchiveKind(self.kind).label)


@dataclass
class Archive:
    deputy_id: int
    congress_id: int
    year: int
    start: dt.date
    end: dt.date
    entries: list[ArchiveEntry] = field(default_factory=list)

    @property
    def counted(self) -> list[ArchiveEntry]:
        return [e for e in self.entries if not e.pending]

    @property
    def pending(self) -> list[ArchiveEntry]:
        return [e for e in self.entries if e.pending]

    def counts(self, upto: dt.date | None = None) -> dict[str, Decimal]:
        """Quantity per kind of the counted entries (to ``upto`` inclusive)."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for entry in self.counted:
            if entry.kind == K.ADJUSTMENT or (upto and entry.date > upto):
                continue
            totals[entry.kind] += Decimal(entry.quantity)
        return dict(totals)

    def adjustment(self, upto: dt.date | None = None) -> Decimal:
        return sum(
            (
                e.points or Decimal(0)
                for e in self.counted
                if e.kind == K.ADJUSTMENT and not (upto and e.date > upto)
            ),
            Decimal(0),
        )

    def by_kind(self) -> list[tuple[str, str, list[ArchiveEntry]]]:
        """(kind, label, entries) in the order of ArchiveKind, kinds with entries."""
        groups: dict[str, list[ArchiveEntry]] = defaultdict(list)
        for entry in self.entries:
            groups[entry.kind].append(entry)
        return [
            (kind, str(label), sorted(groups[kind], key=lambda e: (e.date, e.source)))
            for kind, label in ArchiveKind.choices
            if groups.get(kind)
        ]


def _url(name: str, pk: int) -> str:
    """The page of an entry's record; "" when that page is not mounted (an
    archive never fails because another part's page is missing)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def year_bounds(year: int, term=None) -> tuple[dt.date, dt.date]:
    """The days of ``year`` (within ``term``'s, when given)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if term is not None:
        start = max(start, term.start_date)
        if term.end_date:
            end = min(end, term.end_date)
    return start, end


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _within(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes bounding local days ``start``..``end``."""
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min).replace(tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min).replace(
        tzinfo=tz
    )
    return low, high


Row = tuple[int, ArchiveEntry]


def _sessions(congress, ids, start, end) -> Iterator[Row]:
    rows = SessionAttendance.objects.filter(
        deputy_id__in=ids,
        session__term__congress=congress,
        session__start_date__range=(start, end),
    ).select_related("session__term__congress")
    for row in rows:
        session = row.session
        source = f"duty.sessionattendance:{row.pk}"
        title = str(session)
        if row.status in (
            SessionAttendanceStatus.PRESENT,
            SessionAttendanceStatus.PARTIAL,
        ):
            detail = row.get_status_display()
            if row.leave_half_days:
                detail += f"，请假{row.leave_half_days}个半天"
            yield (
                row.deputy_id,
                ArchiveEntry(
                    K.SESSION_ATTENDED, session.start_date, title, detail, source=source
                ),
            )
        elif row.status == SessionAttendanceStatus.LEAVE:
            yield (
                row.deputy_id,
                ArchiveEntry(
                    K.SESSION_LEAVE,
                    session.start_date,
                    title,
                    row.reason,
                    source=source,
                ),
            )
        if row.absent_half_days or row.status == SessionAttendanceStatus.ABSENT:
            half_days = row.absent_half_days or _session_half_days(session)
            yield (
                row.deputy_id,
                ArchiveEntry(
                    K.SESSION_ABSENT,
                    session.start_date,
                    title,
                    f"未经批准缺席{half_days}个半天"
                    + (f"（{row.reason}）" if row.reason else ""),
                    quantity=Decimal(half_days),
                    source=source,
                ),
            )


def _session_half_days(session) -> int:
    days = ((session.end_date or session.start_date) - session.start_date).days + 1
    return days * 2


def _meetings(congress, ids, start, end) -> Iterator[Row]:
    rows = (
        MeetingAttendance.objects.filter(
            member__deputy_id__in=ids,
            meeting__standing_committee__term__congress=congress,
            meeting__date__range=(start, end),
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__standing_committee__term__congress", "member")
    )
    for row in rows:
        meeting = row.meeting
        kind = (
            K.MEETING_ATTENDED
            if row.status == MeetingAttendanceStatus.PRESENT
            else K.MEETING_ABSENT
        )
        detail = row.get_status_display() + (f"（{row.reason}）" if row.reason else "")
        yield (
            row.member.deputy_id,
            ArchiveEntry(
                kind,
                meeting.date,
                str(meeting),
                detail,
                source=f"meetings.meetingattendance:{row.pk}",
                url=_url("meetings:detail", meeting.pk),
            ),
        )


def _observed(congress, ids, start, end) -> Iterator[Row]:
    rows = (
        MeetingObserver.objects.filter(
            deputy_id__in=ids,
            meeting__standing_committee__term__congress=congress,
            meeting__date__range=(start, end),
            attended=True,
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__standing_committee__term__congress")
    )
    for row in rows:
        yield (
            row.deputy_id,
            ArchiveEntry(
                K.MEETING_OBSERVED,
                row.meeting.date,
                str(row.meeting),
                "列席" + ("（补录待确认）" if row.late_pending else ""),
                source=f"liaison.meetingobserver:{row.pk}",
                pending=row.late_pending,
            ),
        )


def _outcome(suggestion: Suggestion) -> str:
    if suggestion.status == SuggestionStatus.CLOSED and suggestion.close_reason:
        return f"{suggestion.get_status_display()}（{suggestion.get_close_reason_display()}）"
    return suggestion.get_status_display()


def _suggestions(congress, ids, start, end) -> Iterator[Row]:
    low, high = _within(start, end)
    base = (
        Suggestion.objects.filter(
            congress=congress, submitted_at__gte=low, submitted_at__lt=high
        )
        .exclude(status=SuggestionStatus.DRAFT)
        .only(
            "id",
            "title",
            "status",
            "close_reason",
            "channel",
            "submitted_at",
            "lead_deputy_id",
        )
    )
    for suggestion in base.filter(lead_deputy_id__in=ids):
        yield (
            suggestion.lead_deputy_id,
            ArchiveEntry(
                K.SUGGESTION_LED,
                _local_date(suggestion.submitted_at),
                suggestion.title,
                f"{suggestion.get_channel_display()} · {_outcome(suggestion)}",
                source=f"suggestions.suggestion:{suggestion.pk}",
                url=_url("suggestions:detail", suggestion.pk),
            ),
        )
    through = Suggestion.cosigners.through.objects.filter(
        deputy_id__in=ids, suggestion__in=base
    ).select_related("suggestion")
    for link in through:
        suggestion = link.suggestion
        yield (
            link.deputy_id,
            ArchiveEntry(
                K.SUGGESTION_COSIGNED,
                _local_date(suggestion.submitted_at),
                suggestion.title,
                f"{suggestion.get_channel_display()} · {_outcome(suggestion)}",
                source=f"suggestions.suggestion:{suggestion.pk}",
                url=_url("suggestions:detail", suggestion.pk),
            ),
        )


def _reception_days(congress, ids, start, end) -> Iterator[Row]:  # noqa: ARG001
    # A deputy on duty at a station serves residents whatever their level: the
    # day is in the archive of each congress the deputy sits in.
    through = ReceptionDay.attendees.through.objects.filter(
        deputy_id__in=ids,
        receptionday__status=ReceptionDayStatus.HELD,
        receptionday__date__range=(start, end),
    ).select_related("receptionday", "receptionday__station")
    for link in through:
        day = link.receptionday
        late = day.entered_late and day.late_confirmed_at is None
        yield (
            link.deputy_id,
            ArchiveEntry(
                K.RECEPTION_DAY,
                day.date,
                f"{day.station.name}代表接待日",
                (day.topic or day.place) + ("（补录待确认）" if late else ""),
                source=f"receptions.receptionday:{day.pk}",
                pending=late,
            ),
        )


def _requests(congress, ids, start, end) -> Iterator[Row]:  # noqa: ARG001
    low, high = _within(start, end)
    rows = PublicRequest.objects.filter(
        received_by_id__in=ids, consent_at__gte=low, consent_at__lt=high
    ).only("id", "received_by_id", "consent_at", "content", "receipt_number", "status")
    for row in rows:
        yield (
            row.received_by_id,
            ArchiveEntry(
                K.REQUEST_RECEIVED,
                _local_date(row.consent_at),
                _first_words(row.content),
                f"回执编号 {row.receipt_number} · {row.get_status_display()}",
                source=f"receptions.publicrequest:{row.pk}",
            ),
        )


def _first_words(text: str, limit: int = 30) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _contacts(congress, ids, start, end) -> Iterator[Row]:
    rows = ContactLog.objects.filter(
        contact__deputy_id__in=ids,
        contact__leader__standing_committee__term__congress=congress,
        date__range=(start, end),
    ).select_related("contact", "contact__leader", "contact__leader__deputy")
    for row in rows:
        leader = row.contact.leader
        yield (
            row.contact.deputy_id,
            ArchiveEntry(
                K.CONTACT,
                row.date,
                f"{leader.deputy.name}（{leader.get_role_display()}）联系",
                row.get_kind_display() + ("（补录待确认）" if row.late_pending else ""),
                source=f"liaison.contactlog:{row.pk}",
                pending=row.late_pending,
            ),
        )


def _group_activities(congress, ids, start, end) -> Iterator[Row]:
    through = GroupActivity.attendees.through.objects.filter(
        deputy_id__in=ids,
        groupactivity__group__congress=congress,
        groupactivity__date__range=(start, end),
    ).select_related("groupactivity", "groupactivity__group")
    for link in through:
        activity = link.groupactivity
        yield (
            link.deputy_id,
            ArchiveEntry(
                K.GROUP_ACTIVITY,
                activity.date,
                activity.topic,
                activity.group.name
                + ("（补录待确认）" if activity.late_pending else ""),
                source=f"liaison.groupactivity:{activity.pk}",
                url=_url("liaison:activity_detail", activity.pk),
                pending=activity.late_pending,
            ),
        )


def _supervision(congress, ids, start, end) -> Iterator[Row]:
    # A deputy takes part as a deputy (Participant.deputy) or, sitting on the
    # standing committee, as a member (Participant.member): both are theirs.
    # Taking part means marked ATTENDED, or named on one of the item's site
    # visits (staff record who went without always marking attendance).
    # An item of the deputy's own congress is in that congress's archive; an
    # item of a congress the deputy holds no mandate in (a district deputy on a
    # city inspection) is in each archive of theirs, like a reception day.
    own = Q(deputy_id__in=ids) | Q(member__deputy_id__in=ids)
    took_part = Q(attendance=SupervisionAttendance.ATTENDED) | Q(
        site_visits__isnull=False
    )
    rows = list(
        Participant.objects.filter(own)
        .filter(took_part)
        .exclude(
            attendance__in=[SupervisionAttendance.LEAVE, SupervisionAttendance.ABSENT]
        )
        .select_related("item", "member")
        .distinct()
        .order_by("item_id", "pk")
    )
    if not rows:
        return
    mandates: dict[int, set[int]] = defaultdict(set)
    for deputy_id, congress_id in Mandate.objects.filter(deputy_id__in=ids).values_list(
        "deputy_id", "term__congress_id"
    ):
        mandates[deputy_id].add(congress_id)
    # The day of a deputy's part: the first site visit they went on, else the
    # item's hearing or completion, else the end of its year.
    first_visit = dict(
        SiteVisit.objects.filter(participants__in=[p.pk for p in rows])
        .values("participants")
        .annotate(first=Min("date"))
        .values_list("participants", "first")
    )
    seen: set[tuple[int, int]] = set()
    for row in rows:
        deputy_id = row.deputy_id or row.member.deputy_id
        item = row.item
        if (deputy_id, item.pk) in seen:  # invited both as member and deputy
            continue
        if item.congress_id != congress.pk and item.congress_id in mandates[deputy_id]:
            continue  # listed in the archive of the item's own congress
        day = (
            first_visit.get(row.pk)
            or item.meeting_date
            or item.done_on
            or dt.date(item.year, 12, 31)
        )
        if not start <= day <= end:
            continue
        seen.add((deputy_id, item.pk))
        yield (
            deputy_id,
            ArchiveEntry(
                K.SUPERVISION,
                day,
                item.title,
                f"{item.get_kind_display()} · {row.get_role_display()}",
                source=f"supervision.participant:{row.pk}",
                url=item.get_absolute_url(),
            ),
        )


def _training(congress, ids, start, end) -> Iterator[Row]:
    rows = Enrollment.objects.filter(
        deputy_id__in=ids,
        training__congress=congress,
        training__starts_on__range=(start, end),
        attended_at__isnull=False,
    ).select_related("training")
    for row in rows:
        training = row.training
        hours = row.hours if row.hours is not None else training.hours
        yield (
            row.deputy_id,
            ArchiveEntry(
                K.TRAINING,
                training.starts_on,
                training.title,
                f"{training.get_kind_display()} · {hours.normalize():f}学时",
                source=f"duty.enrollment:{row.pk}",
                url=_url("duty:training_detail", training.pk),
            ),
        )


def _reports(congress, ids, start, end) -> Iterator[Row]:
    rows = DutyReport.objects.filter(
        deputy_id__in=ids,
        congress=congress,
        status=ReportStatus.HELD,
        date__range=(start, end),
    ).select_related("electoral_unit", "constituency")
    for row in rows:
        audience = f"，实到选民{row.audience}人" if row.audience else ""
        yield (
            row.deputy_id,
            ArchiveEntry(
                K.DUTY_REPORT,
                row.date,
                f"向{row.electoral_unit or row.constituency or '选民'}述职",
                f"{row.place}{audience}",
                source=f"duty.dutyreport:{row.pk}",
                url=_url("duty:report_detail", row.pk),
            ),
        )


def _stories(congress, ids, start, end) -> Iterator[Row]:
    rows = DutyStory.objects.filter(
        deputy_id__in=ids,
        congress=congress,
        status=StoryStatus.PUBLISHED,
        happened_on__range=(start, end),
    ).only("id", "deputy_id", "title", "happened_on", "published_at")
    for row in rows:
        yield (
            row.deputy_id,
            ArchiveEntry(
                K.STORY,
                row.happened_on,
                row.title,
                f"{_local_date(row.published_at):%Y-%m-%d} 发布"
                if row.published_at
                else "已发布",
                source=f"duty.dutystory:{row.pk}",
                url=_url("duty:story_detail", row.pk),
            ),
        )


def _donations(congress, ids, start, end) -> Iterator[Row]:
    rows = Donation.objects.filter(
        deputy_id__in=ids, congress=congress, date__range=(start, end)
    )
    for row in rows:
        what = row.goods if row.goods else "捐款"
        yield (
            row.deputy_id,
            ArchiveEntry(
                K.DONATION,
                row.date,
                f"{row.get_kind_display()}：{what}",
                f"{row.amount:,.2f} 元 · {row.recipient}",
                source=f"duty.donation:{row.pk}",
            ),
        )


def _records(congress, ids, start, end) -> Iterator[Row]:
    rows = DutyRecord.objects.filter(
        deputy_id__in=ids,
        congress=congress,
        date__range=(start, end),
        status__in=[RecordStatus.PENDING, RecordStatus.CONFIRMED],
    )
    for row in rows:
        pending = row.status == RecordStatus.PENDING
        yield (
            row.deputy_id,
            ArchiveEntry(
                row.kind,
                row.date,
                row.title,
                (row.organiser or row.place)
                + ("（待确认）" if pending else "（补充记录）"),
                source=f"duty.dutyrecord:{row.pk}",
                url=_url("duty:record_detail", row.pk),
                pending=pending,
            ),
        )


def _adjustments(congress, ids, start, end) -> Iterator[Row]:
    rows = ScoreCorrection.objects.filter(
        deputy_id__in=ids,
        score__congress=congress,
        score__year=start.year,
        status=CorrectionStatus.ACCEPTED,
    ).select_related("score")
    for row in rows:
        day = _local_date(row.decided_at) or end
        yield (
            row.deputy_id,
            ArchiveEntry(
                K.ADJUSTMENT,
                min(max(day, start), end),
                "积分更正",
                row.decision,
                quantity=Decimal(0),
                source=f"duty.scorecorrection:{row.pk}",
                points=row.points,
            ),
        )


SOURCES = [
    _sessions,
    _meetings,
    _observed,
    _suggestions,
    _reception_days,
    _requests,
    _contacts,
    _group_activities,
    _supervision,
    _training,
    _reports,
    _stories,
    _donations,
    _records,
    _adjustments,
]


def archives_for(
    *, congress, year: int, deputy_ids: Iterable[int], term=None
) -> dict[int, Archive]:
    """Every asked deputy's archive of ``congress`` for ``year`` (in ``term``)."""
    ids = list(deputy_ids)
    start, end = year_bounds(year, term)
    archives = {
        pk: Archive(
            deputy_id=pk, congress_id=congress.pk, year=year, start=start, end=end
        )
        for pk in ids
    }
    if not ids or start > end:
        return archives
    for source in SOURCES:
        for deputy_id, entry in source(congress, ids, start, end):
            archives[deputy_id].entries.append(entry)
    for archive in archives.values():
        archive.entries.sort(key=lambda e: (e.date, e.kind, e.source))
    return archives


def deputy_archive(*, deputy, congress, year: int, term=None) -> Archive:
    """One deputy's archive of ``congress`` for ``year``."""
    return archives_for(
        congress=congress, year=year, deputy_ids=[deputy.pk], term=term
    )[deputy.pk]


__all__ = ["Archive", "ArchiveEntry", "archives_for", "deputy_archive", "year_bounds"]
