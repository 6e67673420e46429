"""Writes of filing review (备案审查): documents filed, checked, accepted or
returned and refiled; reviews opened (active, on request, special, referral),
checked against the three standards, suspended, corrected, concluded or
referred, and the proposer told.

Each service checks permission first (``PermissionDenied``), then the input
(``ApplicationError`` naming the field), moves the state through the model's
state table, records one timeline event and schedules its notices after the
commit. Dates default to today; tests pass them.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.congresses.models import Congress
from renda.core import receipts
from renda.core.captcha import client_hash_for
from renda.core.errors import ApplicationError, InvalidTransition
from renda.core.ratelimit import rate_limit_take
from renda.core.repeats import RepeatedSubmission, same_text
from renda.core.state import transition
from renda.units.models import HandlingUnit

from .. import rules
from ..choices import (
    DocumentType,
    FilingStatus,
    RequestKind,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    Standard,
)
from ..events import filing as events
from ..models import Filing, NormativeDocument, ReviewCase, ReviewCheck
from ..notices import filing as notices
from ..notices.base import schedule
from ..permissions import can_file_for_unit, can_review_filings, manages_congress
from .common import (
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    checked_file,
    clean_date,
    clean_text,
    denied,
    invalid,
    lock,
)

# Older numbers: 10 of these letters and digits; new ones are digits
# (renda.core.receipts) and the older ones keep working.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 10
RECEIPT_ATTEMPTS = 5
PHONE_MAX_LENGTH = 20
ADDRESS_MAX_LENGTH = 200


def _today(today):
    return today or timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def new_receipt_number() -> str:
    """Return a new receipt number: 12 digits with a check digit (renda.core.receipts)."""
    return receipts.new_receipt_number()


def _in_area(unit, congress) -> bool:
    unit_path = getattr(unit.region, "path", "") or ""
    congress_path = getattr(congress.region, "path", "") or ""
    return bool(congress_path) and unit_path.startswith(congress_path)


# Filings ---------------------------------------------------------------------------


def _congress_of(*, actor, unit, issuing_congress, congress):
    """Return (congress filed with, issuing unit, issuing congress), checked."""
    if issuing_congress is not None:
        if not manages_congress(actor, issuing_congress.pk):
            raise denied()
        parent = issuing_congress.parent
        if parent is None:
            raise invalid("该人大没有上一级人大常委会，无从报备。", "congress")
        if congress is not None and congress.pk != parent.pk:
            raise invalid("下级人大的决议决定向上一级人大常委会报备。", "congress")
        return parent, None, issuing_congress
    if unit is None:
        raise invalid("请选择制定机关。", "unit")
    if not can_file_for_unit(actor, unit.pk):
        raise denied()
    if congress is None:
        congress = Congress.objects.filter(region_id=unit.region_id).first()
        if congress is None:
            raise invalid("请选择备案机关（人大常委会）。", "congress")
    elif not _in_area(unit, congress):
        raise invalid("制定机关不在该人大常委会的监督范围内。", "congress")
    return congress, unit, None


@transaction.atomic
def document_file(
    *,
    actor,
    document_type: str,
    title: str,
    document_number: str,
    published_on,
    text: str = "",
    file=None,
    filing_report: str = "",
    explanation: str = "",
    unit: HandlingUnit | None = None,
    issuing_congress: Congress | None = None,
    congress: Congress | None = None,
    today=None,
) -> Filing:
    """File a normative document with the congress that supervises its issuer.

    A body's unit staff file their unit's documents (``unit``) with the
    congress of their region or, named by ``congress``, one whose area holds
    it; a lower congress's staff file its resolutions (``issuing_congress``)
    with the congress above. A filing later than 30 days after publication is
    kept and flagged late.
    """
    today = _today(today)
    congress, unit, issuing_congress = _congress_of(
        actor=actor, unit=unit, issuing_congress=issuing_congress, congress=congress
    )
    if document_type not in DocumentType.values:
        raise invalid("请选择文件类别。", "document_type")
    if issuing_congress is not None and document_type != DocumentType.LOWER_RESOLUTION:
        raise invalid("下级人大报备的应为决议决定。", "document_type")
    if unit is not None and document_type == DocumentType.LOWER_RESOLUTION:
        raise invalid("决议决定由下级人大常委会报备。", "document_type")
    title = clean_text(
        title, field="title", label="文件名称", max_length=TITLE_MAX_LENGTH
    )
    number = clean_text(
        document_number, field="document_number", label="文号", max_length=100
    )
    published_on = clean_date(published_on, field="published_on", label="公布日期")
    if published_on > today:
        raise invalid("公布日期不能晚于报备日期。", "published_on")
    text = clean_text(text, field="text", label="正文", required=False)
    file, file_name = checked_file(file)
    if not text and file is None:
        raise invalid("请填写正文或上传文件。", "text")
    filing_report = clean_text(
        filing_report, field="filing_report", label="备案报告", required=False
    )
    explanation = clean_text(
        explanation, field="explanation", label="起草说明", required=False
    )
    if NormativeDocument.objects.filter(
        congress=congress, document_number=number
    ).exists():
        raise invalid("该文号的文件已经报备过。", "document_number")
    document = NormativeDocument(
        congress=congress,
        issuing_unit=unit,
        issuing_congress=issuing_congress,
        document_type=document_type,
        title=title,
        document_number=number,
        published_on=published_on,
        text=text,
        file_name=file_name,
    )
    if file is not None:
        document.file = file
    document.save()
    filing = Filing.objects.create(
        document=document,
        status=FilingStatus.FILED,
        filed_on=today,
        late=rules.filing_is_late(congress, published_on, today),
        filing_report=filing_report,
        explanation=explanation,
        filed_by=_user(actor),
    )
    events.filing_event(
        filing,
        events.FILING_FILED,
        actor=actor,
        data={
            "document_type": document_type,
            "title": title,
            "number": number,
            "late": filing.late,
        },
        today=today,
    )
    schedule(notices.filing_filed_notice, filing.pk, actor=actor)
    return filing


def _lock_filing(filing) -> Filing:
    filing = lock(Filing, filing.pk)
    filing.document = NormativeDocument.objects.select_related(
        "congress", "issuing_unit", "issuing_congress"
    ).get(pk=filing.document_id)
    return filing


@transaction.atomic
def filing_accept(*, filing, actor, today=None) -> Filing:
    """Staff found the filing in form: it is registered (登记备案) and public."""
    filing = _lock_filing(filing)
    if not can_review_filings(actor, filing.document.congress_id):
        raise denied()
    today = _today(today)
    changed = transition(filing, "accept")
    filing.checked_on = today
    filing.accepted_on = today
    filing.save(update_fields=[*changed, "checked_on", "accepted_on", "updated_at"])
    events.filing_event(
        filing,
        events.FILING_ACCEPTED,
        actor=actor,
        data={"on": today.isoformat()},
        today=today,
    )
    schedule(notices.filing_checked_notice, filing.pk, actor=actor)
    return filing


@transaction.atomic
def filing_return(*, filing, reason: str, actor, today=None) -> Filing:
    """Staff return a filing not in form, with the reason and a refile deadline."""
    filing = _lock_filing(filing)
    if not can_review_filings(actor, filing.document.congress_id):
        raise denied()
    today = _today(today)
    reason = clean_text(
        reason, field="reason", label="退回理由", max_length=REASON_MAX_LENGTH
    )
    changed = transition(filing, "return")
    filing.checked_on = today
    filing.return_reason = reason
    filing.refile_due = rules.refile_due(filing.document.congress, today).due
    filing.times_returned += 1
    filing.save(
        update_fields=[
            *changed,
            "checked_on",
            "return_reason",
            "refile_due",
            "times_returned",
            "updated_at",
        ]
    )
    events.filing_event(
        filing,
        events.FILING_RETURNED,
        actor=actor,
        data={"reason": reason, "refile_due": filing.refile_due.isoformat()},
        today=today,
    )
    schedule(notices.filing_checked_notice, filing.pk, actor=actor)
    return filing


def can_refile(user, filing) -> bool:
    document = filing.document
    if document.issuing_unit_id:
        return can_file_for_unit(user, document.issuing_unit_id)
    return manages_congress(user, document.issuing_congress_id)


@transaction.atomic
def filing_refile(
    *,
    filing,
    actor,
    text: str | None = None,
    file=None,
    filing_report: str | None = None,
    explanation: str | None = None,
    today=None,
) -> Filing:
    """The issuing body files a returned document again, corrected; the check restarts."""
    filing = _lock_filing(filing)
    document = filing.document
    if not can_refile(actor, filing):
        raise denied()
    today = _today(today)
    doc_fields = []
    if text is not None:
        document.text = clean_text(text, field="text", label="正文", required=False)
        doc_fields.append("text")
    file, file_name = checked_file(file)
    if file is not None:
        document.file = file
        document.file_name = file_name
        doc_fields += ["file", "file_name"]
    if not document.text and not document.file:
        raise invalid("请填写正文或上传文件。", "text")
    fields = []
    if filing_report is not None:
        filing.filing_report = clean_text(
            filing_report, field="filing_report", label="备案报告", required=False
        )
        fields.append("filing_report")
    if explanation is not None:
        filing.explanation = clean_text(
            explanation, field="explanation", label="起草说明", required=False
        )
        fields.append("explanation")
    changed = transition(filing, "refile")
    # The form check's clock restarts on the day it is filed again; the late
    # flag of the first filing stays.
    filing.filed_on = today
    filing.checked_on = None
    filing.save(
        update_fields=[*changed, *fields, "filed_on", "checked_on", "updated_at"]
    )
    if doc_fields:
        document.save(update_fields=[*doc_fields, "updated_at"])
    events.filing_event(
        filing,
        events.FILING_REFILED,
        actor=actor,
        data={"on": today.isoformat()},
        today=today,
    )
    schedule(notices.filing_filed_notice, filing.pk, actor=actor)
    return filing


# Reviews ---------------------------------------------------------------------------


def _documents(congress, ids, *, required: bool):
    ids = list(dict.fromkeys(ids or []))
    if any(isinstance(pk, bool) or not isinstance(pk, int) for pk in ids):
        raise invalid("审查的文件应为编号列表。", "documents")
    if required and not ids:
        raise invalid("请选择审查的文件。", "documents")
    found = list(NormativeDocument.objects.filter(pk__in=ids, congress=congress))
    if len(found) != len(ids):
        raise invalid("审查的文件中有不存在或不属于本人大的文件。", "documents")
    return found


def _create_case(**values) -> ReviewCase:
    """Create a case; a 审查建议 or 审查要求 gets a unique receipt number."""
    if values.get("kind") != ReviewKind.ON_REQUEST:
        return ReviewCase.objects.create(**values)
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                return ReviewCase.objects.create(
                    receipt_number=new_receipt_number(), **values
                )
        except IntegrityError:
            continue
    raise ApplicationError(  # pragma: no cover - 32^10 numbers
        "生成回执编号失败，请重试。", code="supervision.receipt"
    )


def _proposer(
    *, request_kind, name, organisation, phone, address, request_text
) -> dict:
    if request_kind not in RequestKind.values:
        raise invalid("请选择审查要求或审查建议。", "request_kind")
    organisation = clean_text(
        organisation,
        field="proposer_organisation",
        label="提出机关或单位",
        max_length=NAME_MAX_LENGTH,
        required=request_kind == RequestKind.REQUIREMENT,
    )
    name = clean_text(
        name,
        field="proposer_name",
        label="提出人",
        max_length=NAME_MAX_LENGTH,
        required=request_kind == RequestKind.SUGGESTION,
    )
    phone = clean_text(
        phone,
        field="proposer_phone",
        label="联系电话",
        max_length=PHONE_MAX_LENGTH,
        required=False,
    )
    if phone and not all(ch.isdigit() or ch in "-+ " for ch in phone):
        raise invalid("联系电话只能包含数字和“-”。", "proposer_phone")
    address = clean_text(
        address,
        field="proposer_address",
        label="通信地址",
        max_length=ADDRESS_MAX_LENGTH,
        required=False,
    )
    request_text = clean_text(request_text, field="request_text", label="审查理由")
    return {
        "request_kind": request_kind,
        "proposer_name": name,
        "proposer_organisation": organisation,
        "proposer_phone": phone,
        "proposer_address": address,
        "request_text": request_text,
    }


@transaction.atomic
def review_open(
    *,
    congress,
    kind: str,
    subject: str,
    actor,
    document_ids=(),
    request_kind: str = "",
    proposer_name: str = "",
    proposer_organisation: str = "",
    proposer_phone: str = "",
    proposer_address: str = "",
    request_text: str = "",
    received_on=None,
    today=None,
) -> ReviewCase:
    """Staff open a review: active (documents they choose), special (a set of
    documents on one subject), referral, or on request (a 审查要求 of a state
    organ or a 审查建议 received in writing, recorded by staff)."""
    if not can_review_filings(actor, congress.pk):
        raise denied()
    today = _today(today)
    if kind not in ReviewKind.values:
        raise invalid("请选择审查方式。", "kind")
    subject = clean_text(
        subject, field="subject", label="审查事项", max_length=TITLE_MAX_LENGTH
    )
    received_on = (
        clean_date(received_on, field="received_on", label="收到日期")
        if received_on
        else today
    )
    values: dict = {}
    if kind == ReviewKind.ON_REQUEST:
        values = _proposer(
            request_kind=request_kind,
            name=proposer_name,
            organisation=proposer_organisation,
            phone=proposer_phone,
            address=proposer_address,
            request_text=request_text,
        )
    elif request_kind:
        raise invalid("只有依申请审查有申请类别。", "request_kind")
    documents = _documents(
        congress, document_ids, required=kind in (ReviewKind.ACTIVE, ReviewKind.SPECIAL)
    )
    if kind == ReviewKind.SPECIAL and len(documents) < 2:
        raise invalid("专项审查应选择同一主题的一批文件（至少 2 件）。", "documents")
    case = _create_case(
        congress=congress,
        kind=kind,
        subject=subject,
        received_on=received_on,
        status=ReviewStatus.RECEIVED,
        created_by=_user(actor),
        **values,
    )
    case.documents.set(documents)
    events.review_event(
        case,
        events.REVIEW_OPENED,
        actor=actor,
        data={"kind": kind, "subject": subject, "documents": len(documents)},
        today=today,
    )
    return case


@transaction.atomic
def review_suggest(
    *,
    congress,
    proposer_name: str,
    request_text: str,
    subject: str,
    proposer_phone: str = "",
    proposer_address: str = "",
    proposer_organisation: str = "",
    client_ip: str | None = None,
    today=None,
) -> ReviewCase:
    """Anyone sends a 审查建议 through the public form; it gets a receipt number."""
    today = _today(today)
    if congress is None:
        raise invalid("请选择向哪一级人大常委会提出。", "congress")
    subject = clean_text(
        subject, field="subject", label="建议审查的文件", max_length=TITLE_MAX_LENGTH
    )
    values = _proposer(
        request_kind=RequestKind.SUGGESTION,
        name=proposer_name,
        organisation=proposer_organisation,
        phone=proposer_phone,
        address=proposer_address,
        request_text=request_text,
    )
    if not values["proposer_phone"] and not values["proposer_address"]:
        raise invalid("请留下联系电话或通信地址，以便告知审查结果。", "proposer_phone")
    ip_hash = client_hash_for(client_ip)
    if ip_hash:
        # The same text sent again (a double tap): lock the congress, so that
        # two posts at once find each other, and answer with the first case.
        Congress.objects.select_for_update().filter(pk=congress.pk).first()
        folded = same_text(subject, values["request_text"])
        for earlier in ReviewCase.objects.filter(
            congress=congress,
            kind=ReviewKind.ON_REQUEST,
            ip_hash=ip_hash,
            created_at__gte=timezone.now() - rules.public_repeat_window(),
        ).order_by("created_at", "id"):
            if same_text(earlier.subject, earlier.request_text) == folded:
                raise RepeatedSubmission(earlier, code="supervision.repeated")
    # Counted in this transaction: a refusal (RateLimited) or a later failure
    # rolls the count back with the case (renda.core.ratelimit).
    rate_limit_take(*rules.public_suggestion_limits(congress, client_ip))
    case = _create_case(
        congress=congress,
        kind=ReviewKind.ON_REQUEST,
        subject=subject,
        received_on=today,
        status=ReviewStatus.RECEIVED,
        ip_hash=ip_hash,
        **values,
    )
    events.review_event(
        case,
        events.REVIEW_OPENED,
        actor=None,
        data={"kind": case.kind, "subject": subject, "documents": 0},
        today=today,
    )
    schedule(notices.review_received_notice, case.pk)
    return case


def _lock_case(case, actor) -> ReviewCase:
    case = lock(ReviewCase, case.pk)
    if not can_review_filings(actor, case.congress_id):
        raise denied()
    return case


@transaction.atomic
def review_start(*, case, actor, document_ids=None, today=None) -> ReviewCase:
    """Start the review; staff may name (more) documents of the congress."""
    case = _lock_case(case, actor)
    changed = transition(case, "start")
    if document_ids:
        case.documents.add(*_documents(case.congress, document_ids, required=True))
    case.save(update_fields=[*changed, "updated_at"])
    events.review_event(case, events.REVIEW_STARTED, actor=actor, data={}, today=today)
    return case


@transaction.atomic
def review_check(
    *, case, checks, actor, opinion: str | None = None, today=None
) -> ReviewCase:
    """Record the checklist: each standard passed or not, with a note; the opinion."""
    case = _lock_case(case, actor)
    transition(case, "check")
    if not isinstance(checks, list | tuple) or not checks:
        raise invalid("请至少核对一项审查标准。", "checks")
    cleaned = {}
    for entry in checks:
        standard = entry.get("standard") if isinstance(entry, dict) else None
        if standard not in Standard.values:
            raise invalid("审查标准无效。", "checks")
        if standard in cleaned:
            raise invalid("同一审查标准只能登记一次。", "checks")
        passed = entry.get("passed")
        if not isinstance(passed, bool):
            raise invalid(f"请选择{Standard(standard).label}是否符合。", "checks")
        note = clean_text(
            entry.get("note", ""), field="checks", label="说明", required=not passed
        )
        cleaned[standard] = (passed, note)
    for standard, (passed, note) in cleaned.items():
        ReviewCheck.objects.update_or_create(
            case=case,
            standard=standard,
            defaults={"passed": passed, "note": note, "checked_by": _user(actor)},
        )
    fields = ["updated_at"]
    if opinion is not None:
        case.opinion = clean_text(
            opinion, field="opinion", label="审查意见", required=False
        )
        fields.append("opinion")
    case.save(update_fields=fields)
    events.review_event(
        case,
        events.REVIEW_CHECKED,
        actor=actor,
        data={
            "checks": [
                {"standard": s, "passed": p}
                for s, (p, _n) in sorted(
                    cleaned.items(), key=lambda kv: Standard.values.index(kv[0])
                )
            ]
        },
        today=today,
    )
    return case


@transaction.atomic
def review_suspend(*, case, actor, note: str = "", today=None) -> ReviewCase:
    """The issuing body corrects the document itself: the review is suspended (中止)."""
    case = _lock_case(case, actor)
    note = clean_text(note, field="note", label="说明", required=False, max_length=500)
    changed = transition(case, "suspend")
    case.save(update_fields=[*changed, "updated_at"])
    events.review_event(
        case, events.REVIEW_SUSPENDED, actor=actor, data={"note": note}, today=today
    )
    return case


@transaction.atomic
def review_request_correction(
    *, case, actor, opinion: str | None = None, today=None
) -> ReviewCase:
    """A written request to the issuing body to correct within 2 months."""
    case = _lock_case(case, actor)
    today = _today(today)
    changed = transition(case, "request_correction")
    if not case.documents.exists():
        raise invalid("请先选择审查的文件。", "documents")
    case.correction_due = rules.correction_due(case.congress, today).due
    fields = [*changed, "correction_due", "updated_at"]
    if opinion is not None:
        case.opinion = clean_text(opinion, field="opinion", label="审查意见")
        fields.append("opinion")
    case.save(update_fields=fields)
    events.review_event(
        case,
        events.REVIEW_CORRECTION_REQUESTED,
        actor=actor,
        data={"correction_due": case.correction_due.isoformat()},
        today=today,
    )
    schedule(notices.correction_requested_notice, case.pk, actor=actor)
    return case


CONCLUDE_FROM = {
    ReviewOutcome.NO_PROBLEM: {ReviewStatus.UNDER_REVIEW},
    ReviewOutcome.CORRECTED_BY_ISSUER: {
        ReviewStatus.UNDER_REVIEW,
        ReviewStatus.SUSPENDED,
    },
    ReviewOutcome.CORRECTION_REQUESTED: {ReviewStatus.CORRECTION_REQUESTED},
    ReviewOutcome.REVOCATION_MOTION: {
        ReviewStatus.UNDER_REVIEW,
        ReviewStatus.SUSPENDED,
        ReviewStatus.CORRECTION_REQUESTED,
    },
}


@transaction.atomic
def review_conclude(
    *, case, outcome: str, actor, opinion: str | None = None, today=None
) -> ReviewCase:
    """End the review with its outcome.

    未发现问题 needs the three standards checked and passed; 书面要求纠正 (the
    body corrected in time) only after a written request, by its deadline;
    提请撤销 puts a motion to revoke to the committee. Referral is ``review_refer``.
    """
    case = _lock_case(case, actor)
    today = _today(today)
    if outcome not in CONCLUDE_FROM:
        raise invalid("请选择审查结果（移送请使用“移送”）。", "outcome")
    before = case.status
    changed = transition(case, "conclude")
    if before not in CONCLUDE_FROM[outcome]:
        raise invalid(
            f"审查当前状态为“{ReviewStatus(before).label}”，"
            f"审查结果不能为“{ReviewOutcome(outcome).label}”。",
            "outcome",
        )
    if outcome == ReviewOutcome.NO_PROBLEM:
        passed = set(case.checks.filter(passed=True).values_list("standard", flat=True))
        if passed != set(Standard.values):
            raise invalid(
                "未发现问题须合宪性、合法性、适当性三项审查标准均已核对且符合。",
                "outcome",
            )
    if (
        outcome == ReviewOutcome.CORRECTION_REQUESTED
        and case.correction_due
        and today > case.correction_due
    ):
        raise invalid(
            f"纠正期限 {case.correction_due} 已过，逾期未纠正的应提请常委会撤销。",
            "outcome",
        )
    case.outcome = outcome
    case.concluded_on = today
    fields = [*changed, "outcome", "concluded_on", "updated_at"]
    if opinion is not None:
        case.opinion = clean_text(
            opinion, field="opinion", label="审查意见", required=False
        )
        fields.append("opinion")
    case.save(update_fields=fields)
    events.review_event(
        case,
        events.REVIEW_CONCLUDED,
        actor=actor,
        data={"outcome": outcome, "on": today.isoformat()},
        today=today,
    )
    return case


@transaction.atomic
def review_refer(*, case, organ: str, actor, today=None) -> ReviewCase:
    """Refer what belongs to another organ (移送) to it, by its name."""
    case = _lock_case(case, actor)
    today = _today(today)
    organ = clean_text(organ, field="organ", label="移送机关", max_length=100)
    changed = transition(case, "refer")
    case.referred_to = organ
    case.outcome = ReviewOutcome.REFERRED
    case.concluded_on = today
    case.save(
        update_fields=[
            *changed,
            "referred_to",
            "outcome",
            "concluded_on",
            "updated_at",
        ]
    )
    events.review_event(
        case, events.REVIEW_REFERRED, actor=actor, data={"organ": organ}, today=today
    )
    return case


def has_proposer(case) -> bool:
    return case.kind == ReviewKind.ON_REQUEST


def waits_to_tell(case) -> bool:
    """A concluded or referred on-request review whose proposer is not told yet (待告知)."""
    return (
        has_proposer(case)
        and case.status in (ReviewStatus.CONCLUDED, ReviewStatus.REFERRED)
        and case.proposer_told_on is None
    )


@transaction.atomic
def review_tell_proposer(*, case, reply: str, actor, today=None) -> ReviewCase:
    """Tell the proposer the outcome (always, for a 审查要求 or 审查建议)."""
    case = _lock_case(case, actor)
    today = _today(today)
    transition(case, "tell_proposer")
    if not has_proposer(case):
        raise invalid("只有依申请审查需要告知提出人。", "reply")
    if case.proposer_told_on is not None:
        raise InvalidTransition(
            "已经告知过提出人，不能重复告知。", code="supervision.review_invalid_state"
        )
    case.proposer_reply = clean_text(reply, field="reply", label="告知内容")
    case.proposer_told_on = today
    case.save(update_fields=["proposer_reply", "proposer_told_on", "updated_at"])
    events.review_event(
        case,
        events.REVIEW_PROPOSER_TOLD,
        actor=actor,
        data={"on": today.isoformat()},
        today=today,
    )
    return case
