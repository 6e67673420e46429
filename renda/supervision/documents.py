"""The year's 监督工作综述 (.docx), generated from the records, never typed.

It opens with the source's sentence, every number counted by
``selectors.stats.year_counts``; then one section per theme (ordered by rank;
items without a theme in a last section, 其他监督工作) listing the items done
in the year in plain sentences. ``summary_text`` is the same prose as plain
text (the .docx is built from it); staff may edit the prose after download.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.db.models import Prefetch
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from renda.core.numbers import chinese_number

from .choices import SupervisionKind
from .models import InspectedLaw, Theme
from .selectors.stats import NO_THEME, counted_items, year_counts

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT = "方正小标宋简体"
TEXT_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


def _quoted(title: str) -> str:
    """《title》 unless the title already carries its own book-title marks."""
    return title if title.startswith("《") else f"《{title}》"


def _with(title: str, suffix: str) -> str:
    """The title followed by ``suffix`` unless it already ends with it."""
    return title if title.endswith(suffix) else f"{title}{suffix}"


def item_sentence(item) -> str:
    """One plain sentence for an item done in the year, by its kind."""
    title = item.title.strip().rstrip("。")
    kind = item.kind
    if kind == SupervisionKind.WORK_REPORT:
        return f"听取审议了{_quoted(title)}。"
    if kind == SupervisionKind.LAW_INSPECTION:
        laws = [law.name for law in item.laws.all()]
        if len(laws) > 1:
            names = "".join(_quoted(name) for name in laws)
            return f"对{names}等{len(laws)}部法律法规开展执法检查。"
        if len(laws) == 1:
            return f"对{_quoted(laws[0])}开展执法检查。"
        return f"开展{_with(title, '执法检查')}。"
    if kind == SupervisionKind.FIELD_INSPECTION:
        return f"开展{_with(title, '视察')}。"
    if kind == SupervisionKind.INQUIRY:
        return f"开展{_with(title, '专题询问')}。"
    if kind == SupervisionKind.VOTE_EVALUATION:
        return f"开展{_with(title, '评议')}。"
    if kind == SupervisionKind.RESEARCH:
        return f"开展{_with(title, '调研')}。"
    if kind == SupervisionKind.RESOLUTION:
        return f"依法作出{_quoted(title)}。"
    return f"开展{title}。"


@dataclass
class SummarySection:
    heading: str
    sentences: list[str]

    @property
    def paragraph(self) -> str:
        return "".join(self.sentences)


@dataclass
class Summary:
    title: str
    opening: str
    sections: list[SummarySection]


def summary(congress, year: int) -> Summary:
    """The summary's parts: title, opening sentence, one section per theme."""
    counts = year_counts(congress, year)
    items = list(
        counted_items(congress, year)
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("rank", "id")),
            Prefetch("laws", queryset=InspectedLaw.objects.order_by("id")),
        )
        .order_by("done_on", "id")
    )
    themes = list(Theme.objects.filter(congress=congress).order_by("rank", "id"))
    by_theme: dict[int | None, list[str]] = {}
    for item in items:
        item_themes = list(item.themes.all())
        # Each item is told once, under its first theme.
        key = item_themes[0].pk if item_themes else None
        by_theme.setdefault(key, []).append(item_sentence(item))
    headings = [(t.pk, t.name) for t in themes if t.pk in by_theme]
    if None in by_theme:
        headings.append((None, NO_THEME))
    sections = [
        SummarySection(heading=f"{chinese_number(n)}、{name}", sentences=by_theme[key])
        for n, (key, name) in enumerate(headings, start=1)
    ]
    return Summary(
        title=f"{congress.name}常务委员会{year}年监督工作综述",
        opening=counts.sentence(),
        sections=sections,
    )


def summary_text(congress, year: int) -> str:
    """The summary as plain text: title, the opening sentence, then the sections."""
    parts = summary(congress, year)
    lines = [parts.title, "", parts.opening]
    for section in parts.sections:
        lines += ["", section.heading, section.paragraph]
    return "\n".join(lines) + "\n"


def _font(run, name: str, size: Pt) -> None:
    run.font.name = name
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def summary_docx(congress, year: int) -> bytes:
    """The summary as an editable .docx."""
    parts = summary(congress, year)
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(parts.title), TITLE_FONT, Pt(22))

    def body(text: str) -> None:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        _font(paragraph.add_run(text), TEXT_FONT, Pt(16))

    body(parts.opening)
    for section in parts.sections:
        heading = document.add_paragraph()
        heading.paragraph_format.first_line_indent = Pt(32)
        _font(heading.add_run(section.heading), HEADING_FONT, Pt(16))
        body(section.paragraph)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_filename(congress, year: int) -> str:
    return f"{congress.short_name}{year}年监督工作综述.docx"
