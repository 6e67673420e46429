"""The annual filing-review work report (备案审查工作情况报告, art. 45) as a .docx."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from .selectors.filing import FilingYearReport


def _table(document, rows: list[tuple[str, object]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[1].text = str(value)


def filing_year_report_docx(report: FilingYearReport) -> bytes:
    """Write the year's figures as the report's draft: paragraphs and tables."""
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    document.add_heading(
        f"{report.congress.name}常务委员会{report.year}年备案审查工作情况报告", level=1
    )
    document.add_paragraph(
        f"{report.year}年，常委会共收到报送备案的规范性文件{report.filed}件，"
        f"其中逾期报备{report.late}件；经审核登记备案{report.accepted}件，"
        f"退回补正{report.returned}件次。"
    )
    document.add_paragraph(
        f"全年开展审查{report.reviews}件，其中收到审查要求{report.requests}件、"
        f"审查建议{report.suggestions}件。书面要求制定机关纠正"
        f"{report.corrections_requested}件，已纠正{report.corrections_made}件；"
        f"提请常委会撤销{report.revocation_motions}件。"
        f"已向审查要求、审查建议的提出人告知审查结果{report.proposers_told}件。"
    )
    document.add_heading("一、报送备案的规范性文件（按类别）", level=2)
    _table(document, list(report.filed_by_type.items()))
    document.add_heading("二、审查方式", level=2)
    _table(document, list(report.reviews_by_kind.items()))
    document.add_heading("三、审查结果", level=2)
    _table(document, list(report.reviews_by_outcome.items()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
