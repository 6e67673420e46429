"""Pages of 双联 records: contacts and their logs, group activities, committee
meetings with observers, coordination meetings.

A page a role may not use answers 403; an object outside the user's scope 404.
Every write is a service call; a service's refusal is shown on the page as a
form error or a message, never a 500.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.permissions import get_scope
from renda.core import errors as core_errors
from renda.core.parsing import parse_pk
from renda.deputies.selectors import (
    DeputyFilters,
    deputies_visible_to,
    deputy_list,
    get_group_for_user,
    group_members,
)

from . import services
from .choices import MIN_LEADER_CONTACTS, MIN_MEETING_OBSERVERS
from .forms import (
    CommitteeMeetingForm,
    ContactAssignForm,
    ContactEndForm,
    ContactLogForm,
    CoordinationMeetingForm,
    GroupActivityForm,
    SearchForm,
    picked_ids,
)
from .models import CommitteeMeeting, DeputyContact, GroupActivity, MeetingObserver
from .permissions import (
    can_browse_activities,
    can_browse_leader_contacts,
    can_log_contact,
    can_manage_any,
    can_manage_congress,
    can_manage_contacts_of,
    can_open_contacts,
    can_open_meeting,
    can_read_records,
    can_record_any_activity,
    can_record_group_activity,
    can_see_deputy_pages,
    can_see_my_activities,
    committee_memberships_of,
    is_leadership_user,
    leadership_memberships_of,
)
from .selectors import (
    activities_joined_by,
    congresses_managed_by,
    congresses_read_by,
    coordination_meetings_visible_to,
    coordination_participant_choices,
    coordination_year,
    current_standing_committee,
    eligible_contact_deputies,
    eligible_observer_deputies,
    get_committee_meeting_for_user,
    get_contact_for_user,
    get_group_activity_for_user,
    get_leadership_member_for_user,
    group_activities_visible_to,
    groups_recordable_by,
    leader_contacts,
    leaders_with_counts,
    meeting_observers,
    members_for_activity,
    with_observer_counts,
)

# How many matches a deputy search shows at once.
SEARCH_LIMIT = 20
# How many congresses the picker lists (administrators see all of them).
PICKER_LIMIT = 60
MIN_YEAR = 1949


def today() -> dt.date:
    """Return the site's date; one place, so that tests can set the day."""
    return timezone.localdate()


def _only(check):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _nav(user) -> dict:
    return {
        "my_contacts": is_leadership_user(user),
        "contacts": can_read_records(user),
        "activities": can_browse_activities(user),
        "my_activities": can_see_my_activities(user),
        "meetings": can_read_records(user),
        "my_meetings": can_see_deputy_pages(user),
        "my_leaders": can_see_deputy_pages(user),
        "coordination": can_read_records(user),
    }


def _render(request, template: str, context: dict, *, status: int = 200):
    context = {"liaison_nav": _nav(request.user), **context}
    return render(request, f"liaison/{template}", context, status=status)


def _show_error(form, error: core_errors.ApplicationError) -> None:
    if isinstance(error, core_errors.PermissionDenied):
        raise PermissionDenied(error.message)
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _pick_congress(request, queryset):
    """Return the congress chosen by ``?congress=`` (default: the first) and the choices.

    A congress outside the choices answers 404.
    """
    congresses = list(
        queryset.select_related("region").order_by("region__code")[:PICKER_LIMIT]
    )
    raw = request.GET.get("congress")
    if raw:
        pk = parse_pk(raw)
        chosen = queryset.filter(pk=pk).select_related("region").first() if pk else None
        if chosen is None:
            raise Http404
        return chosen, congresses
    return (congresses[0] if congresses else None), congresses


def _page(request, queryset):
    paginator = Paginator(queryset, settings.RENDA_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return paginator.get_page(request.GET.get("page")), query.urlencode()


def _search_text(request) -> str:
    form = SearchForm(request.GET)
    return form.search().strip()


# Contacts (联系代表) -------------------------------------------------------------


@require_GET
@_only(is_leadership_user)
def my_contacts(request):
    seats = leadership_memberships_of(request.user).select_related(
        "deputy", "standing_committee__term__congress"
    )
    summaries = [leader_contacts(seat, on_date=today()) for seat in seats]
    return _render(
        request,
        "records_my_contacts.html",
        {"summaries": summaries, "minimum": MIN_LEADER_CONTACTS},
    )


@require_GET
@_only(can_read_records)
def contacts(request):
    congress, congresses = _pick_congress(request, congresses_read_by(request.user))
    rows = (
        leaders_with_counts(user=request.user, congress=congress, on_date=today())
        if congress
        else []
    )
    return _render(
        request,
        "records_contacts.html",
        {
            "congress": congress,
            "congresses": congresses,
            "rows": rows,
            "short": sum(1 for row in rows if not row.meets_rule),
            "has_committee": congress is not None
            and current_standing_committee(congress) is not None,
            "minimum": MIN_LEADER_CONTACTS,
        },
    )


@require_http_methods(["GET", "POST"])
@_only(can_browse_leader_contacts)
def leader_contacts_view(request, pk: int):
    member = get_leadership_member_for_user(request.user, pk)
    may_manage = can_manage_contacts_of(request.user, member)
    form = ContactAssignForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            deputy = deputies_visible_to(request.user).filter(
                pk=form.cleaned_data["deputy"]
            )
            deputy = deputy.first()
            if deputy is None:
                form.add_error("deputy", "请从查找结果中选择一名代表。")
            else:
                try:
                    services.deputy_contact_assign(
                        leader=member,
                        deputy=deputy,
                        since=form.cleaned_data["since"],
                        actor=request.user,
                    )
                except core_errors.ApplicationError as error:
                    _show_error(form, error)
                else:
                    messages.success(
                        request,
                        f"已将{deputy.name}列为{member.deputy.name}的联系代表。",
                    )
                    return redirect("liaison:leader_contacts", member.pk)
    summary = leader_contacts(member, on_date=today())
    ended = (
        member.deputy_contacts.filter(until__isnull=False)
        .select_related("deputy")
        .order_by("-until", "-id")
    )
    return _render(
        request,
        "records_leader_contacts.html",
        {
            "member": member,
            "summary": summary,
            "ended": ended,
            "may_manage": may_manage,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@_only(can_browse_leader_contacts)
def contact_deputy_options(request, pk: int):
    member = get_leadership_member_for_user(request.user, pk)
    if not can_manage_contacts_of(request.user, member):
        raise PermissionDenied
    q = _search_text(request)
    results = []
    if q:
        results = list(
            deputy_list(user=request.user, filters=DeputyFilters(q=q)).filter(
                pk__in=eligible_contact_deputies(member).values("pk")
            )[:SEARCH_LIMIT]
        )
    return _render(
        request,
        "records_deputy_options.html",
        {"results": results, "q": q, "name": "deputy", "kind": "radio"},
    )


@require_http_methods(["GET", "POST"])
@_only(can_open_contacts)
def contact_detail(request, pk: int):
    contact = get_contact_for_user(request.user, pk)
    may_log = can_log_contact(request.user, contact)
    form = ContactLogForm(request.POST or None)
    if request.method == "POST":
        if not may_log:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.contact_log_record(
                    contact=contact,
                    date=form.cleaned_data["date"],
                    kind=form.cleaned_data["kind"],
                    opinions=form.cleaned_data["opinions"],
                    actor=request.user,
                )
            except core_errors.ApplicationError as error:
                _show_error(form, error)
            else:
                messages.success(request, "联系记录已保存。")
                return redirect("liaison:contact_detail", contact.pk)
    return _render(
        request,
        "records_contact_detail.html",
        {
            "contact": contact,
            "logs": contact.logs.select_related("recorded_by").order_by("-date", "-id"),
            "may_log": may_log and contact.until is None,
            "may_manage": can_manage_contacts_of(request.user, contact.leader),
            "form": form,
            "end_form": ContactEndForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@_only(can_open_contacts)
def contact_end(request, pk: int):
    contact = get_contact_for_user(request.user, pk)
    if not can_manage_contacts_of(request.user, contact.leader):
        raise PermissionDenied
    form = ContactEndForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "；".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("liaison:contact_detail", contact.pk)
    try:
        services.deputy_contact_end(
            contact=contact, until=form.cleaned_data["until"], actor=request.user
        )
    except core_errors.PermissionDenied as error:
        raise PermissionDenied(error.message) from None
    except core_errors.ApplicationError as error:
        messages.error(request, error.message)
        return redirect("liaison:contact_detail", contact.pk)
    messages.success(request, f"已结束与{contact.deputy.name}的联系。")
    return redirect("liaison:leader_contacts", contact.leader_id)


@require_GET
@_only(can_see_deputy_pages)
def my_leaders(request):
    deputy_id = get_scope(request.user).deputy_id
    rows = (
        DeputyContact.objects.filter(deputy_id=deputy_id, until__isnull=True)
        .select_related("leader__deputy", "leader__standing_committee__term__congress")
        .annotate(last_contact=Max("logs__date"))
        .order_by("leader__rank", "id")
    )
    return _render(request, "records_my_leaders.html", {"rows": rows})


# Group activities (代表小组活动) -------------------------------------------------


def _year_param(request) -> int | None:
    raw = parse_pk(request.GET.get("year"))
    return raw if raw and MIN_YEAR <= raw <= 9999 else None


@require_GET
@_only(can_browse_activities)
def activities(request):
    queryset = group_activities_visible_to(request.user)
    group = member = None
    if request.GET.get("group"):
        group = get_group_for_user(request.user, parse_pk(request.GET["group"]))
        queryset = queryset.filter(group=group)
    if request.GET.get("member"):
        member = get_leadership_member_for_user(
            request.user, parse_pk(request.GET["member"])
        )
        queryset = queryset.filter(committee_members=member)
    year = _year_param(request)
    if year:
        queryset = queryset.filter(date__year=year)
    queryset = (
        queryset.select_related("group__station")
        .annotate(attendee_count=Count("attendees", distinct=True))
        .order_by("-date", "-id")
    )
    page, query = _page(request, queryset)
    return _render(
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
@_only(can_record_any_activity)
def activity_new(request):
    raw = request.POST.get("group") or request.GET.get("group")
    if not raw:
        groups = groups_recordable_by(request.user).select_related("station")
        return _render(
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
            _show_error(form, error)
        else:
            messages.success(request, "代表小组活动已记录。")
            return redirect("liaison:activity_detail", activity.pk)
    return _render(
        request,
        "records_activity_form.html",
        {"group": group, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@_only(can_browse_activities)
def activity_detail(request, pk: int):
    activity = get_group_activity_for_user(request.user, pk)
    return _render(request, "records_activity_detail.html", {"activity": activity})


@require_GET
@_only(can_see_my_activities)
def my_activities(request):
    seats = list(committee_memberships_of(request.user))
    joined = activities_joined_by([s.pk for s in seats]) if seats else []
    deputy_id = get_scope(request.user).deputy_id
    attended = (
        GroupActivity.objects.filter(attendees__id=deputy_id)
        .select_related("group")
        .order_by("-date", "-id")
        if deputy_id
        else []
    )
    return _render(
        request,
        "records_my_activities.html",
        {"seats": seats, "joined": joined, "attended": attended},
    )


# Committee meetings (列席) ------------------------------------------------------


@require_GET
@_only(can_read_records)
def meetings(request):
    congress, congresses = _pick_congress(request, congresses_read_by(request.user))
    queryset = with_observer_counts(
        CommitteeMeeting.objects.none()
        if congress is None
        else CommitteeMeeting.objects.filter(
            standing_committee__term__congress=congress
        )
    ).order_by("-date", "-id")
    page, query = _page(request, queryset)
    return _render(
        request,
        "records_meetings.html",
        {
            "congress": congress,
            "congresses": congresses,
            "page": page,
            "query": query,
            "minimum": MIN_MEETING_OBSERVERS,
            "may_manage": congress is not None
            and can_manage_congress(request.user, congress),
        },
    )


@require_http_methods(["GET", "POST"])
@_only(can_manage_any)
def meeting_new(request):
    congress, congresses = _pick_congress(request, congresses_managed_by(request.user))
    committee = current_standing_committee(congress) if congress else None
    form = CommitteeMeetingForm(request.POST or None)
    if committee is not None and request.method == "GET":
        last = committee.meetings.order_by("-number").first()
        form.initial["number"] = (last.number + 1) if last else 1
    if request.method == "POST" and committee is not None and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.committee_meeting_create(
                standing_committee=committee,
                number=data["number"],
                date=data["date"],
                agenda=data["agenda"],
                actor=request.user,
            )
        except core_errors.ApplicationError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"{meeting}已登记，请邀请列席代表。")
            return redirect("liaison:meeting_detail", meeting.pk)
    return _render(
        request,
        "records_meeting_form.html",
        {
            "congress": congress,
            "congresses": congresses,
            "committee": committee,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@_only(can_open_meeting)
def meeting_detail(request, pk: int):
    meeting = get_committee_meeting_for_user(request.user, pk)
    congress = meeting.standing_committee.term.congress
    may_manage = can_manage_congress(request.user, congress)
    return _render(
        request,
        "records_meeting_detail.html",
        {
            "meeting": meeting,
            "congress": congress,
            "observers": meeting_observers(meeting),
            "minimum": MIN_MEETING_OBSERVERS,
            "may_manage": may_manage,
            "may_record_attendance": may_manage and meeting.date <= today(),
        },
    )


def _managed_meeting(request, pk: int) -> CommitteeMeeting:
    meeting = get_committee_meeting_for_user(request.user, pk)
    if not can_manage_congress(request.user, meeting.standing_committee.term.congress):
        raise PermissionDenied
    return meeting


@require_GET
@_only(can_manage_any)
def meeting_observer_options(request, pk: int):
    meeting = _managed_meeting(request, pk)
    q = _search_text(request)
    results = []
    if q:
        congress_id = meeting.standing_committee.term.congress_id
        results = list(
            deputy_list(
                user=request.user, filters=DeputyFilters(congress=congress_id, q=q)
            )
            .filter(pk__in=eligible_observer_deputies(meeting).values("pk"))
            .exclude(pk__in=meeting.observers.values("deputy_id"))[:SEARCH_LIMIT]
        )
    return _render(
        request,
        "records_deputy_options.html",
        {"results": results, "q": q, "name": "deputies", "kind": "checkbox"},
    )


@require_POST
@_only(can_manage_any)
def meeting_invite(request, pk: int):
    meeting = _managed_meeting(request, pk)
    ids = picked_ids(request.POST.getlist("deputies"))
    if not ids:
        messages.error(request, "请先查找并勾选要邀请列席的代表。")
        return redirect("liaison:meeting_detail", meeting.pk)
    deputies = list(deputies_visible_to(request.user).filter(pk__in=ids))
    if len(deputies) != len(ids):
        messages.error(request, "所选代表中有无效的选择，请重新查找后勾选。")
        return redirect("liaison:meeting_detail", meeting.pk)
    try:
        services.meeting_observers_invite(
            meeting=meeting, deputies=deputies, actor=request.user
        )
    except core_errors.PermissionDenied as error:
        raise PermissionDenied(error.message) from None
    except core_errors.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"已邀请{'、'.join(d.name for d in deputies)}列席会议。"
        )
    return redirect("liaison:meeting_detail", meeting.pk)


@require_POST
@_only(can_manage_any)
def meeting_attendance(request, pk: int):
    meeting = _managed_meeting(request, pk)
    ids = picked_ids(request.POST.getlist("attended"))
    if ids is None:
        messages.error(request, "出席名单中有无效的选择，请重新勾选。")
        return redirect("liaison:meeting_detail", meeting.pk)
    try:
        observers = services.meeting_attendance_record(
            meeting=meeting, attended_deputy_ids=ids, actor=request.user
        )
    except core_errors.PermissionDenied as error:
        raise PermissionDenied(error.message) from None
    except core_errors.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"出席情况已登记：出席 {len(ids)} 名，共邀请 {len(observers)} 名。",
        )
    return redirect("liaison:meeting_detail", meeting.pk)


@require_POST
@_only(can_manage_any)
def meeting_observer_remove(request, pk: int, observer_pk: int):
    meeting = _managed_meeting(request, pk)
    observer = (
        MeetingObserver.objects.filter(meeting=meeting, pk=observer_pk)
        .select_related("deputy")
        .first()
    )
    if observer is None:
        raise Http404
    observer.meeting = meeting
    try:
        services.meeting_observer_remove(observer=observer, actor=request.user)
    except core_errors.PermissionDenied as error:
        raise PermissionDenied(error.message) from None
    except core_errors.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已撤销对{observer.deputy.name}的列席邀请。")
    return redirect("liaison:meeting_detail", meeting.pk)


@require_GET
@_only(can_see_deputy_pages)
def my_meetings(request):
    deputy_id = get_scope(request.user).deputy_id
    rows = (
        MeetingObserver.objects.filter(deputy_id=deputy_id)
        .select_related("meeting__standing_committee__term__congress")
        .order_by("-meeting__date", "-id")
    )
    return _render(request, "records_my_meetings.html", {"rows": rows})


# Coordination meetings (工作调度会) ---------------------------------------------


@require_GET
@_only(can_read_records)
def coordination(request):
    congress, congresses = _pick_congress(request, congresses_read_by(request.user))
    year = _year_param(request) or today().year
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
    return _render(
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
@_only(can_manage_any)
def coordination_new(request):
    congress, congresses = _pick_congress(request, congresses_managed_by(request.user))
    if congress is None:
        raise PermissionDenied
    form = CoordinationMeetingForm(
        request.POST or None, participants=coordination_participant_choices(congress)
    )
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
            _show_error(form, error)
        else:
            messages.success(request, f"{meeting}已登记。")
            query = urlencode({"congress": congress.pk, "year": meeting.year})
            return redirect(f"{reverse('liaison:coordination')}?{query}")
    return _render(
        request,
        "records_coordination_form.html",
        {"congress": congress, "congresses": congresses, "form": form},
        status=400 if request.method == "POST" else 200,
    )
