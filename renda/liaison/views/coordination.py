"""Pages of the quarterly coordination meetings (代表工作调度会)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error

from .. import services
from ..forms import CoordinationMeetingForm
from ..permissions import can_manage_any, can_manage_congress, can_read_records
from ..selectors import (
    congresses_managed_by,
    congresses_read_by,
    coordination_meetings_visible_to,
    coordination_participant_choices,
    coordination_year,
)
from .shared import pick_congress, render_page, today, year_param


@require_GET
@permission_required(can_read_records)
def coordination(request):
    congress, congresses = pick_congress(request, congresses_read_by(request.user))
    year = year_param(request) or today().year
    quarters = (
        coordination_year(user=request.user, congress=congress, year=year)
        if congress
        else []
    )
    attended = (
        coordination_meetings_visible_to(request.user)
        .filter(participants=congress, year=year)
        .select_related("congress")
        .order_by("quarter", "date")
        if congress
        else []
    )
    return render_page(
        request,
        "records_coordination.html",
        {
            "congress": congress,
            "congresses": congresses,
            "year": year,
            "years": list(range(today().year, today().year - 5, -1)),
            "quarters": quarters,
            "missing": [q for q in quarters if not q["meetings"]],
            "attended": attended,
            "may_manage": congress is not None
            and can_manage_congress(request.user, congress),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any)
def coordination_new(request):
    congress, congresses = pick_congress(request, congresses_managed_by(request.user))
    if congress is None:
        raise PermissionDenied
    form = CoordinationMeetingForm(
        request.POST or None, participants=coordination_participant_choices(congress)
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.coordination_meeting_record(
                congress=congress,
                year=data["year"],
                quarter=data["quarter"],
                date=data["date"],
                participants=list(data["participants"]),
                minutes=data["minutes"],
                actor=request.user,
            )
        except core_errors.ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, f"{meeting}已登记。")
            query = urlencode({"congress": congress.pk, "year": meeting.year})
            return redirect(f"{reverse('liaison:coordination')}?{query}")
    return render_page(
        request,
        "records_coordination_form.html",
        {"congress": congress, "congresses": congresses, "form": form},
        status=status,
    )
