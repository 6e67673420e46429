"""Publication pages: the public /open/ pages (no log-in) and the staff's publish forms.

The public pages read only ``selectors.publication`` (published things only);
the staff's forms call ``services.publication``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status

from ..models import (
    HandlingReport,
    ItemDocument,
    ReviewOpinion,
    SatisfactionTest,
    SupervisionItem,
)
from ..permissions import can_manage_any_supervision, can_manage_item
from ..selectors.publication import (
    PublicItemFilters,
    get_public_document,
    public_item_detail,
    public_item_list,
)
from ..services import publication as services

# The public pages --------------------------------------------------------------------


@require_GET
def open_index(request):
    """/open/: what the standing committee publishes (plans, items, filings)."""
    return render(request, "supervision/open/index.html")


@require_GET
def open_items(request):
    """/open/supervision/: the published items by year, kind and body."""
    filters, problems = PublicItemFilters.parse(request.GET)
    listing = public_item_list(filters)
    return render(
        request,
        "supervision/open/items.html",
        {"listing": listing, "filters": filters, "problems": problems},
    )


@require_GET
def open_item(request, pk: int):
    """/open/supervision/<id>/: one published item and what of it is published."""
    return render(
        request,
        "supervision/open/item.html",
        {"detail": public_item_detail(pk)},
    )


@require_GET
def open_document(request, pk: int):
    """Download a published document (its file, else its text); 404 for anything else."""
    document = get_public_document(pk)
    if document.file:
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404("文件不存在。") from None
        name = document.file_name or document.file.name.rsplit("/", 1)[-1]
        response = FileResponse(handle, as_attachment=True, filename=name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
    response = HttpResponse(document.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{document.title}.txt"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The staff's publish forms ----------------------------------------------------------


class ItemPublishForm(forms.Form):
    public_summary = forms.CharField(
        label="公开说明",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=services.PUBLIC_SUMMARY_MAX_LENGTH,
        help_text="在公开页面上显示，不要写入个人姓名、电话等个人信息。",
        error_messages={"required": "请填写公开说明。"},
    )


def _managed_item(request, pk: int) -> SupervisionItem:
    item = get_object_or_404(SupervisionItem.objects.select_related("congress"), pk=pk)
    if not can_manage_item(request.user, item):
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
def item_publish(request, pk: int):
    """Staff publish an item with its public summary."""
    item = _managed_item(request, pk)
    form = ItemPublishForm(
        request.POST or None,
        initial={"public_summary": item.public_summary or item.summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_publish(
                item=item,
                public_summary=form.cleaned_data["public_summary"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已公开该监督事项。")
            return redirect("supervision:publication", pk=item.pk)
    return render(
        request,
        "supervision/publication/item.html",
        {
            "item": item,
            "form": form,
            "documents": item.documents.order_by("kind", "version"),
            "opinions": item.opinions.select_related("unit").order_by("id"),
            "reports": HandlingReport.objects.filter(opinion__item=item)
            .select_related("opinion__unit")
            .order_by("opinion_id", "round"),
            "tests": item.satisfaction_tests.select_related("unit").order_by("id"),
        },
        status=form_status(form),
    )


def _publish_part(request, model, pk: int, item_of, publish, noun: str):
    obj = get_object_or_404(model, pk=pk)
    item = item_of(obj)
    if not can_manage_item(request.user, item):
        raise Http404
    try:
        publish(obj, request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已公开{noun}。")
    return redirect(reverse("supervision:publication", args=[item.pk]))


@require_POST
@permission_required(can_manage_any_supervision)
def document_publish(request, pk: int):
    return _publish_part(
        request,
        ItemDocument,
        pk,
        lambda d: d.item,
        lambda d, u: services.document_publish(document=d, actor=u),
        "该材料",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def opinion_publish(request, pk: int):
    return _publish_part(
        request,
        ReviewOpinion,
        pk,
        lambda o: o.item,
        lambda o, u: services.opinion_publish(opinion=o, actor=u),
        "该审议意见",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def handling_report_publish(request, pk: int):
    return _publish_part(
        request,
        HandlingReport,
        pk,
        lambda r: r.opinion.item,
        lambda r, u: services.handling_report_publish(report=r, actor=u),
        "该研究处理情况报告",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def satisfaction_test_publish(request, pk: int):
    return _publish_part(
        request,
        SatisfactionTest,
        pk,
        lambda t: t.item,
        lambda t, u: services.satisfaction_test_publish(test=t, actor=u),
        "该测评结果",
    )
