"""The liaison statistics as a workbook (.xlsx): one sheet per table of the page."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from renda.core.exporting import workbook_bytes

from .stats import LiaisonStats

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

STATION_HEADERS = [
    "联络站",
    "接待日举行次数",
    "到站代表人数",
    "受理诉求",
    "转街道/乡镇办理",
    "转为代表建议",
    "当场答复",
    "已答复",
]
LEVEL_HEADERS = [
    "代表级别",
    "本行政区域代表人数",
    "参加接待代表人数",
    "参加比例(%)",
    "单日到站最多的日期",
    "当日到站代表人数",
]
LEADER_HEADERS = ["班子成员", "职务", "走访代表次数", "联系代表总次数", "征集意见次数"]
MEETING_HEADERS = ["会议", "日期", "邀请列席代表", "实际出席"]
LATE_HEADERS = ["类别", "待确认", "已确认"]


def _sheet(workbook: Workbook, title: str, heading: str, headers: list[str], first):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append([heading])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.column_dimensions["A"].width = 28
    for index in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "B3"
    return sheet


def _request_values(figures) -> list[int]:
    return [
        figures.received,
        figures.grassroots,
        figures.converted,
        figures.on_the_spot,
        figures.answered,
    ]


def stats_workbook(stats: LiaisonStats) -> bytes:
    """Build the workbook: stations, levels, leaders' visits, meeting observers,
    late entries."""
    name = f"{stats.congress.short_name}{stats.year}年"
    stamp = f"（生成时间：{timezone.localtime():%Y-%m-%d %H:%M}）"
    workbook = Workbook()

    sheet = _sheet(
        workbook, "联络站", f"{name}代表联络站接待统计{stamp}", STATION_HEADERS, True
    )
    for row in stats.stations:
        sheet.append(
            [
                row.station.name,
                row.days_held,
                row.attendees,
                *_request_values(row.requests),
            ]
        )
    sheet.append(["合计", stats.days_held, None, *_request_values(stats.requests)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)

    sheet = _sheet(
        workbook, "分级代表", f"{name}各级代表到站接待统计", LEVEL_HEADERS, False
    )
    for row in stats.levels:
        share = round(row.attendees * 100 / row.deputies, 1) if row.deputies else None
        sheet.append(
            [
                row.label,
                row.deputies,
                row.attendees,
                share,
                row.best_day,
                row.best_day_count,
            ]
        )
        sheet.cell(sheet.max_row, 4).number_format = "0.0"
        sheet.cell(sheet.max_row, 5).number_format = "yyyy-mm-dd"

    sheet = _sheet(
        workbook, "班子成员走访", f"{name}常委会班子成员联系代表", LEADER_HEADERS, False
    )
    for row in stats.leaders:
        sheet.append(
            [
                row.member.deputy.name,
                row.member.get_role_display(),
                row.visits,
                row.contacts,
                row.opinions,
            ]
        )
    sheet.append(["合计", None, stats.visits, stats.contacts, None])

    sheet = _sheet(
        workbook, "列席代表", f"{name}常委会会议邀请代表列席", MEETING_HEADERS, False
    )
    for row in stats.meetings:
        sheet.append(
            [
                f"第{row.meeting.number}次会议",
                row.meeting.date,
                row.invited,
                row.attended,
            ]
        )
        sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
    sheet.append(["合计", None, stats.observers_invited, stats.observers_attended])

    sheet = _sheet(
        workbook, "补录", f"{name}补录记录（待确认的不计入统计）", LATE_HEADERS, False
    )
    for row in stats.late_entries:
        sheet.append([row.label, row.pending, row.confirmed])
    sheet.append([])
    sheet.append(["列席代表补录（按会议）"])
    for row in stats.meetings:
        if row.late:
            sheet.append([f"第{row.meeting.number}次会议", row.late])

    return workbook_bytes(workbook)
