"""Pages of the tickets sent to the city's 12345 system (/hotline/tickets/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PageForbidden
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, NotFound, PermissionDenied

from . import selectors_outbound as sel
from .choices import OutboundStatus
from .permissions import can_use_hotline_staff
from .services.outbound import ticket_confirm_not_sent, ticket_retry


@permission_required(can_use_hotline_staff)
def ticket_list_view(request):
    filters = sel.TicketFilters.from_query(request.GET)
    page = Paginator(sel.ticket_list(request.user, filters), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "hotline/ticket_list.html",
        {"page": page, "filters": filters, "statuses": OutboundStatus.choices},
    )


@permission_required(can_use_hotline_staff)
def ticket_detail_view(request, pk: int):
    try:
        detail = sel.ticket_detail(request.user, pk)
    except NotFound:
        raise Http404 from None
    return render(request, "hotline/ticket_detail.html", {"detail": detail})


@require_POST
@permission_required(can_use_hotline_staff)
def ticket_confirm_not_sent_view(request, pk: int):
    """Staff checked the partner's system and did not find the ticket: send again."""
    try:
        ticket = sel.get_ticket_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        ticket_confirm_not_sent(ticket=ticket, actor=request.user)
    except PermissionDenied as error:
        raise PageForbidden(error.message) from None
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已确认未送达并重新发送，结果见工单记录。")
    return redirect("hotline:ticket_detail", pk=ticket.pk)


@require_POST
@permission_required(can_use_hotline_staff)
def ticket_retry_view(request, pk: int):
    try:
        ticket = sel.get_ticket_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        ticket_retry(ticket=ticket, actor=request.user)
    except PermissionDenied as error:
        raise PageForbidden(error.message) from None
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已重新发送，结果见工单记录。")
    return redirect("hotline:ticket_detail", pk=ticket.pk)
