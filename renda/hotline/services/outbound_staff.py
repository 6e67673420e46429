"""Staff's actions on a 12345 ticket: send a FAILED ticket again, and settle a
ticket held for a check (可能已送达，请核实) — not sent after all, or found in the
partner's system under its number.

Sending and answers are in ``outbound.py``; these writes only reset a ticket and
queue it, or record what staff found.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import action_log_record
from renda.core.state import transition

from .. import outbound_events as events
from ..choices import OutboundStatus
from ..models import OutboundTicket
from ..permissions import manages_partners
from .outbound import _clean, enqueue, partner_is_live, service_code_for


def _lock_for_staff(ticket: OutboundTicket, actor, refused: str) -> OutboundTicket:
    """Lock the ticket; refuse anyone who does not manage its partner."""
    ticket = (
        OutboundTicket.objects.select_for_update(of=("self",))
        .select_related("partner", "suggestion")
        .get(pk=ticket.pk)
    )
    if not manages_partners(actor, ticket.partner.congress_id):
        raise PermissionDenied(refused, code="hotline.forbidden")
    return ticket


def _held_for_check(ticket: OutboundTicket) -> None:
    if not ticket.needs_check or ticket.status != OutboundStatus.PENDING:
        raise ApplicationError("此工单不在待核实状态。", code="hotline.not_needs_check")


def _send_again(ticket, *, fields, now, actor, action: str, summary: str):
    """Save the reset ticket, record the retry, and queue the send on commit."""
    ticket.next_attempt_at = now
    ticket.last_error = ""
    ticket.save(update_fields=[*fields, "next_attempt_at", "last_error", "updated_at"])
    events.retried_event(ticket=ticket, at=now, actor=actor)
    action_log_record(actor=actor, action=action, target=ticket, summary=summary)
    ticket_id = ticket.pk
    transaction.on_commit(lambda: enqueue(ticket_id))
    return ticket


@transaction.atomic
def ticket_retry(
    *, ticket: OutboundTicket, actor, now: dt.datetime | None = None
) -> OutboundTicket:
    """Send a FAILED ticket again (staff, after fixing what the error said)."""
    ticket = _lock_for_staff(ticket, actor, "只有本级人大常委会工作人员可以重新发送。")
    if not partner_is_live(ticket.partner):
        raise ApplicationError(
            f"合作方“{ticket.partner.name}”已停用，无法重新发送。",
            code="hotline.partner_inactive",
        )
    changed = transition(ticket, "retry")
    ticket.service_code = service_code_for(ticket.partner, ticket.suggestion.category)
    ticket.attempts = 0
    return _send_again(
        ticket,
        fields=[*changed, "service_code", "attempts"],
        now=now or timezone.now(),
        actor=actor,
        action="hotline.ticket_retried",
        summary=f"重新发送建议《{ticket.suggestion.title}》至{ticket.partner.name}",
    )


@transaction.atomic
def ticket_confirm_not_sent(
    *, ticket: OutboundTicket, actor, now: dt.datetime | None = None
) -> OutboundTicket:
    """Staff checked the partner's system: the ticket is not there; send again."""
    ticket = _lock_for_staff(ticket, actor, "只有本级人大常委会工作人员可以重新发送。")
    _held_for_check(ticket)
    ticket.needs_check = False
    ticket.maybe_created = False
    ticket.post_times = []
    return _send_again(
        ticket,
        fields=["needs_check", "maybe_created", "post_times"],
        now=now or timezone.now(),
        actor=actor,
        action="hotline.ticket_confirmed_not_sent",
        summary=f"核实未送达，重新发送建议《{ticket.suggestion.title}》",
    )


@transaction.atomic
def ticket_enter_remote_id(
    *,
    ticket: OutboundTicket,
    service_request_id: str,
    actor,
    now: dt.datetime | None = None,
) -> OutboundTicket:
    """Staff found a held ticket in the partner's system: record its id (no resend)."""
    ticket = _lock_for_staff(
        ticket, actor, "只有本级人大常委会工作人员可以填写对方工单号。"
    )
    _held_for_check(ticket)
    remote_id = _clean(service_request_id, single_line=True)
    if not remote_id or len(remote_id) > 100:
        raise ApplicationError(
            "对方工单号应为 1 至 100 个字符。",
            code="hotline.invalid",
            field="service_request_id",
        )
    taken = OutboundTicket.objects.filter(
        partner=ticket.partner, service_request_id=remote_id
    ).exclude(pk=ticket.pk)
    if taken.exists():
        raise ApplicationError(
            f"对方工单号“{remote_id}”已属于另一件工单。",
            code="hotline.invalid",
            field="service_request_id",
        )
    now = now or timezone.now()
    changed = transition(ticket, "send")
    ticket.service_request_id = remote_id
    ticket.token = ""
    ticket.needs_check = False
    ticket.maybe_created = False
    ticket.last_error = ""
    ticket.next_attempt_at = None
    ticket.sent_at = now
    ticket.save(
        update_fields=[
            *changed,
            "service_request_id",
            "token",
            "needs_check",
            "maybe_created",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "updated_at",
        ]
    )
    events.found_existing_event(ticket=ticket, at=now, service_request_id=remote_id)
    action_log_record(
        actor=actor,
        action="hotline.ticket_remote_id_entered",
        target=ticket,
        summary=f"核实已送达，填写对方工单号 {remote_id}",
    )
    return ticket
