"""Writes of suggestions: every step of the lifecycle is one service.

Each transition runs in one transaction: lock the suggestion row (then the
assignment row, always in that order), check permission (``PermissionDenied``),
then state (``InvalidTransition``), then input (``ApplicationError`` naming the
field), save with ``update_fields``, append a ``SuggestionEvent`` and record
the audit log. Services that depend on the date take ``now`` (default:
``timezone.now()``) so that tests pass explicit times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from renda.congresses.models import CommitteeMember, Congress, Term
from renda.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    PermissionDenied,
)
from renda.core.services import action_log_record
from renda.deputies.models import Deputy, Mandate
from renda.regions.models import Region
from renda.units.models import HandlingUnit

from . import rules
from .choices import (
    ANSWERING_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    REASON_MAX_LENGTH,
    SATISFACTORY_RATINGS,
    TITLE_MAX_LENGTH,
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    CloseReason,
    EventKind,
    ExtensionStatus,
    KeySource,
    Period,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
    suggestion_can,
)
from .models import (
    Assignment,
    ExtensionRequest,
    Feedback,
    IdempotencyKey,
    Reply,
    Suggestion,
    SuggestionEvent,
)
from .permissions import (
    can_close_expired,
    can_draft_for,
    can_edit_suggestion,
    can_handle_assignment,
    can_mark_key,
    can_rate_reply,
    can_review_suggestion,
)

# Deadlines moved to rules.py; re-exported for callers that still ask services.
from .rules import (  # noqa: F401
    answer_due,
    assignment_due,
    rating_deadline,
    return_deadline,
)

DRAFT_FIELDS = ("title", "body", "category", "channel", "period", "region", "cosigners")
IDEMPOTENCY_KEY_MAX_LENGTH = 100
SCOPE_SUBMIT = "suggestion.submit"
SCOPE_REPLY = "reply.create"


# Errors ------------------------------------------------------------------------


def _denied(message: str = "您没有权限办理此事项。") -> PermissionDenied:
    return PermissionDenied(message, code="suggestions.forbidden")


def _invalid(
    message: str, code: str = "suggestions.invalid_state"
) -> InvalidTransition:
    return InvalidTransition(message, code=code)


def _bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="suggestions.invalid", field=field)


def _wrong_state(suggestion: Suggestion, action: str) -> InvalidTransition:
    if suggestion.merged_into_id is not None:
        return _invalid(
            f"该建议已并入“{suggestion.merged_into.title}”，随主建议办理，不能单独{action}。",
            code="suggestions.merged",
        )
    label = SuggestionStatus(suggestion.status).label
    return _invalid(f"该建议当前状态为“{label}”，不能{action}。")


def _wrong_assignment_state(assignment: Assignment, action: str) -> InvalidTransition:
    label = AssignmentStatus(assignment.status).label
    return _invalid(f"该交办事项当前状态为“{label}”，不能{action}。")


# Helpers -----------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def _text(
    value: object,
    *,
    field: str,
    label: str,
    required: bool = True,
    max_length: int | None = REASON_MAX_LENGTH,
) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise _bad(f"请填写{label}。", field)
    if max_length is not None and len(text) > max_length:
        raise _bad(f"{label}不能超过 {max_length} 个字。", field)
    return text


def _lock_suggestion(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


def _lock_assignment(assignment: Assignment) -> tuple[Suggestion, Assignment]:
    # Suggestion first, then assignment: every service takes locks in this order.
    suggestion = _lock_suggestion(Suggestion(pk=assignment.suggestion_id))
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    locked.suggestion = suggestion
    return suggestion, locked


def _record(
    *,
    suggestion: Suggestion,
    kind: str,
    actor,
    at: dt.datetime,
    summary: str,
    data: dict | None = None,
    assignment: Assignment | None = None,
    audit: bool = True,
) -> SuggestionEvent:
    """Append the timeline event and the audit-log row of one step."""
    data = data or {}
    event = SuggestionEvent.objects.create(
        suggestion=suggestion,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at,
        data=data,
        assignment=assignment,
    )
    if audit:
        action_log_record(
            actor=actor,
            action=f"suggestion.{kind.lower()}",
            target=suggestion,
            summary=summary,
            data={**data, "event": event.pk},
        )
    return event


def _idempotent(*, actor, scope: str, key: str | None, model):
    """Return the first result of a retried write, or None if the key is new."""
    if not key:
        return None
    if not isinstance(key, str) or len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise _bad(
            f"幂等键（Idempotency-Key）须为不超过 {IDEMPOTENCY_KEY_MAX_LENGTH} 个字符的字符串。",
            "idempotency_key",
        )
    if not getattr(actor, "is_authenticated", False):
        return None
    row = IdempotencyKey.objects.filter(user=actor, scope=scope, key=key).first()
    if row is None:
        return None
    return model.objects.get(pk=row.result_pk)


def _remember(*, actor, scope: str, key: str | None, result) -> None:
    if key:
        IdempotencyKey.objects.create(
            user=actor, scope=scope, key=key, result_pk=result.pk
        )


# Drafts --------------------------------------------------------------------------


def _check_choice(value, choices_class, *, field: str, label: str) -> str:
    if value not in choices_class.values:
        raise _bad(f"{label}无效，请从列表中选择。", field)
    return value


def _has_mandate(deputy: Deputy, term: Term) -> bool:
    return Mandate.objects.filter(
        deputy=deputy, term=term, end_date__isnull=True
    ).exists()


def _clean_cosigners(
    cosigners: Iterable[Deputy], *, lead_deputy: Deputy, term: Term
) -> list[Deputy]:
    cleaned: list[Deputy] = []
    seen: set[int] = set()
    for deputy in cosigners:
        if deputy.pk == lead_deputy.pk:
            raise _bad(f"领衔代表 {deputy.name} 不必再作为附议代表。", "cosigners")
        if deputy.pk in seen:
            raise _bad(f"附议代表 {deputy.name} 重复。", "cosigners")
        if not _has_mandate(deputy, term):
            raise _bad(f"附议代表 {deputy.name} 不是本届代表。", "cosigners")
        seen.add(deputy.pk)
        cleaned.append(deputy)
    return cleaned


def _check_region(region: Region, congress: Congress) -> None:
    if not region.path.startswith(congress.region.path):
        raise _bad(
            f"涉及地区“{region.name}”不在{congress.name}的行政区域内。", "region"
        )


@transaction.atomic
def suggestion_create_draft(
    *,
    actor,
    congress: Congress,
    term: Term,
    lead_deputy: Deputy,
    title: str,
    region: Region,
    body: str = "",
    category: str = Category.OTHER,
    channel: str = Channel.FORMAL,
    period: str = Period.RECESS,
    cosigners: Sequence[Deputy] = (),
    now: dt.datetime | None = None,
) -> Suggestion:
    """Save a new draft suggestion; it is visible only to its author until submitted."""
    if not can_draft_for(actor, lead_deputy, congress):
        raise _denied("只能以本人名义起草建议。")
    if term.congress_id != congress.pk:
        raise _bad("所选的届不属于该人大。", "term")
    if not _has_mandate(lead_deputy, term):
        raise _bad(f"领衔代表 {lead_deputy.name} 不是本届代表。", "lead_deputy")
    title = _text(title, field="title", label="标题")
    if len(title) > TITLE_MAX_LENGTH:
        raise _bad(f"标题不能超过 {TITLE_MAX_LENGTH} 个字。", "title")
    _check_choice(category, Category, field="category", label="类别")
    _check_choice(channel, Channel, field="channel", label="渠道")
    _check_choice(period, Period, field="period", label="提出时间")
    _check_region(region, congress)
    cleaned = _clean_cosigners(cosigners, lead_deputy=lead_deputy, term=term)
    suggestion = Suggestion.objects.create(
        congress=congress,
        term=term,
        lead_deputy=lead_deputy,
        title=title,
        body=(body or "").strip(),
        category=category,
        channel=channel,
        period=period,
        region=region,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    suggestion.cosigners.set(cleaned)
    _record(
        suggestion=suggestion,
        kind=EventKind.CREATED,
        actor=actor,
        at=_now(now),
        summary=f"保存建议草稿《{title}》",
    )
    return suggestion


@transaction.atomic
def suggestion_update_draft(*, suggestion: Suggestion, actor, **fields) -> Suggestion:
    """Change a draft (or an item returned for clarification); only given fields."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown suggestion fields: {sorted(unknown)}")
    suggestion = _lock_suggestion(suggestion)
    if not can_edit_suggestion(actor, suggestion):
        raise _denied("只有领衔代表或录入人可以修改建议。")
    if not suggestion.can_edit():
        raise _wrong_state(suggestion, "修改")
    if "title" in fields:
        fields["title"] = _text(fields["title"], field="title", label="标题")
        if len(fields["title"]) > TITLE_MAX_LENGTH:
            raise _bad(f"标题不能超过 {TITLE_MAX_LENGTH} 个字。", "title")
    if "body" in fields:
        fields["body"] = (fields["body"] or "").strip()
    if "category" in fields:
        _check_choice(fields["category"], Category, field="category", label="类别")
    if "channel" in fields:
        _check_choice(fields["channel"], Channel, field="channel", label="渠道")
    if "period" in fields:
        _check_choice(fields["period"], Period, field="period", label="提出时间")
    if "region" in fields:
        _check_region(fields["region"], suggestion.congress)
    cosigners = fields.pop("cosigners", None)
    changed = [
        key for key, value in fields.items() if getattr(suggestion, key) != value
    ]
    for key in changed:
        setattr(suggestion, key, fields[key])
    if changed:
        suggestion.save(update_fields=[*changed, "updated_at"])
    if cosigners is not None:
        cleaned = _clean_cosigners(
            cosigners, lead_deputy=suggestion.lead_deputy, term=suggestion.term
        )
        suggestion.cosigners.set(cleaned)
        changed.append("cosigners")
    if changed:
        action_log_record(
            actor=actor,
            action="suggestion.update_draft",
            target=suggestion,
            summary=f"修改建议草稿《{suggestion.title}》",
            data={"fields": sorted(changed)},
        )
    return suggestion


# Intake ------------------------------------------------------------------------


@transaction.atomic
def suggestion_submit(
    *,
    suggestion: Suggestion,
    actor,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Submit a draft (or resubmit an item returned for clarification) to staff."""
    suggestion = _lock_suggestion(suggestion)
    first = _idempotent(
        actor=actor, scope=SCOPE_SUBMIT, key=idempotency_key, model=Suggestion
    )
    if first is not None:
        if first.pk != suggestion.pk:
            raise Conflict(
                "该幂等键已用于提交另一件建议，请使用新的幂等键。",
                code="suggestions.idempotency_key_reused",
                field="idempotency_key",
            )
        return first
    if not can_edit_suggestion(actor, suggestion):
        raise _denied("只有领衔代表或录入人可以提交建议。")
    if not suggestion.can_submit():
        raise _wrong_state(suggestion, "提交")
    if not suggestion.body.strip():
        raise _bad("请填写建议内容后再提交。", "body")
    at = _now(now)
    resubmit = suggestion.status == SuggestionStatus.RETURNED_FOR_CLARIFICATION
    suggestion.status = SuggestionStatus.SUBMITTED
    update_fields = ["status", "updated_at"]
    if suggestion.submitted_at is None:
        suggestion.submitted_at = at
        update_fields.append("submitted_at")
    suggestion.save(update_fields=update_fields)
    _record(
        suggestion=suggestion,
        kind=EventKind.RESUBMITTED if resubmit else EventKind.SUBMITTED,
        actor=actor,
        at=at,
        summary=f"提交建议《{suggestion.title}》",
    )
    _remember(actor=actor, scope=SCOPE_SUBMIT, key=idempotency_key, result=suggestion)
    return suggestion


@transaction.atomic
def suggestion_accept(
    *, suggestion: Suggestion, actor, now: dt.datetime | None = None
) -> Suggestion:
    """Accept a submitted suggestion for handling (审查立案)."""
    suggestion = _lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise _denied()
    if not suggestion.can_accept():
        raise _wrong_state(suggestion, "立案")
    at = _now(now)
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.accepted_at = at
    suggestion.save(update_fields=["status", "accepted_at", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.ACCEPTED,
        actor=actor,
        at=at,
        summary=f"建议《{suggestion.title}》立案",
    )
    return suggestion


@transaction.atomic
def suggestion_return_for_clarification(
    *, suggestion: Suggestion, reason: str, actor, now: dt.datetime | None = None
) -> Suggestion:
    """Send a submitted suggestion back to the deputy to clarify or complete it."""
    suggestion = _lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise _denied()
    if not suggestion.can_return_for_clarification():
        raise _wrong_state(suggestion, "退回补充")
    reason = _text(reason, field="reason", label="退回补充的说明")
    at = _now(now)
    suggestion.status = SuggestionStatus.RETURNED_FOR_CLARIFICATION
    suggestion.clarification_note = reason
    suggestion.save(update_fields=["status", "clarification_note", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.RETURNED_FOR_CLARIFICATION,
        actor=actor,
        at=at,
        summary=f"建议《{suggestion.title}》退回补充",
        data={"reason": reason},
    )
    return suggestion


@transaction.atomic
def suggestion_reject(
    *, suggestion: Suggestion, reason: str, actor, now: dt.datetime | None = None
) -> Suggestion:
    """Decline to register a suggestion (不予立案); it goes on as a letter."""
    suggestion = _lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise _denied()
    if not suggestion.can_reject():
        raise _wrong_state(suggestion, "不予立案")
    reason = _text(reason, field="reason", label="不予立案的理由")
    at = _now(now)
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.reject_reason = reason
    suggestion.save(update_fields=["status", "reject_reason", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.REJECTED,
        actor=actor,
        at=at,
        summary=f"建议《{suggestion.title}》不予立案，转来信处理",
        data={"reason": reason},
    )
    return suggestion


# Assignment ----------------------------------------------------------------------


def _clean_units(
    units: Sequence[tuple[HandlingUnit, str]], suggestion: Suggestion
) -> list[tuple[HandlingUnit, str]]:
    if not units:
        raise _bad("请选择承办单位。", "units")
    cleaned: list[tuple[HandlingUnit, str]] = []
    seen: set[int] = set()
    live = set(
        suggestion.assignments.filter(status__in=LIVE_ASSIGNMENT_STATUSES).values_list(
            "handling_unit_id", flat=True
        )
    )
    for position, item in enumerate(units, start=1):
        try:
            unit, role = item
        except (TypeError, ValueError):
            raise _bad(f"第 {position} 个承办单位格式有误。", "units") from None
        if not isinstance(unit, HandlingUnit) or role not in AssignmentRole.values:
            raise _bad(f"第 {position} 个承办单位或承办方式无效。", "units")
        if unit.pk in seen:
            raise _bad(f"承办单位“{unit.name}”重复。", "units")
        if not unit.is_active:
            raise _bad(f"承办单位“{unit.name}”已停用。", "units")
        if unit.pk in live:
            raise _bad(f"承办单位“{unit.name}”已在办理该建议。", "units")
        seen.add(unit.pk)
        cleaned.append((unit, AssignmentRole(role)))
    if not any(role in ANSWERING_ROLES for _unit, role in cleaned):
        raise _bad("请至少指定一个主办（或分办）单位。", "units")
    return cleaned


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    units: Sequence[tuple[HandlingUnit, str]],
    actor,
    now: dt.datetime | None = None,
) -> list[Assignment]:
    """Assign an accepted suggestion to handling units (交办), with their deadlines."""
    suggestion = _lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise _denied()
    if not suggestion.can_assign():
        if suggestion.status == SuggestionStatus.ASSIGNED:
            raise _invalid(
                "该建议已由其他工作人员交办，请刷新页面查看交办情况。",
                code="suggestions.already_assigned",
            )
        raise _wrong_state(suggestion, "交办")
    cleaned = _clean_units(units, suggestion)
    at = _now(now)
    start = timezone.localdate(at)
    assignments = []
    for unit, role in cleaned:
        due = rules.assignment_due(suggestion.channel, role, start)
        assignment = Assignment.objects.create(
            suggestion=suggestion,
            handling_unit=unit,
            role=role,
            assigned_at=at,
            assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
            due_at=due.due,
            due_provisional=due.provisional,
        )
        assignments.append(assignment)
        _record(
            suggestion=suggestion,
            kind=EventKind.ASSIGNED,
            actor=actor,
            at=at,
            summary=f"建议《{suggestion.title}》交{unit.name}{role.label}",
            data={
                "unit": unit.pk,
                "unit_name": unit.name,
                "role": role.value,
                "due_at": due.due.isoformat(),
                "due_provisional": due.provisional,
            },
            assignment=assignment,
        )
    suggestion.status = SuggestionStatus.ASSIGNED
    suggestion.save(update_fields=["status", "updated_at"])
    return assignments


def _live_answering(suggestion: Suggestion):
    return suggestion.assignments.filter(
        role__in=ANSWERING_ROLES, status__in=LIVE_ASSIGNMENT_STATUSES
    )


def _maybe_all_replied(*, suggestion: Suggestion, actor, at: dt.datetime) -> None:
    """Move the suggestion to REPLIED once every answering unit has replied."""
    if not suggestion_can(suggestion.status, "all_replied"):
        return
    answering = _live_answering(suggestion)
    if not answering.exists():
        return
    if answering.exclude(status=AssignmentStatus.REPLIED).exists():
        return
    suggestion.status = SuggestionStatus.REPLIED
    suggestion.replied_at = at
    suggestion.save(update_fields=["status", "replied_at", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.ALL_REPLIED,
        actor=actor,
        at=at,
        summary=f"建议《{suggestion.title}》全部答复，进入满意度测评",
        audit=False,
    )


@transaction.atomic
def assignment_return(
    *, assignment: Assignment, reason: str, actor, now: dt.datetime | None = None
) -> Assignment:
    """Return a misrouted assignment to staff, within the return window."""
    suggestion, assignment = _lock_assignment(assignment)
    if not can_handle_assignment(actor, assignment):
        raise _denied("只有承办单位的工作人员可以申请退回。")
    if not suggestion.can_handle():
        raise _wrong_state(suggestion, "退回")
    if not assignment.can_return():
        raise _wrong_assignment_state(assignment, "退回")
    at = _now(now)
    if not rules.return_window_open(assignment, timezone.localdate(at)):
        deadline = rules.return_deadline(assignment)
        raise _invalid(
            f"交办已超过 {rules.return_window_working_days()} 个工作日"
            f"（退回期限至 {deadline:%Y年%m月%d日}），不能退回，请按期办理。",
            code="suggestions.return_window_passed",
        )
    reason = _text(reason, field="reason", label="退回理由")
    assignment.status = AssignmentStatus.RETURNED
    assignment.returned_at = at
    assignment.return_reason = reason
    assignment.save(
        update_fields=["status", "returned_at", "return_reason", "updated_at"]
    )
    back_to_staff = (
        assignment.role in ANSWERING_ROLES
        and suggestion_can(suggestion.status, "back_to_staff")
        and not _live_answering(suggestion).exists()
    )
    if back_to_staff:
        # The clock stops: no unit holds the item until staff assign it again.
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.save(update_fields=["status", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.ASSIGNMENT_RETURNED,
        actor=actor,
        at=at,
        summary=f"{assignment.handling_unit.name}退回建议《{suggestion.title}》",
        data={
            "unit": assignment.handling_unit_id,
            "reason": reason,
            "back_to_staff": back_to_staff,
        },
        assignment=assignment,
    )
    if not back_to_staff:
        _maybe_all_replied(suggestion=suggestion, actor=actor, at=at)
    return assignment


# Extensions ----------------------------------------------------------------------


def _check_extendable(suggestion: Suggestion, assignment: Assignment) -> None:
    if not suggestion.can_handle():
        raise _wrong_state(suggestion, "延期")
    if not rules.extension_allowed_for_channel(suggestion.channel):
        raise _invalid(
            f"{Channel(suggestion.channel).label}事项须按期答复，不能延期。",
            code="suggestions.extension_not_allowed",
        )
    if not assignment.can_extend():
        raise _wrong_assignment_state(assignment, "延期")
    if rules.extensions_used(assignment) >= rules.max_extensions():
        raise _invalid(
            "该交办事项已经延期过，不能再次延期。", code="suggestions.extension_used"
        )


def _check_months(months: object) -> int:
    if not rules.extension_months_valid(months):
        raise _bad(
            f"延期月数须为 1 到 {rules.max_extension_months()} 之间的整数。", "months"
        )
    return months


def _apply_extension(
    *, extension: ExtensionRequest, assignment: Assignment, actor, at: dt.datetime
) -> None:
    new_due = rules.extended_due(assignment.due_at, extension.months)
    extension.status = ExtensionStatus.APPROVED
    extension.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    extension.decided_at = at
    extension.old_due_at = assignment.due_at
    extension.new_due_at = new_due.due
    assignment.due_at = new_due.due
    assignment.due_provisional = assignment.due_provisional or new_due.provisional
    assignment.save(update_fields=["due_at", "due_provisional", "updated_at"])


@transaction.atomic
def extension_request(
    *,
    assignment: Assignment,
    months: int,
    reason: str,
    actor,
    now: dt.datetime | None = None,
) -> ExtensionRequest:
    """Ask staff to extend a formal suggestion's deadline (once, by up to 3 months)."""
    suggestion, assignment = _lock_assignment(assignment)
    if not can_handle_assignment(actor, assignment):
        raise _denied("只有承办单位的工作人员可以申请延期。")
    _check_extendable(suggestion, assignment)
    if assignment.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise _invalid(
            "已有待审批的延期申请，请等待审批结果。",
            code="suggestions.extension_pending",
        )
    months = _check_months(months)
    reason = _text(reason, field="reason", label="延期理由")
    at = _now(now)
    extension = ExtensionRequest.objects.create(
        assignment=assignment,
        months=months,
        reason=reason,
        requested_by=actor,
        requested_at=at,
    )
    _record(
        suggestion=suggestion,
        kind=EventKind.EXTENSION_REQUESTED,
        actor=actor,
        at=at,
        summary=f"{assignment.handling_unit.name}申请建议《{suggestion.title}》延期{months}个月",
        data={"extension": extension.pk, "months": months, "reason": reason},
        assignment=assignment,
    )
    return extension


@transaction.atomic
def extension_decide(
    *,
    extension: ExtensionRequest,
    approve: bool,
    actor,
    note: str = "",
    months: int | None = None,
    now: dt.datetime | None = None,
) -> ExtensionRequest:
    """Approve or decline a unit's extension request; approval moves the deadline.

    ``months`` lets staff approve fewer months than requested (never more).
    """
    suggestion, assignment = _lock_assignment(extension.assignment)
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if not can_review_suggestion(actor, suggestion):
        raise _denied()
    if extension.status != ExtensionStatus.PENDING:
        raise _invalid("该延期申请已审批。", code="suggestions.extension_decided")
    _check_extendable(suggestion, assignment)
    note = _text(note, field="note", label="不批准的理由", required=not approve)
    if approve and months is not None:
        months = _check_months(months)
        if months > extension.months:
            raise _bad(
                f"批准的延期月数不能超过申请的 {extension.months} 个月。", "months"
            )
        extension.months = months
    at = _now(now)
    if approve:
        _apply_extension(extension=extension, assignment=assignment, actor=actor, at=at)
    else:
        extension.status = ExtensionStatus.DECLINED
        extension.decided_by = actor
        extension.decided_at = at
    extension.decision_note = note
    extension.save(
        update_fields=[
            "months",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "old_due_at",
            "new_due_at",
            "updated_at",
        ]
    )
    _record(
        suggestion=suggestion,
        kind=EventKind.EXTENSION_APPROVED if approve else EventKind.EXTENSION_DECLINED,
        actor=actor,
        at=at,
        summary=f"{'批准' if approve else '不批准'}{assignment.handling_unit.name}"
        f"延期办理建议《{suggestion.title}》",
        data={
            "extension": extension.pk,
            "months": extension.months,
            "note": note,
            "due_at": assignment.due_at.isoformat(),
        },
        assignment=assignment,
    )
    return extension


@transaction.atomic
def suggestion_extend(
    *,
    assignment: Assignment,
    months: int,
    reason: str,
    actor,
    now: dt.datetime | None = None,
) -> ExtensionRequest:
    """Extend a formal suggestion's deadline directly (staff, on the unit's request)."""
    suggestion, assignment = _lock_assignment(assignment)
    if not can_review_suggestion(actor, suggestion):
        raise _denied()
    _check_extendable(suggestion, assignment)
    months = _check_months(months)
    reason = _text(reason, field="reason", label="延期理由")
    at = _now(now)
    pending = assignment.extension_requests.filter(
        status=ExtensionStatus.PENDING
    ).first()
    extension = pending or ExtensionRequest(
        assignment=assignment, requested_by=actor, requested_at=at
    )
    extension.months = months
    extension.reason = reason
    _apply_extension(extension=extension, assignment=assignment, actor=actor, at=at)
    extension.save()
    _record(
        suggestion=suggestion,
        kind=EventKind.EXTENSION_APPROVED,
        actor=actor,
        at=at,
        summary=f"批准{assignment.handling_unit.name}延期{months}个月办理建议《{suggestion.title}》",
        data={
            "extension": extension.pk,
            "months": months,
            "reason": reason,
            "due_at": assignment.due_at.isoformat(),
        },
        assignment=assignment,
    )
    return extension


# Replies and feedback ------------------------------------------------------------


@transaction.atomic
def reply_create(
    *,
    assignment: Assignment,
    text: str,
    outcome: str,
    signed_by: str,
    met_deputy_first: bool,
    actor,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Reply:
    """Record a unit's reply; the suggestion is replied once every answering unit is."""
    suggestion, assignment = _lock_assignment(assignment)
    first = _idempotent(
        actor=actor, scope=SCOPE_REPLY, key=idempotency_key, model=Reply
    )
    if first is not None:
        if first.assignment_id != assignment.pk:
            raise Conflict(
                "该幂等键已用于另一件答复，请使用新的幂等键。",
                code="suggestions.idempotency_key_reused",
                field="idempotency_key",
            )
        return first
    if not can_handle_assignment(actor, assignment):
        raise _denied("只有承办单位的工作人员可以答复。")
    if not suggestion.can_handle():
        raise _wrong_state(suggestion, "答复")
    if not assignment.can_reply():
        raise _wrong_assignment_state(assignment, "答复")
    text = _text(text, field="text", label="答复内容", max_length=None)
    signed_by = _text(signed_by, field="signed_by", label="签发人")
    if len(signed_by) > Reply._meta.get_field("signed_by").max_length:
        raise _bad("签发人姓名过长。", "signed_by")
    answering = assignment.role in ANSWERING_ROLES
    if answering and outcome not in ReplyOutcome.values:
        raise _bad("请选择答复分类（A、B 或 C）。", "outcome")
    if not answering and outcome and outcome not in ReplyOutcome.values:
        raise _bad("答复分类无效。", "outcome")
    at = _now(now)
    reply = Reply.objects.create(
        assignment=assignment,
        text=text,
        outcome=outcome or "",
        signed_by=signed_by,
        met_deputy_first=bool(met_deputy_first),
        replied_at=at,
        due_at=assignment.due_at,
        created_by=actor,
    )
    assignment.status = AssignmentStatus.REPLIED
    assignment.save(update_fields=["status", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.REPLIED,
        actor=actor,
        at=at,
        summary=f"{assignment.handling_unit.name}答复建议《{suggestion.title}》",
        data={
            "reply": reply.pk,
            "unit": assignment.handling_unit_id,
            "role": assignment.role,
            "outcome": reply.outcome,
            "on_time": reply.on_time,
        },
        assignment=assignment,
    )
    if answering:
        _maybe_all_replied(suggestion=suggestion, actor=actor, at=at)
    _remember(actor=actor, scope=SCOPE_REPLY, key=idempotency_key, result=reply)
    return reply


def _close(
    *, suggestion: Suggestion, reason: str, actor, at: dt.datetime, data: dict
) -> None:
    suggestion.status = SuggestionStatus.CLOSED
    suggestion.closed_at = at
    suggestion.close_reason = reason
    suggestion.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.CLOSED,
        actor=actor,
        at=at,
        summary=f"建议《{suggestion.title}》办结（{CloseReason(reason).label}）",
        data={"reason": reason, **data},
    )


def _all_rated_satisfactory(suggestion: Suggestion) -> bool:
    for assignment in _live_answering(suggestion):
        if assignment.status != AssignmentStatus.REPLIED:
            return False
        latest = assignment.replies.order_by("-replied_at", "-id").first()
        feedback = getattr(latest, "feedback", None) if latest else None
        if feedback is None or feedback.rating not in SATISFACTORY_RATINGS:
            return False
    return True


@transaction.atomic
def feedback_create(
    *,
    reply: Reply,
    rating: str,
    reason: str = "",
    actor,
    now: dt.datetime | None = None,
) -> Feedback:
    """Record the lead deputy's rating of a reply; 不满意 sends it back to the unit."""
    suggestion, assignment = _lock_assignment(reply.assignment)
    if not can_rate_reply(actor, suggestion):
        raise _denied("只有领衔代表可以测评答复。")
    if not suggestion.can_rate():
        raise _wrong_state(suggestion, "测评")
    if assignment.role not in ANSWERING_ROLES:
        raise _invalid(
            "会办单位的意见送主办单位，不需测评。", code="suggestions.not_rateable"
        )
    at = _now(now)
    if not rules.rating_window_open(suggestion, timezone.localdate(at)):
        # The window has passed even if the daily job has not closed the item yet.
        last_day = rules.rating_deadline(suggestion)
        raise InvalidTransition(
            f"测评期限已于{last_day.year}年{last_day.month}月{last_day.day}日届满，"
            "该建议按规定办结，不能再测评。",
            code="suggestions.rating_window_passed",
        )
    if Feedback.objects.filter(reply=reply).exists():
        raise _invalid("该答复已测评。", code="suggestions.already_rated")
    latest = assignment.replies.order_by("-replied_at", "-id").first()
    if assignment.status != AssignmentStatus.REPLIED or latest.pk != reply.pk:
        raise _invalid("只能测评承办单位的最新答复。", code="suggestions.not_rateable")
    _check_choice(rating, Rating, field="rating", label="测评结果")
    reason = _text(
        reason,
        field="reason",
        label="不满意的理由",
        required=rating == Rating.UNSATISFIED,
    )
    feedback = Feedback.objects.create(
        reply=reply,
        rating=rating,
        reason=reason,
        deputy=suggestion.lead_deputy,
        rated_at=at,
        created_by=actor,
    )
    _record(
        suggestion=suggestion,
        kind=EventKind.RATED,
        actor=actor,
        at=at,
        summary=f"代表测评{assignment.handling_unit.name}的答复：{Rating(rating).label}",
        data={"reply": reply.pk, "rating": rating, "reason": reason},
        assignment=assignment,
    )
    if rating == Rating.UNSATISFIED:
        due = rules.rehandling_due(timezone.localdate(at))
        assignment.status = AssignmentStatus.REHANDLING
        assignment.due_at = due.due
        assignment.due_provisional = due.provisional
        assignment.save(
            update_fields=["status", "due_at", "due_provisional", "updated_at"]
        )
        suggestion.status = SuggestionStatus.REOPENED
        suggestion.save(update_fields=["status", "updated_at"])
        _record(
            suggestion=suggestion,
            kind=EventKind.REOPENED,
            actor=actor,
            at=at,
            summary=f"建议《{suggestion.title}》交{assignment.handling_unit.name}重新办理",
            data={"reason": reason, "due_at": due.due.isoformat()},
            assignment=assignment,
        )
    elif suggestion.can_close() and _all_rated_satisfactory(suggestion):
        _close(
            suggestion=suggestion, reason=CloseReason.RATED, actor=actor, at=at, data={}
        )
    return feedback


def suggestion_close_expired(
    *, today: dt.date, actor=None, now: dt.datetime | None = None
) -> list[Suggestion]:
    """Close replied suggestions whose rating window has passed (run daily)."""
    if not can_close_expired(actor):
        raise _denied()
    earliest = rules.rating_window_earliest_reply(today)
    candidates = Suggestion.objects.filter(
        status=SuggestionStatus.REPLIED,
        merged_into__isnull=True,
        replied_at__date__lt=earliest,
    ).values_list("pk", flat=True)
    closed = []
    for pk in list(candidates):
        with transaction.atomic():
            suggestion = _lock_suggestion(Suggestion(pk=pk))
            if not suggestion.can_close() or suggestion.replied_at is None:
                continue
            if rules.rating_window_open(suggestion, today):
                continue
            deadline = rules.rating_deadline(suggestion)
            _close(
                suggestion=suggestion,
                reason=CloseReason.RATING_WINDOW_PASSED,
                actor=actor,
                at=_now(now),
                data={"rating_deadline": deadline.isoformat()},
            )
            closed.append(suggestion)
    return closed


# Merging and key suggestions -----------------------------------------------------


@transaction.atomic
def suggestion_merge(
    *,
    primary: Suggestion,
    others: Sequence[Suggestion],
    actor,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Merge similar suggestions into a primary (并案); each deputy still gets the answer."""
    other_ids = [other.pk for other in others]
    if not other_ids:
        raise _bad("请选择要并入的建议。", "others")
    if primary.pk in other_ids:
        raise _bad("主建议不能并入自身。", "others")
    if len(set(other_ids)) != len(other_ids):
        raise _bad("要并入的建议有重复。", "others")
    locked = {
        row.pk: row
        for row in Suggestion.objects.select_for_update()
        .filter(pk__in=[primary.pk, *other_ids])
        .order_by("pk")
    }
    primary = locked[primary.pk]
    merged = [locked[pk] for pk in other_ids]
    for suggestion in [primary, *merged]:
        if not can_review_suggestion(actor, suggestion):
            raise _denied()
    if primary.merged_into_id is not None or not suggestion_can(
        primary.status, "merge_primary"
    ):
        raise _wrong_state(primary, "作为主建议并案")
    for other in merged:
        if other.congress_id != primary.congress_id:
            raise _bad(f"“{other.title}”与主建议不属于同一人大。", "others")
        if other.merged_into_id is not None or not suggestion_can(
            other.status, "merge_into"
        ):
            raise _wrong_state(other, "并案")
        if other.merged_items.exists():
            raise _invalid(
                f"“{other.title}”已有其他建议并入，不能再并入别的建议。",
                code="suggestions.merge_chain",
            )
    at = _now(now)
    for other in merged:
        other.merged_into = primary
        other.save(update_fields=["merged_into", "updated_at"])
        _record(
            suggestion=other,
            kind=EventKind.MERGED,
            actor=actor,
            at=at,
            summary=f"建议《{other.title}》并入《{primary.title}》",
            data={"primary": primary.pk, "primary_title": primary.title},
        )
    _record(
        suggestion=primary,
        kind=EventKind.MERGED,
        actor=actor,
        at=at,
        summary=f"{len(merged)} 件建议并入《{primary.title}》",
        data={"merged": other_ids},
    )
    return primary


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    overseer: CommitteeMember,
    actor,
    source: str = KeySource.STAFF,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Mark a suggestion as key (重点建议) under a leadership member's oversight."""
    suggestion = _lock_suggestion(suggestion)
    if not can_mark_key(actor, suggestion):
        raise _denied()
    if not suggestion.can_mark_key():
        raise _wrong_state(suggestion, "确定为重点建议")
    _check_choice(source, KeySource, field="source", label="确定方式")
    if (
        not overseer.is_leadership
        or overseer.standing_committee.term.congress_id != suggestion.congress_id
    ):
        raise _bad(
            "督办领导须为本级人大常委会班子成员（主任、副主任、秘书长）。", "oversight"
        )
    at = _now(now)
    suggestion.is_key = True
    suggestion.oversight = overseer
    suggestion.key_source = source
    suggestion.save(update_fields=["is_key", "oversight", "key_source", "updated_at"])
    _record(
        suggestion=suggestion,
        kind=EventKind.MARKED_KEY,
        actor=actor,
        at=at,
        summary=f"建议《{suggestion.title}》确定为重点建议，由{overseer.deputy.name}督办",
        data={"oversight": overseer.pk, "source": source},
    )
    return suggestion
