"""Pages of the kind-specific steps, under /supervision/items/<id>/...

``kind_panel`` shows the panel on its own page; each step has its own form
page (phone-friendly), open to the congress's staff (403 for others who see
the item, 404 for those who do not).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, NotFound
from renda.core.forms import apply_service_error

from .. import forms_kinds as forms
from ..choices import InvestigationProposer
from ..models import InquiryQuestion
from ..permissions import can_manage_item, can_use_supervision
from ..selectors.kinds import ACTIONS, get_kind_item_for_user, kind_panel
from ..services import kinds as services


def _item(request, pk):
    try:
        return get_kind_item_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None


def _managed_item(request, pk):
    item = _item(request, pk)
    if not can_manage_item(request.user, item):
        raise PermissionDenied
    return item


@require_GET
@permission_required(can_use_supervision)
def panel(request, pk: int):
    item = _item(request, pk)
    return render(
        request,
        "supervision/kinds/panel_page.html",
        {"item": item, "panel": kind_panel(request.user, item)},
    )


def _step(request, pk, *, form_class, action, run, done, aliases=None, question=None):
    """Draw a step's form; on POST run the service and go back to the panel."""
    item = _managed_item(request, pk)
    if action not in kind_panel(request.user, item).actions:
        # Another kind, or a step not open now: the form would only be refused.
        messages.error(request, f"该事项现在不能{ACTIONS[action]}。")
        return redirect("supervision:kind_panel", item.pk)
    form = form_class(request.POST or None, item=item)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            run(item, form)
        except ApplicationError as error:
            status = apply_service_error(form, error, aliases)
        else:
            messages.success(request, done)
            return redirect("supervision:kind_panel", item.pk)
    return render(
        request,
        "supervision/kinds/form.html",
        {
            "item": item,
            "form": form,
            "action": action,
            "title": ACTIONS[action],
            "question": question,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def laws(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.LawsForm,
        action="set_laws",
        run=lambda item, form: services.inspection_laws_set(
            item=item, laws=form.law_rows(), actor=request.user
        ),
        done="已登记检查的法律法规。",
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def methods(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.MethodsForm,
        action="set_methods",
        run=lambda item, form: services.inspection_methods_set(
            item=item, methods=form.cleaned_data["methods"], actor=request.user
        ),
        done="已登记检查方式。",
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def inspection_report(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.InspectionReportForm,
        action="save_report",
        run=lambda item, form: services.inspection_report_save(
            item=item, actor=request.user, **form.cleaned_data
        ),
        done="已保存执法检查报告。",
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def question_new(request, pk: int):
    def run(item, form):
        data = form.cleaned_data
        services.inquiry_question_add(
            item=item,
            question=data["question"],
            order=data["order"],
            asked_by_member_id=getattr(data["asked_by_member"], "pk", None),
            asked_by_deputy_id=getattr(data["asked_by_deputy"], "pk", None),
            answering_unit_id=getattr(data["answering_unit"], "pk", None),
            actor=request.user,
        )

    return _step(
        request,
        pk,
        form_class=forms.QuestionForm,
        action="add_question",
        run=run,
        done="已增加询问问题。",
    )


def _question_of(item_pk, question_pk) -> InquiryQuestion:
    question = InquiryQuestion.objects.filter(item_id=item_pk, pk=question_pk).first()
    if question is None:
        raise Http404
    return question


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def question_answer(request, pk: int, question_pk: int):
    item = _managed_item(request, pk)
    question = _question_of(item.pk, question_pk)
    return _step(
        request,
        pk,
        form_class=forms.AnswerForm,
        action="record_answer",
        run=lambda item, form: services.inquiry_answer_record(
            item=item, question_id=question.pk, actor=request.user, **form.cleaned_data
        ),
        done=f"已登记问题{question.order}的回答。",
        question=question,
    )


@require_POST
@permission_required(can_use_supervision)
def question_remove(request, pk: int, question_pk: int):
    item = _managed_item(request, pk)
    question = _question_of(item.pk, question_pk)
    try:
        services.inquiry_question_remove(
            item=item, question_id=question.pk, actor=request.user
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已删除问题{question.order}。")
    return redirect("supervision:kind_panel", item.pk)


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def interpellation_lodge(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.LodgeForm,
        action="lodge",
        run=lambda item, form: services.interpellation_lodge(
            item=item,
            filer_member_ids=[m.pk for m in form.cleaned_data["filers"]],
            text=form.cleaned_data["text"],
            lodged_on=form.cleaned_data["lodged_on"],
            actor=request.user,
        ),
        done="已登记质询案。",
        aliases={"filer_member_ids": "filers"},
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def interpellation_decide(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.DecideForm,
        action="decide_answer",
        run=lambda item, form: services.interpellation_answer_decide(
            item=item,
            unit_ids=[u.pk for u in form.cleaned_data["units"]],
            mode=form.cleaned_data["mode"],
            chairpersons_meeting=form.cleaned_data["chairpersons_meeting"],
            actor=request.user,
        ),
        done="已登记主任会议决定。",
        aliases={"unit_ids": "units"},
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def interpellation_answer(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.InterpellationAnswerForm,
        action="record_interpellation_answer",
        run=lambda item, form: services.interpellation_answer_record(
            item=item, actor=request.user, **form.cleaned_data
        ),
        done="已登记答复。",
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def interpellation_satisfaction(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.SatisfactionForm,
        action="record_satisfaction",
        run=lambda item, form: services.interpellation_satisfaction_record(
            item=item, satisfaction=form.satisfaction(), actor=request.user
        ),
        done="已登记提质询案人意见。",
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def investigation_propose(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.ProposeForm,
        action="propose",
        run=lambda item, form: services.investigation_propose(
            item=item,
            proposer=form.cleaned_data["proposer"],
            proposer_member_ids=[m.pk for m in form.cleaned_data["members"]],
            chairpersons_meeting=form.cleaned_data["chairpersons_meeting"]
            if form.cleaned_data["proposer"] == InvestigationProposer.CHAIRPERSONS
            else None,
            actor=request.user,
        ),
        done="已登记调查提议。",
        aliases={"proposer_member_ids": "members"},
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def investigation_exclusions(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.ExclusionsForm,
        action="set_exclusions",
        run=lambda item, form: services.investigation_exclusions_set(
            item=item,
            member_ids=[m.pk for m in form.cleaned_data["members"]],
            actor=request.user,
        ),
        done="已登记回避人员。",
        aliases={"member_ids": "members"},
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def resolution(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.ResolutionForm,
        action="record_resolution",
        run=lambda item, form: services.resolution_record(
            item=item, actor=request.user, **form.cleaned_data
        ),
        done="已登记表决结果。",
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
def resolution_execution(request, pk: int):
    return _step(
        request,
        pk,
        form_class=forms.ExecutionForm,
        action="record_execution_report",
        run=lambda item, form: services.resolution_execution_reported(
            item=item, actor=request.user, **form.cleaned_data
        ),
        done="已登记执行情况报告。",
    )
