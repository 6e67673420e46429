"""The list of liaison stations in scope.

One station's page lists its groups and their deputies, so it is a deputies
page (``renda.deputies.station_views``), under the same URL and name.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from renda.core.decorators import permission_required

from .forms import StationFilterForm
from .permissions import can_browse_stations
from .selectors import station_list


@require_GET
@permission_required(can_browse_stations)
def station_list_view(request):
    form = StationFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    stations = station_list(
        user=request.user, region=form.chosen_region(), q=form.search()
    )
    paginator = Paginator(stations, settings.RENDA_PAGE_SIZE)
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
        },
    )
