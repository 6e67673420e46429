"""The handling unit's pages: its assignments by due date, reply, return, extension.

Only unit staff use these pages (others get 403); an assignment of another unit
answers 404, as if it did not exist.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from renda.accounts.permissions import get_scope
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.forms import apply_service_error, form_status
from renda.core.pagination import BoundedPaginator

from .. import rules, services
from ..choices import (
    ANSWERING_ROLES,
    AssignmentRole,
    AssignmentStatus,
    Channel,
    ExtensionStatus,
)
from ..forms import ExtensionForm, ReplyForm, ReturnForm, new_idempotency_key
from ..models import Assignment
from ..permissions import can_handle_assignments
from ..selectors import (
    UNIT_QUEUES,
    AssignmentFilters,
    assignments_visible_to,
    unit_assignment_list,
)
from ..services import reply_create_with_attachments


def _own_assignments(user):
    scope = get_scope(user)
    return assignments_visible_to(user).filter(handling_unit_id__in=scope.unit_ids)


def _get_own_assignment(user, pk) -> Assignment:
    """Return one of the user's unit's assignments, or 404 (another unit's too)."""
    try:
        return (
            _own_assignments(user)
            .select_related("suggestion", "handling_unit")
            .get(pk=pk)
        )
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _queue_label(key: str, label: str) -> str:
    if key == "due_soon":
        return f"{rules.due_soon_days()}个工作日内到期"
    return label


@require_GET
@permission_required(can_handle_assignments)
def unit_inbox(request):
    """List the unit's assignments in a queue: overdue first, then by due date."""
    today = timezone.localdate()
    filters = AssignmentFilters.from_query(request.GET)
    which = filters.show
    assignments = unit_assignment_list(request.user, filters, today=today)
    paginator = BoundedPaginator(assignments, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for assignment in page.object_list:
        assignment.days_left = (assignment.due_at - today).days
        assignment.due_soon = rules.due_soon(assignment, today)
    return render(
        request,
        "suggestions/unit_inbox.html",
        {
            "page": page,
            "show": which,
            "filters": [
                (key, _queue_label(key, label)) for key, label in UNIT_QUEUES.items()
            ],
            "today": today,
        },
    )


def _refuse(request, assignment: Assignment, message: str):
    messages.error(request, message)
    return redirect("suggestions:detail", assignment.suggestion_id)


@require_http_methods(["GET", "POST"])
@permission_required(can_handle_assignments)
def unit_reply(request, pk: int):
    """Write the unit's reply to an assignment, with its files."""
    assignment = _get_own_assignment(request.user, pk)
    suggestion = assignment.suggestion
    if assignment.role == AssignmentRole.COORDINATING:
        # The government's office signs off and passes on; it never replies.
        return redirect("suggestions:unit_coordinate", assignment.pk)
    if request.method != "POST" and not (
        suggestion.can_handle() and assignment.can_reply()
    ):
        # A post goes on to the service, which refuses it (or answers a retry
        # with the reply it stored), and the page comes back with the text: a
        # long reply typed while the assignment was withdrawn is not lost.
        label = AssignmentStatus(assignment.status).label
        return _refuse(
            request, assignment, f"该交办事项当前状态为“{label}”，不能答复。"
        )
    answering = assignment.role in ANSWERING_ROLES
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES, answering=answering)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reply, repeated = reply_create_with_attachments(
                    assignment=assignment,
                    actor=request.user,
                    text=data["text"],
                    outcome=data.get("outcome") or "",
                    signed_by=data["signed_by"],
                    met_deputy_first=data["met_deputy_first"],
                    uploads=data.get("attachments") or [],
                    idempotency_key=data["idempotency_key"],
                )
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                if repeated:
                    messages.info(request, "这份答复已经提交过了，没有重复保存。")
                else:
                    messages.success(request, "答复已提交。")
                return redirect("suggestions:detail", reply.assignment.suggestion_id)
        form.data = form.data.copy()
        form.data["idempotency_key"] = new_idempotency_key()
    else:
        form = ReplyForm(
            answering=answering, initial={"idempotency_key": new_idempotency_key()}
        )
    return render(
        request,
        "suggestions/unit_reply.html",
        {"form": form, "assignment": assignment, "suggestion": suggestion},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_handle_assignments)
def unit_return(request, pk: int):
    """Return a misrouted assignment to staff, within the return window."""
    assignment = _get_own_assignment(request.user, pk)
    suggestion = assignment.suggestion
    deadline = rules.return_deadline(assignment)
    today = timezone.localdate()
    refusal = ""
    if not (suggestion.can_handle() and assignment.can_return()):
        label = AssignmentStatus(assignment.status).label
        refusal = f"该交办事项当前状态为“{label}”，不能退回。"
    elif today > deadline:
        refusal = (
            f"按规定，交办后 {rules.return_window_working_days()} 个工作日内可以申请退回，"
            f"期限已于 {deadline.year}年{deadline.month}月{deadline.day}日届满，"
            "现在不能退回了。请按期办理；确有困难的，请与人大常委会工作机构联系。"
        )
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.assignment_return(
                assignment=assignment,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            if isinstance(error, PermissionDenied) or error.field in form.fields:
                apply_service_error(form, error)
            else:
                refusal = error.message
        else:
            messages.success(request, "已退回，人大常委会工作机构将重新交办。")
            return redirect("suggestions:unit_inbox")
    status = form_status(form)
    if request.method == "POST" and refusal:
        status = 409
    return render(
        request,
        "suggestions/unit_return.html",
        {
            "form": form,
            "assignment": assignment,
            "suggestion": suggestion,
            "deadline": deadline,
            "refusal": refusal,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_handle_assignments)
def unit_extension(request, pk: int):
    """Ask staff to extend a formal suggestion's deadline (once, 1 to 3 months)."""
    assignment = _get_own_assignment(request.user, pk)
    suggestion = assignment.suggestion
    pending = assignment.extension_requests.filter(
        status=ExtensionStatus.PENDING
    ).first()
    refusal = ""
    if suggestion.channel != Channel.FORMAL:
        refusal = f"{Channel(suggestion.channel).label}事项须按期答复，不能申请延期。"
    elif not (suggestion.can_handle() and assignment.can_extend()):
        label = AssignmentStatus(assignment.status).label
        refusal = f"该交办事项当前状态为“{label}”，不能申请延期。"
    elif pending is not None:
        refusal = "已有一份延期申请正在等待审批，请等待结果。"
    elif rules.extensions_used(assignment) >= rules.max_extensions():
        refusal = "该交办事项已经延期过，不能再次延期。"
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.extension_request(
                assignment=assignment,
                months=form.cleaned_data["months"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            if isinstance(error, PermissionDenied) or error.field in form.fields:
                apply_service_error(form, error)
            else:
                refusal = error.message
        else:
            messages.success(request, "延期申请已提交，请等待人大常委会工作机构审批。")
            return redirect("suggestions:detail", suggestion.pk)
    return render(
        request,
        "suggestions/unit_extension.html",
        {
            "form": form,
            "assignment": assignment,
            "suggestion": suggestion,
            "refusal": refusal,
            "pending": pending,
            "max_months": rules.max_extension_months(),
        },
        status=409 if request.method == "POST" and refusal else form_status(form),
    )
