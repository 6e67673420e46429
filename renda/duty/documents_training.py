"""Training's documents: the certificate of attendance (结业证书, .docx) of one
enrolment, and the year's statistics (.xlsx), both from the records."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from renda.core.exporting import workbook_bytes, write_cell

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT = "方正小标宋简体"
TEXT_FONT = "仿宋_GB2312"


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _paragraph(document, text, *, size=16, font=TEXT_FONT, center=False, bold=False):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = font
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    return paragraph


def certificate_lines(enrollment) -> list[str]:
    """What the certificate says (also what a test reads back)."""
    training = enrollment.training
    hours = enrollment.hours if enrollment.hours is not None else training.hours
    when = _date(training.starts_on)
    if training.ends_on != training.starts_on:
        when += f"至{_date(training.ends_on)}"
    return [
        f"{enrollment.deputy.name}代表：",
        f"于{when}参加{training.congress.name}常务委员会举办的"
        f"“{training.title}”（{training.get_kind_display()}），"
        f"完成规定学习内容，计{hours.normalize():f}学时，准予结业。",
        f"证书编号：{enrollment.certificate_number}",
    ]


def certificate_docx(enrollment) -> bytes:
    """The 结业证书 of one attended enrolment, issued by the congress."""
    training = enrollment.training
    document = Document()
    _paragraph(document, "结业证书", size=28, font=TITLE_FONT, center=True, bold=True)
    document.add_paragraph()
    for line in certificate_lines(enrollment):
        _paragraph(document, line)
    document.add_paragraph()
    _paragraph(document, f"{training.congress.name}常务委员会")
    day = enrollment.attended_at.date() if enrollment.attended_at else training.ends_on
    _paragraph(document, _date(max(day, training.ends_on)))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def certificate_filename(enrollment) -> str:
    return f"结业证书-{enrollment.deputy.name}-{enrollment.certificate_number}.docx"


def stats_xlsx(stats) -> bytes:
    """The year's training statistics as a workbook: totals and kinds, coverage
    per delegation and group, each deputy's hours."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "总体"
    write_cell(
        sheet, 1, 1, f"{stats.congress.name}{stats.year}年代表培训统计"
    ).font = Font(bold=True, size=14)
    rows = [
        ["培训（期/场）", stats.trainings],
        ["参训人次", stats.person_times],
        ["学时合计", float(stats.hours)],
        ["在任代表", stats.total.deputies],
        ["参训代表", stats.total.attended],
        ["覆盖率(%)", stats.total.coverage],
        [],
        ["类别", "期/场", "人次", "学时"],
    ]
    rows += [
        [k.label, k.trainings, k.person_times, float(k.hours)] for k in stats.by_kind
    ]
    for index, row in enumerate(rows, start=3):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, index, column, value)
    for title, lines in (("代表团", stats.by_delegation), ("代表小组", stats.by_group)):
        part = workbook.create_sheet(title)
        headers = [title, "代表数", "参训代表", "覆盖率(%)", "人次", "学时"]
        for column, value in enumerate(headers, start=1):
            write_cell(part, 1, column, value).font = Font(bold=True)
        for index, line in enumerate(lines, start=2):
            values = [
                line.name,
                line.deputies,
                line.attended,
                line.coverage,
                line.person_times,
                float(line.hours),
            ]
            for column, value in enumerate(values, start=1):
                write_cell(part, index, column, value)
    people = workbook.create_sheet("代表学时")
    for column, value in enumerate(["代表", "代表团", "参训次数", "学时"], start=1):
        write_cell(people, 1, column, value).font = Font(bold=True)
    for index, line in enumerate(stats.by_deputy, start=2):
        values = [line.name, line.delegation, line.trainings, float(line.hours)]
        for column, value in enumerate(values, start=1):
            write_cell(people, index, column, value)
    return workbook_bytes(workbook)
