"""The .xlsx of a 票决评议's results, for the government's performance assessment
(政府绩效考评): one row per unit with its figures, the votes, result and grade.
Saved through renda.core.exporting, so no cell is ever a formula."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from renda.core.exporting import workbook_bytes, write_cell

from .models import VoteEvaluation

HEADERS = [
    "序号",
    "承办单位",
    "办理件数",
    "按时签收率(%)",
    "按时答复率(%)",
    "代表评价满意",
    "代表评价基本满意",
    "代表评价不满意",
    "交办6个月后答复",
    "满意票",
    "基本满意票",
    "不满意票",
    "未投",
    "表决结果",
    "评定等次",
    "评定理由",
]


def evaluation_rows(evaluation: VoteEvaluation) -> list[list]:
    """The rows of the export (also what a test compares the file with)."""
    rows = []
    for index, entry in enumerate(
        evaluation.entries.select_related("handling_unit", "vote"), start=1
    ):
        figures = entry.figures or {}
        ratings = figures.get("ratings") or {}
        vote = entry.vote
        closed = vote is not None and vote.result != ""
        rows.append(
            [
                index,
                entry.handling_unit.name,
                figures.get("assignments"),
                figures.get("sign_off_on_time_rate"),
                figures.get("answer_on_time_rate"),
                ratings.get("SATISFIED"),
                ratings.get("BASICALLY_SATISFIED"),
                ratings.get("UNSATISFIED"),
                figures.get("answered_after_6_months"),
                vote.satisfied_count if closed else None,
                vote.basically_satisfied_count if closed else None,
                vote.unsatisfied_count if closed else None,
                vote.not_voting_count if closed else None,
                vote.get_result_display() if closed else "",
                entry.get_grade_display() if entry.grade else "",
                "；".join(entry.grade_reasons or []),
            ]
        )
    return rows


def evaluation_xlsx(evaluation: VoteEvaluation) -> bytes:
    """Return the results of a 票决评议 as an .xlsx file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "票决评议结果"
    write_cell(sheet, 1, 1, evaluation.title).font = Font(bold=True, size=14)
    write_cell(
        sheet,
        2,
        1,
        f"{evaluation.meeting} · 评议年度{evaluation.year} · {evaluation.get_status_display()}",
    )
    for column, header in enumerate(HEADERS, start=1):
        cell = write_cell(sheet, 4, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row_index, row in enumerate(evaluation_rows(evaluation), start=5):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, row_index, column, value)
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["P"].width = 60
    sheet.freeze_panes = "C5"
    return workbook_bytes(workbook)


FIRST_DATA_ROW = 5
