"""Workbooks (.xlsx) of the statistics page and of the year's suggestion ledger (台账).

Rates are written as numbers in percent with one decimal (69.9 for 69.9%), the
same figures ``suggestion_stats`` returns; empty rates are left blank.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from renda.core.exporting import workbook_bytes

from .choices import (
    ANSWERING_ROLES,
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    Period,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)
from .models import Assignment, Reply
from .selectors import StatsReport, SuggestionFilters, suggestion_list

# 主办 first, then 分办, then 会办.
ROLE_ORDER = {
    AssignmentRole.LEAD: 0,
    AssignmentRole.SPLIT: 1,
    AssignmentRole.JOINT: 2,
    # The government's office that passed the item on (政府转办), listed last.
    AssignmentRole.COORDINATING: 3,
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

STATS_COLUMNS = [
    ("提交件数", "submitted"),
    ("立案件数", "accepted"),
    ("办结件数", "closed"),
    ("办结率(%)", "completion_rate"),
    ("答复件数", "replies"),
    ("按期答复件数", "on_time_replies"),
    ("按期答复率(%)", "on_time_rate"),
    ("A类件数", "A"),
    ("A类占比(%)", "share_A"),
    ("B类件数", "B"),
    ("B类占比(%)", "share_B"),
    ("C类件数", "C"),
    ("C类占比(%)", "share_C"),
    ("测评件数", "rated"),
    ("满意及基本满意件数", "satisfied"),
    ("满意率(%)", "satisfaction_rate"),
    ("当前超期件数", "overdue_now"),
]
RATE_KEYS = {
    "completion_rate",
    "on_time_rate",
    "satisfaction_rate",
    "share_A",
    "share_B",
    "share_C",
}

LEDGER_COLUMNS = [
    ("编号", 8),
    ("标题", 40),
    ("领衔代表", 10),
    ("附议代表", 24),
    ("渠道", 12),
    ("提出时间", 10),
    ("类别", 10),
    ("状态", 10),
    ("承办单位及方式", 40),
    ("交办日期", 12),
    ("办理期限", 12),
    ("答复日期", 12),
    ("答复分类", 10),
    ("测评结果", 12),
    ("办结日期", 12),
    ("是否超期", 8),
]


def _number(value):
    return None if value is None else float(value)


def stats_values(stats) -> list:
    """Return one statistics row's values in ``STATS_COLUMNS`` order."""
    values = []
    for _header, key in STATS_COLUMNS:
        if key in ReplyOutcome.values:
            values.append(stats.outcomes.get(key, 0))
        elif key.startswith("share_"):
            values.append(_number(stats.outcome_shares.get(key.removeprefix("share_"))))
        elif key in RATE_KEYS:
            values.append(_number(getattr(stats, key)))
        else:
            values.append(getattr(stats, key))
    return values


def _title_row(sheet, title: str, width: int) -> None:
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)


def _header_row(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)


def _save(workbook: Workbook) -> bytes:
    return workbook_bytes(workbook)


def stats_workbook(
    *,
    report: StatsReport,
    congress,
    year: int,
    filters: list[tuple[str, str]],
    group_label: str = "",
    government_rows=(),
) -> bytes:
    """Build the statistics workbook: the total row, then one row per group.

    ``government_rows`` (``selectors.government.government_stats``) add a sheet
    "经政府签批" with the sign-off and dispatch times per channel.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "办理统计"
    width = len(STATS_COLUMNS) + 1
    _title_row(sheet, f"{congress.short_name}{year}年代表建议办理统计", width)
    conditions = "；".join(f"{label}：{value}" for label, value in filters) or "全部"
    sheet.append(
        [f"统计条件：{conditions}（生成时间：{timezone.localtime():%Y-%m-%d %H:%M}）"]
    )
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    _header_row(sheet, [group_label or "范围", *(h for h, _key in STATS_COLUMNS)])
    sheet.append(["合计", *stats_values(report.total)])
    for group in report.groups:
        sheet.append([group.label, *stats_values(group.stats)])
    for row in sheet.iter_rows(min_row=4):
        for cell, (_header, key) in zip(row[1:], STATS_COLUMNS, strict=False):
            if key in RATE_KEYS:
                cell.number_format = "0.0"
    sheet.column_dimensions["A"].width = 28
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    sheet.freeze_panes = "B4"
    if government_rows:
        _government_sheet(workbook, government_rows)
    return _save(workbook)


GOVERNMENT_COLUMNS = (
    ("件数", "count"),
    ("平均签批用时（工作日）", "sign_off_average"),
    ("签批用时中位数（工作日）", "sign_off_median"),
    ("已转办", "dispatched"),
    ("平均转办用时（工作日）", "dispatch_average"),
    ("转办用时中位数（工作日）", "dispatch_median"),
)


def _government_sheet(workbook, rows) -> None:
    sheet = workbook.create_sheet("经政府签批")
    _header_row(sheet, ["渠道", *(h for h, _key in GOVERNMENT_COLUMNS)])
    for row in rows:
        sheet.append(
            [
                row.label,
                *(
                    float(v) if v is not None and not isinstance(v, int) else v
                    for v in (getattr(row, key) for _h, key in GOVERNMENT_COLUMNS)
                ),
            ]
        )
    sheet.column_dimensions["A"].width = 16
    for index in range(2, len(GOVERNMENT_COLUMNS) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 16


# The ledger ---------------------------------------------------------------------------


def _local_date(value):
    return timezone.localdate(value) if value else None


def _handling(primary_ids: list[int]) -> dict[int, list[Assignment]]:
    """Return the live and returned assignments of the primaries, with their replies."""
    assignments = (
        Assignment.objects.filter(suggestion_id__in=primary_ids)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("handling_unit")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.select_related("feedback").order_by(
                    "replied_at", "pk"
                ),
            )
        )
        .order_by("assigned_at", "role", "pk")
    )
    out: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        out[assignment.suggestion_id].append(assignment)
    return out


def _ledger_handling(assignments: list[Assignment]) -> dict:
    live = sorted(
        (a for a in assignments if a.status != AssignmentStatus.RETURNED),
        key=lambda a: (ROLE_ORDER[a.role], a.assigned_at, a.pk),
    )
    units = "；".join(
        f"{a.handling_unit.name}（{AssignmentRole(a.role).label}）" for a in live
    )
    answering = [a for a in live if a.role in ANSWERING_ROLES]
    latest = []
    for assignment in answering:
        replies = list(assignment.replies.all())
        if replies:
            latest.append(replies[-1])
    outcomes = "、".join(sorted({r.outcome for r in latest if r.outcome})) or None
    ratings = []
    for reply in latest:
        feedback = getattr(reply, "feedback", None)
        if feedback is not None:
            ratings.append(str(Rating(feedback.rating).label))
    return {
        "units": units or None,
        "assigned": min((_local_date(a.assigned_at) for a in live), default=None),
        "due": max((a.due_at for a in answering or live), default=None),
        "replied": max((_local_date(r.replied_at) for r in latest), default=None),
        "outcome": outcomes,
        "rating": "、".join(ratings) or None,
    }


def ledger_rows(*, user, congress, year: int, today=None) -> list[list]:
    """Return the ledger's rows: every item of the congress submitted in the year."""
    # The list's read path and filters (the page's and the API's), in the
    # order a ledger is kept: by submission.
    items = (
        suggestion_list(
            user=user,
            filters=SuggestionFilters(congress=congress.pk, year=year),
            today=today,
        )
        .select_related("lead_deputy", "merged_into")
        .prefetch_related("cosigners")
        .order_by("submitted_at", "pk")
    )
    items = list(items)
    primaries = sorted({item.merged_into_id or item.pk for item in items})
    handling = _handling(primaries)
    status_labels = dict(SuggestionStatus.choices)
    rows = []
    for item in items:
        primary_id = item.merged_into_id or item.pk
        facts = _ledger_handling(handling.get(primary_id, []))
        status = str(status_labels.get(item.effective_status, item.effective_status))
        if item.merged_into_id:
            status = f"{status}（已并入第{item.merged_into_id}号）"
        closed_at = (
            item.merged_into.closed_at if item.merged_into_id else item.closed_at
        )
        rows.append(
            [
                item.pk,
                item.title,
                item.lead_deputy.name,
                "、".join(deputy.name for deputy in item.cosigners.all()) or None,
                str(Channel(item.channel).label),
                str(Period(item.period).label),
                str(Category(item.category).label),
                status,
                facts["units"],
                facts["assigned"],
                facts["due"],
                facts["replied"],
                facts["outcome"],
                facts["rating"],
                _local_date(closed_at),
                "是" if item.is_overdue else "否",
            ]
        )
    return rows


def ledger_workbook(*, user, congress, year: int, today=None) -> bytes:
    """Build the year's ledger workbook of a congress's suggestions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "建议台账"
    _title_row(sheet, f"{congress.short_name}{year}年代表建议台账", len(LEDGER_COLUMNS))
    _header_row(sheet, [header for header, _width in LEDGER_COLUMNS])
    for row in ledger_rows(user=user, congress=congress, year=year, today=today):
        sheet.append(row)
    for index, (_header, width) in enumerate(LEDGER_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if _header.endswith("日期") or _header == "办理期限":
            for cell in sheet[letter][2:]:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "C3"
    return _save(workbook)


__all__ = [
    "LEDGER_COLUMNS",
    "STATS_COLUMNS",
    "XLSX_TYPE",
    "ledger_rows",
    "ledger_workbook",
    "stats_values",
    "stats_workbook",
]
