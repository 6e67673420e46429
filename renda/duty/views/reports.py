"""Pages of reports to voters (述职): the list, planning, one report with its QR
code, ratings and actions, the printable poster and the report's draft (.docx).

Staff of the congress manage its reports; leaders read them; a deputy plans and
registers their own. Objects out of scope answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PageForbidden
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status
from renda.core.pagination import BoundedPaginator
from renda.core.qr import qr_svg

from .. import rules
from ..choices import ReportStatus
from ..documents_reports import DOCX_TYPE, report_draft_docx
from ..forms_reports import CancelForm, HoldForm, ReportForm
from ..permissions import (
    can_manage_any_duty,
    can_manage_report,
    can_use_my_duty,
    can_use_reports,
)
from ..selectors.reports import (
    ReportFilters,
    get_report_for_user,
    report_detail,
    report_list,
)
from ..services import reports as services


def can_plan_reports(user) -> bool:
    return can_manage_any_duty(user) or can_use_my_duty(user)


def rating_url(request, report) -> str:
    return request.build_absolute_uri(reverse("duty_public:rate", args=[report.token]))


def _years(user) -> list[int]:
    """The years a report can be filtered by: those with reports, and this one."""
    years = set(report_list(user).order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@require_GET
@permission_required(can_use_reports)
def reports(request):
    filters = ReportFilters.from_query(request.GET)
    page = BoundedPaginator(report_list(request.user, filters), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "duty/reports/report_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": ReportStatus.choices,
            "years": _years(request.user),
            "may_plan": can_plan_reports(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_plan_reports)
def report_new(request):
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mandate = data.pop("mandate")
        try:
            report = services.report_plan(
                deputy=mandate.deputy, mandate=mandate, actor=request.user, **data
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已安排述职，请打印评议二维码张贴。")
            return redirect("duty:report_detail", report.pk)
    return render(
        request,
        "duty/reports/report_form.html",
        {"form": form, "min_audience": rules.report_min_audience()},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_reports)
def report_detail_page(request, pk: int):
    report = get_report_for_user(request.user, pk)
    forms: dict = {}
    status = 200
    if request.method == "POST":
        if not can_manage_report(request.user, report):
            raise PageForbidden
        action = request.POST.get("action")
        try:
            if action == "edit":
                form = forms["edit"] = ReportForm(request.POST, editing=True)
                if form.is_valid():
                    services.report_edit(
                        report=report, actor=request.user, **form.cleaned_data
                    )
                    messages.success(request, "已修改述职安排。")
                    return redirect("duty:report_detail", report.pk)
            elif action == "hold":
                form = forms["hold"] = HoldForm(request.POST)
                if form.is_valid():
                    services.report_hold(
                        report=report, actor=request.user, **form.cleaned_data
                    )
                    messages.success(request, "已登记述职情况。")
                    return redirect("duty:report_detail", report.pk)
            elif action == "cancel":
                form = forms["cancel"] = CancelForm(request.POST)
                if form.is_valid():
                    services.report_cancel(
                        report=report, actor=request.user, **form.cleaned_data
                    )
                    messages.success(request, "已取消述职。")
                    return redirect("duty:report_detail", report.pk)
            else:
                return HttpResponse("未知操作。", status=400)
        except ApplicationError as error:
            status = apply_service_error(form, error)
        status = max(status, form_status(*forms.values()))
    detail = report_detail(request.user, report.pk)
    report = detail.report
    url = rating_url(request, report)
    return render(
        request,
        "duty/reports/report_detail.html",
        {
            "detail": detail,
            "report": report,
            "summary": detail.summary,
            "rating_url": url,
            "qr_svg": qr_svg(url, scale=6),
            "rating_open": services.rating_open(report),
            "window": services.rating_window(report),
            "edit_form": forms.get("edit")
            or ReportForm(
                editing=True,
                initial={
                    "date": report.date,
                    "start_time": report.start_time,
                    "place": report.place,
                    "expected_audience": report.expected_audience,
                    "year": report.year,
                },
            ),
            "hold_form": forms.get("hold") or HoldForm(),
            "cancel_form": forms.get("cancel") or CancelForm(),
            "open_form": next(iter(forms), ""),
        },
        status=status,
    )


@require_GET
@permission_required(can_use_reports)
def report_qr(request, pk: int):
    report = get_report_for_user(request.user, pk)
    svg = qr_svg(rating_url(request, report), scale=10)
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}', content_type="image/svg+xml"
    )


@require_GET
@permission_required(can_use_reports)
def report_poster(request, pk: int):
    report = get_report_for_user(request.user, pk)
    url = rating_url(request, report)
    return render(
        request,
        "duty/reports/report_poster.html",
        {
            "report": report,
            "rating_url": url,
            "qr_svg": qr_svg(url, scale=12),
            "window": services.rating_window(report),
        },
    )


@require_GET
@permission_required(can_use_reports)
def report_draft(request, pk: int):
    report = get_report_for_user(request.user, pk)
    name = f"{report.deputy.name}代表{report.year}年度履职情况报告（草稿）.docx"
    response = HttpResponse(report_draft_docx(report), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
