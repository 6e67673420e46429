"""Pages of the tickets sent to the city's 12345 system (/hotline/tickets/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PageForbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.forms import apply_service_error, form_status
from renda.core.pagination import BoundedPaginator
from renda.units.models import HandlingUnit

from . import selectors_outbound as sel
from .choices import OutboundStatus
from .forms import OutboundForm, format_service_map
from .permissions import can_use_hotline_staff, manages_partners
from .selectors import get_partner_for_user
from .services.outbound_config import partner_set_outbound
from .services.outbound_staff import (
    ticket_confirm_not_sent,
    ticket_enter_remote_id,
    ticket_retry,
)


@permission_required(can_use_hotline_staff)
def ticket_list_view(request):
    filters = sel.TicketFilters.from_query(request.GET)
    page = BoundedPaginator(sel.ticket_list(request.user, filters), 30).get_page(
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
def ticket_enter_remote_id_view(request, pk: int):
    """Staff found the held ticket in the partner's system: record its id."""
    try:
        ticket = sel.get_ticket_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        ticket_enter_remote_id(
            ticket=ticket,
            service_request_id=request.POST.get("service_request_id", ""),
            actor=request.user,
        )
    except PermissionDenied as error:
        raise PageForbidden(error.message) from None
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已记下对方工单号，此后按此查询答复。")
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


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required(can_use_hotline_staff)
def partner_outbound_view(request, pk: int):
    """对方系统设置: the partner's outbound address, key, unit and service codes."""
    try:
        partner = get_partner_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    if not manages_partners(request.user, partner.congress_id):
        raise PageForbidden("只有本级人大常委会工作人员可以设置合作方系统。")
    units = list(HandlingUnit.objects.filter(is_active=True).order_by("name")[:1000])
    if partner.handling_unit and partner.handling_unit not in units:
        units.insert(0, partner.handling_unit)
    initial = {
        "endpoint_url": partner.endpoint_url,
        "jurisdiction_id": partner.jurisdiction_id,
        "handling_unit": partner.handling_unit_id,
        "service_map": format_service_map(partner.service_map),
    }
    form = OutboundForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partner_set_outbound(
                partner=partner,
                endpoint_url=data["endpoint_url"],
                outbound_key=data["outbound_key"] or partner.outbound_key,
                handling_unit=form.units[data["handling_unit"]],
                service_map=data["service_map"],
                jurisdiction_id=data["jurisdiction_id"],
                actor=request.user,
            )
        except PermissionDenied as error:
            raise PageForbidden(error.message) from None
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "对方系统设置已保存。")
            return redirect("hotline:partner_detail", pk=partner.pk)
    return render(
        request,
        "hotline/partner_outbound.html",
        {"partner": partner, "form": form, "key_set": bool(partner.outbound_key)},
        status=form_status(form),
    )
