"""Pages of the government's sign-off (签批): the setting, sending, the office's page.

- ``government_route``: committee staff set which channels go through the
  government and which unit is the government's office;
- ``send_to_government``: staff send an accepted item to the office (POST);
- ``unit_coordinate``: the office's staff record the leader's instruction and
  pass the item on to departments;
- the detail page's panel: the 领导批示 block and the 办理用时 block.

See docs/suggestions-government.md.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.forms import (
    IsoDateTimeInput,
    apply_service_error,
    form_status,
    refusal_status,
)
from renda.core.parsing import parse_pk
from renda.units.models import HandlingUnit

from .. import services
from ..choices import AssignmentRole, AssignmentStatus, SuggestionStatus
from ..forms import new_idempotency_key
from ..panels import register_panel
from ..permissions import (
    can_handle_assignments,
    can_manage_government_route,
    can_manage_government_routes,
    can_review_suggestion,
    can_review_suggestions,
)
from ..selectors import get_assignment_for_user, get_suggestion_for_user
from ..selectors.government import (
    coordinating_assignment,
    government_steps,
    instruction_for,
    route_for,
)
from ..services.government import active_route

REQUIRED = "请填写{}。"


def _required(label: str) -> dict:
    return {"required": REQUIRED.format(label)}


# The setting -------------------------------------------------------------------------


class RouteForm(forms.Form):
    coordinating_unit = forms.ModelChoiceField(
        label="政府办公室（转办单位）",
        queryset=HandlingUnit.objects.none(),
        error_messages={
            "required": "请选择政府办公室（转办单位）。",
            "invalid_choice": "请从列表中选择转办单位。",
        },
        help_text="经政府签批的事项先交该单位，由其报政府领导签批后转交承办部门。",
    )
    covers_voice = forms.BooleanField(label="《代表之声》经政府签批", required=False)
    covers_hotline = forms.BooleanField(label="12345直通车经政府签批", required=False)
    covers_formal = forms.BooleanField(label="代表建议经政府签批", required=False)
    is_active = forms.BooleanField(label="启用", required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinating_unit"].queryset = HandlingUnit.objects.filter(
            region_id=congress.region_id, is_active=True
        ).order_by("kind", "name")


def _congresses(user):
    scope = get_scope(user)
    rows = Congress.objects.select_related("region").order_by("region__code")
    if not scope.is_admin:
        rows = rows.filter(pk__in=scope.staff_congress_ids)
    return rows


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_government_routes)
def government_route(request):
    """Set the congress's sign-off: the office and the channels that go through it."""
    congresses = list(_congresses(request.user))
    if not congresses:
        raise DjangoPermissionDenied
    wanted = parse_pk(request.POST.get("congress") or request.GET.get("congress"))
    congress = next((c for c in congresses if c.pk == wanted), congresses[0])
    if not can_manage_government_route(request.user, congress):
        raise DjangoPermissionDenied
    route = route_for(congress)
    initial = (
        {
            "coordinating_unit": route.coordinating_unit_id,
            "covers_voice": route.covers_voice,
            "covers_hotline": route.covers_hotline,
            "covers_formal": route.covers_formal,
            "is_active": route.is_active,
        }
        if route
        else {"covers_voice": True, "covers_hotline": True, "is_active": True}
    )
    if request.method == "POST":
        form = RouteForm(request.POST, congress=congress)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.government_route_set(
                    congress=congress,
                    coordinating_unit=data["coordinating_unit"],
                    covers_voice=data["covers_voice"],
                    covers_hotline=data["covers_hotline"],
                    covers_formal=data["covers_formal"],
                    is_active=data["is_active"],
                    actor=request.user,
                )
            except ApplicationError as error:
                apply_service_error(
                    form, error, {"channels": "covers_voice"}, default=None
                )
            else:
                messages.success(request, "政府签批设置已保存。")
                return redirect(f"{request.path}?congress={congress.pk}")
    else:
        form = RouteForm(initial=initial, congress=congress)
    return render(
        request,
        "suggestions/government_route.html",
        {
            "form": form,
            "route": route,
            "congress": congress,
            "congresses": congresses,
        },
        status=form_status(form),
    )


# Sending an item ------------------------------------------------------------------------


@require_POST
@permission_required(can_review_suggestions)
def send_to_government(request, pk: int):
    """Send an accepted item to the government's office for the leader's sign-off."""
    suggestion = get_suggestion_for_user(request.user, pk)
    if not can_review_suggestion(request.user, suggestion):
        raise DjangoPermissionDenied
    try:
        assignment = services.suggestion_send_to_government(
            suggestion=suggestion,
            actor=request.user,
            idempotency_key=request.POST.get("idempotency_key") or None,
        )
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except ApplicationError as error:
        messages.error(request, error.message)
        return render(
            request,
            "suggestions/government_refused.html",
            {"suggestion": suggestion, "message": error.message},
            status=refusal_status(error),
        )
    messages.success(
        request,
        f"已送{assignment.handling_unit.name}报政府领导签批，"
        f"办理期限 {assignment.due_at:%Y年%m月%d日}。",
    )
    return redirect("suggestions:detail", suggestion.pk)


# The office's page ----------------------------------------------------------------------


class InstructionForm(forms.Form):
    leader_name = forms.CharField(
        label="签批领导姓名", max_length=50, error_messages=_required("签批领导姓名")
    )
    leader_title = forms.CharField(
        label="领导职务",
        max_length=100,
        help_text="如：市政府分管副市长",
        error_messages=_required("领导职务"),
    )
    signed_at = forms.DateTimeField(
        label="签批时间",
        widget=IsoDateTimeInput(),
        error_messages={**_required("签批时间"), "invalid": "签批时间格式有误。"},
    )
    text = forms.CharField(
        label="批示内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required("批示内容"),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


ROLE_CHOICES = [
    ("", "不转交"),
    (AssignmentRole.LEAD, AssignmentRole.LEAD.label),
    (AssignmentRole.JOINT, AssignmentRole.JOINT.label),
    (AssignmentRole.SPLIT, AssignmentRole.SPLIT.label),
]


class DispatchForm(forms.Form):
    """One role choice per department of the government's region."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                label=unit.name, choices=ROLE_CHOICES, required=False
            )

    def chosen(self) -> list[tuple[HandlingUnit, str]]:
        return [
            (unit, self.cleaned_data[f"unit_{unit.pk}"])
            for unit in self.units
            if self.cleaned_data.get(f"unit_{unit.pk}")
        ]


def _departments(assignment):
    return (
        HandlingUnit.objects.filter(
            region_id=assignment.handling_unit.region_id, is_active=True
        )
        .exclude(pk=assignment.handling_unit_id)
        .order_by("kind", "name")
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_handle_assignments)
def unit_coordinate(request, pk: int):
    """The government's office: record the leader's instruction, then pass the item on."""
    assignment = get_assignment_for_user(request.user, pk)
    scope = get_scope(request.user)
    if assignment.handling_unit_id not in scope.unit_ids:
        raise Http404
    if assignment.role != AssignmentRole.COORDINATING:
        return redirect("suggestions:unit_reply", assignment.pk)
    suggestion = assignment.suggestion
    instruction = getattr(assignment, "instruction", None)
    action = request.POST.get("action", "")
    refusal = ""
    if not (suggestion.can_handle() and assignment.can("dispatch")):
        label = AssignmentStatus(assignment.status).label
        refusal = f"该交办事项当前状态为“{label}”，不能登记批示或转办。"
    instruct_form = InstructionForm(
        request.POST if action == "instruct" else None,
        initial={"idempotency_key": new_idempotency_key()},
    )
    dispatch_form = DispatchForm(
        request.POST if action == "dispatch" else None,
        units=_departments(assignment),
        initial={"idempotency_key": new_idempotency_key()},
    )
    status = 200
    if request.method == "POST" and refusal:
        status = 409
    elif request.method == "POST":
        form = instruct_form if action == "instruct" else dispatch_form
        if action not in ("instruct", "dispatch"):
            status = 400
            refusal = "请选择要办理的操作。"
        elif form.is_valid():
            try:
                if action == "instruct":
                    data = form.cleaned_data
                    services.instruction_record(
                        assignment=assignment,
                        leader_name=data["leader_name"],
                        leader_title=data["leader_title"],
                        signed_at=data["signed_at"],
                        text=data["text"],
                        actor=request.user,
                        idempotency_key=data["idempotency_key"] or None,
                    )
                    messages.success(request, "领导批示已登记，请转交承办部门。")
                    return redirect("suggestions:unit_coordinate", assignment.pk)
                services.assignment_dispatch(
                    assignment=assignment,
                    units=form.chosen(),
                    actor=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                )
                messages.success(request, "已转交承办部门办理。")
                return redirect("suggestions:detail", suggestion.pk)
            except ApplicationError as error:
                if isinstance(error, PermissionDenied):
                    raise DjangoPermissionDenied from None
                if error.field and error.field in form.fields:
                    status = apply_service_error(form, error)
                else:
                    refusal = error.message
                    status = refusal_status(error)
        else:
            status = 400
    return render(
        request,
        "suggestions/unit_coordinate.html",
        {
            "assignment": assignment,
            "suggestion": suggestion,
            "instruction": instruction,
            "instruct_form": instruct_form,
            "dispatch_form": dispatch_form,
            "refusal": refusal,
        },
        status=status,
    )


# The detail page's panels ---------------------------------------------------------------


@register_panel
def send_panel(user, suggestion):
    """Staff: send an accepted item of a covered channel to the government."""
    if suggestion.status != SuggestionStatus.ACCEPTED or suggestion.merged_into_id:
        return None
    if not can_review_suggestion(user, suggestion):
        return None
    route = active_route(suggestion.congress_id, suggestion.channel)
    if route is None:
        return None
    return (
        "suggestions/government_send_panel.html",
        {
            "suggestion": suggestion,
            "route": route,
            "idempotency_key": new_idempotency_key(),
        },
    )


@register_panel(needs="government_instructions")
def instruction_panel(user, suggestion):
    """Everyone who sees the item: the 领导批示 block and the 办理用时 block."""
    view = instruction_for(user, suggestion)
    if view is None:
        return None
    assignment = coordinating_assignment(suggestion.merged_into_id or suggestion.pk)
    steps = government_steps(assignment) if assignment else None
    return (
        "suggestions/government_panel.html",
        {"instruction": view, "steps": steps, "coordinating": assignment},
    )
