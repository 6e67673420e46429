"""The list of liaison stations in scope.

One station's page lists its groups and their deputies, so it is a deputies
page (``renda.deputies.station_views``), under the same URL and name.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status
from renda.core.pagination import BoundedPaginator

from .forms import StationFilterForm, StationPublicInfoForm
from .permissions import can_browse_stations, can_edit_station
from .selectors import get_station_for_user, station_list
from .services import station_update_public_info


@require_GET
@permission_required(can_browse_stations)
def station_list_view(request):
    form = StationFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    stations = station_list(
        user=request.user, region=form.chosen_region(), q=form.search()
    )
    paginator = BoundedPaginator(stations, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stations/list.html",
        {
            "form": form,
            "page": page,
            "total": paginator.count,
            "query": query.urlencode(),
            "editable": {
                station.pk
                for station in page.object_list
                if can_edit_station(request.user, station)
            },
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_stations)
def station_edit(request, pk: int):
    station = get_station_for_user(request.user, pk)
    if not can_edit_station(request.user, station):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = StationPublicInfoForm(request.POST)
        if form.is_valid():
            try:
                station_update_public_info(
                    station=station, actor=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "联络站信息已保存，公示板随即更新。")
                return redirect("stations:detail", station.pk)
        status = form_status(form)
    else:
        form = StationPublicInfoForm(
            initial={
                "address": station.address,
                "opening_hours": station.opening_hours,
                "office_phone": station.office_phone,
            }
        )
    return render(
        request,
        "stations/edit.html",
        {"form": form, "station": station},
        status=status,
    )
