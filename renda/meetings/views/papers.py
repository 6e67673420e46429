"""Pages of a meeting's papers (会议材料): the list (staff: upload, send, read
counts; members: unread marks), one paper's download (records the receipt)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from renda.core.forms import apply_service_error, form_status, refusal_status
from renda.core.parsing import parse_pk

from ..forms_meetings import PaperForm
from ..models import MeetingPaper
from ..permissions import manages_congress
from ..selectors.meetings import (
    get_managed_meeting,
    get_meeting_for_user,
    get_paper_for_user,
    paper_list,
    receipt_list,
)
from ..services import papers as paper_services
from .meetings import run_service


def papers_page(request, pk, *, form=None, error=None, status=200):
    meeting = get_meeting_for_user(request.user, pk)
    manages = manages_congress(
        request.user, meeting.standing_committee.term.congress_id
    )
    items = list(meeting.agenda_items.order_by("position", "id")) if manages else []
    rows = paper_list(request.user, meeting)
    show_receipts = parse_pk(request.GET.get("receipts")) if manages else None
    receipts = None
    if show_receipts:
        paper = next((r.paper for r in rows if r.paper.pk == show_receipts), None)
        receipts = list(receipt_list(request.user, paper)) if paper else None
    return render(
        request,
        "meetings/paper_list.html",
        {
            "meeting": meeting,
            "rows": rows,
            "manages": manages,
            "form": form or (PaperForm(items=items) if manages else None),
            "unsent": sum(1 for r in rows if r.paper.sent_at is None),
            "error": error,
            "receipts": receipts,
            "receipts_of": show_receipts,
            "file_rules": f"可上传{paper_services.ALLOWED_TEXT}，"
            f"每个不超过 {paper_services.size_text(paper_services.max_bytes())}。",
        },
        status=form_status(form, default=status) if form is not None else status,
    )


@require_GET
@login_required
def papers(request, pk: int):
    return papers_page(request, pk)


@require_POST
@login_required
def paper_add(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    items = list(meeting.agenda_items.order_by("position", "id"))
    form = PaperForm(request.POST, request.FILES, items=items)
    if form.is_valid():
        paper, error = run_service(
            lambda: paper_services.paper_add(
                item=form.cleaned_data["item"],
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        )
        if error is None:
            messages.success(
                request,
                f"已上传《{paper.title}》，应于 {paper.due_on:%Y-%m-%d} 前送达。",
            )
            return redirect("meetings:papers", meeting.pk)
        if error.field in form.fields:
            apply_service_error(form, error)
        else:
            return papers_page(request, pk, error=error, status=refusal_status(error))
    return papers_page(request, pk, form=form)


@require_POST
@login_required
def papers_send(request, pk: int):
    meeting = get_managed_meeting(request.user, pk)
    sent, error = run_service(
        lambda: paper_services.papers_send(meeting=meeting, actor=request.user)
    )
    if error is not None:
        return papers_page(request, pk, error=error, status=refusal_status(error))
    if sent.late:
        messages.warning(request, sent.message)
    else:
        messages.success(request, sent.message)
    return redirect("meetings:papers", meeting.pk)


@require_POST
@login_required
def paper_remove(request, pk: int):
    paper = get_paper_for_user(request.user, pk)
    meeting = get_managed_meeting(request.user, paper.agenda_item.meeting_id)
    _, error = run_service(
        lambda: paper_services.paper_remove(paper=paper, actor=request.user)
    )
    if error is not None:
        return papers_page(
            request, meeting.pk, error=error, status=refusal_status(error)
        )
    messages.success(request, "已删除材料。")
    return redirect("meetings:papers", meeting.pk)


@require_GET
@login_required
def paper(request, pk: int):
    """Download a paper; a member's first download records the read receipt."""
    found: MeetingPaper = get_paper_for_user(request.user, pk)
    paper_services.paper_open(paper=found, user=request.user)
    if not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = found.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=paper_services.content_type_of(name),
    )
