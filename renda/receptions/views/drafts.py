"""A station's chief or officer drafts a suggestion for a deputy from a request (代拟)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from renda.core import errors
from renda.core.forms import apply_service_error

from .. import services
from ..forms import PrepareDraftForm
from ..permissions import can_prepare_suggestion_draft
from ..selectors import draft_deputy_options, public_request_detail
from ..services.common import TITLE_MAX_CHARS


def _prefill(item) -> dict:
    """Return the draft's first words: the request's first line as the title, its text."""
    first_line = item.content.strip().splitlines()[0] if item.content else ""
    # A title is not a sentence: no full stop at its end.
    first_line = first_line.strip().rstrip("。.；;，,")
    title = first_line[:TITLE_MAX_CHARS] or "群众诉求"
    if len(first_line) > TITLE_MAX_CHARS:
        title = title[: TITLE_MAX_CHARS - 1] + "…"
    body = item.content
    if item.location:
        body += f"\n\n涉及地点：{item.location}"
    body += f"\n\n（来自{item.station.name}群众诉求，回执编号 {item.receipt_number}）"
    initial = {"title": title, "body": body}
    if item.received_by_id is not None:
        initial["deputy"] = item.received_by_id
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def request_prepare_draft(request, pk: int):
    """Show the draft form (prefilled from the request); POST creates the deputy's draft."""
    detail = public_request_detail(request.user, pk)
    item = detail.item
    back = reverse("stations:request_detail", args=[item.pk])
    if not can_prepare_suggestion_draft(request.user, item):
        raise PermissionDenied
    if request.method != "POST" and "prepare_draft" not in detail.actions:
        # A post goes on to the service, which refuses it (the request was
        # handled or drafted meanwhile) and the form comes back with the text.
        messages.error(
            request, "该诉求已处理或已代拟建议草稿，不能再代拟。请查看诉求的当前状态。"
        )
        return redirect(back)
    deputies = draft_deputy_options(item)
    form = PrepareDraftForm(
        request.POST or None, deputies=deputies, initial=_prefill(item)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                draft = services.public_request_prepare_draft(
                    request=item,
                    deputy=form.chosen_deputy(),
                    title=data["title"],
                    body=data["body"],
                    category=data["category"],
                    channel=data["channel"],
                    actor=request.user,
                )
            except errors.ApplicationError as error:
                status = apply_service_error(form, error)
            else:
                messages.success(
                    request,
                    f"已为{draft.lead_deputy.name}代表代拟建议草稿《{draft.title}》，"
                    "并通知代表确认；代表修改后由其本人提交。",
                )
                return redirect(back)
    return render(
        request,
        "receptions/request_prepare_draft.html",
        {"item": item, "station": item.station, "form": form, "deputies": deputies},
        status=status,
    )
