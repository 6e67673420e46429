"""Pages of meetings: the list, a new meeting, one meeting (agenda, guests,
attendance, timeline), the staff desk (live quorum, attendance buttons,
open/close, votes), a member's own meetings with the sign-in button."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.congresses.models import StandingCommittee
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.forms import (
    apply_service_error,
    form_errors_text,
    form_status,
    refusal_status,
)
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk

from .. import services
from ..choices import Attendance, MeetingKind, MeetingStatus
from ..documents import DOCX_TYPE, meeting_notice_docx, meeting_notice_filename
from ..forms_meetings import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    GuestForm,
    MeetingForm,
)
from ..models import AgendaItem, MeetingGuest
from ..permissions import (
    can_manage_any_meetings,
    can_use_meetings,
    manages_congress,
)
from ..selectors.meetings import (
    MeetingFilters,
    agenda_subject_of,
    attendance_rows,
    get_managed_meeting,
    get_meeting_for_user,
    meeting_detail,
    meeting_list,
    my_meetings,
    observers_url,
)

DESK_POLL_SECONDS = 5


def run_service(call):
    """Run a service; a permission refusal becomes the 403 page."""
    try:
        return call(), None
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    except ApplicationError as error:
        return None, error


def _years() -> list[int]:
    return list(range(timezone.localdate().year + 1, 2016, -1))


def managed_committees(user):
    """The standing committees of the latest terms of the congresses the user runs."""
    committees = (
        StandingCommittee.objects.select_related("term__congress")
        .order_by("term__congress__region__code", "-term__number")
        .all()
    )
    seen, out = set(), []
    for committee in committees[:500]:
        congress_id = committee.term.congress_id
        if congress_id in seen or not manages_congress(user, congress_id):
            continue
        seen.add(congress_id)
        out.append(committee)
    return out


# The list and a new meeting ------------------------------------------------------


@require_GET
@permission_required(can_use_meetings)
def meeting_list_page(request):
    filters = MeetingFilters.from_query(request.GET)
    paginator = BoundedPaginator(
        meeting_list(request.user, filters), settings.RENDA_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "kinds": MeetingKind.choices,
            "statuses": MeetingStatus.choices,
            "years": _years(),
            "may_create": can_manage_any_meetings(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_meetings)
def meeting_new(request):
    committees = managed_committees(request.user)
    if not committees:
        raise Http404
    chosen_pk = parse_pk(request.POST.get("committee") or request.GET.get("committee"))
    committee = next((c for c in committees if c.pk == chosen_pk), committees[0])
    form = MeetingForm(request.POST or None, standing_committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting, error = run_service(
            lambda: services.meeting_create(
                standing_committee=committee,
                kind=data["kind"],
                number=data["number"],
                date=data["date"],
                starts_at=data["starts_at"],
                place=data["place"],
                agenda=data["agenda"],
                actor=request.user,
            )
        )
        if error is None:
            messages.success(request, f"已创建{meeting}。")
            return redirect("meetings:detail", meeting.pk)
        apply_service_error(form, error)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "committees": committees, "committee": committee},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    initial = {
        "date": meeting.date,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "agenda": meeting.agenda,
    }
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        standing_committee=meeting.standing_committee,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, error = run_service(
            lambda: services.meeting_update(
                meeting=meeting,
                date=data["date"],
                starts_at=data["starts_at"],
                clear_starts_at=data["starts_at"] is None,
                place=data["place"],
                agenda=data["agenda"],
                actor=request.user,
            )
        )
        if error is None:
            messages.success(request, "已保存。")
            return redirect("meetings:detail", meeting.pk)
        apply_service_error(form, error)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=form_status(form),
    )


# One meeting -------------------------------------------------------------------------


def detail_page(request, pk, *, error=None, status=200, **forms):
    detail = meeting_detail(request.user, pk)
    context = {
        "detail": detail,
        "meeting": detail.meeting,
        "error": error,
        "agenda_form": forms.get("agenda_form")
        or AgendaItemForm(meeting=detail.meeting),
        "guest_form": forms.get("guest_form") or GuestForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "observers_url": observers_url(detail.meeting.pk),
    }
    bound = [f for f in forms.values() if f is not None]
    return render(
        request,
        "meetings/meeting_detail.html",
        context,
        status=form_status(*bound, default=status),
    )


@require_GET
@login_required
def meeting_detail_page(request, pk: int):
    return detail_page(request, pk)


def _back(request, meeting, error: ApplicationError | None):
    """After a button: back to the desk or the meeting; a refusal shown there."""
    if request.POST.get("next") == "desk":
        if error is not None:
            return desk_page(
                request, meeting.pk, error=error, status=refusal_status(error)
            )
        return redirect("meetings:desk", meeting.pk)
    if error is not None:
        return detail_page(
            request, meeting.pk, error=error, status=refusal_status(error)
        )
    return redirect("meetings:detail", meeting.pk)


@require_POST
@login_required
def agenda_add(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        _, error = run_service(
            lambda: services.agenda_item_add(
                meeting=meeting, actor=request.user, **form.cleaned_data
            )
        )
        if error is None:
            messages.success(request, "已添加议程。")
            return redirect("meetings:detail", meeting.pk)
        if error.field in form.fields:
            apply_service_error(form, error)
        else:
            return detail_page(request, pk, error=error, status=refusal_status(error))
    return detail_page(request, pk, agenda_form=form)


def _item_for(request, item_pk) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("meeting")
        .filter(pk=parse_pk(item_pk) or 0)
        .first()
    )
    if item is None:
        raise Http404
    get_managed_meeting(request.user, item.meeting_id)
    return item


@require_http_methods(["GET", "POST"])
@login_required
def agenda_edit(request, item_pk: int):
    item = _item_for(request, item_pk)
    current = agenda_subject_of(item)
    # The item's subject stays selectable while its kind is kept (even if no
    # longer offered); with another kind, only that kind's candidates are.
    same_kind = request.method != "POST" or request.POST.get("kind") == item.kind
    form = AgendaItemForm(
        request.POST or None,
        meeting=item.meeting,
        current=(current["subject_value"], current["subject_label"])
        if current and same_kind
        else None,
        initial={
            "kind": item.kind,
            "title": item.title,
            "reporter": item.reporter,
            "description": item.description,
            "subject": current.get("subject_value", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if same_kind and current and data.get("subject") == current["subject_value"]:
            # Unchanged: kept even if no longer among the candidates offered.
            data["subject"] = None
        _, error = run_service(
            lambda: services.agenda_item_update(item=item, actor=request.user, **data)
        )
        if error is None:
            messages.success(request, "已保存议程。")
            return redirect("meetings:detail", item.meeting_id)
        apply_service_error(form, error)
    return render(
        request,
        "meetings/meeting_agenda_form.html",
        {"form": form, "item": item, "meeting": item.meeting},
        status=form_status(form),
    )


@require_GET
@login_required
def agenda_subjects(request, pk: int):
    """The 关联事项 select for the kind chosen (htmx, on a change of kind)."""
    meeting = get_managed_meeting(request.user, pk)
    form = AgendaItemForm(
        initial={"kind": request.GET.get("kind") or ""}, meeting=meeting
    )
    return render(request, "meetings/meeting_agenda_subject_field.html", {"form": form})


@require_POST
@login_required
def agenda_remove(request, item_pk: int):
    item = _item_for(request, item_pk)
    _, error = run_service(
        lambda: services.agenda_item_remove(item=item, actor=request.user)
    )
    if error is None:
        messages.success(request, f"已删除议程：{item.title}。")
    return _back(request, item.meeting, error)


@require_POST
@login_required
def agenda_move(request, item_pk: int):
    item = _item_for(request, item_pk)
    _, error = run_service(
        lambda: services.agenda_item_move(
            item=item, direction=request.POST.get("direction", ""), actor=request.user
        )
    )
    return _back(request, item.meeting, error)


@require_POST
@login_required
def guest_add(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    form = GuestForm(request.POST)
    if form.is_valid():
        _, error = run_service(
            lambda: services.guest_add(
                meeting=meeting, actor=request.user, **form.cleaned_data
            )
        )
        if error is None:
            messages.success(request, "已登记列席人员。")
            return redirect("meetings:detail", meeting.pk)
        if error.field in form.fields:
            apply_service_error(form, error)
        else:
            return detail_page(request, pk, error=error, status=refusal_status(error))
    return detail_page(request, pk, guest_form=form)


def _guest_for(request, guest_pk) -> MeetingGuest:
    guest = (
        MeetingGuest.objects.select_related("meeting")
        .filter(pk=parse_pk(guest_pk) or 0)
        .first()
    )
    if guest is None:
        raise Http404
    get_managed_meeting(request.user, guest.meeting_id)
    return guest


@require_POST
@login_required
def guest_remove(request, guest_pk: int):
    guest = _guest_for(request, guest_pk)
    _, error = run_service(
        lambda: services.guest_remove(guest=guest, actor=request.user)
    )
    return _back(request, guest.meeting, error)


@require_POST
@login_required
def guest_mark(request, guest_pk: int):
    guest = _guest_for(request, guest_pk)
    attended = request.POST.get("attended")
    _, error = run_service(
        lambda: services.guest_mark(
            guest=guest, attended=attended == "1", actor=request.user
        )
    )
    return _back(request, guest.meeting, error)


@require_POST
@login_required
def meeting_open(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    _, error = run_service(
        lambda: services.meeting_open(meeting=meeting, actor=request.user)
    )
    if error is None:
        messages.success(request, "已宣布开会。")
    return _back(request, meeting, error)


@require_POST
@login_required
def meeting_close(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    _, error = run_service(
        lambda: services.meeting_close(meeting=meeting, actor=request.user)
    )
    if error is None:
        messages.success(request, "已宣布闭会。")
    return _back(request, meeting, error)


@require_POST
@login_required
def meeting_cancel(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        _, error = run_service(
            lambda: services.meeting_cancel(
                meeting=meeting, reason=form.cleaned_data["reason"], actor=request.user
            )
        )
        if error is None:
            messages.success(request, "已取消会议。")
            return redirect("meetings:detail", meeting.pk)
        return detail_page(request, pk, error=error, status=refusal_status(error))
    return detail_page(request, pk, cancel_form=form)


@require_GET
@login_required
def notice_docx(request, pk: int):
    """The meeting notice (会议通知) as .docx, for the staff."""
    meeting = get_managed_meeting(request.user, pk)
    response = HttpResponse(meeting_notice_docx(meeting), content_type=DOCX_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(
        meeting_notice_filename(meeting)
    )
    return response


# The staff desk ------------------------------------------------------------------


def desk_page(request, pk, *, error=None, status=200, form=None):
    get_managed_meeting(request.user, pk)
    detail = meeting_detail(request.user, pk)
    return render(
        request,
        "meetings/meeting_desk.html",
        {
            "detail": detail,
            "meeting": detail.meeting,
            "quorum": detail.quorum,
            "rows": detail.attendance,
            "may_attend": "attend" in detail.actions,
            "error": error,
            "form": form,
            "poll_seconds": DESK_POLL_SECONDS,
            "Attendance": Attendance,
        },
        status=form_status(form, default=status) if form is not None else status,
    )


@require_GET
@login_required
def desk(request, pk: int):
    return desk_page(request, pk)


def live_part(request, meeting, *, error: str = "", typed: dict | None = None):
    """The quorum banner and the members grid. After a refused mark (htmx), the same
    part with the message on top and the reason the clerk typed still in its row:
    htmx does not swap 4xx answers, so a refusal answered 400 would show nothing."""
    rows, quorum = attendance_rows(meeting)
    return render(
        request,
        "meetings/meeting_desk_live.html",
        {
            "meeting": meeting,
            "rows": rows,
            "quorum": quorum,
            "poll_seconds": DESK_POLL_SECONDS,
            "may_attend": meeting.status in (MeetingStatus.PLANNED, MeetingStatus.OPEN),
            "error": error,
            "typed": typed or {},
        },
    )


def _refused_mark(request, pk, meeting, *, form, error=None):
    """A refused attendance mark: the live part with the message (htmx), else the page."""
    if not request.headers.get("HX-Request"):
        if error is not None:
            return desk_page(request, pk, error=error, status=refusal_status(error))
        return desk_page(request, pk, form=form)
    message = error.message if error is not None else form_errors_text(form)
    typed = {
        "member": str(request.POST.get("member", "")),
        "reason": request.POST.get("reason", ""),
    }
    return live_part(request, meeting, error=message, typed=typed)


@require_GET
@login_required
def desk_quorum(request, pk: int):
    """The desk's live part (htmx polls it): the quorum banner and the members grid."""
    return live_part(request, get_managed_meeting(request.user, pk))


@require_POST
@login_required
def attendance(request, pk: int):
    """Staff mark a member present, on leave (with a reason) or absent."""
    meeting = get_managed_meeting(request.user, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return _refused_mark(request, pk, meeting, form=form)
    member = (
        meeting.standing_committee.members.select_related("deputy")
        .filter(pk=form.cleaned_data["member"])
        .first()
    )
    if member is None:
        form.add_error(None, "该人员不是本届常委会组成人员。")
        return _refused_mark(request, pk, meeting, form=form)
    _, error = run_service(
        lambda: services.attendance_record(
            meeting=meeting,
            member=member,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    )
    if error is None and request.headers.get("HX-Request"):
        return live_part(request, meeting)
    if error is None:
        messages.success(request, f"{member.deputy.name}：已登记。")
        return redirect("meetings:desk", meeting.pk)
    return _refused_mark(request, pk, meeting, form=form, error=error)


# A member's meetings -----------------------------------------------------------------


@require_GET
@permission_required(can_use_meetings)
def mine(request):
    return render(
        request,
        "meetings/meeting_mine.html",
        {"rows": my_meetings(request.user)},
    )


@require_POST
@login_required
def sign_in(request, pk: int):
    """A member signs in on their phone on the meeting's day."""
    meeting = get_meeting_for_user(request.user, pk)
    _, error = run_service(
        lambda: services.meeting_sign_in(meeting=meeting, user=request.user)
    )
    if error is None:
        messages.success(request, f"签到成功：{meeting}。")
    else:
        messages.error(request, error.message)
    # Back to the ballot the member came from, when it is one of ours.
    target = request.POST.get("next", "")
    if target.startswith("/meetings/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("meetings:mine")
