"""Reads of filing review: filings and reviews scoped to the user, their details
with the actions this user may take, the public list and receipt look-up, and
the annual filing-review work report's figures (art. 45), computed from records.

Pages, the API and the .docx report use these, so they say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core import receipts
from renda.core.masking import mask_phone
from renda.core.models import ActionLog
from renda.core.parsing import parse_pk
from renda.core.state import allowed

from .. import rules
from ..choices import (
    REVIEW_STATES,
    DocumentType,
    FilingStatus,
    RequestKind,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    Standard,
)
from ..events.base import describe_event
from ..models import Filing, FilingEvent, NormativeDocument, ReviewCase, ReviewCheck
from ..permissions import (
    can_file_for_unit,
    can_review_filings,
    can_view_proposer_contact,
    filing_visibility_q,
    manages_congress,
    reads_congress,
    review_visibility_q,
)

RATE_WINDOW = dt.timedelta(hours=1)
Q_MAX_LENGTH = 100


def _int(value, *, low=1, high=2**63 - 1):
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 19:
            return None
        number = int(text)
    return number if low <= number <= high else None


def _choice(value, choices) -> str:
    value = str(value or "").strip()
    return value if value in choices.values else ""


def _bool(value):
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no"):
        return False
    return None


def _text(value) -> str:
    text = str(value or "").strip()
    return "".join(ch for ch in text if ord(ch) >= 32)[:Q_MAX_LENGTH]


# Filings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FilingFilters:
    congress: int | None = None
    year: int | None = None
    type: str = ""
    issuer: str = ""
    status: str = ""
    late: bool | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params) -> FilingFilters:
        """Parse a query dict (page or API) the same way; bad values are ignored."""
        get = params.get
        return cls(
            congress=_int(get("congress")),
            year=_int(get("year"), low=1979, high=2100),
            type=_choice(get("type"), DocumentType),
            issuer=_text(get("issuer")),
            status=_choice(get("status"), FilingStatus),
            late=_bool(get("late")),
            q=_text(get("q")),
        )


def _filings():
    return Filing.objects.select_related(
        "document",
        "document__congress",
        "document__issuing_unit",
        "document__issuing_congress",
    )


def _filter_filings(queryset, filters: FilingFilters):
    if filters.congress:
        queryset = queryset.filter(document__congress_id=filters.congress)
    if filters.year:
        queryset = queryset.filter(document__published_on__year=filters.year)
    if filters.type:
        queryset = queryset.filter(document__document_type=filters.type)
    if filters.issuer:
        queryset = queryset.filter(
            Q(document__issuing_unit__name__icontains=filters.issuer)
            | Q(document__issuing_congress__name__icontains=filters.issuer)
        )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.late is not None:
        queryset = queryset.filter(late=filters.late)
    if filters.q:
        queryset = queryset.filter(
            Q(document__title__icontains=filters.q)
            | Q(document__document_number__icontains=filters.q)
            | Q(document__issuing_unit__name__icontains=filters.q)
            | Q(document__issuing_congress__name__icontains=filters.q)
        )
    return queryset


def _annotate_check(filing, today: dt.date):
    """Set ``check_due`` (the form check's last day) and ``check_overdue`` on a filing."""
    if filing.status == FilingStatus.FILED:
        due = rules.filing_check_due(filing.document.congress, filing.filed_on)
        filing.check_due = due.due
        filing.check_overdue = today > due.due
    else:
        filing.check_due = None
        filing.check_overdue = False
    filing.refile_overdue = bool(
        filing.status == FilingStatus.RETURNED
        and filing.refile_due
        and today > filing.refile_due
    )
    return filing


def filing_list(user, filters: FilingFilters | None = None, *, today=None) -> list:
    """The filings this user may see, newest first, each with its check due."""
    filters = filters or FilingFilters()
    today = today or timezone.localdate()
    queryset = _filter_filings(
        _filings().filter(filing_visibility_q(user, "document__")), filters
    ).distinct()
    return [_annotate_check(filing, today) for filing in queryset]


def filing_queryset(user, filters: FilingFilters | None = None):
    """The same filings as a queryset (the API paginates it)."""
    return _filter_filings(
        _filings().filter(filing_visibility_q(user, "document__")),
        filters or FilingFilters(),
    ).distinct()


def my_filings(user, *, today=None) -> list:
    """The filings of the units (and lower congresses) this user files for."""
    scope = get_scope(user)
    today = today or timezone.localdate()
    query = Q(document__issuing_unit_id__in=scope.unit_ids) | Q(
        document__issuing_congress_id__in=scope.staff_congress_ids
    )
    return [_annotate_check(f, today) for f in _filings().filter(query)]


def get_filing_for_user(user, pk) -> Filing:
    pk = parse_pk(pk)
    filing = (
        _filings().filter(filing_visibility_q(user, "document__"), pk=pk).first()
        if pk
        else None
    )
    if filing is None:
        raise Http404("该备案不存在或您无权查看。")
    return filing


def _may_refile(user, filing) -> bool:
    document = filing.document
    if document.issuing_unit_id:
        return can_file_for_unit(user, document.issuing_unit_id)
    return manages_congress(user, document.issuing_congress_id)


def filing_actions(user, filing) -> list[str]:
    actions = []
    if can_review_filings(user, filing.document.congress_id):
        actions += [v for v in ("accept", "return") if allowed(filing, v)]
    if allowed(filing, "refile") and _may_refile(user, filing):
        actions.append("refile")
    return actions


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str
    text: str
    actor: str


def _timeline(events) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            at=event.at,
            kind=event.kind,
            text=describe_event(event),
            actor=str(event.actor) if event.actor_id else "",
        )
        for event in events
    ]


@dataclass
class FilingDetail:
    filing: Filing
    document: NormativeDocument
    actions: list[str]
    timeline: list[TimelineEntry]
    reviews: list = field(default_factory=list)
    sees_internal: bool = False


def filing_detail(user, pk, *, today=None) -> FilingDetail:
    filing = _annotate_check(
        get_filing_for_user(user, pk), today or timezone.localdate()
    )
    document = filing.document
    internal = sees_filing_internals(user, document)
    events = FilingEvent.objects.filter(filing=filing).select_related("actor")
    reviews = (
        list(
            ReviewCase.objects.filter(
                review_visibility_q(user), documents=document
            ).distinct()
        )
        if internal
        else []
    )
    return FilingDetail(
        filing=filing,
        document=document,
        actions=filing_actions(user, filing),
        timeline=_timeline(events) if internal else [],
        reviews=reviews,
        sees_internal=internal,
    )


def sees_filing_internals(user, document) -> bool:
    """The timeline, reports and reviews of a filing: the congress's people and the issuer."""
    if reads_congress(user, document.congress):
        return True
    if document.issuing_unit_id:
        return document.issuing_unit_id in get_scope(user).unit_ids
    return manages_congress(user, document.issuing_congress_id)


# The public list ------------------------------------------------------------------------


def public_filings(filters: FilingFilters):
    """Accepted filings only, for everyone: the searchable public list (no personal data)."""
    queryset = _filings().filter(status=FilingStatus.ACCEPTED)
    return _filter_filings(
        queryset,
        FilingFilters(
            congress=filters.congress,
            year=filters.year,
            type=filters.type,
            issuer=filters.issuer,
            q=filters.q,
        ),
    ).order_by("-accepted_on", "-id")


def public_filing_years() -> list[int]:
    dates = NormativeDocument.objects.filter(
        filing__status=FilingStatus.ACCEPTED
    ).dates("published_on", "year", order="DESC")
    return [d.year for d in dates]


# Reviews --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFilters:
    congress: int | None = None
    year: int | None = None
    kind: str = ""
    request_kind: str = ""
    status: str = ""
    outcome: str = ""
    to_tell: bool | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params) -> ReviewFilters:
        get = params.get
        return cls(
            congress=_int(get("congress")),
            year=_int(get("year"), low=1979, high=2100),
            kind=_choice(get("kind"), ReviewKind),
            request_kind=_choice(get("request_kind"), RequestKind),
            status=_choice(get("status"), ReviewStatus),
            outcome=_choice(get("outcome"), ReviewOutcome),
            to_tell=_bool(get("to_tell")),
            q=_text(get("q")),
        )


TO_TELL_Q = Q(
    kind=ReviewKind.ON_REQUEST,
    status__in=[ReviewStatus.CONCLUDED, ReviewStatus.REFERRED],
    proposer_told_on__isnull=True,
)


def review_queryset(user, filters: ReviewFilters | None = None):
    filters = filters or ReviewFilters()
    queryset = (
        ReviewCase.objects.filter(review_visibility_q(user))
        .select_related("congress")
        .prefetch_related("documents")
    )
    if filters.congress:
        queryset = queryset.filter(congress_id=filters.congress)
    if filters.year:
        queryset = queryset.filter(received_on__year=filters.year)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.request_kind:
        queryset = queryset.filter(request_kind=filters.request_kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.to_tell is True:
        queryset = queryset.filter(TO_TELL_Q)
    elif filters.to_tell is False:
        queryset = queryset.exclude(TO_TELL_Q)
    if filters.q:
        queryset = queryset.filter(
            Q(subject__icontains=filters.q)
            | Q(receipt_number__iexact=filters.q)
            | Q(documents__title__icontains=filters.q)
            | Q(documents__document_number__icontains=filters.q)
        )
    return queryset.distinct()


def waits_to_tell(case) -> bool:
    return (
        case.kind == ReviewKind.ON_REQUEST
        and case.status in (ReviewStatus.CONCLUDED, ReviewStatus.REFERRED)
        and case.proposer_told_on is None
    )


def _mark(case, user):
    case.to_tell = waits_to_tell(case)
    case.status_text = "待告知" if case.to_tell else case.get_status_display()
    contact = can_view_proposer_contact(user, case.congress_id)
    case.shown_phone = (
        case.proposer_phone if contact else mask_phone(case.proposer_phone)
    )
    case.shown_address = (
        case.proposer_address if contact else ("***" if case.proposer_address else "")
    )
    return case


def review_list(user, filters: ReviewFilters | None = None) -> list:
    return [_mark(case, user) for case in review_queryset(user, filters)]


def get_review_for_user(user, pk) -> ReviewCase:
    pk = parse_pk(pk)
    case = (
        ReviewCase.objects.filter(review_visibility_q(user), pk=pk)
        .select_related("congress", "congress__region")
        .first()
        if pk
        else None
    )
    if case is None:
        raise Http404("该审查不存在或您无权查看。")
    return case


def review_actions(user, case) -> list[str]:
    if not can_review_filings(user, case.congress_id):
        return []
    actions = [
        verb
        for verb in (
            "start",
            "check",
            "suspend",
            "request_correction",
            "conclude",
            "refer",
        )
        if REVIEW_STATES.can(case.status, verb)
    ]
    if waits_to_tell(case):
        actions.append("tell_proposer")
    return actions


@dataclass
class ReviewDetail:
    case: ReviewCase
    documents: list
    checks: list
    actions: list[str]
    timeline: list[TimelineEntry]
    sees_contact: bool


def review_detail(user, pk) -> ReviewDetail:
    case = _mark(get_review_for_user(user, pk), user)
    documents = list(
        case.documents.select_related("issuing_unit", "issuing_congress", "filing")
    )
    checks = list(ReviewCheck.objects.filter(case=case))
    order = {s: i for i, s in enumerate(Standard.values)}
    checks.sort(key=lambda c: order[c.standard])
    events = FilingEvent.objects.filter(case=case).select_related("actor")
    return ReviewDetail(
        case=case,
        documents=documents,
        checks=checks,
        actions=review_actions(user, case),
        timeline=_timeline(events),
        sees_contact=can_view_proposer_contact(user, case.congress_id),
    )


# The public side of a 审查建议 --------------------------------------------------------------


LOOKUP_ACTION = "supervision.review_receipt_lookup"
# Receipt look-ups from one address per hour: numbers cannot be tried in bulk.
LOOKUPS_PER_HOUR = 30


def receipt_lookups_in_the_last_hour(address: str | None) -> int:
    """Count the receipt look-ups from an address (the audit log's rows) in the last hour."""
    since = timezone.now() - RATE_WINDOW
    return ActionLog.objects.filter(
        action=LOOKUP_ACTION, ip_address=address or None, created_at__gte=since
    ).count()


@dataclass
class PublicReceipt:
    receipt_number: str
    subject: str
    congress: str
    received_on: dt.date
    state: str
    told: bool
    outcome: str
    reply: str
    told_on: dt.date | None


def review_for_receipt(number) -> PublicReceipt | None:
    """What a proposer sees by the receipt number: the state; the outcome once told."""
    number = receipts.receipt_lookup_key(number)
    if not number:
        return None
    case = (
        ReviewCase.objects.filter(receipt_number=number)
        .select_related("congress")
        .first()
    )
    if case is None:
        return None
    told = case.proposer_told_on is not None
    if told:
        state = "已告知审查结果"
    elif case.status == ReviewStatus.RECEIVED:
        state = "已收到，待审查"
    else:
        # Concluded but not told yet still shows as under review to the public.
        state = "审查中"
    return PublicReceipt(
        receipt_number=case.receipt_number,
        subject=case.subject,
        congress=case.congress.name,
        received_on=case.received_on,
        state=state,
        told=told,
        outcome=case.get_outcome_display() if told else "",
        reply=case.proposer_reply if told else "",
        told_on=case.proposer_told_on,
    )


def public_congresses():
    return Congress.objects.select_related("region").order_by("region__code")


# The year's figures -------------------------------------------------------------------


def filings_reviewed(congress, year: int):
    """备案审查规范性文件N件: filings accepted in the year, of documents of the congress."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Filing.objects.filter(
        document__congress=congress, accepted_on__gte=first, accepted_on__lte=last
    )


def filings_reviewed_count(congress, year: int) -> int:
    return filings_reviewed(congress, year).count()


@dataclass
class FilingYearReport:
    congress: Congress
    year: int
    filed: int
    filed_by_type: dict
    late: int
    accepted: int
    returned: int
    reviews: int
    reviews_by_kind: dict
    reviews_by_outcome: dict
    requests: int
    suggestions: int
    corrections_requested: int
    corrections_made: int
    revocation_motions: int
    proposers_told: int

    def as_dict(self) -> dict:
        return {
            "congress": self.congress.name,
            "year": self.year,
            "filed": self.filed,
            "filed_by_type": self.filed_by_type,
            "late": self.late,
            "accepted": self.accepted,
            "returned": self.returned,
            "reviews": self.reviews,
            "reviews_by_kind": self.reviews_by_kind,
            "reviews_by_outcome": self.reviews_by_outcome,
            "requests": self.requests,
            "suggestions": self.suggestions,
            "corrections_requested": self.corrections_requested,
            "corrections_made": self.corrections_made,
            "revocation_motions": self.revocation_motions,
            "proposers_told": self.proposers_told,
        }


def filing_year_report(congress, year: int) -> FilingYearReport:
    """The figures of the annual filing-review work report (art. 45), from records.

    Documents filed and late: filings made (first filed) in the year; accepted:
    registered in the year; returned: returns recorded in the year; reviews:
    opened (received) in the year, by kind, and by outcome of those concluded
    in the year; corrections requested in the year and of those, made (the
    outcome 书面要求纠正, corrected in time).
    """
    filed_events = FilingEvent.objects.filter(
        kind="FILING_FILED",
        filing__document__congress=congress,
        at__year=year,
    ).select_related("filing__document")
    by_type = Counter()
    late = 0
    for event in filed_events:
        by_type[event.filing.document.document_type] += 1
        late += bool(event.data.get("late"))
    returned = FilingEvent.objects.filter(
        kind="FILING_RETURNED", filing__document__congress=congress, at__year=year
    ).count()
    cases = list(ReviewCase.objects.filter(congress=congress, received_on__year=year))
    concluded = list(
        ReviewCase.objects.filter(congress=congress, concluded_on__year=year)
    )
    corrections = FilingEvent.objects.filter(
        kind="REVIEW_CORRECTION_REQUESTED", case__congress=congress, at__year=year
    ).count()
    outcome_counts = Counter(case.outcome for case in concluded)
    return FilingYearReport(
        congress=congress,
        year=year,
        filed=sum(by_type.values()),
        filed_by_type={
            str(label): by_type.get(value, 0) for value, label in DocumentType.choices
        },
        late=late,
        accepted=filings_reviewed_count(congress, year),
        returned=returned,
        reviews=len(cases),
        reviews_by_kind={
            str(label): sum(c.kind == value for c in cases)
            for value, label in ReviewKind.choices
        },
        reviews_by_outcome={
            str(label): outcome_counts.get(value, 0)
            for value, label in ReviewOutcome.choices
        },
        requests=sum(c.request_kind == RequestKind.REQUIREMENT for c in cases),
        suggestions=sum(c.request_kind == RequestKind.SUGGESTION for c in cases),
        corrections_requested=corrections,
        corrections_made=outcome_counts.get(ReviewOutcome.CORRECTION_REQUESTED, 0)
        + outcome_counts.get(ReviewOutcome.CORRECTED_BY_ISSUER, 0),
        revocation_motions=outcome_counts.get(ReviewOutcome.REVOCATION_MOTION, 0),
        proposers_told=sum(
            c.proposer_told_on is not None and c.proposer_told_on.year == year
            for c in concluded
        ),
    )


def congresses_reviewed_by(user):
    """The congresses whose filing review this user manages (staff) or reads."""
    scope = get_scope(user)
    queryset = Congress.objects.select_related("region").order_by("region__code")
    if scope.is_admin:
        return queryset
    return queryset.filter(
        pk__in=scope.staff_congress_ids | scope.congress_ids | scope.member_congress_ids
    )
