"""One liaison station's page: the station, its groups and their deputies.

Here rather than in stations: it reads deputies' scope and groups, and the
deputies app is above stations (a group's station is a foreign key). Mounted
under /stations/<pk>/ as ``stations:detail`` by ``station_urls``.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from renda.core.decorators import permission_required
from renda.core.masking import mask_phone
from renda.stations.permissions import can_browse_stations, can_edit_station
from renda.stations.selectors import get_station_for_user

from .selectors import deputies_visible_to, group_members, groups_visible_to


@require_GET
@permission_required(can_browse_stations)
def station_detail(request, pk: int):
    station = get_station_for_user(request.user, pk)
    groups = list(
        station.deputy_groups.select_related("congress", "leader").order_by(
            "congress__region__code", "name"
        )
    )
    member_ids = []
    for group in groups:
        group.member_list = list(group_members(group))
        member_ids.extend(m.pk for m in group.member_list)
        if group.leader_id:
            member_ids.append(group.leader_id)
    visible_ids = set(
        deputies_visible_to(request.user)
        .filter(pk__in=member_ids)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "deputies/station_detail.html",
        {
            "station": station,
            # The office phone is public (the notice board shows it); the
            # chief's and officer's own phones stay masked below.
            "may_edit": can_edit_station(request.user, station),
            "groups": groups,
            "visible_ids": visible_ids,
            "visible_group_ids": set(
                groups_visible_to(request.user)
                .filter(pk__in=[g.pk for g in groups])
                .values_list("pk", flat=True)
            ),
            # Station staff phones are shown masked to everyone on this page.
            "chief_phone": mask_phone(station.chief_phone),
            "liaison_officer_phone": mask_phone(station.liaison_officer_phone),
        },
    )
