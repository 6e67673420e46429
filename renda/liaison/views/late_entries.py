"""Late entries (补录) awaiting a committee staff member's confirmation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error, form_errors_text, form_status

from .. import services
from ..permissions import can_confirm_late_entries
from ..selectors import get_late_entry_for_user, late_entry_list
from ..services import LATE_REASON_MAX_LENGTH
from .shared import render_page


class LateEntryConfirmForm(forms.Form):
    reason = forms.CharField(
        label="确认理由",
        max_length=LATE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "请填写确认理由。",
            "max_length": "确认理由不能超过 %(limit_value)d 个字。",
        },
    )


def _late_entries_page(request, *, refused=None):
    """The list; a refused confirmation comes back in it (400) with the reason
    typed still in its row, and above the list when the row no longer asks for
    one (a colleague confirmed it meanwhile)."""
    show_all = request.GET.get("all")
    rows = late_entry_list(request.user, pending_only=show_all != "1")
    if refused is not None:
        refused["in_list"] = any(
            row.kind == refused["kind"]
            and row.entry.pk == refused["pk"]
            and "confirm_late" in row.actions
            for row in rows
        )
        refused["errors"] = form_errors_text(refused["form"])
    return render_page(
        request,
        "late_entries.html",
        {
            "rows": rows,
            "form": LateEntryConfirmForm(),
            "all": show_all,
            "refused": refused,
        },
        status=form_status(refused["form"]) if refused else 200,
    )


@require_GET
@permission_required(can_confirm_late_entries)
def late_entries(request):
    return _late_entries_page(request)


@require_POST
@permission_required(can_confirm_late_entries)
def late_entry_confirm(request, kind: str, pk: int):
    entry = get_late_entry_for_user(request.user, kind, pk)
    form = LateEntryConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.late_entry_confirm(
                kind=kind,
                entry=entry,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except core_errors.ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "补录已确认，将计入双联规则统计。")
            return redirect("liaison:late_entries")
    return _late_entries_page(
        request, refused={"kind": kind, "pk": entry.pk, "form": form}
    )
