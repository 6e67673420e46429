"""The duty archive as documents: “<name>同志<year>年度履职档案” (.docx, python-docx)
and the same as .xlsx; the board of a congress's archives as .xlsx. Built from
the same ``ArchivePage`` / ``Board`` the pages show."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from renda.core.exporting import workbook_bytes, write_cell

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def archive_title(page) -> str:
    return f"{page.deputy.name}同志{page.year}年度履职档案"


def _number(value) -> str:
    value = Decimal(value)
    return f"{value.normalize():f}" if value != value.to_integral() else str(int(value))


def _font(run, name: str, size: int, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def archive_docx(page) -> bytes:
    """The archive as a Word document: title, the summary table, entries per kind."""
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(archive_title(page)), TITLE_FONT, 20)
    line = document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(line.add_run(f"{page.congress.name}代表"), TEXT_FONT, 14)

    heading = document.add_paragraph()
    _font(heading.add_run("一、履职情况汇总"), "黑体", 16)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("项目", "次数", "待确认"), strict=True):
        cell.text = text
    for line_ in page.summary:
        cells = table.add_row().cells
        cells[0].text = line_.label
        cells[1].text = _number(line_.count)
        cells[2].text = str(line_.pending or "")
    if not page.summary:
        table.add_row().cells[0].text = "本年度暂无履职记录"

    heading = document.add_paragraph()
    _font(heading.add_run("二、履职情况明细"), "黑体", 16)
    for index, (_kind, label, entries) in enumerate(page.sections, start=1):
        sub = document.add_paragraph()
        _font(sub.add_run(f"（{index}）{label}"), "楷体_GB2312", 15, bold=True)
        for entry in entries:
            text = f"{entry.date:%Y-%m-%d}　{entry.title}"
            if entry.detail:
                text += f"　{entry.detail}"
            if entry.pending:
                text += "（待确认）"
            paragraph = document.add_paragraph()
            _font(paragraph.add_run(text), TEXT_FONT, 14)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def archive_xlsx(page) -> bytes:
    """The archive as a spreadsheet: a summary sheet and a sheet of entries."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总"
    write_cell(sheet, 1, 1, archive_title(page))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for column, text in enumerate(("项目", "次数", "待确认"), start=1):
        write_cell(sheet, 2, column, text)
    for row, line in enumerate(page.summary, start=3):
        write_cell(sheet, row, 1, line.label)
        write_cell(sheet, row, 2, float(line.count))
        write_cell(sheet, row, 3, line.pending)
    entries = workbook.create_sheet("明细")
    for column, text in enumerate(
        ("类别", "日期", "名称", "情况", "数量", "状态"), start=1
    ):
        write_cell(entries, 1, column, text)
    row = 2
    for _kind, label, items in page.sections:
        for entry in items:
            values = (
                label,
                entry.date.isoformat(),
                entry.title,
                entry.detail,
                float(entry.quantity),
                "待确认" if entry.pending else "已计入",
            )
            for column, value in enumerate(values, start=1):
                write_cell(entries, row, column, value)
            row += 1
    return workbook_bytes(workbook)


def board_xlsx(board) -> bytes:
    """The congress's deputies with their counts per kind for the year."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{board.year}年履职档案"
    header = ["代表", *[str(k.label) for k in board.kinds], "待确认"]
    for column, text in enumerate(header, start=1):
        write_cell(sheet, 1, column, text)
    for row, line in enumerate(board.rows, start=2):
        write_cell(sheet, row, 1, line.deputy.name)
        for column, kind in enumerate(board.kinds, start=2):
            write_cell(sheet, row, column, float(line.count(kind.value)))
        write_cell(sheet, row, len(header), line.pending)
    return workbook_bytes(workbook)
