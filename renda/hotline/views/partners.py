"""Pages: partner systems and their keys (/hotline/partners/).

A new key (on creating a partner or rotating its key) is shown once, on the
answer to that post, never stored in plain and never shown again; the answer
is marked not to be cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.congresses.models import Congress
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, NotFound
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.forms import apply_service_error, form_status

from ..forms import PartnerForm
from ..open311.catalogue import services_for
from ..permissions import (
    can_use_hotline_staff,
    managed_congress_ids,
    manages_any_partners,
    manages_partners,
)
from ..selectors import get_partner_for_user, partner_inbound_list, partner_list
from ..services import partners as services


def _partner(request, pk):
    try:
        return get_partner_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None


def _run(call):
    try:
        return call(), None
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    except ApplicationError as error:
        return None, error


@require_GET
@permission_required(can_use_hotline_staff)
def partner_list_page(request):
    return render(
        request,
        "hotline/partners/list.html",
        {
            "partners": partner_list(request.user)[:500],
            "may_create": manages_any_partners(request.user),
        },
    )


def _key_page(request, issued, *, created: bool):
    response = render(
        request,
        "hotline/partners/key.html",
        {"partner": issued.partner, "api_key": issued.api_key, "created": created},
        status=201 if created else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required(manages_any_partners)
def partner_new(request):
    ids = managed_congress_ids(request.user)
    congresses = Congress.objects.order_by("region__code")
    if ids is not None:
        congresses = congresses.filter(pk__in=ids)
    congresses = list(congresses[:500])
    form = PartnerForm(request.POST or None, congresses=congresses)
    if request.method == "POST" and form.is_valid():
        congress = next(c for c in congresses if c.pk == form.cleaned_data["congress"])
        issued, error = _run(
            lambda: services.partner_create(
                congress=congress,
                name=form.cleaned_data["name"],
                channel=form.cleaned_data["channel"],
                actor=request.user,
            )
        )
        if error is None:
            return _key_page(request, issued, created=True)
        apply_service_error(form, error)
    return render(
        request,
        "hotline/partners/form.html",
        {"form": form},
        status=form_status(form),
    )


@require_GET
@permission_required(can_use_hotline_staff)
def partner_detail(request, pk: int):
    partner = _partner(request, pk)
    return render(
        request,
        "hotline/partners/detail.html",
        {
            "partner": partner,
            "received": partner_inbound_list(partner, limit=100),
            "services": services_for(partner.channel),
            "may_manage": manages_partners(request.user, partner.congress_id),
        },
    )


@never_cache
@require_POST
@permission_required(can_use_hotline_staff)
def partner_rotate(request, pk: int):
    partner = _partner(request, pk)
    issued, error = _run(
        lambda: services.partner_rotate_key(partner=partner, actor=request.user)
    )
    if error is not None:
        messages.error(request, error.message)
        return redirect("hotline:partner_detail", partner.pk)
    return _key_page(request, issued, created=False)


@require_POST
@permission_required(can_use_hotline_staff)
def partner_revoke(request, pk: int):
    partner = _partner(request, pk)
    _done, error = _run(
        lambda: services.partner_revoke(partner=partner, actor=request.user)
    )
    if error is not None:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已吊销“{partner.name}”的密钥。")
    return redirect("hotline:partner_detail", partner.pk)
