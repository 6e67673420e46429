"""What Open311 shows of a request's progress: Renda's workflow as status fields.

``open311_view(inbound, own=...)`` gives one ``request`` of GET requests:

- ``status``: ``closed`` once the record is closed (a suggestion closed or not
  accepted, a resident's request closed), else ``open``;
- ``status_notes``: Renda's status label (e.g. 已答复, 办理中); to the partner
  that sent the request (``own``) the published answer instead once there is
  one (the lead unit's latest reply to the deputy, the station's answer to
  the resident, the reason a suggestion was not accepted). These free texts
  may name residents: no one else (no key, another partner's key) sees them;
- ``agency_responsible``: the lead unit's name (a suggestion), the unit the
  request was routed to or the station (a resident's request), else the
  congress;
- ``requested_datetime`` (received), ``updated_datetime`` (the record's last
  change), ``expected_datetime`` (the end of the due date, when there is one).

Never personal data: no resident's or deputy's name or phone. ``description``
and ``address`` are what the partner itself sent and are shown to that
partner only (``own``).
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from renda.receptions.choices import PublicRequestStatus
from renda.suggestions.choices import AssignmentRole, AssignmentStatus, SuggestionStatus
from renda.suggestions.models import Assignment, Reply

from .catalogue import services_for
from .formats import w3c

CLOSED_SUGGESTION = (SuggestionStatus.CLOSED, SuggestionStatus.REJECTED)
CLOSED_REQUEST = (PublicRequestStatus.CLOSED,)
ANSWERED_REQUEST = (
    PublicRequestStatus.ANSWERED,
    PublicRequestStatus.CLOSED,
)

SERVICE_NAMES = {row["service_code"]: row["service_name"] for row in services_for(None)}


def closed_q() -> Q:
    """Requests whose record is closed (for the ``status`` filter)."""
    return Q(suggestion__status__in=CLOSED_SUGGESTION) | Q(
        public_request__status__in=CLOSED_REQUEST
    )


def with_progress(queryset):
    """Load what ``open311_view`` reads, in a fixed number of queries."""
    leads = Assignment.objects.filter(role=AssignmentRole.LEAD).exclude(
        status=AssignmentStatus.WITHDRAWN
    )
    return queryset.select_related(
        "partner__congress",
        "suggestion",
        "public_request__station",
        "public_request__handling_unit",
    ).prefetch_related(
        Prefetch(
            "suggestion__assignments",
            queryset=leads.select_related("handling_unit").prefetch_related(
                Prefetch("replies", queryset=Reply.objects.order_by("replied_at", "id"))
            ),
            to_attr="open311_leads",
        )
    )


def _suggestion_progress(suggestion) -> dict:
    """The progress fields; ``label`` the status label, ``text`` the free text."""
    leads = getattr(suggestion, "open311_leads", None)
    if leads is None:
        leads = list(
            suggestion.assignments.filter(role=AssignmentRole.LEAD)
            .exclude(status=AssignmentStatus.WITHDRAWN)
            .select_related("handling_unit")
        )
    lead = leads[-1] if leads else None
    text = None
    updated = suggestion.updated_at
    if suggestion.status == SuggestionStatus.REJECTED and suggestion.reject_reason:
        text = suggestion.reject_reason
    if lead is not None:
        replies = list(lead.replies.all())
        if replies:
            text = replies[-1].text
            updated = max(updated, replies[-1].replied_at)
    return {
        "status": "closed" if suggestion.status in CLOSED_SUGGESTION else "open",
        "label": suggestion.get_status_display(),
        "text": text or None,
        "agency_responsible": lead.handling_unit.name if lead else None,
        "updated": updated,
        "expected": lead.due_at if lead else None,
    }


def _request_progress(request) -> dict:
    text = None
    if request.status in ANSWERED_REQUEST and request.answer:
        text = request.answer
    agency = request.handling_unit.name if request.handling_unit_id else None
    return {
        "status": "closed" if request.status in CLOSED_REQUEST else "open",
        "label": request.get_status_display(),
        "text": text,
        "agency_responsible": agency or request.station.name,
        "updated": request.updated_at,
        "expected": request.due_at,
    }


def open311_view(inbound, *, own: bool = False) -> dict:
    """One request as GET requests shows it (see the module's docstring)."""
    if inbound.suggestion_id is not None:
        progress = _suggestion_progress(inbound.suggestion)
        description = inbound.suggestion.body
    elif inbound.public_request_id is not None:
        progress = _request_progress(inbound.public_request)
        description = inbound.public_request.content
    else:  # pragma: no cover - creation is never deferred today
        progress = {
            "status": "open",
            "label": "待创建",
            "text": None,
            "agency_responsible": None,
            "updated": inbound.updated_at,
            "expected": None,
        }
        description = ""
    address = ""
    if inbound.public_request_id is not None:
        address = inbound.public_request.location
    agency = progress["agency_responsible"] or inbound.partner.congress.short_name
    # Free texts (replies, answers, reasons) to the partner that sent it only.
    notes = (progress["text"] if own else None) or progress["label"]
    return {
        "service_request_id": inbound.service_request_id,
        "status": progress["status"],
        "status_notes": notes,
        "service_name": SERVICE_NAMES.get(inbound.service_code, inbound.service_code),
        "service_code": inbound.service_code,
        "description": description if own else None,
        "agency_responsible": agency,
        "service_notice": None,
        "requested_datetime": w3c(inbound.created_at),
        "updated_datetime": w3c(progress["updated"]),
        "expected_datetime": w3c(progress["expected"]),
        "address": (address or None) if own else None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
