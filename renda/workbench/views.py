"""Each role's landing page (工作台), reading the registry's and workflows' selectors."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from renda.accounts.permissions import get_scope
from renda.deputies.permissions import can_browse_deputies, can_view_statistics
from renda.deputies.selectors import DeputyFilters, deputy_list, groups_visible_to
from renda.stations.permissions import can_browse_stations
from renda.stations.selectors import stations_visible_to


@login_required
def home(request):
    """Show the user's dashboard: what is in their scope, a quick search, their roles."""
    user = request.user
    context = {
        "roles": user.role_assignments.select_related(
            "congress", "handling_unit", "station", "deputy"
        ).order_by("role", "id"),
        "may_browse": can_browse_deputies(user),
        "may_see_stations": can_browse_stations(user),
        "may_see_statistics": can_view_statistics(user),
    }
    if context["may_browse"]:
        # The same count the deputy list shows: deputies with a sitting mandate.
        context["deputy_count"] = deputy_list(
            user=user, filters=DeputyFilters()
        ).count()
        context["group_count"] = groups_visible_to(user).count()
    if context["may_see_stations"]:
        context["station_count"] = stations_visible_to(user).count()
    deputy_id = get_scope(user).deputy_id
    if deputy_id is not None and context["may_browse"]:
        context["own_deputy_id"] = deputy_id
    return render(request, "workbench/home.html", context)
