"""Sending a deputy's HOTLINE item to the partner's 12345 system, and its answer.

The flow (docs/hotline-client.md):

1. Staff assign a HOTLINE item to a partner's ``handling_unit``: inside the
   assignment's transaction ``ticket_open`` (an assignment hook) records an
   ``OutboundTicket`` (PENDING, its idempotency key fixed) and, on commit,
   queues ``ticket_send``. A category without a service code refuses the
   assignment with a message naming the partner and the category.
2. ``ticket_send`` claims the ticket (a conditional update, so two workers
   never send it at once) and POSTs it, the key as the attribute ``renda_key``
   and in the description. A failure is recorded with the next attempt moved
   back exponentially, or FAILED once the attempts are used up or the partner
   refused the request for good. **The idempotency guard**: the ticket is
   marked ``maybe_created`` before each POST and keeps the mark after any
   failure that may have reached the partner (a read timeout, a dropped
   connection, a 5xx, an unreadable answer); an attempt on a marked ticket
   first searches the partner's requests around the first attempt for the
   key and takes the ticket found instead of posting again.
3. ``tickets_poll`` (``manage.py hotline_poll``) asks the partner about the
   open tickets in batches; the push endpoint takes the same update from the
   partner. ``ticket_take_status`` records it; a closed ticket's notes become
   the assignment's reply, written by the partner's service account, once.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from renda.core.errors import ApplicationError
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.suggestions.choices import AssignmentStatus, Category, Channel
from renda.suggestions.models import Suggestion
from renda.suggestions.services import reply_create

from .. import outbound_events as events
from .. import outbound_rules as rules
from ..choices import OutboundStatus, PartnerChannel
from ..client import Open311Client, Open311Error, parse_w3c, w3c
from ..models import OutboundTicket, Partner

logger = logging.getLogger(__name__)

TASK_SEND = "renda.hotline.tasks.ticket_send"
KEY_ATTRIBUTE = "renda_key"
REPLYABLE = {AssignmentStatus.ASSIGNED, AssignmentStatus.REHANDLING}
CLOSED_WITHOUT_NOTES = "12345热线已办结此工单，未附答复说明。"
PARTNER_INACTIVE = "合作方已停用，未发送。请在合作方重新启用后重新发送。"
PARTNER_INACTIVE_POLL = "合作方已停用，不再查询对方状态。"
NO_ENDPOINT = "合作方未设置对方系统地址，未发送。请在“对方系统设置”中填写后重新发送。"
NO_ENDPOINT_POLL = "合作方未设置对方系统地址，不再查询对方状态。"
# Control characters a partner may send (NUL breaks PostgreSQL text); newlines
# and tabs stay in notes.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value, *, single_line: bool = False) -> str:
    """A partner's text without control characters (and, for ids, one line)."""
    text = CONTROL.sub("", str(value or ""))
    if single_line:
        text = re.sub(r"[\r\n\t]", "", text)
    return text.strip()


def key_marker(ticket: OutboundTicket) -> str:
    """The reference written into the description (echoed by every Open311 server)."""
    return f"renda:{ticket.idempotency_key}"


def partner_is_live(partner: Partner) -> bool:
    """An active, unrevoked partner (the only kind Renda calls)."""
    return partner.is_active and partner.revoked_at is None


def outbound_partner(*, unit_id: int, congress_id: int) -> Partner | None:
    """Return the active 12345 partner whose platform the unit stands for, if any."""
    return (
        Partner.objects.filter(
            handling_unit_id=unit_id,
            congress_id=congress_id,
            channel=PartnerChannel.HOTLINE,
            is_active=True,
            revoked_at__isnull=True,
        )
        .exclude(endpoint_url="")
        .select_related("user")
        .first()
    )


def service_code_for(partner: Partner, category: str) -> str:
    """Return the partner's service code of a Renda category, or refuse clearly."""
    code = (partner.service_map or {}).get(category)
    if not code:
        label = Category(category).label if category in Category.values else category
        raise ApplicationError(
            f"合作方“{partner.name}”没有为类别“{label}”配置12345服务代码，"
            "请先在合作方设置中补充，再交办。",
            code="hotline.service_code_missing",
            field="units",
        )
    return str(code)


def enqueue(ticket_id: int) -> None:
    """Queue one attempt at a ticket (the sweep queues it again if this is lost).

    No time travels through the queue: a task may run minutes after it was
    queued, and the attempt must claim and back off by the clock it runs at.
    """
    from django_q.tasks import async_task

    try:
        async_task(TASK_SEND, ticket_id, task_name=f"hotline-{ticket_id}")
    except Exception:
        logger.exception("Could not queue hotline ticket %s", ticket_id)


# The assignment hooks ------------------------------------------------------------


def ticket_open(*, assignment, actor, at) -> OutboundTicket | None:
    """Record the ticket of a HOTLINE item assigned to a partner's unit (a hook).

    Runs inside the assignment's transaction; the send is queued on commit.
    """
    suggestion = assignment.suggestion
    if suggestion.channel != Channel.HOTLINE:
        return None
    partner = outbound_partner(
        unit_id=assignment.handling_unit_id, congress_id=suggestion.congress_id
    )
    if partner is None:
        return None
    code = service_code_for(partner, suggestion.category)
    ticket = OutboundTicket.objects.create(
        assignment=assignment,
        suggestion=suggestion,
        partner=partner,
        service_code=code,
        next_attempt_at=at,
    )
    events.created_event(
        ticket=ticket,
        at=at,
        actor=actor,
        consent=suggestion.hotline_consent_at is not None,
    )
    action_log_record(
        actor=actor,
        action="hotline.ticket_opened",
        target=ticket,
        summary=f"建议《{suggestion.title}》转{partner.name}",
        data={"suggestion": suggestion.pk, "partner": partner.pk},
    )
    ticket_id = ticket.pk
    transaction.on_commit(lambda: enqueue(ticket_id))
    return ticket


def ticket_cancel(*, assignment, actor, at) -> OutboundTicket | None:
    """Cancel the ticket of a withdrawn assignment (a hook; a pending send stops)."""
    ticket = (
        OutboundTicket.objects.select_for_update(of=("self",))
        .filter(assignment=assignment)
        .first()
    )
    if ticket is None or not ticket.can("cancel"):
        return ticket
    changed = transition(ticket, "cancel")
    ticket.next_attempt_at = None
    ticket.save(update_fields=[*changed, "next_attempt_at", "updated_at"])
    events.cancelled_event(
        ticket=ticket, at=at, actor=actor, reason=assignment.withdraw_reason
    )
    return ticket


# Sending ---------------------------------------------------------------------------


def _payload(ticket: OutboundTicket) -> dict:
    """The POST fields: service, description with the key, location, requester."""
    suggestion = ticket.suggestion
    description = "\n".join(
        part
        for part in (
            suggestion.title,
            suggestion.body,
            f"（人大代表12345直通车，建议编号 {suggestion.pk}，参考号 {key_marker(ticket)}）",
        )
        if part
    )
    fields = {
        "service_code": ticket.service_code,
        "description": description,
        f"attribute[{KEY_ATTRIBUTE}]": str(ticket.idempotency_key),
        "address_string": suggestion.region.full_name() if suggestion.region else "",
    }
    deputy = suggestion.lead_deputy
    if suggestion.hotline_consent_at is not None and deputy is not None:
        name = deputy.name.strip()
        fields["last_name"] = name[:1]
        fields["first_name"] = name[1:]
        fields["phone"] = deputy.phone
    return fields


def _matches(row: dict, ticket: OutboundTicket) -> bool:
    attributes = row.get("attributes")
    if isinstance(attributes, dict) and attributes.get(KEY_ATTRIBUTE) == str(
        ticket.idempotency_key
    ):
        return True
    return key_marker(ticket) in str(row.get("description") or "")


class Undetermined(Exception):
    """The look-up cannot tell whether the partner holds the ticket."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _windows(ticket: OutboundTicket) -> list[tuple[dt.datetime, dt.datetime]]:
    """The search windows: each POST's time +/- the margin, overlaps merged."""
    margin = rules.lookup_margin()
    times = sorted(t for t in map(parse_w3c, ticket.post_times or []) if t)
    if not times:
        times = [ticket.created_at]
    windows: list[list[dt.datetime]] = []
    for at in times:
        if windows and at - margin <= windows[-1][1]:
            windows[-1][1] = at + margin
        else:
            windows.append([at - margin, at + margin])
    return [(start, end) for start, end in windows]


def _look_up(client: Open311Client, ticket: OutboundTicket) -> dict | None:
    """Search the partner's requests around each POST for the ticket's key.

    Raises ``Undetermined`` when the answer cannot settle it: the partner
    refuses the search (401/403) or shows no description to match against.
    """
    rows: list[dict] = []
    try:
        for start, end in _windows(ticket):
            rows += client.get_requests(
                service_code=ticket.service_code,
                start_date=w3c(start),
                end_date=w3c(end),
            )
    except Open311Error as error:
        if error.status in (401, 403):
            raise Undetermined(
                f"无法在对方系统中查询此前是否已送达：{error.message}"
            ) from None
        raise
    for row in rows:
        if row.get("service_request_id") and _matches(row, ticket):
            return row
    if rows and not any(str(row.get("description") or "").strip() for row in rows):
        raise Undetermined("对方系统的工单列表不显示内容，无法核对此前是否已送达。")
    return None


def ticket_send(*, ticket_id: int, now: dt.datetime | None = None) -> str:
    """Make one attempt at a due ticket and record the outcome; return what happened.

    A ticket that is not due (sent, failed, cancelled, claimed by another
    worker or waiting for its retry) is left alone.
    """
    explicit = now is not None  # ``now`` is for tests; the queue never passes it
    now = now or timezone.now()
    if not ticket_claim(ticket_id=ticket_id, now=now):
        return "not-due"
    ticket = OutboundTicket.objects.select_related(
        "partner", "suggestion__lead_deputy", "suggestion__region"
    ).get(pk=ticket_id)
    attempt = ticket.attempts + 1
    uncertain = ticket.maybe_created
    if not partner_is_live(ticket.partner):
        # Stopped for good (no loop); staff send it again once it is re-enabled.
        error = Open311Error(PARTNER_INACTIVE, permanent=True)
        return _record_failure(ticket_id, now, attempt, error, uncertain)
    if not ticket.partner.endpoint_url:
        error = Open311Error(NO_ENDPOINT, permanent=True)
        return _record_failure(ticket_id, now, attempt, error, uncertain)
    client = Open311Client.for_partner(ticket.partner)
    try:
        if uncertain:
            found = _look_up(client, ticket)
            if found:
                return _record_sent(ticket_id, now, found, attempt, found=True)
            uncertain = False
        # From here a lost answer may hide a created ticket: the next attempt
        # looks first, even if this worker dies before recording anything.
        posted_at = w3c(timezone.now())
        OutboundTicket.objects.filter(pk=ticket_id).update(
            maybe_created=True, post_times=[*ticket.post_times, posted_at]
        )
        answer = client.post_request(_payload(ticket))
    except Undetermined as undetermined:
        return _record_undetermined(ticket_id, now, attempt, undetermined.message)
    except Open311Error as error:
        # Back off from the moment the attempt failed, not the one it started.
        failed_at = now if explicit else timezone.now()
        return _record_failure(ticket_id, failed_at, attempt, error, uncertain)
    return _record_sent(ticket_id, now, answer, attempt, found=False)


def ticket_claim(*, ticket_id: int, now: dt.datetime) -> bool:
    """Claim a due ticket for one attempt (a conditional update); True if claimed.

    The lease runs from the real clock (never an older ``now``) and outlasts
    the task queue's timeout, so no second worker gets the ticket while the
    first may still be sending it.
    """
    clock = timezone.now()
    return bool(
        OutboundTicket.objects.filter(
            pk=ticket_id, status=OutboundStatus.PENDING, next_attempt_at__lte=now
        ).update(
            next_attempt_at=max(now, clock) + rules.claim_lease(), updated_at=clock
        )
    )


@transaction.atomic
def _record_sent(ticket_id, now, answer: dict, attempt: int, *, found: bool) -> str:
    ticket = OutboundTicket.objects.select_for_update(of=("self",)).get(pk=ticket_id)
    ticket.attempts = attempt
    ticket.service_request_id = _clean(
        answer.get("service_request_id"), single_line=True
    )[:100]
    ticket.token = (
        ""
        if ticket.service_request_id
        else _clean(answer.get("token"), single_line=True)[:100]
    )
    ticket.maybe_created = False
    ticket.needs_check = False
    ticket.last_error = ""
    ticket.next_attempt_at = None
    ticket.sent_at = now
    changed = (
        transition(ticket, "send") if ticket.status == OutboundStatus.PENDING else []
    )
    ticket.save(
        update_fields=[
            *changed,
            "attempts",
            "service_request_id",
            "token",
            "maybe_created",
            "needs_check",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "updated_at",
        ]
    )
    if found:
        events.found_existing_event(
            ticket=ticket, at=now, service_request_id=ticket.service_request_id
        )
    else:
        events.sent_event(ticket=ticket, at=now)
    return "found" if found else "sent"


@transaction.atomic
def _record_undetermined(ticket_id, now, attempt: int, message: str) -> str:
    """Hold the ticket for staff: neither send again nor fail it."""
    ticket = OutboundTicket.objects.select_for_update(of=("self",)).get(pk=ticket_id)
    ticket.attempts = attempt
    ticket.last_error = f"可能已送达，请核实。{message}"[:500]
    ticket.needs_check = True
    ticket.next_attempt_at = None
    ticket.save(
        update_fields=[
            "attempts",
            "last_error",
            "needs_check",
            "next_attempt_at",
            "updated_at",
        ]
    )
    logger.warning("Hotline ticket %s needs a check: %s", ticket_id, message)
    return "needs-check"


@transaction.atomic
def _record_failure(ticket_id, now, attempt, error: Open311Error, uncertain) -> str:
    ticket = OutboundTicket.objects.select_for_update(of=("self",)).get(pk=ticket_id)
    ticket.attempts = attempt
    ticket.last_error = error.message
    ticket.maybe_created = uncertain or error.ambiguous
    give_up = error.permanent or attempt >= rules.max_attempts()
    changed: list[str] = []
    if ticket.status != OutboundStatus.PENDING:
        give_up = False  # cancelled meanwhile: record the attempt only
        ticket.next_attempt_at = None
    elif give_up:
        changed = transition(ticket, "fail")
        ticket.next_attempt_at = None
    else:
        ticket.next_attempt_at = now + rules.retry_delay(attempt)
    ticket.save(
        update_fields=[
            *changed,
            "attempts",
            "last_error",
            "maybe_created",
            "next_attempt_at",
            "updated_at",
        ]
    )
    logger.warning(
        "Hotline ticket %s attempt %d failed%s: %s",
        ticket_id,
        attempt,
        ", giving up" if give_up else "",
        error.message,
    )
    if give_up:
        events.gave_up_event(
            ticket=ticket, at=now, attempt=attempt, error=error.message
        )
        return "failed"
    events.attempt_failed_event(
        ticket=ticket,
        at=now,
        attempt=attempt,
        error=error.message,
        next_attempt_at=ticket.next_attempt_at,
    )
    return "retry"


def tickets_send_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Queue every ticket whose attempt is due (scheduled every minute)."""
    now = now or timezone.now()
    ids = list(
        OutboundTicket.objects.filter(
            status=OutboundStatus.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for ticket_id in ids:
        enqueue(ticket_id)
    return len(ids)


# Status and answers -----------------------------------------------------------------


def _reply_time(
    ticket: OutboundTicket, updated: dt.datetime | None, now
) -> dt.datetime:
    """The partner's own time of the answer when it is plausible, else now."""
    if updated and ticket.sent_at and ticket.sent_at <= updated <= now:
        return updated
    return now


@transaction.atomic
def ticket_take_status(
    *, ticket: OutboundTicket, row: dict, source: str, now: dt.datetime | None = None
) -> str:
    """Record the partner's status of a ticket; a closed one's notes become the reply.

    Idempotent: a ticket already answered ignores every later update (a poll
    and a push of the same answer write one reply). An answer after the
    assignment was withdrawn is kept on the ticket, not as a reply.
    """
    now = now or timezone.now()
    # Suggestion first, then the ticket: the order the assignment services lock in.
    Suggestion.objects.select_for_update().filter(pk=ticket.suggestion_id).first()
    ticket = (
        OutboundTicket.objects.select_for_update(of=("self",))
        .select_related("partner__user", "assignment")
        .get(pk=ticket.pk)
    )
    if ticket.status == OutboundStatus.ANSWERED:
        return "already-answered"
    status = _clean(row.get("status"), single_line=True).lower()[:20]
    notes = _clean(row.get("status_notes"))
    updated = parse_w3c(row.get("updated_datetime"))
    changed = (status, notes) != (ticket.remote_status, ticket.status_notes)
    ticket.remote_status = status
    ticket.status_notes = notes
    ticket.remote_updated_at = updated or ticket.remote_updated_at
    if source == "poll":
        ticket.last_polled_at = now
    fields = [
        "remote_status",
        "status_notes",
        "remote_updated_at",
        "last_polled_at",
        "last_error",
        "updated_at",
    ]
    if status != "closed":
        if changed:
            events.status_event(
                ticket=ticket, at=now, status=status, status_notes=notes, source=source
            )
        ticket.save(update_fields=fields)
        return "open"
    assignment = ticket.assignment
    if ticket.status != OutboundStatus.SENT or assignment.status not in REPLYABLE:
        if changed:
            events.late_answer_event(
                ticket=ticket,
                at=now,
                status_notes=notes,
                source=source,
                reason="交办已撤回或已答复，对方答复仅记录在工单上。",
            )
        ticket.save(update_fields=fields)
        return "late"
    at = _reply_time(ticket, updated, now)
    try:
        with transaction.atomic():
            reply = reply_create(
                assignment=assignment,
                text=notes or CLOSED_WITHOUT_NOTES,
                outcome=rules.reply_outcome(),
                signed_by=ticket.partner.name[:50],
                met_deputy_first=False,
                actor=ticket.partner.user,
                idempotency_key=f"hotline-{ticket.idempotency_key}",
                now=at,
            )
    except ApplicationError as error:
        ticket.last_error = f"对方答复未能记为答复：{error.message}"[:500]
        ticket.save(update_fields=fields)
        logger.warning("Hotline ticket %s answer refused: %s", ticket.pk, error.message)
        return "refused"
    state = transition(ticket, "answer")
    ticket.answered_at = at
    ticket.reply = reply
    ticket.last_error = ""
    ticket.save(update_fields=[*fields, *state, "answered_at", "reply"])
    events.answered_event(
        ticket=ticket, at=now, status_notes=notes, source=source, reply=reply
    )
    return "answered"


def _resolve_token(client: Open311Client, ticket: OutboundTicket, now) -> None:
    found = client.get_token(ticket.token)
    service_request_id = _clean(
        (found or {}).get("service_request_id"), single_line=True
    )[:100]
    if not service_request_id:
        return
    with transaction.atomic():
        locked = OutboundTicket.objects.select_for_update(of=("self",)).get(
            pk=ticket.pk
        )
        if locked.service_request_id:
            return
        locked.service_request_id = service_request_id
        locked.save(update_fields=["service_request_id", "updated_at"])
        events.token_resolved_event(ticket=locked, at=now)
    ticket.service_request_id = service_request_id


def tickets_poll(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Ask each partner about its open tickets (batched); return counts by outcome.

    Cancelled tickets the partner still holds open are asked about too, until
    the partner closes them (the late answer is kept on the ticket).
    """
    now = now or timezone.now()
    counts: dict[str, int] = defaultdict(int)
    by_partner: dict[int, list[OutboundTicket]] = defaultdict(list)
    # Open tickets, and cancelled ones the partner holds and has not closed yet
    # (their late answer is recorded on the ticket, never as a reply).
    cancelled_at_partner = (
        Q(status=OutboundStatus.CANCELLED)
        & ~Q(service_request_id="")
        & ~Q(remote_status="closed")
    )
    for ticket in OutboundTicket.objects.filter(
        Q(status=OutboundStatus.SENT) | cancelled_at_partner
    ).select_related("partner"):
        by_partner[ticket.partner_id].append(ticket)
    for tickets in by_partner.values():
        partner = tickets[0].partner
        if not partner_is_live(partner) or not partner.endpoint_url:
            live = partner_is_live(partner)
            message = NO_ENDPOINT_POLL if live else PARTNER_INACTIVE_POLL
            marked = (
                OutboundTicket.objects.filter(pk__in=[t.pk for t in tickets])
                .exclude(last_error=message)
                .update(last_error=message, updated_at=now)
            )
            if marked:
                counts["no-endpoint" if live else "partner-inactive"] += marked
            continue
        client = Open311Client.for_partner(tickets[0].partner)
        try:
            for ticket in tickets:
                if not ticket.service_request_id and ticket.token:
                    _resolve_token(client, ticket, now)
            known = [t for t in tickets if t.service_request_id]
            size = rules.poll_batch()
            for start in range(0, len(known), size):
                batch = {t.service_request_id: t for t in known[start : start + size]}
                rows = client.get_requests(service_request_id=list(batch))
                for row in rows:
                    remote_id = _clean(row.get("service_request_id"), single_line=True)
                    ticket = batch.get(remote_id)
                    if ticket is None:
                        continue
                    try:
                        outcome = ticket_take_status(
                            ticket=ticket, row=row, source="poll", now=now
                        )
                    except Exception:
                        # One bad row must not keep the others from being read.
                        logger.exception(
                            "Hotline poll of ticket %s could not be recorded", ticket.pk
                        )
                        outcome = "error"
                    counts[outcome] += 1
                OutboundTicket.objects.filter(
                    pk__in=[t.pk for t in batch.values()]
                ).update(last_polled_at=now)
        except Open311Error as error:
            counts["error"] += 1
            logger.warning(
                "Hotline poll of partner %s failed: %s",
                tickets[0].partner_id,
                error.message,
            )
    return dict(counts)
