"""Documents of reports to voters: the QR code (SVG) and the report's draft
(.docx) written from the deputy's archive, in plain words the deputy can edit."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .archive import deputy_archive
from .choices import ArchiveKind

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _count_text(kind: str, entries) -> str:
    total = sum(e.quantity for e in entries if not e.pending)
    number = int(total) if total == int(total) else total
    unit = {
        ArchiveKind.SESSION_ABSENT: "个半天",
        ArchiveKind.RECEPTION_DAY: "次",
        ArchiveKind.SUGGESTION_LED: "件",
        ArchiveKind.SUGGESTION_COSIGNED: "件",
        ArchiveKind.REQUEST_RECEIVED: "件",
    }.get(kind, "次")
    return f"共{number}{unit}"


def report_draft_docx(report) -> bytes:
    """The draft of a deputy's report for the report's year, from the archive."""
    deputy = report.deputy
    archive = deputy_archive(deputy=deputy, congress=report.congress, year=report.year)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(14)
    title = doc.add_heading(f"{deputy.name}代表{report.year}年度履职情况报告", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    where = report.electoral_unit or report.constituency or "各位选民"
    doc.add_paragraph(f"{where}：")
    doc.add_paragraph(
        f"我是{report.congress.name}代表{deputy.name}。根据《中华人民共和国全国人民代表大会和"
        f"地方各级人民代表大会代表法》的规定，现将我{report.year}年度履行代表职责的情况"
        "向大家报告，请予评议。"
    )
    groups = archive.by_kind()
    if not groups:
        doc.add_paragraph("（本年度履职档案中暂无记录，请补充填写。）")
    for number, (kind, label, entries) in enumerate(groups, start=1):
        if kind == ArchiveKind.ADJUSTMENT:
            continue
        doc.add_heading(
            f"{_chinese_number(number)}、{label}（{_count_text(kind, entries)}）",
            level=2,
        )
        for entry in entries:
            line = f"{entry.date:%Y年%-m月%-d日}，{entry.title}"
            if entry.detail:
                line += f"（{entry.detail}）"
            if entry.pending:
                line += "〔待确认〕"
            doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("今后的打算", level=2)
    doc.add_paragraph(
        "今后，我将继续加强学习，密切联系群众，认真听取和反映大家的意见和要求，"
        "依法履行代表职责，不辜负大家的信任。欢迎大家对我的工作提出意见和建议。"
    )
    doc.add_paragraph("谢谢大家！")
    doc.add_paragraph(f"报告人：{deputy.name}")
    doc.add_paragraph(f"{report.date:%Y年%-m月%-d日}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
