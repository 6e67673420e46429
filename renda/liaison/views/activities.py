"""Pages of deputy groups' activities (代表小组活动)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error
from renda.core.parsing import parse_pk
from renda.deputies.selectors import get_group_for_user, group_members

from .. import services
from ..forms import GroupActivityForm
from ..permissions import (
    can_browse_activities,
    can_record_any_activity,
    can_record_group_activity,
    can_see_my_activities,
    committee_memberships_of,
)
from ..selectors import (
    ActivityFilters,
    activities_attended_by,
    activities_joined_by,
    get_group_activity_for_user,
    get_leadership_member_for_user,
    group_activity_list,
    groups_recordable_by,
    members_for_activity,
)
from .shared import paginate, render_page


@require_GET
@permission_required(can_browse_activities)
def activities(request):
    filters = ActivityFilters.from_query(request.GET)
    # Named objects outside the user's scope are a 404, as on every page.
    group = member = None
    if request.GET.get("group"):
        group = get_group_for_user(request.user, filters.group)
    if request.GET.get("member"):
        member = get_leadership_member_for_user(request.user, filters.member)
    year = filters.year
    page, query = paginate(request, group_activity_list(request.user, filters))
    return render_page(
        request,
        "records_activities.html",
        {
            "page": page,
            "query": query,
            "group": group,
            "member": member,
            "year": year,
            "may_record": can_record_any_activity(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_record_any_activity)
def activity_new(request):
    raw = request.POST.get("group") or request.GET.get("group")
    if not raw:
        groups = groups_recordable_by(request.user).select_related("station")
        return render_page(
            request,
            "records_activity_form.html",
            {"groups": groups.order_by("congress__region__code", "name")},
        )
    group = get_group_for_user(request.user, parse_pk(raw))
    if not can_record_group_activity(request.user, group):
        raise PermissionDenied
    form = GroupActivityForm(
        request.POST or None,
        members=group_members(group),
        committee_members=members_for_activity(group),
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.group_activity_record(
                group=group,
                date=data["date"],
                topic=data["topic"],
                place=data["place"],
                attendees=list(data["attendees"]),
                committee_members=list(data["committee_members"]),
                summary=data["summary"],
                actor=request.user,
            )
        except core_errors.ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, "代表小组活动已记录。")
            return redirect("liaison:activity_detail", activity.pk)
    return render_page(
        request,
        "records_activity_form.html",
        {"group": group, "form": form},
        status=status,
    )


@require_GET
@permission_required(can_browse_activities)
def activity_detail(request, pk: int):
    activity = get_group_activity_for_user(request.user, pk)
    return render_page(request, "records_activity_detail.html", {"activity": activity})


@require_GET
@permission_required(can_see_my_activities)
def my_activities(request):
    seats = list(committee_memberships_of(request.user))
    joined = activities_joined_by([s.pk for s in seats]) if seats else []
    attended = activities_attended_by(request.user)
    return render_page(
        request,
        "records_my_activities.html",
        {"seats": seats, "joined": joined, "attended": attended},
    )
