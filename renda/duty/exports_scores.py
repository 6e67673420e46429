"""The ranking as .xlsx (the board's export)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from renda.core.exporting import workbook_bytes, write_cell

HEADERS = [
    "排名",
    "排名范围",
    "代表",
    "代表团",
    "代表小组",
    "联络站",
    "积分",
    "等次",
    "达到最低履职要求",
    "已定稿",
]


def ranking_xlsx(ranking) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "履职积分排名"
    title = (
        f"{ranking.congress.name} {ranking.year}年{ranking.period_label}"
        f"代表履职积分排名（{ranking.label}）"
    )
    write_cell(sheet, 1, 1, title)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for column, header in enumerate(HEADERS, start=1):
        write_cell(sheet, 3, column, header)
        sheet.cell(3, column).font = Font(bold=True)
    for index, row in enumerate(ranking.rows, start=4):
        values = [
            row.rank,
            row.grouping_label,
            row.deputy_name,
            row.delegation,
            row.group,
            row.station,
            float(row.total),
            row.band,
            "是" if row.minimums_met else "否",
            "是" if row.final else "否",
        ]
        for column, value in enumerate(values, start=1):
            write_cell(sheet, index, column, value)
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 18
    sheet.column_dimensions["E"].width = 22
    sheet.column_dimensions["F"].width = 22
    sheet.freeze_panes = "D4"
    return workbook_bytes(workbook)
