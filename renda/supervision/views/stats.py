"""The year's supervision statistics (page, .xlsx) and the generated 监督工作综述 (.docx)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from renda.core.decorators import permission_required
from renda.core.exporting import XLSX_TYPE, workbook_bytes

from ..documents import DOCX_TYPE, summary_docx, summary_filename
from ..forms_stats import SupervisionStatsForm
from ..permissions import can_download_summary, reads_any_congress
from ..selectors.stats import stats_congresses_for, supervision_stats


def _form(request) -> SupervisionStatsForm:
    form = SupervisionStatsForm(
        request.GET or None, congresses=stats_congresses_for(request.user)
    )
    form.is_valid()
    return form


def _chosen(request):
    form = _form(request)
    congress = form.chosen_congress()
    return form, congress, form.chosen_year()


def _tables(figures) -> list[tuple[str, list, str]]:
    return [
        ("按监督方式", figures.by_kind, "kind"),
        ("按主题", figures.by_theme, "theme"),
        ("按被监督机关", figures.by_body, "body"),
    ]


@require_GET
@permission_required(reads_any_congress)
def stats(request):
    """The year's figures of a congress: the summary's counts, by kind, theme, body."""
    form, congress, year = _chosen(request)
    figures = None
    if congress is not None:
        figures = supervision_stats(request.user, congress, year)
    return render(
        request,
        "supervision/stats/stats.html",
        {
            "form": form,
            "congress": congress,
            "year": year,
            "figures": figures,
            "tables": _tables(figures) if figures else [],
            "can_download_summary": congress is not None
            and can_download_summary(request.user, congress),
            "query": f"congress={congress.pk}&year={year}" if congress else "",
        },
    )


def stats_workbook(figures) -> bytes:
    """The statistics page's tables as one .xlsx workbook (no cell a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年度数字"
    sheet.append(["项目", "数量"])
    for _name, label, count in figures.counts.rows():
        sheet.append([label, count])
    sheet.append([])
    sheet.append(["审议意见", "未办结", "已办结", "逾期未报告"])
    sheet.append(
        ["", figures.opinions.open, figures.opinions.done, figures.opinions.overdue]
    )
    sheet.append(["整改事项", "整改中", "已整改", "逾期"])
    sheet.append(["", figures.points.open, figures.points.done, figures.points.overdue])
    for title, rows, _key in _tables(figures):
        part = workbook.create_sheet(title)
        part.append(["名称", "本年度计划", "本年度完成"])
        for row in rows:
            part.append([row.label, row.planned, row.done])
    return workbook_bytes(workbook)


@require_GET
@permission_required(reads_any_congress)
def stats_export(request):
    """Download the statistics page's figures as .xlsx."""
    _form_, congress, year = _chosen(request)
    if congress is None:
        raise PermissionDenied
    content = stats_workbook(supervision_stats(request.user, congress, year))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{congress.short_name}{year}年监督工作统计.xlsx"
    )
    return response


@require_GET
@permission_required(reads_any_congress)
def summary_download(request):
    """Download the year's 监督工作综述 (.docx), generated from the records."""
    _form_, congress, year = _chosen(request)
    if congress is None or not can_download_summary(request.user, congress):
        raise PermissionDenied
    response = HttpResponse(summary_docx(congress, year), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, summary_filename(congress, year)
    )
    return response
