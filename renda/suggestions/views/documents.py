"""Pages for the printed documents: the 交办函 of one unit, the 《代表之声》 briefing.

Committee staff (for their congress) and administrators only: others get 403;
an assignment or congress outside the user's scope answers 404.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from renda.core.dates import BoundedDateField
from renda.core.decorators import permission_required
from renda.core.forms import IsoDateInput
from renda.core.services import action_log_record

from ..choices import Channel
from ..documents import (
    BRIEFING_MAX_DAYS,
    BRIEFING_MAX_NUMBER,
    DOCX_TYPE,
    assignment_letter_docx,
    assignment_letter_filename,
    briefing_default_number,
    briefing_items,
    congresses_for_documents,
    contact_for,
    document_numbers,
    voice_briefing_docx,
    voice_briefing_filename,
)
from ..permissions import can_review_suggestion, can_review_suggestions
from ..selectors import get_assignment_for_user

# The documents page lists at most this many items.
DOCUMENTS_PAGE_LIMIT = 200


class DocumentRangeForm(forms.Form):
    congress = forms.ModelChoiceField(
        label="人大",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "请选择人大。",
            "invalid_choice": "所选人大不在您的工作范围内。",
        },
    )
    start = BoundedDateField(
        kind="filter",
        label="开始日期",
        widget=IsoDateInput(),
        error_messages={
            "required": "请填写开始日期。",
            "invalid": "开始日期格式不正确，请按 2020-10-09 的格式填写。",
        },
    )
    end = BoundedDateField(
        kind="filter",
        label="结束日期",
        widget=IsoDateInput(),
        error_messages={
            "required": "请填写结束日期。",
            "invalid": "结束日期格式不正确，请按 2020-10-09 的格式填写。",
        },
    )
    channel = forms.ChoiceField(
        label="渠道",
        required=False,
        choices=[("", "全部渠道"), *Channel.choices],
        error_messages={"invalid_choice": "渠道无效。"},
    )
    number = forms.IntegerField(
        label="期号",
        required=False,
        min_value=1,
        max_value=BRIEFING_MAX_NUMBER,
        help_text="留空则按结束日期所在周次编号。",
        error_messages={
            "invalid": f"期号应为1到{BRIEFING_MAX_NUMBER}之间的整数。",
            "min_value": f"期号应为1到{BRIEFING_MAX_NUMBER}之间的整数。",
            "max_value": f"期号应为1到{BRIEFING_MAX_NUMBER}之间的整数。",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = congresses_for_documents(user).order_by(
            "region__code"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "结束日期不能早于开始日期。")
            elif (end - start).days >= BRIEFING_MAX_DAYS:
                self.add_error("end", "日期范围不能超过一年。")
        return data

    def out_of_scope(self) -> bool:
        return any(
            error.code == "invalid_choice"
            for error in self.errors.as_data().get("congress", [])
        )


def _initial(user) -> dict:
    today = timezone.localdate()
    congresses = congresses_for_documents(user).order_by("region__code")
    first = congresses.first()
    return {
        "congress": first.pk if first else None,
        "start": today.replace(day=1).isoformat(),
        "end": today.isoformat(),
    }


def _bound_form(request) -> DocumentRangeForm:
    data = request.GET.copy()
    for name, value in _initial(request.user).items():
        if not data.get(name) and value is not None:
            data[name] = str(value)
    return DocumentRangeForm(data, user=request.user)


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@permission_required(can_review_suggestions)
def documents_view(request):
    """Choose a congress and a period; list its items with their letters."""
    form = _bound_form(request)
    items = []
    total = 0
    if form.is_valid():
        data = form.cleaned_data
        queryset = briefing_items(
            user=request.user,
            congress=data["congress"],
            start=data["start"],
            end=data["end"],
            channel=data["channel"] or None,
        )
        total = queryset.count()
        listed = list(
            queryset.select_related("congress__region")[:DOCUMENTS_PAGE_LIMIT]
        )
        numbers = document_numbers(listed)
        items = [(item, numbers.get(item.pk, "")) for item in listed]
    elif form.out_of_scope():
        raise Http404
    voice_count = sum(1 for item, _number in items if item.channel == Channel.VOICE)
    default_number = None
    if form.is_valid():
        default_number = form.cleaned_data["number"] or briefing_default_number(
            form.cleaned_data["end"]
        )
    return render(
        request,
        "suggestions/documents_index.html",
        {
            "form": form,
            "items": items,
            "total": total,
            "limit": DOCUMENTS_PAGE_LIMIT,
            "voice_count": voice_count,
            "briefing_number": default_number,
        },
        status=200 if form.is_valid() else 400,
    )


@require_GET
@permission_required(can_review_suggestions)
def assignment_letter_view(request, assignment_pk: int):
    """Download one unit's 交办函 as .docx."""
    assignment = get_assignment_for_user(request.user, assignment_pk)
    suggestion = assignment.suggestion
    if not can_review_suggestion(request.user, suggestion):
        # Seen another way (e.g. also unit staff), but not this congress's staff.
        raise Http404
    assignment = (
        type(assignment)
        .objects.select_related(
            "handling_unit",
            "suggestion__congress__region",
            "suggestion__lead_deputy",
            "suggestion__term",
        )
        .get(pk=assignment.pk)
    )
    content = assignment_letter_docx(
        assignment=assignment, contact=contact_for(request.user)
    )
    action_log_record(
        actor=request.user,
        action="suggestion.document.assignment_letter",
        target=assignment,
        summary=f"打印交办函：{assignment.handling_unit.name}《{suggestion.title}》",
    )
    return _docx_response(content, assignment_letter_filename(assignment))


@require_GET
@permission_required(can_review_suggestions)
def voice_briefing_view(request):
    """Download an issue of the 《代表之声》 briefing for a congress and a period."""
    form = _bound_form(request)
    if not form.is_valid():
        if form.out_of_scope():
            raise Http404
        return render(
            request,
            "suggestions/documents_index.html",
            {"form": form, "items": [], "total": 0, "limit": DOCUMENTS_PAGE_LIMIT},
            status=400,
        )
    data = form.cleaned_data
    start, end = data["start"], data["end"]
    number = data["number"] or briefing_default_number(end)
    items = list(
        briefing_items(
            user=request.user,
            congress=data["congress"],
            start=start,
            end=end,
            channel=Channel.VOICE,
        )
    )
    content = voice_briefing_docx(
        congress=data["congress"],
        items=items,
        number=number,
        issue_date=timezone.localdate(),
        start=start,
        end=end,
    )
    action_log_record(
        actor=request.user,
        action="suggestion.document.voice_briefing",
        target=data["congress"],
        summary=f"编印《代表之声》{end.year}年第{number}期（{len(items)}件）",
        data={"start": start.isoformat(), "end": end.isoformat(), "number": number},
    )
    return _docx_response(content, voice_briefing_filename(end=end, number=number))
