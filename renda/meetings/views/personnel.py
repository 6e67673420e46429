"""Pages of appointments (任免), the oath and 票决评议 of handling units.

Staff of the congress manage (every write posts to the page it shows, with an
``action``); leaders and members read; a unit's staff see their own published
results on their own page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PageForbidden
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.exporting import XLSX_TYPE
from renda.core.forms import apply_service_error, form_status, refusal_status
from renda.core.parsing import parse_pk

from ..choices import VoteMode
from ..exports import evaluation_xlsx
from ..forms_personnel import (
    AppointmentForm,
    EvaluationForm,
    EvaluationStartForm,
    OathForm,
    PutToVoteForm,
    WithdrawForm,
)
from ..selectors.personnel import (
    can_read_personnel,
    can_see_unit_evaluations,
    evaluation_detail,
    get_appointment_for_user,
    get_meeting_for_user,
    may_manage,
    personnel_page,
    unit_evaluation_entries,
)
from ..services import evaluations as evaluation_services
from ..services import personnel as personnel_services

# 任免 ----------------------------------------------------------------------------------


def _ticked(form) -> set[int]:
    """The appointments a posted form had ticked (shown ticked again on a refusal)."""
    if form is None or not form.is_bound:
        return set()
    return {parse_pk(value) for value in form["appointments"].value() or []}


def _personnel_context(request, meeting_pk, forms: dict | None = None):
    page = personnel_page(request.user, meeting_pk)
    forms = forms or {}
    return {
        "vote_ticked": _ticked(forms.get("vote")),
        "oath_ticked": _ticked(forms.get("oath")),
        "page": page,
        "meeting": page.meeting,
        "propose_form": forms.get("propose") or AppointmentForm(),
        "vote_form": forms.get("vote")
        or PutToVoteForm(meeting=page.meeting, initial={"mode": VoteMode.IN_MEETING}),
        "oath_form": forms.get("oath") or OathForm(meeting=page.meeting),
        "withdraw_form": forms.get("withdraw") or WithdrawForm(),
        "withdraw_target": forms.get("withdraw_target"),
        "votable": [r.appointment for r in page.rows if "put_to_vote" in r.actions],
    }


@require_http_methods(["GET", "POST"])
@permission_required(can_read_personnel)
def personnel(request, meeting_pk: int):
    meeting = get_meeting_for_user(request.user, meeting_pk)
    if request.method == "GET":
        return render(
            request,
            "meetings/personnel_page.html",
            _personnel_context(request, meeting.pk),
        )
    if not may_manage(request.user, meeting):
        raise PageForbidden
    action = request.POST.get("action")
    forms: dict = {}
    error = None
    try:
        if action == "propose":
            form = forms["propose"] = AppointmentForm(request.POST)
            if form.is_valid():
                personnel_services.appointment_propose(
                    meeting=meeting, actor=request.user, **form.cleaned_data
                )
                messages.success(request, "已提请审议。")
                return redirect("meetings:personnel", meeting.pk)
        elif action == "put_to_vote":
            form = forms["vote"] = PutToVoteForm(request.POST, meeting=meeting)
            if form.is_valid():
                votes = personnel_services.appointments_put_to_vote(
                    appointments=list(form.cleaned_data["appointments"]),
                    mode=form.cleaned_data["mode"],
                    merged=form.cleaned_data["merged"],
                    actor=request.user,
                )
                messages.success(request, f"已提付表决{len(votes)}项。")
                return redirect("meetings:personnel", meeting.pk)
        elif action == "withdraw":
            appointment = get_appointment_for_user(
                request.user, request.POST.get("appointment")
            )
            if appointment.meeting_id != meeting.pk:
                raise Http404
            form = forms["withdraw"] = WithdrawForm(request.POST)
            forms["withdraw_target"] = appointment.pk
            if form.is_valid():
                personnel_services.appointment_withdraw(
                    appointment=appointment,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
                messages.success(request, f"已撤回：{appointment}。")
                return redirect("meetings:personnel", meeting.pk)
        elif action == "oath":
            form = forms["oath"] = OathForm(request.POST, meeting=meeting)
            if form.is_valid():
                data = form.cleaned_data
                personnel_services.oath_record(
                    meeting=meeting,
                    appointments=list(data["appointments"]),
                    taken_at=data["taken_at"],
                    place=data["place"],
                    supervised_by=data["supervised_by"],
                    led_by=data["led_by"],
                    actor=request.user,
                )
                messages.success(request, "已登记宪法宣誓。")
                return redirect("meetings:personnel", meeting.pk)
        else:
            return HttpResponse("未知操作。", status=400)
    except ApplicationError as exc:
        # At the form that was posted, which comes back with what was typed and
        # ticked (an item that changed meanwhile, e.g. in another tab, included).
        apply_service_error(form, exc)
        error = exc
    # A post that comes back (refused or invalid) answers 400 or 409.
    return render(
        request,
        "meetings/personnel_page.html",
        _personnel_context(request, meeting.pk, forms),
        status=refusal_status(error) if error else 400,
    )


# 票决评议 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(can_read_personnel)
def evaluation_new(request, meeting_pk: int):
    meeting = get_meeting_for_user(request.user, meeting_pk)
    if not may_manage(request.user, meeting):
        raise PageForbidden
    congress = meeting.standing_committee.term.congress
    form = EvaluationForm(
        request.POST or None,
        meeting=meeting,
        initial={"year": meeting.date.year - 1 if meeting.date else None},
    )
    form.fields["units"].queryset = form.fields["units"].queryset.filter(
        region_id=congress.region_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = evaluation_services.evaluation_create(
                meeting=meeting,
                actor=request.user,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
                units=list(form.cleaned_data["units"]),
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已安排票决评议。")
            return redirect("meetings:evaluation", evaluation.pk)
    return render(
        request,
        "meetings/evaluation_form.html",
        {"form": form, "meeting": meeting},
        status=form_status(form),
    )


def _evaluation_page(request, pk, *, start_form=None, error=None, status=200):
    detail = evaluation_detail(request.user, pk)
    return render(
        request,
        "meetings/evaluation_detail.html",
        {
            "detail": detail,
            "evaluation": detail.evaluation,
            "start_form": start_form
            or EvaluationStartForm(initial={"mode": VoteMode.IN_MEETING}),
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_read_personnel)
def evaluation(request, pk: int):
    if request.method == "GET":
        return _evaluation_page(request, pk)
    detail = evaluation_detail(request.user, pk)
    if not detail.may_manage:
        raise PageForbidden
    action = request.POST.get("action")
    start_form = None
    try:
        if action == "start":
            start_form = EvaluationStartForm(request.POST)
            if not start_form.is_valid():
                return _evaluation_page(request, pk, start_form=start_form, status=400)
            evaluation_services.evaluation_start(
                evaluation=detail.evaluation,
                mode=start_form.cleaned_data["mode"],
                actor=request.user,
            )
            messages.success(request, "已开始表决。")
        elif action == "decide":
            evaluation_services.evaluation_decide(
                evaluation=detail.evaluation, actor=request.user
            )
            messages.success(request, "已评定结果。")
        elif action == "publish":
            evaluation_services.evaluation_publish(
                evaluation=detail.evaluation, actor=request.user
            )
            messages.success(request, "已公布结果，已通知各承办单位。")
        else:
            return HttpResponse("未知操作。", status=400)
    except ApplicationError as error:
        return _evaluation_page(
            request,
            pk,
            start_form=start_form,
            error=error,
            status=refusal_status(error),
        )
    return redirect("meetings:evaluation", pk)


@require_GET
@permission_required(can_read_personnel)
def evaluation_xlsx_download(request, pk: int):
    detail = evaluation_detail(request.user, pk)
    response = HttpResponse(evaluation_xlsx(detail.evaluation), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"票决评议结果-{detail.evaluation.year}-{detail.evaluation.pk}.xlsx"
    )
    return response


@require_GET
@permission_required(can_see_unit_evaluations)
def unit_evaluations(request):
    entries = list(unit_evaluation_entries(request.user)[:100])
    return render(request, "meetings/evaluation_unit.html", {"entries": entries})
