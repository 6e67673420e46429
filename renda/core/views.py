from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
def home(request):
    """Show the user's dashboard: what is in their scope, a quick search, their roles."""
    from renda.accounts.permissions import (
        can_browse_deputies,
        can_browse_stations,
        can_view_statistics,
        get_scope,
    )
    from renda.deputies.selectors import DeputyFilters, deputy_list, groups_visible_to
    from renda.stations.selectors import stations_visible_to

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
    return render(request, "core/home.html", context)


@require_GET
def healthz(request):
    """Answer whether the app and its database respond; for load balancers and benches."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
