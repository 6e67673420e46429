"""The statistics page of a congress's suggestions and its .xlsx exports.

Staff, leaders and administrators read them (others 403). The figures come from
``selectors.suggestion_stats``; the page, the .xlsx export and the ledger are
thin adapters over it.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from renda.core.decorators import permission_required

from ..choices import ReplyOutcome
from ..forms_staff import GROUP_BY_LABELS, StatsFilterForm
from ..permissions import can_read_suggestion_lists, can_review_suggestions
from ..selectors import suggestion_stats
from ..selectors.government import government_stats
from ..stats_export import XLSX_TYPE, ledger_workbook, stats_workbook
from .staff import _congresses, _nav, _no_units, area_units, today

# Statistics ------------------------------------------------------------------------


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _width(value) -> str:
    return "0" if value is None else f"{float(value):.1f}"


def stats_rows(report) -> list[dict]:
    """Flatten a StatsReport into rows (the total first) with display strings."""
    rows = []
    entries = [("合计", report.total, True)] + [
        (group.label, group.stats, False) for group in report.groups
    ]
    for label, stats, is_total in entries:
        shares = {key: stats.outcome_shares.get(key) for key in ReplyOutcome.values}
        rows.append(
            {
                "label": label,
                "is_total": is_total,
                "stats": stats,
                "completion": _pct(stats.completion_rate),
                "on_time": _pct(stats.on_time_rate),
                "satisfaction": _pct(stats.satisfaction_rate),
                "shares": {key: _pct(value) for key, value in shares.items()},
                "widths": {
                    "completion": _width(stats.completion_rate),
                    "on_time": _width(stats.on_time_rate),
                    "satisfaction": _width(stats.satisfaction_rate),
                },
                "stack": _stack(shares),
            }
        )
    return rows


def _stack(shares: dict) -> list[dict]:
    """Segments of the A/B/C stacked bar (x offset and width out of 100)."""
    segments = []
    offset = 0.0
    for key in ReplyOutcome.values:
        value = float(shares[key] or 0)
        segments.append(
            {
                "key": key,
                "x": f"{offset:.1f}",
                "width": f"{value:.1f}",
                "share": shares[key],
            }
        )
        offset += value
    return segments


def _count_bars(stats) -> list[dict]:
    figures = [
        ("提交", stats.submitted),
        ("立案", stats.accepted),
        ("办结", stats.closed),
        ("当前超期", stats.overdue_now),
    ]
    top = max((value for _label, value in figures), default=0) or 1
    return [
        {"label": label, "value": value, "width": f"{value * 100 / top:.1f}"}
        for label, value in figures
    ]


def _stats_request(request):
    """Read the statistics filters; return (form, congress, year, filters) or errors."""
    congresses = _congresses(request.user, act=False)
    probe = StatsFilterForm(
        request.GET or None, congresses=congresses, units=_no_units()
    )
    probe.is_valid()
    congress = probe.chosen_congress()
    units = area_units(congress, active_only=False) if congress else _no_units()
    form = StatsFilterForm(request.GET or None, congresses=congresses, units=units)
    form.is_valid()
    filters = {
        "channel": form.value("channel"),
        "period": form.value("period"),
        "unit": form.value("unit"),
        "category": form.value("category"),
        "group_by": form.value("group_by"),
    }
    return form, congress, form.chosen_year(), filters


def _filters_summary(form, filters) -> list[tuple[str, str]]:
    out = []
    for name in ("channel", "period", "unit", "category"):
        value = filters[name]
        if value:
            field = form.fields[name]
            if name == "unit":
                out.append((field.label, value.name))
            else:
                out.append((field.label, str(dict(field.choices).get(value, value))))
    if filters["group_by"]:
        out.append(("分组统计", GROUP_BY_LABELS[filters["group_by"]]))
    return out


@require_GET
@permission_required(can_read_suggestion_lists)
def stats(request):
    """Show the year's figures of a congress as tables and server-drawn charts."""
    form, congress, year, filters = _stats_request(request)
    report = None
    rows: list[dict] = []
    government_rows = []
    if congress is not None:
        report = suggestion_stats(
            user=request.user, congress=congress, year=year, today=today(), **filters
        )
        rows = stats_rows(report)
        government_rows = government_stats(
            user=request.user, congress=congress, year=year
        )
    return render(
        request,
        "suggestions/stats.html",
        {
            "form": form,
            "congress": congress,
            "year": year,
            "report": report,
            "rows": rows,
            "total_row": rows[0] if rows else None,
            "group_rows": rows[1:],
            "count_bars": _count_bars(report.total) if report else [],
            "group_label": GROUP_BY_LABELS.get(filters["group_by"] or "", ""),
            "filters_summary": _filters_summary(form, filters),
            "query": request.GET.urlencode(),
            "outcome_labels": ReplyOutcome.choices,
            "government_rows": government_rows,
            "can_set_government": can_review_suggestions(request.user),
            "staff_nav": _nav(request.user),
            "nav_current": "stats",
        },
    )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@permission_required(can_read_suggestion_lists)
def stats_export(request):
    """Download the statistics page's figures as .xlsx."""
    form, congress, year, filters = _stats_request(request)
    if congress is None:
        raise Http404
    report = suggestion_stats(
        user=request.user, congress=congress, year=year, **filters
    )
    content = stats_workbook(
        report=report,
        congress=congress,
        year=year,
        filters=_filters_summary(form, filters),
        group_label=GROUP_BY_LABELS.get(filters["group_by"] or "", ""),
        government_rows=government_stats(
            user=request.user, congress=congress, year=year
        ),
    )
    return _xlsx(content, f"{congress.short_name}{year}年代表建议办理统计.xlsx")


@require_GET
@permission_required(can_read_suggestion_lists)
def ledger(request):
    """Download the year's suggestion ledger (台账) as .xlsx: one row per item."""
    form, congress, year, _filters = _stats_request(request)
    if congress is None:
        raise Http404
    content = ledger_workbook(
        user=request.user, congress=congress, year=year, today=today()
    )
    return _xlsx(content, f"{congress.short_name}{year}年代表建议台账.xlsx")
