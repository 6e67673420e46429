"""Pages of committee meetings and their observers (列席)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error, form_errors_text, form_status
from renda.core.parsing import parse_pk
from renda.deputies.selectors import DeputyFilters, deputies_visible_to, deputy_list
from renda.meetings.models import CommitteeMeeting

from .. import rules, services
from ..forms import CommitteeMeetingForm, MeetingAttendanceForm, MeetingInviteForm
from ..permissions import (
    can_manage_any,
    can_manage_congress,
    can_open_meeting,
    can_read_records,
    can_see_deputy_pages,
)
from ..selectors import (
    MEETING_ATTENDANCE,
    MEETING_INVITE,
    MeetingFilters,
    committee_meeting_detail,
    committee_meeting_list,
    congresses_managed_by,
    congresses_read_by,
    current_standing_committee,
    eligible_observer_deputies,
    get_committee_meeting_for_user,
    get_observer_for_user,
    observations_of,
)
from .shared import (
    SEARCH_LIMIT,
    paginate,
    pick_congress,
    render_page,
    search_text,
    today,
)


@require_GET
@permission_required(can_read_records)
def meetings(request):
    congress, congresses = pick_congress(request, congresses_read_by(request.user))
    queryset = (
        CommitteeMeeting.objects.none()
        if congress is None
        else committee_meeting_list(request.user, MeetingFilters(congress=congress.pk))
    )
    page, query = paginate(request, queryset)
    return render_page(
        request,
        "records_meetings.html",
        {
            "congress": congress,
            "congresses": congresses,
            "page": page,
            "query": query,
            "minimum": rules.min_meeting_observers(),
            "may_manage": congress is not None
            and can_manage_congress(request.user, congress),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any)
def meeting_new(request):
    congress, congresses = pick_congress(request, congresses_managed_by(request.user))
    committee = current_standing_committee(congress) if congress else None
    form = CommitteeMeetingForm(request.POST or None)
    if committee is not None and request.method == "GET":
        last = committee.meetings.order_by("-number").first()
        form.initial["number"] = (last.number + 1) if last else 1
    status = 400 if request.method == "POST" else 200
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
            status = apply_service_error(form, error)
        else:
            messages.success(request, f"{meeting}已登记，请邀请列席代表。")
            return redirect("liaison:meeting_detail", meeting.pk)
    return render_page(
        request,
        "records_meeting_form.html",
        {
            "congress": congress,
            "congresses": congresses,
            "committee": committee,
            "form": form,
        },
        status=status,
    )


def _meeting_page(request, pk: int, *, invite_form=None, attendance_form=None):
    """The meeting's page; a refused invitation or roll comes back in it (400)
    with what was ticked still ticked and the refusal at its form."""
    detail = committee_meeting_detail(request.user, pk, today=today())
    meeting = detail.meeting
    invite_picked = []
    if invite_form is not None:
        ids = invite_form.fields["deputies"].ticked(invite_form["deputies"])
        invite_picked = list(
            deputies_visible_to(request.user).filter(pk__in=ids).order_by("pk")
        )
    attendance_ticked = None
    if attendance_form is not None:
        attendance_ticked = attendance_form.fields["attended"].ticked(
            attendance_form["attended"]
        )
    return render_page(
        request,
        "records_meeting_detail.html",
        {
            "detail": detail,
            "meeting": meeting,
            "congress": meeting.standing_committee.term.congress,
            "observers": detail.observers,
            "minimum": rules.min_meeting_observers(),
            "may_manage": detail.may(MEETING_INVITE),
            "may_record_attendance": detail.may(MEETING_ATTENDANCE),
            "invite_errors": _errors_of(invite_form),
            "invite_picked": invite_picked,
            "attendance_errors": _errors_of(attendance_form),
            "attendance_ticked": attendance_ticked,
        },
        status=form_status(invite_form, attendance_form),
    )


def _errors_of(form) -> str:
    return form_errors_text(form) if form is not None and form.errors else ""


@require_GET
@permission_required(can_open_meeting)
def meeting_detail(request, pk: int):
    return _meeting_page(request, pk)


def _managed_meeting(request, pk: int) -> CommitteeMeeting:
    meeting = get_committee_meeting_for_user(request.user, pk)
    if not can_manage_congress(request.user, meeting.standing_committee.term.congress):
        raise PermissionDenied
    return meeting


@require_GET
@permission_required(can_manage_any)
def meeting_observer_options(request, pk: int):
    meeting = _managed_meeting(request, pk)
    q = search_text(request)
    congress_id = meeting.standing_committee.term.congress_id
    # The ones ticked before this search stay ticked, above its matches.
    chosen = [d for v in request.GET.getlist("deputies") if (d := parse_pk(v))]
    candidates = (
        deputies_visible_to(request.user)
        .filter(pk__in=eligible_observer_deputies(meeting).values("pk"))
        .exclude(pk__in=meeting.observers.values("deputy_id"))
    )
    selected = list(candidates.filter(pk__in=chosen)[:SEARCH_LIMIT])
    results = []
    if q:
        results = list(
            deputy_list(
                user=request.user, filters=DeputyFilters(congress=congress_id, q=q)
            )
            .filter(pk__in=candidates.values("pk"))
            .exclude(pk__in=chosen)[:SEARCH_LIMIT]
        )
    return render_page(
        request,
        "records_deputy_options.html",
        {
            "results": results,
            "selected": selected,
            "q": q,
            "name": "deputies",
            "kind": "checkbox",
        },
    )


@require_POST
@permission_required(can_manage_any)
def meeting_invite(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = MeetingInviteForm(request.POST)
    if form.is_valid():
        ids = form.cleaned_data["deputies"]
        deputies = list(deputies_visible_to(request.user).filter(pk__in=ids))
        if len(deputies) != len(ids):
            form.add_error("deputies", "所选代表中有无效的选择，请重新查找后勾选。")
        else:
            try:
                services.meeting_observers_invite(
                    meeting=meeting, deputies=deputies, actor=request.user
                )
            except core_errors.ApplicationError as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request, f"已邀请{'、'.join(d.name for d in deputies)}列席会议。"
                )
                return redirect("liaison:meeting_detail", meeting.pk)
    return _meeting_page(request, meeting.pk, invite_form=form)


@require_POST
@permission_required(can_manage_any)
def meeting_attendance(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = MeetingAttendanceForm(request.POST)
    if form.is_valid():
        ids = form.cleaned_data["attended"]
        try:
            observers = services.meeting_attendance_record(
                meeting=meeting, attended_deputy_ids=ids, actor=request.user
            )
        except core_errors.ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                f"出席情况已登记：出席 {len(ids)} 名，共邀请 {len(observers)} 名。",
            )
            return redirect("liaison:meeting_detail", meeting.pk)
    return _meeting_page(request, meeting.pk, attendance_form=form)


@require_POST
@permission_required(can_manage_any)
def meeting_observer_remove(request, pk: int, observer_pk: int):
    meeting = _managed_meeting(request, pk)
    observer = get_observer_for_user(request.user, meeting, observer_pk)
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
@permission_required(can_see_deputy_pages)
def my_meetings(request):
    # ``?upcoming=1``: only the meetings still to come (the workbench's tile).
    upcoming = request.GET.get("upcoming") == "1"
    rows = observations_of(request.user, upcoming_from=today() if upcoming else None)
    return render_page(
        request, "records_my_meetings.html", {"rows": rows, "upcoming": upcoming}
    )
