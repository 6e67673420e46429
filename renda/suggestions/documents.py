"""Printed documents of the suggestion workflow, as .docx (python-docx).

* The assignment letter (交办函) for one unit: a red-headed letter of the
  committee that handles deputy affairs, numbered 辽人大代字〔2020〕12号.
* An issue of the 《代表之声》 briefing: the VOICE items accepted in a period.

Numbering rules (docs/notifications.md, "Documents"):

* Document number = ``{prefix}〔{year}〕{n}号``. ``year`` is the year (Asia/Shanghai)
  in which the suggestion was accepted (立案); ``n`` is its place among the
  congress's suggestions accepted that year, every channel together, ordered by
  acceptance time then id: the first item accepted in 2020 is 1号. The number
  never changes once given, since accepted items are never deleted and a later
  acceptance always sorts after. Every unit's letter for one suggestion carries
  the suggestion's number. ``prefix`` is the first character of each region name
  from the city down to the congress's own region (辽源市 → 辽, 辽源市龙山区 → 辽龙;
  a provincial congress uses the province's) followed by 人大代字.
* Briefing issue number (第N期): the ``number`` staff give, by default the ISO
  week number of the last day of the period, so a weekly briefing numbers
  itself (2020-10-09 → 2020年第41期).

Fonts follow GB/T 9704 (党政机关公文格式): 仿宋_GB2312 三号 for text, 方正小标宋简体
(宋体 as the fallback name Word uses when it is missing) for titles, with the
East Asian font set in ``w:rFonts`` so Word does not render Chinese in a Latin
font.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from io import BytesIO

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from renda.accounts.permissions import get_scope
from renda.congresses.choices import Level
from renda.congresses.models import Committee, Congress
from renda.core.numbers import chinese_number
from renda.deputies.models import Mandate
from renda.deputies.naming import stroke_key
from renda.regions.choices import RegionKind
from renda.regions.models import Region

from . import rules
from .choices import (
    LIVE_ASSIGNMENT_STATUSES,
    AssignmentRole,
    Channel,
    SuggestionStatus,
)
from .models import Assignment, Suggestion
from .selectors import suggestions_visible_to

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK_FONT = "宋体"
TEXT_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
RED = RGBColor(0xE6, 0x00, 0x12)
TEXT_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
MASTHEAD_SIZE = Pt(42)

# Longest period a briefing may cover, and the highest issue number.
BRIEFING_MAX_DAYS = 366
BRIEFING_MAX_NUMBER = 999


# 主办 first, then 分办, then 会办.
ROLE_RANK = Case(
    When(role=AssignmentRole.LEAD, then=Value(0)),
    When(role=AssignmentRole.SPLIT, then=Value(1)),
    default=Value(2),
)


def live_assignments(suggestion: Suggestion) -> QuerySet[Assignment]:
    """Return a suggestion's live assignments, lead units first."""
    return (
        suggestion.assignments.filter(status__in=LIVE_ASSIGNMENT_STATUSES)
        .select_related("handling_unit")
        .order_by(ROLE_RANK, "pk")
    )


# Small helpers ------------------------------------------------------------------


def chinese_date(day: dt.date) -> str:
    """Write a date the way official documents do: 2020年10月9日."""
    return f"{day.year}年{day.month}月{day.day}日"


def congresses_for_documents(user) -> QuerySet[Congress]:
    """Return the congresses whose documents the user may print."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.staff_congress_ids)


def issuing_office(congress: Congress) -> str:
    """Name the body that signs: the committee handling deputy affairs.

    辽源市人民代表大会 + 选举任免联络工作委员会 → 辽源市人大常委会选举任免联络工作委员会.
    A township congress has a presidium (主席团) instead; without such a
    committee the standing committee's office (办公室) signs.
    """
    body = "主席团" if congress.level == Level.TOWNSHIP else "常委会"
    committee = (
        Committee.objects.filter(congress=congress, handles_deputy_affairs=True)
        .order_by("id")
        .first()
    )
    return f"{congress.short_name}{body}{committee.name if committee else '办公室'}"


def number_prefix(congress: Congress) -> str:
    """Return 辽人大代字 for 辽源市, 辽龙人大代字 for its 龙山区 (see the module notes)."""
    codes = [code for code in congress.region.path.split("/") if code]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    chain = [regions[code] for code in codes if code in regions]
    skipped = {RegionKind.COUNTRY, RegionKind.PROVINCE}
    letters = [
        region.name[0]
        for region in chain
        if region.kind not in skipped or region.pk == congress.region_id
    ]
    return f"{''.join(letters)}人大代字"


def suggestion_sequence(suggestion: Suggestion) -> tuple[int, int] | None:
    """Return (year, n): the suggestion's place among its congress's accepted items that year."""
    if suggestion.accepted_at is None:
        return None
    accepted_at = suggestion.accepted_at
    year = timezone.localdate(accepted_at).year
    n = Suggestion.objects.filter(
        Q(accepted_at__lt=accepted_at)
        | Q(accepted_at=accepted_at, pk__lte=suggestion.pk),
        congress_id=suggestion.congress_id,
        accepted_at__year=year,
    ).count()
    return year, n


def document_number(suggestion: Suggestion) -> str:
    """Return 辽人大代字〔2020〕12号 (empty before the suggestion is accepted)."""
    sequence = suggestion_sequence(suggestion)
    if sequence is None:
        return ""
    year, n = sequence
    return f"{number_prefix(suggestion.congress)}〔{year}〕{n}号"


def document_numbers(suggestions) -> dict[int, str]:
    """Return the document number of each accepted suggestion, keyed by pk.

    The same numbers as ``document_number``, for a whole list at once: one
    prefix per congress and one ordered id list per congress and year, so
    the cost does not grow with the number of items listed.
    """
    by_group: dict[tuple[int, int], list[Suggestion]] = {}
    congresses: dict[int, Congress] = {}
    for suggestion in suggestions:
        if suggestion.accepted_at is None:
            continue
        year = timezone.localdate(suggestion.accepted_at).year
        by_group.setdefault((suggestion.congress_id, year), []).append(suggestion)
        congresses[suggestion.congress_id] = suggestion.congress
    prefixes = {pk: number_prefix(congress) for pk, congress in congresses.items()}
    numbers: dict[int, str] = {}
    for (congress_id, year), members in by_group.items():
        ordered = list(
            Suggestion.objects.filter(
                congress_id=congress_id,
                accepted_at__year=year,
                accepted_at__isnull=False,
            )
            .order_by("accepted_at", "pk")
            .values_list("pk", flat=True)
        )
        place = {pk: index for index, pk in enumerate(ordered, start=1)}
        for suggestion in members:
            numbers[suggestion.pk] = (
                f"{prefixes[congress_id]}〔{year}〕{place[suggestion.pk]}号"
            )
    return numbers


def briefing_default_number(end: dt.date) -> int:
    """Default issue number: the ISO week of the period's last day."""
    return end.isocalendar().week


def deputy_affiliation(deputy, term) -> str:
    """Name where a deputy sits in a term: delegation, else electoral unit, else constituency."""
    mandate = (
        Mandate.objects.filter(deputy=deputy, term=term)
        .select_related("delegation", "electoral_unit", "constituency")
        .order_by("-start_date", "-id")
        .first()
    )
    return _affiliation(mandate)


def _affiliation(mandate) -> str:
    if mandate is None:
        return ""
    for place in (mandate.delegation, mandate.electoral_unit, mandate.constituency):
        if place is not None:
            return place.name
    return ""


def _cosigner_names(suggestion: Suggestion) -> list[str]:
    return sorted((d.name for d in suggestion.cosigners.all()), key=stroke_key)


# Low-level .docx writing ------------------------------------------------------------


def _set_font(run, font: str, size=TEXT_SIZE, *, bold=False, color=None) -> None:
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), font)
    fonts.set(qn("w:hAnsi"), font)


def _new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = TEXT_FONT
    normal.font.size = TEXT_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TEXT_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28)
    return document


def _paragraph(
    document,
    text: str = "",
    *,
    font: str = TEXT_FONT,
    size=TEXT_SIZE,
    bold: bool = False,
    color=None,
    align=None,
    indent: bool = False,
):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size.pt * 2)
    if text:
        _set_font(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def _red_rule(paragraph) -> None:
    """Draw the red line under a red-headed document's header."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "18")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), str(RED))
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _text_block(document, text: str) -> None:
    for line in (text or "").splitlines():
        if line.strip():
            _paragraph(document, line.strip(), indent=True)


def _save(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# The assignment letter (交办函) -----------------------------------------------------

LETTER_TITLES = {
    Channel.FORMAL: "关于交办代表建议的函",
    Channel.VOICE: "关于交办《代表之声》反映事项的函",
    Channel.HOTLINE: "关于交办12345直通车代表反映事项的函",
}


CHANNEL_NOUNS = {
    Channel.FORMAL: "代表建议",
    Channel.VOICE: "《代表之声》反映事项",
    Channel.HOTLINE: "12345直通车反映事项",
}


def channel_period_text(channel: str) -> str:
    """State the channel's answer period as the letter cites it."""
    if channel == Channel.VOICE:
        return f"《代表之声》反映事项应当自交办之日起{rules.voice_reply_days()}日内答复"
    if channel == Channel.HOTLINE:
        return f"12345直通车事项应当自交办之日起{rules.hotline_reply_days()}日内答复"
    months = chinese_number(rules.formal_reply_months())
    return f"代表建议应当自交办之日起{months}个月内答复"


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


def contact_for(user) -> Contact:
    """The staff member printing the letter is its contact."""
    return Contact(
        name=getattr(user, "display_name", "") or user.get_username(),
        phone=getattr(user, "phone", "") or "",
    )


def _deputies_line(suggestion: Suggestion, cosigners: list[str]) -> str:
    lead = suggestion.lead_deputy.name
    if not cosigners:
        return f"{lead}代表"
    return f"{lead}代表领衔、{'、'.join(cosigners)}等{len(cosigners)}名代表附议"


def _role_sentence(assignment: Assignment, others: list[Assignment]) -> str:
    leads = "、".join(
        a.handling_unit.name for a in others if a.role == AssignmentRole.LEAD
    )
    if assignment.role == AssignmentRole.JOINT:
        return f"会办（主办单位：{leads}）" if leads else "会办"
    if assignment.role == AssignmentRole.SPLIT:
        return "分办（就涉及你单位职责的部分办理并答复）"
    joints = "、".join(
        a.handling_unit.name for a in others if a.role == AssignmentRole.JOINT
    )
    return f"主办（会办单位：{joints}）" if joints else "主办"


def assignment_letter_docx(*, assignment: Assignment, contact: Contact) -> bytes:
    """Write the assignment letter (交办函) of one unit as a .docx file."""

    suggestion = assignment.suggestion
    congress = suggestion.congress
    office = issuing_office(congress)
    number = document_number(suggestion)
    sequence = suggestion_sequence(suggestion)
    cosigners = _cosigner_names(suggestion)
    others = list(live_assignments(suggestion).exclude(pk=assignment.pk))
    assigned_on = timezone.localdate(assignment.assigned_at)
    due = chinese_date(assignment.due_at)

    document = _new_document()
    _paragraph(
        document,
        office,
        font=TITLE_FALLBACK_FONT,
        size=Pt(26),
        bold=True,
        color=RED,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document)
    numbered = _paragraph(document, number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _red_rule(numbered)
    _paragraph(document)
    _paragraph(
        document,
        LETTER_TITLES.get(suggestion.channel, LETTER_TITLES[Channel.FORMAL]),
        font=TITLE_FALLBACK_FONT,
        size=TITLE_SIZE,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document)
    _paragraph(document, f"{assignment.handling_unit.name}：")

    serial = f"第{sequence[1]}号" if sequence else ""
    _paragraph(
        document,
        f"现将{_deputies_line(suggestion, cosigners)}在{suggestion.get_period_display()}"
        f"提出的{serial}{CHANNEL_NOUNS.get(suggestion.channel, '代表建议')}"
        f"《{suggestion.title}》"
        f"交由你单位{_role_sentence(assignment, others)}。",
        indent=True,
    )
    if assignment.role == AssignmentRole.JOINT:
        request = f"请你单位于{due}前将会办意见书面送主办单位，并抄送我委"
    else:
        request = (
            f"请你单位认真研究办理，坚持先见面、后答复，于{due}前书面答复代表，"
            "并抄送我委"
        )
    _paragraph(
        document,
        "根据《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》"
        f"关于代表建议、批评和意见办理的规定，{channel_period_text(suggestion.channel)}。"
        f"{request}。",
        indent=True,
    )
    _paragraph(
        document,
        "如认为该事项不属于你单位职责范围，请于"
        f"{chinese_date(rules.return_deadline(assignment))}前说明理由并退回我委，"
        "逾期视为同意承办。",
        indent=True,
    )
    if assignment.due_provisional:
        _paragraph(
            document,
            "（办理期限所涉年度的法定节假日安排尚未公布，期限按周末推算，"
            "以公布后的安排为准。）",
            indent=True,
        )
    _paragraph(document)
    _paragraph(document, f"附件：{suggestion.title}", indent=True)
    _paragraph(document)
    phone = contact.phone or "　" * 6
    _paragraph(document, f"联系人：{contact.name}　　联系电话：{phone}", indent=True)
    _paragraph(document)
    _paragraph(document, office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, chinese_date(assigned_on), align=WD_ALIGN_PARAGRAPH.RIGHT)

    # The appendix: the suggestion's full text, on its own page.
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "附件", font=HEADING_FONT)
    _paragraph(
        document,
        suggestion.title,
        font=TITLE_FALLBACK_FONT,
        size=TITLE_SIZE,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    affiliation = deputy_affiliation(suggestion.lead_deputy, suggestion.term)
    lead = suggestion.lead_deputy.name + (f"（{affiliation}）" if affiliation else "")
    _paragraph(document, f"领衔代表：{lead}")
    _paragraph(document, f"附议代表：{'、'.join(cosigners) if cosigners else '无'}")
    _paragraph(document, f"类别：{suggestion.get_category_display()}")
    if suggestion.submitted_at:
        submitted_on = chinese_date(timezone.localdate(suggestion.submitted_at))
        _paragraph(document, f"提出时间：{submitted_on}")
    _paragraph(document)
    _text_block(document, suggestion.body)
    return _save(document)


def assignment_letter_filename(assignment: Assignment) -> str:
    number = document_number(assignment.suggestion).replace("〔", "").replace("〕", "-")
    return f"交办函-{number}-{assignment.handling_unit.name}.docx"


# The 《代表之声》 briefing ---------------------------------------------------------


def briefing_items(
    *, user, congress: Congress, start: dt.date, end: dt.date, channel: str | None
) -> QuerySet[Suggestion]:
    """Return the congress's items accepted between two dates (inclusive) the user sees.

    Merged items are left out: their primary carries the handling. Live
    assignments (with their units) and cosigners come prefetched.
    """
    items = (
        suggestions_visible_to(user)
        .filter(
            congress=congress,
            merged_into__isnull=True,
            accepted_at__date__gte=start,
            accepted_at__date__lte=end,
        )
        .exclude(status=SuggestionStatus.REJECTED)
        .select_related("lead_deputy", "term", "congress")
        .prefetch_related(
            "cosigners",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(status__in=LIVE_ASSIGNMENT_STATUSES)
                .select_related("handling_unit")
                .order_by(ROLE_RANK, "pk"),
                to_attr="live_assignments",
            ),
        )
        .order_by("accepted_at", "pk")
    )
    if channel:
        items = items.filter(channel=channel)
    return items


def _affiliations(items: list[Suggestion]) -> dict[tuple[int, int], str]:
    pairs = {(s.lead_deputy_id, s.term_id) for s in items}
    mandates = (
        Mandate.objects.filter(
            deputy_id__in={d for d, _ in pairs}, term_id__in={t for _, t in pairs}
        )
        .select_related("delegation", "electoral_unit", "constituency")
        .order_by("start_date", "id")
    )
    found: dict[tuple[int, int], str] = {}
    for mandate in mandates:
        found[(mandate.deputy_id, mandate.term_id)] = _affiliation(mandate)
    return found


def _units_line(assignments: list[Assignment]) -> str:
    return "、".join(
        f"{a.handling_unit.name}（{a.get_role_display()}）" for a in assignments
    )


def voice_briefing_docx(
    *,
    congress: Congress,
    items: list[Suggestion],
    number: int,
    issue_date: dt.date,
    start: dt.date,
    end: dt.date,
) -> bytes:
    """Write one issue of the 《代表之声》 briefing compiling ``items``."""
    office = issuing_office(congress)
    affiliations = _affiliations(items)
    document = _new_document()
    _paragraph(
        document,
        "代表之声",
        font=TITLE_FALLBACK_FONT,
        size=MASTHEAD_SIZE,
        bold=True,
        color=RED,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, f"{end.year}年第{number}期", align=WD_ALIGN_PARAGRAPH.CENTER)
    masthead = _paragraph(document)
    _set_font(masthead.add_run(f"{office}编印"), TEXT_FONT)
    _set_font(masthead.add_run("　　　　"), TEXT_FONT)
    _set_font(masthead.add_run(chinese_date(issue_date)), TEXT_FONT)
    _red_rule(masthead)
    _paragraph(document)
    _paragraph(
        document,
        f"本期编发{chinese_date(start)}至{chinese_date(end)}代表通过《代表之声》"
        f"反映的事项{len(items)}件，已交有关单位办理，"
        f"请于交办之日起{rules.voice_reply_days()}日内答复代表。",
        indent=True,
    )
    if not items:
        _paragraph(document, "本期无代表反映事项。", indent=True)
    for index, item in enumerate(items, start=1):
        _paragraph(document)
        _paragraph(
            document, f"{chinese_number(index)}、{item.title}", font=HEADING_FONT
        )
        affiliation = affiliations.get((item.lead_deputy_id, item.term_id), "")
        who = item.lead_deputy.name + (f"（{affiliation}）" if affiliation else "")
        cosigners = _cosigner_names(item)
        if cosigners:
            who += f"，{'、'.join(cosigners)}代表附议"
        _paragraph(document, f"反映代表：{who}", indent=True)
        _text_block(document, item.body)
        assignments = getattr(item, "live_assignments", None)
        if assignments is None:
            assignments = list(live_assignments(item))
        _paragraph(
            document,
            f"交办单位：{_units_line(assignments) or '待交办'}",
            indent=True,
        )
        dues = sorted({a.due_at for a in assignments if a.role != AssignmentRole.JOINT})
        if dues:
            due_text = "、".join(chinese_date(day) for day in dues)
            _paragraph(document, f"办理期限：{due_text}", indent=True)

    _paragraph(document)
    closing = _paragraph(document)
    _red_rule(closing)
    body = "主席团" if congress.level == Level.TOWNSHIP else "常委会"
    units = defaultdict(int)
    for item in items:
        for assignment in getattr(item, "live_assignments", []):
            units[assignment.handling_unit.name] += 1
    _paragraph(document, f"报：{congress.short_name}{body}主任、副主任、秘书长")
    _paragraph(
        document,
        f"送：{'、'.join(units) if units else '有关承办单位'}",
    )
    _paragraph(document, "发：各代表团（代表小组），有关代表")
    return _save(document)


def voice_briefing_filename(*, end: dt.date, number: int) -> str:
    return f"代表之声-{end.year}年第{number}期.docx"
