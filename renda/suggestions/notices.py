"""Who is told what when a suggestion moves: one function per event kind.

A transition service records its event and calls ``schedule(event)``; the
notice is sent by ``transaction.on_commit``, so a transition that rolls back
tells no one. Each kind's function reads the event afresh after the commit and
sends in-app notices through ``renda.notifications.services.notification_send``
(deduplicated per event and recipient, so a retried callback sends once).

| event                          | told                                   |
|--------------------------------|----------------------------------------|
| ASSIGNED                       | the unit's staff                       |
| REPLIED (主办/分办)            | the lead deputy and the cosigners      |
| ASSIGNMENT_RETURNED            | the congress's committee staff         |
| EXTENSION_REQUESTED            | the congress's committee staff         |
| EXTENSION_APPROVED / DECLINED  | the unit's staff                       |
| RATED 不满意                   | the unit's staff and committee staff   |
| ASSIGNMENT_WITHDRAWN           | the unit's staff                       |
| PREPARED (a station's draft)   | the lead deputy                        |
| INSTRUCTED (政府领导签批)      | the congress's committee staff         |
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction
from django.urls import NoReverseMatch, reverse

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.notifications.services import notification_send

from .choices import (
    ANSWERING_ROLES,
    AssignmentRole,
    EventKind,
    Rating,
    ReplyOutcome,
)
from .models import Suggestion, SuggestionEvent

KIND = NotificationKind.SUGGESTION_PROGRESS

# Pages a notice links to: (url name, takes the object's pk). The first name
# that resolves wins; an unknown name leaves the notice without a link.
UNIT_URLS = (("suggestions:unit_reply", True), ("suggestions:unit_inbox", False))
STAFF_URLS = (("suggestions:detail", True), ("suggestions:staff_inbox", False))
STAFF_EXTENSION_URLS = (("suggestions:staff_extensions", False),)
DEPUTY_URLS = (("suggestions:detail", True), ("suggestions:my", False))


def first_url(candidates, pk: int | None = None) -> str:
    """Return the first of the candidate pages that resolves ("" if none does)."""
    for name, takes_pk in candidates:
        try:
            return reverse(name, args=[pk] if takes_pk else [])
        except NoReverseMatch:
            continue
    return ""


# Recipients ------------------------------------------------------------------------


def _users(**filters) -> list:
    rows = RoleAssignment.objects.filter(user__is_active=True, **filters)
    return [row.user for row in rows.select_related("user").order_by("user_id")]


def unit_staff(unit_id: int) -> list:
    """Return the active accounts of a handling unit's staff."""
    return _users(role=Role.UNIT_STAFF, handling_unit_id=unit_id)


def committee_staff(congress_id: int) -> list:
    """Return the active accounts of a congress's committee staff."""
    return _users(role=Role.COMMITTEE_STAFF, congress_id=congress_id)


def deputies_of(suggestion: Suggestion) -> list:
    """Return the active accounts of the lead deputy and the cosigners."""
    deputy_ids = [
        suggestion.lead_deputy_id,
        *suggestion.cosigners.values_list("pk", flat=True),
    ]
    return _users(role=Role.DEPUTY, deputy_id__in=deputy_ids)


# Words -----------------------------------------------------------------------------


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _said(text: str) -> str:
    """Return a person's words as a sentence: one full stop, never two."""
    text = (text or "").strip()
    return text if not text or text[-1] in "。！？.!?…" else f"{text}。"


def _role(value) -> str:
    return str(AssignmentRole(value).label)


def _send(
    event: SuggestionEvent,
    recipients: Iterable,
    *,
    title: str,
    body: str,
    url: str,
    group: str = "",
) -> list[Notification]:
    return notification_send(
        recipients=recipients,
        kind=KIND,
        title=title,
        body=body,
        url=url,
        target=event.suggestion,
        dedupe_key=f"suggestion-event:{event.pk}{':' + group if group else ''}",
    )


# One function per event kind ---------------------------------------------------------


def notify_assigned(event: SuggestionEvent) -> list[Notification]:
    """Tell the unit's staff of a new assignment and its deadline."""
    assignment = event.assignment
    suggestion = event.suggestion
    body = (
        f"建议《{suggestion.title}》已交贵单位{_role(assignment.role)}，"
        f"办理期限为{_date(assignment.due_at)}。"
    )
    if assignment.role == AssignmentRole.COORDINATING:
        body += "请报政府领导签批后转交承办部门办理，登记领导批示。"
    elif assignment.role not in ANSWERING_ROLES:
        body += "请在期限内将会办意见送主办单位。"
    else:
        body += "请按期答复代表。"
    return _send(
        event,
        unit_staff(assignment.handling_unit_id),
        title=f"新交办：{suggestion.title}",
        body=body,
        url=first_url(UNIT_URLS, assignment.pk),
    )


def notify_replied(event: SuggestionEvent) -> list[Notification]:
    """Tell the lead deputy and the cosigners that a unit answered them."""
    assignment = event.assignment
    if assignment.role not in ANSWERING_ROLES:
        # A 会办 opinion goes to the lead unit, not to the deputies.
        return []
    suggestion = event.suggestion
    outcome = event.data.get("outcome")
    label = f"（{ReplyOutcome(outcome).label}）" if outcome else ""
    return _send(
        event,
        deputies_of(suggestion),
        title=f"已答复：{suggestion.title}",
        body=(
            f"{assignment.handling_unit.name}已答复建议《{suggestion.title}》{label}。"
            "请查看答复内容；领衔代表可在测评期限内进行满意度测评。"
        ),
        url=first_url(DEPUTY_URLS, suggestion.pk),
    )


def notify_assignment_returned(event: SuggestionEvent) -> list[Notification]:
    """Tell committee staff that a unit returned an item as misrouted."""
    suggestion = event.suggestion
    body = (
        f"{event.assignment.handling_unit.name}申请退回建议《{suggestion.title}》，"
        f"理由：{_said(event.data['reason'])}"
    )
    if event.data.get("back_to_staff"):
        body += "该建议已无承办单位，请重新交办。"
    return _send(
        event,
        committee_staff(suggestion.congress_id),
        title=f"承办单位退回：{suggestion.title}",
        body=body,
        url=first_url(STAFF_URLS, suggestion.pk),
    )


def notify_extension_requested(event: SuggestionEvent) -> list[Notification]:
    """Tell committee staff that a unit asks for more time."""
    suggestion = event.suggestion
    return _send(
        event,
        committee_staff(suggestion.congress_id),
        title=f"延期申请：{suggestion.title}",
        body=(
            f"{event.assignment.handling_unit.name}申请建议《{suggestion.title}》"
            f"延期{event.data['months']}个月办理，理由：{_said(event.data['reason'])}请审批。"
        ),
        url=first_url(STAFF_EXTENSION_URLS),
    )


def notify_extension_decided(event: SuggestionEvent) -> list[Notification]:
    """Tell the unit's staff of the decision on its extension."""
    assignment = event.assignment
    suggestion = event.suggestion
    due = _date(assignment.due_at)
    if event.kind == EventKind.EXTENSION_APPROVED:
        title = f"延期已批准：{suggestion.title}"
        body = (
            f"建议《{suggestion.title}》已批准延期{event.data['months']}个月，"
            f"新的办理期限为{due}。"
        )
    else:
        title = f"延期未批准：{suggestion.title}"
        body = f"建议《{suggestion.title}》的延期申请未获批准，请按原期限{due}办理。"
    if event.data.get("reason"):
        body += f"意见：{_said(event.data['reason'])}"
    return _send(
        event,
        unit_staff(assignment.handling_unit_id),
        title=title,
        body=body,
        url=first_url(UNIT_URLS, assignment.pk),
    )


def notify_rated(event: SuggestionEvent) -> list[Notification]:
    """Tell the unit and committee staff that the deputy is not satisfied."""
    if event.data.get("rating") != Rating.UNSATISFIED:
        return []
    assignment = event.assignment
    suggestion = event.suggestion
    title = f"代表不满意：{suggestion.title}"
    body = (
        f"领衔代表对{assignment.handling_unit.name}关于建议《{suggestion.title}》"
        f"的答复不满意，意见：{_said(event.data['reason'])}"
        f"请于{_date(assignment.due_at)}前重新办理并答复。"
    )
    return [
        *_send(
            event,
            unit_staff(assignment.handling_unit_id),
            title=title,
            body=body,
            url=first_url(UNIT_URLS, assignment.pk),
            group="unit",
        ),
        *_send(
            event,
            committee_staff(suggestion.congress_id),
            title=title,
            body=body,
            url=first_url(STAFF_URLS, suggestion.pk),
            group="staff",
        ),
    ]


def notify_assignment_withdrawn(event: SuggestionEvent) -> list[Notification]:
    """Tell the unit's staff that the item was taken back from them."""
    assignment = event.assignment
    suggestion = event.suggestion
    return _send(
        event,
        unit_staff(assignment.handling_unit_id),
        title=f"交办已撤回：{suggestion.title}",
        body=(
            f"工作机构撤回了交贵单位{_role(assignment.role)}的建议《{suggestion.title}》，"
            f"理由：{_said(event.data['reason'])}贵单位无需再办理。"
        ),
        url=first_url((("suggestions:unit_inbox", False),)),
    )


def notify_instructed(event: SuggestionEvent) -> list[Notification]:
    """Tell committee staff that the government's leader signed the item."""
    suggestion = event.suggestion
    data = event.data
    return _send(
        event,
        committee_staff(suggestion.congress_id),
        title=f"政府领导已签批：{suggestion.title}",
        body=(
            f"{data['leader_title']}{data['leader_name']}已签批建议《{suggestion.title}》，"
            "政府办公室将转交承办部门办理。"
        ),
        url=first_url(STAFF_URLS, suggestion.pk),
    )


def notify_prepared(event: SuggestionEvent) -> list[Notification]:
    """Tell the lead deputy that a station prepared a draft for them to confirm."""
    suggestion = event.suggestion
    data = event.data
    return notification_send(
        recipients=_users(role=Role.DEPUTY, deputy_id=suggestion.lead_deputy_id),
        kind=NotificationKind.SUGGESTION_DRAFT,
        title=f"待确认的建议草稿：{suggestion.title}",
        body=(
            f"{data['station_name']} {data['prepared_by_name']}根据群众诉求为您代拟了"
            f"建议《{suggestion.title}》。请查看、修改后由您本人提交，或放弃该草稿。"
        ),
        url=first_url(DEPUTY_URLS, suggestion.pk),
        target=suggestion,
        dedupe_key=f"suggestion-event:{event.pk}",
    )


NOTICES: dict[str, Callable[[SuggestionEvent], list[Notification]]] = {
    EventKind.PREPARED: notify_prepared,
    EventKind.ASSIGNED: notify_assigned,
    EventKind.REPLIED: notify_replied,
    EventKind.ASSIGNMENT_RETURNED: notify_assignment_returned,
    EventKind.EXTENSION_REQUESTED: notify_extension_requested,
    EventKind.EXTENSION_APPROVED: notify_extension_decided,
    EventKind.EXTENSION_DECLINED: notify_extension_decided,
    EventKind.RATED: notify_rated,
    EventKind.ASSIGNMENT_WITHDRAWN: notify_assignment_withdrawn,
    EventKind.INSTRUCTED: notify_instructed,
}


def send(event_pk: int) -> list[Notification]:
    """Send the notices of one recorded event (runs after the commit)."""
    event = SuggestionEvent.objects.select_related(
        "suggestion", "assignment", "assignment__handling_unit"
    ).get(pk=event_pk)
    notify = NOTICES.get(event.kind)
    return notify(event) if notify else []


def schedule(event: SuggestionEvent) -> None:
    """Send the event's notices once the transaction commits (never on rollback).

    A notice that fails is logged, not raised: the step itself has happened.
    """
    if event.kind in NOTICES:
        transaction.on_commit(partial(send, event.pk), robust=True)
