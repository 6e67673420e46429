"""Pages of the chairpersons' decisions (主任会议决定事项)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from renda.core.forms import apply_service_error, form_status, refusal_status
from renda.core.parsing import parse_pk

from ..forms_decisions import DecisionForm
from ..selectors.decisions import meeting_decisions_detail
from ..services.decisions import decision_record, decision_remove
from .meetings import run_service


@require_http_methods(["GET", "POST"])
@login_required
def meeting_decisions(request, meeting_pk: int):
    """List what a chairpersons' meeting decided, each linked to its subject;
    the congress's staff record a decision here (an agenda, ...) and remove one
    they recorded here by mistake."""
    detail = meeting_decisions_detail(request.user, meeting_pk)
    if request.method == "POST" and not detail.manages:
        raise PermissionDenied("您无权登记主任会议决定。")
    form = None
    remove_error, remove_status = "", 200
    if detail.manages:
        posted = request.POST if request.method == "POST" else None
        if posted is not None and "remove" in posted:
            remove_error, remove_status = _remove(request, detail)
            if not remove_error:
                return redirect("meetings:decisions", detail.meeting.pk)
            posted = None
        form = DecisionForm(posted, meeting=detail.meeting)
        if posted is not None and form.is_valid():
            data = form.cleaned_data
            decision, error = run_service(
                lambda: decision_record(
                    meeting=detail.meeting,
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    agenda_item=data["agenda_item"],
                    subject=None,
                    actor=request.user,
                )
            )
            if error is None:
                messages.success(request, f"已登记决定：{decision.title}。")
                return redirect("meetings:decisions", detail.meeting.pk)
            apply_service_error(form, error)
    status = remove_status if remove_error else form_status(form)
    return render(
        request,
        "meetings/decision_list.html",
        {"detail": detail, "form": form, "remove_error": remove_error},
        status=status,
    )


def _remove(request, detail) -> tuple[str, int]:
    """Remove a decision recorded on this page; return the refusal and the page's
    status (409 when the meeting no longer allows it), or ("", 200)."""
    pk = parse_pk(request.POST.get("remove"))
    row = next((r for r in detail.rows if r.decision.pk == pk), None)
    if row is None:
        return "该决定不存在。", 400
    if row.decision.subject_type_id:
        return "该决定关联了监督、建议等事项，请在该事项中撤销。", 400
    _, error = run_service(
        lambda: decision_remove(
            decision=row.decision,
            reason=request.POST.get("reason") or "",
            actor=request.user,
        )
    )
    if error is not None:
        return error.message, refusal_status(error)
    messages.success(request, f"已撤销决定：{row.decision.title}。")
    return "", 200
