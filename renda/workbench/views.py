"""Each role's landing page (工作台): the user's queues first, then search and counts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.deputies.permissions import can_browse_deputies, can_view_statistics
from renda.deputies.selectors import DeputyFilters, deputy_list, groups_visible_to
from renda.stations.permissions import can_browse_stations
from renda.stations.selectors import stations_visible_to

from .selectors import workbench_sections


@login_required
def home(request):
    """Show the user's queues, one section per role, then a deputy search and counts."""
    user = request.user
    # One section per role; each section's ``tiles`` is a list another app's
    # tile is appended to (e.g. the notices' unread count on the deputy's).
    sections = workbench_sections(user)
    context = {
        "sections": sections,
        "roles": user.role_assignments.select_related(
            "congress", "handling_unit", "station", "deputy"
        ).order_by("role", "id"),
        "may_browse": can_browse_deputies(user),
        "may_see_stations": can_browse_stations(user),
        "may_see_statistics": can_view_statistics(user),
    }
    if context["may_see_statistics"]:
        # The same count the deputy list shows: deputies with a sitting mandate.
        context["deputy_count"] = deputy_list(
            user=user, filters=DeputyFilters()
        ).count()
        context["group_count"] = groups_visible_to(user).count()
        if context["may_see_stations"]:
            context["station_count"] = stations_visible_to(user).count()
    return render(request, "workbench/home.html", context)
