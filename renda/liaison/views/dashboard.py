"""The rules dashboard and the liaison statistics (tables, charts, .xlsx).

Committee staff and leaders read the congresses they work for; administrators
read any. Everyone else gets 403; anonymous users are sent to log in.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from renda.congresses.forms import CongressFilterForm
from renda.core.decorators import permission_required

from ..compliance import liaison_rules_report
from ..exports import XLSX_TYPE, stats_workbook
from ..permissions import can_view_dashboard, liaison_navigation
from ..rules import H1, H2, HALF_LABELS, default_half
from ..selectors import dashboard_congresses_for
from ..stats import liaison_stats

YEAR_MIN = 2000


def _year_field() -> forms.IntegerField:
    # The upper bound is checked in clean_year: it moves with the calendar.
    return forms.IntegerField(
        label="年度",
        required=False,
        min_value=YEAR_MIN,
        error_messages={
            "invalid": "请输入四位数的年份，如 2020。",
            "min_value": f"年度不能早于 {YEAR_MIN} 年。",
        },
    )


class StatsForm(CongressFilterForm):
    year = _year_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_years()

    def show_chosen(self) -> None:
        """Let the pickers show the period the page shows, defaults included."""
        shown = self.shown_values()
        if self.is_bound:
            data = self.data.copy()
            for name, value in shown.items():
                if self.value(name) is None:
                    data[name] = value
            self.data = data
        else:
            self.initial.update(shown)

    def shown_values(self) -> dict:
        return {"year": self.chosen_year()}

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError("年度不能晚于今年。")
        return year

    def chosen_year(self) -> int:
        return self.value("year") or timezone.localdate().year


class DashboardForm(StatsForm):
    half = forms.ChoiceField(
        label="半年",
        choices=[(H1, HALF_LABELS[H1]), (H2, HALF_LABELS[H2])],
        required=False,
        error_messages={"invalid_choice": "半年只能选择上半年或下半年。"},
    )

    def chosen_half(self) -> str:
        half = self.value("half")
        if half:
            return half
        # A past year opens on its second half, the one that closes the year.
        return default_half(self.chosen_year(), timezone.localdate())

    def shown_values(self) -> dict:
        return {"year": self.chosen_year(), "half": self.chosen_half()}


def _form(request, form_class):
    form = form_class(
        request.GET or None, congresses=dashboard_congresses_for(request.user)
    )
    form.is_valid()
    form.show_chosen()
    return form


@require_GET
@permission_required(can_view_dashboard)
def dashboard(request):
    """Show each rule for a congress's area in a year and half-year, and who breaks it."""
    form = _form(request, DashboardForm)
    congress = form.chosen_congress()
    report = None
    if congress is not None:
        report = liaison_rules_report(
            congress=congress, year=form.chosen_year(), half=form.chosen_half()
        )
    return render(
        request,
        "liaison/dashboard.html",
        {
            "form": form,
            "congress": congress,
            "report": report,
            "liaison_nav": liaison_navigation(request.user),
        },
    )


def _bar(value: int, top: int) -> str:
    return f"{value * 100 / (top or 1):.1f}"


def _pct(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


@require_GET
@permission_required(can_view_dashboard)
def stats(request):
    """Show the year's liaison figures of a congress's area as tables and charts."""
    form = _form(request, StatsForm)
    congress = form.chosen_congress()
    figures = None
    station_bars: list[dict] = []
    level_bars: list[dict] = []
    if congress is not None:
        figures = liaison_stats(congress=congress, year=form.chosen_year())
        top = max((row.days_held for row in figures.stations), default=0)
        station_bars = [
            {
                "label": row.station.name,
                "value": row.days_held,
                "width": _bar(row.days_held, top),
                "url": row.url,
            }
            for row in figures.stations
        ]
        level_bars = [
            {
                "label": row.label,
                "row": row,
                "width": _bar(row.attendees, row.deputies),
                "share": _pct(row.attendees, row.deputies),
                "best_width": _bar(row.best_day_count, row.deputies),
            }
            for row in figures.levels
        ]
    return render(
        request,
        "liaison/stats.html",
        {
            "form": form,
            "congress": congress,
            "liaison_nav": liaison_navigation(request.user),
            "figures": figures,
            "station_bars": station_bars,
            "level_bars": level_bars,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@permission_required(can_view_dashboard)
def stats_export(request):
    """Download the statistics page's figures as .xlsx."""
    form = _form(request, StatsForm)
    congress = form.chosen_congress()
    if congress is None:
        raise PermissionDenied
    year = form.chosen_year()
    content = stats_workbook(liaison_stats(congress=congress, year=year))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{congress.short_name}{year}年双联工作统计.xlsx"
    )
    return response
