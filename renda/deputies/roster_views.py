"""Pages of the roster import: template download, upload, preview, confirm."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from renda.congresses.models import Congress, Term
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status

from .permissions import can_import_roster, can_manage_roster
from .roster import (
    congresses_for_roster,
    get_roster_import_for_user,
    roster_import_confirm,
    roster_imports_visible_to,
    roster_preview,
    roster_template_workbook,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS_SHOWN = 500
RECENT_IMPORTS_SHOWN = 10


class RosterUploadForm(forms.Form):
    congress = forms.ModelChoiceField(
        label="人大",
        queryset=Congress.objects.none(),
        empty_label=None,
        error_messages={
            "required": "请选择人大。",
            "invalid_choice": "请选择您负责的人大。",
        },
    )
    term = forms.ModelChoiceField(
        label="届次",
        queryset=Term.objects.none(),
        required=False,
        empty_label="当前届次",
        error_messages={"invalid_choice": "请选择有效的届次。"},
    )
    file = forms.FileField(
        label="代表名册文件（.xlsx）",
        error_messages={
            "required": "请选择要上传的 Excel 文件。",
            "empty": "上传的文件是空的。",
            "invalid": "没有收到文件，请重新选择。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        congresses = congresses_for_roster(user)
        self.fields["congress"].queryset = congresses
        self.fields["term"].queryset = Term.objects.filter(
            congress__in=congresses
        ).select_related("congress")

    def clean(self):
        data = super().clean()
        congress, term = data.get("congress"), data.get("term")
        if congress is not None:
            if term is None:
                term = congress.current_term()
                if term is None:
                    self.add_error(
                        "congress", "该人大还没有建立届次，无法导入代表名册。"
                    )
                data["term"] = term
            elif term.congress_id != congress.pk:
                self.add_error("term", "所选届次不属于该人大。")
        upload = data.get("file")
        if upload is not None and upload.size > settings.RENDA_IMPORT_MAX_BYTES:
            limit = settings.RENDA_IMPORT_MAX_BYTES // (1024 * 1024)
            self.add_error("file", f"文件过大：不能超过 {limit} MB。")
        return data


def _require_roster_role(user) -> None:
    if not can_import_roster(user):
        raise DjangoPermissionDenied


def _congress_from_request(request, value):
    """Return the congress named in the request; one outside the user's scope is 404."""
    if not value:
        return None
    try:
        congress = Congress.objects.get(pk=int(value))
    except (Congress.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_manage_roster(request.user, congress):
        raise Http404
    return congress


@login_required
def template_download(request):
    """Send the .xlsx template, with the lists of a congress's current term if named."""
    _require_roster_role(request.user)
    congress = _congress_from_request(request, request.GET.get("congress"))
    term = congress.current_term() if congress is not None else None
    content = roster_template_workbook(congress=congress, term=term)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        'attachment; filename="roster-template.xlsx"; '
        "filename*=UTF-8''%E4%BB%A3%E8%A1%A8%E5%90%8D%E5%86%8C%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Choose congress and term, upload the file, and go to its preview."""
    _require_roster_role(request.user)
    if request.method == "POST":
        # A congress outside the user's scope answers 404, not a form error.
        _congress_from_request(request, request.POST.get("congress"))
        form = RosterUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                pending = roster_preview(
                    congress=form.cleaned_data["congress"],
                    term=form.cleaned_data["term"],
                    file=form.cleaned_data["file"],
                    actor=request.user,
                )
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                return redirect("roster:preview", pk=pending.pk)
        status = form_status(form)
    else:
        initial = {}
        congress = _congress_from_request(request, request.GET.get("congress"))
        if congress is not None:
            initial["congress"] = congress
        form = RosterUploadForm(initial=initial, user=request.user)
        status = 200
    recent = roster_imports_visible_to(request.user)[:RECENT_IMPORTS_SHOWN]
    return render(
        request,
        "roster/upload.html",
        {
            "form": form,
            "recent": recent,
            "max_mb": settings.RENDA_IMPORT_MAX_BYTES // (1024 * 1024),
            "max_rows": settings.RENDA_IMPORT_MAX_ROWS,
        },
        status=status,
    )


@login_required
def preview(request, pk: int):
    """Show the counts, every error by row and cell, and the rows of a pending import."""
    _require_roster_role(request.user)
    pending = get_roster_import_for_user(request.user, pk)
    data = pending.preview or {}
    rows = data.get("rows", [])
    return render(
        request,
        "roster/preview.html",
        {
            "pending": pending,
            "counts": data.get("counts", {}),
            "errors": data.get("errors", []),
            "rows": rows[:PREVIEW_ROWS_SHOWN],
            "rows_hidden": max(0, len(rows) - PREVIEW_ROWS_SHOWN),
        },
    )


@login_required
@require_POST
def confirm(request, pk: int):
    """Import a pending roster; a repeated confirm imports nothing more."""
    _require_roster_role(request.user)
    pending = get_roster_import_for_user(request.user, pk)
    try:
        outcome = roster_import_confirm(pending=pending, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("roster:preview", pk=pending.pk)
    if outcome.already_imported:
        messages.info(request, "该名册已经导入过，本次没有重复导入。")
    else:
        counts = outcome.counts
        messages.success(
            request,
            f"导入成功：共 {counts['rows']} 人，新增代表 {counts['new_deputies']} 人，"
            f"已有代表新增资格 {counts['existing_deputies']} 人。",
        )
    return redirect("roster:preview", pk=pending.pk)
