"""The meeting notice (会议通知, .docx), generated from the meeting's record:
which meeting (第N次), date, time and place, the agenda in order, and how to
ask for leave. Staff may edit the prose after download."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from renda.core.numbers import chinese_number

from .choices import MeetingKind
from .models import CommitteeMeeting

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT = "方正小标宋简体"
TEXT_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
WEEKDAYS = "一二三四五六日"


def meeting_title(meeting: CommitteeMeeting) -> str:
    """第八届常委会第N次会议 / 主任会议 (第N次)."""
    congress = meeting.standing_committee.term.congress
    term = meeting.standing_committee.term
    ordinal = f"第{chinese_number(term.number)}届" if term.number else ""
    if meeting.kind == MeetingKind.STANDING:
        return f"{congress.name}常务委员会{ordinal}第{chinese_number(meeting.number)}次会议"
    label = MeetingKind(meeting.kind).label
    return f"{congress.name}{ordinal}第{chinese_number(meeting.number)}次{label}"


def when_text(meeting: CommitteeMeeting) -> str:
    date = meeting.date
    text = f"{date.year}年{date.month}月{date.day}日（星期{WEEKDAYS[date.weekday()]}）"
    if meeting.starts_at:
        period = "上午" if meeting.starts_at.hour < 12 else "下午"
        hour = (
            meeting.starts_at.hour
            if meeting.starts_at.hour <= 12
            else meeting.starts_at.hour - 12
        )
        text += f"{period}{hour}:{meeting.starts_at.minute:02d}"
    return text


def notice_lines(meeting: CommitteeMeeting) -> tuple[str, list[tuple[str, str]]]:
    """The notice as (title, [(kind, text)]): kind is "heading" or "body"."""
    title = f"关于召开{meeting_title(meeting)}的通知"
    lines: list[tuple[str, str]] = [
        ("plain", "各位组成人员："),
        (
            "body",
            f"经研究，定于{when_text(meeting)}召开{meeting_title(meeting)}。"
            "现将有关事项通知如下：",
        ),
        ("heading", "一、会议时间"),
        ("body", when_text(meeting) + "。"),
        ("heading", "二、会议地点"),
        ("body", (meeting.place or "另行通知") + "。"),
        ("heading", "三、会议议程"),
    ]
    items = list(meeting.agenda_items.order_by("position", "id"))
    if items:
        for number, item in enumerate(items, start=1):
            reporter = f"（{item.reporter}）" if item.reporter else ""
            lines.append(("body", f"{number}. {item.title}{reporter}"))
    elif meeting.agenda:
        lines += [
            ("body", line) for line in meeting.agenda.splitlines() if line.strip()
        ]
    else:
        lines.append(("body", "另行通知。"))
    lines += [
        ("heading", "四、有关要求"),
        (
            "body",
            "请各位组成人员准时出席，于会前到会场签到（可用手机签到）。"
            "因故不能出席的，请于会前向常委会办公室书面请假，说明事由。",
        ),
        ("body", "会议材料已（将）通过平台分发，请提前阅读。"),
    ]
    return title, lines


def meeting_notice_docx(meeting: CommitteeMeeting) -> bytes:
    """The meeting notice as an editable .docx."""
    title, lines = notice_lines(meeting)
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title), TITLE_FONT, Pt(22))
    for kind, text in lines:
        paragraph = document.add_paragraph()
        if kind != "plain":
            paragraph.paragraph_format.first_line_indent = Pt(32)
        _font(
            paragraph.add_run(text),
            HEADING_FONT if kind == "heading" else TEXT_FONT,
            Pt(16),
        )
    congress = meeting.standing_committee.term.congress
    today = timezone.localdate()
    for text in (
        f"{congress.name}常务委员会办公室",
        f"{today.year}年{today.month}月{today.day}日",
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(paragraph.add_run(text), TEXT_FONT, Pt(16))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def meeting_notice_filename(meeting: CommitteeMeeting) -> str:
    return f"会议通知-{meeting.date:%Y%m%d}-第{meeting.number}次.docx"


def _font(run, name: str, size: Pt) -> None:
    run.font.name = name
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
