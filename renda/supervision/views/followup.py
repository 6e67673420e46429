"""Pages of review opinions followed to the end: the list, an opinion with a form per
action, the unit's queue, boards, and the item-level forms (new opinion, test,
follow-up item).

Order of checks: the role may use the page (403), the object is in the user's
scope (404), the user may take the action (403), then the form (400) and the
service (400/409 on the form). Pages read through ``selectors.followup`` as the
API does.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error
from renda.core.pagination import BoundedPaginator

from ..choices import OpinionStatus
from ..forms_followup import (
    OPINION_FORMS,
    POINT_FORMS,
    FollowUpItemForm,
    ItemTestForm,
    OpinionForm,
)
from ..permissions import (
    can_file_handling_report,
    can_manage_any_supervision,
    can_report_point_progress,
    can_use_supervision,
    can_use_unit_queue,
    manages_congress,
    reads_any_congress,
)
from ..selectors import followup as selectors
from ..services import followup as services
from ..services import satisfaction


def _found(read, *args, **kwargs):
    """Call a selector; an object outside the user's scope is the 404 page."""
    try:
        return read(*args, **kwargs)
    except errors.NotFound as error:
        raise Http404(error.message) from None


@require_GET
@permission_required(can_use_supervision)
def opinions(request):
    filters = selectors.OpinionFilters.from_query(request.GET)
    today = timezone.localdate()
    rows = selectors.opinion_list(request.user, filters, today)
    page = BoundedPaginator(rows, 30).get_page(request.GET.get("page"))
    for opinion in page.object_list:
        selectors.decorate(opinion, today)
    return render(
        request,
        "supervision/followup/opinions.html",
        {"page": page, "filters": filters, "Status": OpinionStatus},
    )


def _detail_context(request, pk, forms=None):
    detail = _found(selectors.opinion_detail, request.user, pk)
    built = {}
    for verb in detail.actions:
        built[verb] = (forms or {}).get(verb) or _initial_form(
            verb, detail.opinion, request.user
        )
    refused = next(
        (
            {"verb": verb, "label": selectors.OPINION_ACTION_LABELS[verb], "form": form}
            for verb, form in (forms or {}).items()
            if verb in OPINION_FORMS and verb not in detail.actions
        ),
        None,
    )
    return {
        "refused": refused,
        "detail": detail,
        "opinion": detail.opinion,
        "action_forms": [
            (verb, selectors.OPINION_ACTION_LABELS[verb], form)
            for verb, form in built.items()
        ],
        "point_forms": {v: cls() for v, cls in POINT_FORMS.items()},
        "point_error": (forms or {}).get("point_error"),
    }


# Steps the chairpersons' meeting decides: their forms offer its meetings.
DECIDED_VERBS = ("approve", "extend")


def _initial_form(verb, opinion, user=None):
    cls = OPINION_FORMS[verb]
    if verb == "edit":
        return cls(initial={"text": opinion.text, "compiled_on": opinion.compiled_on})
    if verb == "test":
        return cls(initial={"held_on": timezone.localdate()})
    if verb in DECIDED_VERBS:
        return cls(user=user, congress=opinion.item.congress)
    return cls()


@require_GET
@permission_required(can_use_supervision)
def opinion_detail(request, pk):
    return render(
        request,
        "supervision/followup/opinion_detail.html",
        _detail_context(request, pk),
    )


def _may_try(user, opinion, verb) -> bool:
    if verb == "file_report":
        return can_file_handling_report(user, opinion)
    return manages_congress(user, opinion.item.congress_id)


def _run_opinion_action(user, opinion, verb, data):
    if verb == "edit":
        return services.opinion_update(opinion=opinion, actor=user, **data)
    if verb == "approve":
        return services.opinion_approve(opinion=opinion, actor=user, **data)
    if verb == "send":
        return services.opinion_send(opinion=opinion, actor=user, **data)
    if verb == "extend":
        return services.opinion_extend(opinion=opinion, actor=user, **data)
    if verb == "add_point":
        unit = data.pop("unit")
        return services.point_add(opinion=opinion, unit_id=unit.pk, actor=user, **data)
    if verb == "file_report":
        return services.handling_report_file(opinion=opinion, actor=user, **data)
    if verb == "comment":
        return services.handling_report_comment(
            report=_current_report(opinion), actor=user, **data
        )
    if verb == "review":
        return services.handling_report_review(
            report=_current_report(opinion), actor=user, **data
        )
    if verb == "test":
        return satisfaction.satisfaction_test_record(
            item=opinion.item, opinion=opinion, actor=user, **data
        )
    if verb == "conclude":
        return services.opinion_conclude(opinion=opinion, actor=user, **data)
    raise Http404


def _current_report(opinion):
    report = opinion.handling_reports.filter(round=opinion.round).first()
    if report is None:
        raise errors.InvalidTransition(
            "该审议意见尚无本轮研究处理情况报告。", code="supervision.no_report"
        )
    return report


@require_POST
@permission_required(can_use_supervision)
def opinion_action(request, pk, verb):
    if verb not in OPINION_FORMS:
        raise Http404
    opinion = _found(selectors.get_opinion_for_user, request.user, pk)
    if not _may_try(request.user, opinion, verb):
        raise PermissionDenied
    extra = (
        {"user": request.user, "congress": opinion.item.congress}
        if verb in DECIDED_VERBS
        else {}
    )
    form = OPINION_FORMS[verb](request.POST, request.FILES, **extra)
    status = 400
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            _run_opinion_action(request.user, opinion, verb, data)
        except errors.ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, f"已{selectors.OPINION_ACTION_LABELS[verb]}。")
            return redirect("supervision:opinion_detail", opinion.pk)
    context = _detail_context(request, opinion.pk, {verb: form})
    return render(
        request, "supervision/followup/opinion_detail.html", context, status=status
    )


@require_POST
@permission_required(can_use_supervision)
def point_action(request, pk, verb):
    if verb not in POINT_FORMS:
        raise Http404
    point = _found(selectors.get_point_for_user, request.user, pk)
    may = (
        can_report_point_progress(request.user, point)
        if verb == "report_progress"
        else manages_congress(request.user, point.opinion.item.congress_id)
    )
    if not may:
        raise PermissionDenied
    form = POINT_FORMS[verb](request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            if verb == "report_progress":
                services.point_progress_report(point=point, actor=request.user, **data)
            elif verb == "finish":
                services.point_finish(point=point, actor=request.user, **data)
            else:
                services.point_reopen(point=point, actor=request.user)
        except errors.ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, "已保存。")
            nxt = request.POST.get("next")
            if nxt == "unit":
                return redirect("supervision:followup_unit")
            return redirect("supervision:opinion_detail", point.opinion_id)
    context = _detail_context(request, point.opinion_id)
    # The refused form, bound, so that what the unit wrote is still there.
    context["point_error"] = {
        "point": point.pk,
        "verb": verb,
        "form": form,
    }
    return render(
        request, "supervision/followup/opinion_detail.html", context, status=status
    )


@require_GET
@permission_required(can_use_unit_queue)
def unit_queue(request):
    today = timezone.localdate()
    queue = selectors.unit_queue(request.user, today)
    return render(
        request,
        "supervision/followup/unit.html",
        {"queue": queue, "today": today},
    )


@require_GET
@permission_required(reads_any_congress)
def boards(request):
    filters = selectors.OpinionFilters.from_query(request.GET)
    rows = selectors.board_for_unit(
        request.user, filters.unit, filters.year, congress=filters.congress
    )
    return render(
        request,
        "supervision/followup/boards.html",
        {"rows": rows, "filters": filters, "item": None},
    )


@require_GET
@permission_required(can_use_supervision)
def item_board(request, pk):
    item = _found(selectors.get_item_for_user, request.user, pk)
    rows = selectors.board_for_item(request.user, item)
    return render(
        request,
        "supervision/followup/boards.html",
        {"rows": rows, "item": item, "filters": None},
    )


def _managed_item(request, pk):
    item = _found(selectors.get_item_for_user, request.user, pk)
    if not manages_congress(request.user, item.congress_id):
        raise PermissionDenied
    return item


def _form_page(request, *, item, form, title, action, status=200):
    return render(
        request,
        "supervision/followup/form.html",
        {"item": item, "form": form, "title": title, "action": action},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
def opinion_new(request, pk):
    item = _managed_item(request, pk)
    form = OpinionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                opinion = services.opinion_create(
                    item=item,
                    unit_id=data["unit"].pk,
                    text=data["text"],
                    compiled_on=data["compiled_on"],
                    actor=request.user,
                )
            except errors.ApplicationError as error:
                status = apply_service_error(form, error)
            else:
                messages.success(request, "审议意见已登记。")
                return redirect("supervision:opinion_detail", opinion.pk)
    return _form_page(
        request,
        item=item,
        form=form,
        title="整理审议意见",
        action="create",
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
def item_test_new(request, pk):
    item = _managed_item(request, pk)
    form = ItemTestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            unit = data.pop("unit")
            try:
                satisfaction.satisfaction_test_record(
                    item=item, unit_id=unit.pk, actor=request.user, **data
                )
            except errors.ApplicationError as error:
                status = apply_service_error(form, error)
            else:
                messages.success(request, "测评结果已登记。")
                return redirect("supervision:followup_item_board", item.pk)
    return _form_page(
        request,
        item=item,
        form=form,
        title="登记满意度测评（票决评议）",
        action="test",
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
def follow_up_item_new(request, pk):
    item = _managed_item(request, pk)
    form = FollowUpItemForm(
        request.POST or None, initial={"year": item.year + 1, "kind": item.kind}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                follow = services.follow_up_item_create(
                    item=item, actor=request.user, **form.cleaned_data
                )
            except errors.ApplicationError as error:
                status = apply_service_error(form, error)
            else:
                messages.success(request, f"已登记{follow.year}年跟踪监督事项。")
                return redirect("supervision:followup_item_board", follow.pk)
    return _form_page(
        request,
        item=item,
        form=form,
        title="开展跟踪监督",
        action="follow_up",
        status=status,
    )


# Files ---------------------------------------------------------------------------------------


def _file_response(field, name: str) -> FileResponse:
    """Send a stored file as an attachment, never guessed as another type."""
    if not field:
        raise Http404
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=name or field.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=600"
    return response


@require_GET
@permission_required(can_use_supervision)
def handling_report_download(request, pk):
    """The handling report's file, to those who may see its opinion."""
    report = _found(selectors.get_handling_report_for_user, request.user, pk)
    return _file_response(report.file, report.file_name)


@require_GET
@permission_required(can_use_supervision)
def progress_evidence_download(request, pk):
    """A progress report's evidence, to those who may see its opinion."""
    progress = _found(selectors.get_progress_for_user, request.user, pk)
    return _file_response(progress.evidence, progress.evidence_name)
