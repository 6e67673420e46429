"""Writes of deputies' stories (履职事迹) and donations (捐款捐物).

A story is written by the deputy (or by the congress's staff for a deputy of
that congress), submitted, and published by the staff, who may return it with
a reason or take it down again. Publishing announces it to the congress's
deputies as a 通知公告 (docs/duty-stories.md). Donations are recorded by the
staff, one by one or from an .xlsx file that is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError
from renda.core.images import reencoded_upload
from renda.core.state import transition
from renda.deputies.models import Deputy, Mandate
from renda.notices.choices import TargetKind
from renda.notices.services import notice_create, notice_publish
from renda.notices.targets import TargetChoice

from .. import events, rules
from ..choices import DonationKind, DutyEventKind
from ..models import Donation, DutyStory, StoryPhoto
from ..permissions import is_deputy_self, manages_duty
from .common import audit, clean_choice, clean_text, denied, invalid

TITLE_MAX = 200
BODY_MAX = 20000
AMOUNT_MAX = Decimal("9999999999.99")


# Helpers ---------------------------------------------------------------------


def deputy_in_congress(deputy, congress) -> bool:
    """Whether the deputy holds (or held) a mandate in a term of the congress."""
    return Mandate.objects.filter(
        deputy_id=getattr(deputy, "pk", deputy), term__congress_id=congress.pk
    ).exists()


def can_write_story(user, story) -> bool:
    """The deputy of the story, or the congress's staff."""
    return is_deputy_self(user, story.deputy_id) or manages_duty(
        user, story.congress_id
    )


def _clean_date(value, *, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise invalid(f"{label}格式不正确，应为 年-月-日。", field) from None
    if not isinstance(value, dt.date):
        raise invalid(f"请填写{label}。", field)
    if value.year < 1949 or value > timezone.localdate() + dt.timedelta(days=1):
        raise invalid(f"{label}不在有效范围内。", field)
    return value


def clean_amount(value, *, field: str = "amount", label: str = "金额") -> Decimal:
    """A positive amount in yuan with at most two decimals."""
    if value is None or value == "":
        raise invalid(f"请填写{label}。", field)
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise invalid(f"{label}应为数字（元）。", field) from None
    if not amount.is_finite() or amount <= 0:
        raise invalid(f"{label}应大于 0。", field)
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise invalid(f"{label}最多保留两位小数。", field)
    if amount > AMOUNT_MAX:
        raise invalid(f"{label}过大。", field)
    return amount.quantize(Decimal("0.01"))


def _lock_story(story) -> DutyStory:
    return DutyStory.objects.select_for_update().get(pk=story.pk)


def _story_event(story, *, change: str, summary: str, actor) -> None:
    events.record_event(
        DutyEventKind.STORY,
        subject=story,
        actor=actor,
        deputy=story.deputy,
        congress=story.congress,
        change=change,
        summary=summary,
    )
    audit(actor=actor, action=f"story.{change}", target=story, summary=summary)


# Stories ---------------------------------------------------------------------


@transaction.atomic
def story_create(
    *, congress, deputy, title: str, body: str, happened_on, actor
) -> DutyStory:
    """Write a draft story: a deputy for themself, or staff for a deputy of
    their congress."""
    if not (is_deputy_self(actor, deputy) or manages_duty(actor, congress)):
        raise denied("您无权为该代表撰写履职事迹。")
    if not deputy_in_congress(deputy, congress):
        raise invalid("该代表不是本级人大代表。", "deputy")
    story = DutyStory.objects.create(
        congress=congress,
        deputy=deputy,
        title=clean_text(title, field="title", label="标题", max_length=TITLE_MAX),
        body=clean_text(body, field="body", label="正文", max_length=BODY_MAX),
        happened_on=_clean_date(happened_on, field="happened_on", label="事迹日期"),
    )
    _story_event(story, change="create", summary=f"撰写：{story.title}", actor=actor)
    return story


@transaction.atomic
def story_edit(*, story, actor, title=None, body=None, happened_on=None) -> DutyStory:
    """Change a story not yet published (its deputy or staff)."""
    story = _lock_story(story)
    if not can_write_story(actor, story):
        raise denied()
    changed = transition(story, "edit")
    if title is not None:
        story.title = clean_text(
            title, field="title", label="标题", max_length=TITLE_MAX
        )
    if body is not None:
        story.body = clean_text(body, field="body", label="正文", max_length=BODY_MAX)
    if happened_on is not None:
        story.happened_on = _clean_date(
            happened_on, field="happened_on", label="事迹日期"
        )
    story.save(update_fields=[*changed, "title", "body", "happened_on", "updated_at"])
    _story_event(story, change="edit", summary=f"修改：{story.title}", actor=actor)
    return story


@transaction.atomic
def story_submit(*, story, actor) -> DutyStory:
    """Submit a draft (or returned) story for publication."""
    story = _lock_story(story)
    if not can_write_story(actor, story):
        raise denied()
    changed = transition(story, "submit")
    story.submitted_by = actor
    story.return_reason = ""
    story.save(update_fields=[*changed, "submitted_by", "return_reason", "updated_at"])
    _story_event(story, change="submit", summary="提交审核", actor=actor)
    return story


@transaction.atomic
def story_return(*, story, reason: str, actor) -> DutyStory:
    """Return a submitted story to its deputy with a reason (staff)."""
    story = _lock_story(story)
    if not manages_duty(actor, story.congress_id):
        raise denied()
    changed = transition(story, "return")
    story.return_reason = clean_text(
        reason, field="reason", label="退回意见", max_length=500
    )
    story.save(update_fields=[*changed, "return_reason", "updated_at"])
    _story_event(
        story, change="return", summary=f"退回：{story.return_reason}", actor=actor
    )
    return story


def _announce(story, actor) -> bool:
    """Publish a 通知公告 to the congress's deputies naming the story and its
    public page; a congress with nobody to tell is passed over (savepoint)."""
    url = reverse("duty_public:story", args=[story.pk])
    try:
        with transaction.atomic():
            notice = notice_create(
                congress=story.congress,
                title=f"代表履职事迹：{story.title}"[:200],
                body=(
                    f"{story.deputy.name}代表的履职事迹《{story.title}》已发布，"
                    f"请阅览：{url}"
                ),
                category="履职事迹",
                targets=[TargetChoice(kind=TargetKind.CONGRESS, obj=story.congress)],
                actor=actor,
            )
            notice_publish(notice=notice, actor=actor)
    except ApplicationError:
        return False
    return True


@transaction.atomic
def story_publish(*, story, actor, announce: bool = True, now=None) -> DutyStory:
    """Publish a submitted (or taken down) story (staff); announce it to the
    congress's deputies as a 通知公告 unless ``announce`` is false."""
    story = _lock_story(story)
    if not manages_duty(actor, story.congress_id):
        raise denied()
    changed = transition(story, "publish")
    story.published_at = now or timezone.now()
    story.published_by = actor
    story.save(update_fields=[*changed, "published_at", "published_by", "updated_at"])
    _story_event(story, change="publish", summary=f"发布：{story.title}", actor=actor)
    if announce:
        _announce(story, actor)
    return story


@transaction.atomic
def story_unpublish(*, story, actor, reason: str = "") -> DutyStory:
    """Take a published story down from the public pages (staff)."""
    story = _lock_story(story)
    if not manages_duty(actor, story.congress_id):
        raise denied()
    changed = transition(story, "unpublish")
    why = clean_text(
        reason, field="reason", label="撤下原因", max_length=500, required=False
    )
    story.save(update_fields=[*changed, "updated_at"])
    _story_event(
        story,
        change="unpublish",
        summary=f"撤下{('：' + why) if why else ''}",
        actor=actor,
    )
    return story


@transaction.atomic
def story_photo_add(*, story, upload, actor, caption: str = "") -> StoryPhoto:
    """Add a photo (re-encoded: EXIF and location stripped), at most
    ``rules.story_photo_limit()`` per story, while the story may be edited."""
    story = _lock_story(story)
    if not can_write_story(actor, story):
        raise denied()
    transition(story, "edit")
    limit = rules.story_photo_limit()
    if story.photos.count() >= limit:
        raise invalid(f"每篇事迹最多上传 {limit} 张照片。", "image")
    if upload is None:
        raise invalid("请选择照片。", "image")
    clean = reencoded_upload(upload, label="照片", field="image")
    photo = StoryPhoto.objects.create(
        story=story,
        image=clean,
        caption=clean_text(
            caption, field="caption", label="说明", max_length=200, required=False
        ),
    )
    _story_event(story, change="photo_add", summary="上传照片", actor=actor)
    return photo


@transaction.atomic
def story_photo_remove(*, photo, actor) -> None:
    """Remove a photo of a story that may still be edited."""
    story = _lock_story(photo.story)
    if not can_write_story(actor, story):
        raise denied()
    transition(story, "edit")
    photo.image.delete(save=False)
    photo.delete()
    _story_event(story, change="photo_remove", summary="删除照片", actor=actor)


# Donations -------------------------------------------------------------------


def _donation_event(donation, *, change: str, summary: str, actor, data=None):
    events.record_event(
        DutyEventKind.DONATION,
        subject=donation,
        actor=actor,
        deputy=donation.deputy,
        congress=donation.congress,
        change=change,
        summary=summary,
    )
    audit(
        actor=actor,
        action=f"donation.{change}",
        target=donation,
        summary=summary,
        data=data,
    )


def _donation_fields(*, kind, date, amount, recipient, goods, campaign, note) -> dict:
    kind = clean_choice(kind, DonationKind, field="kind", label="方式")
    goods = clean_text(
        goods, field="goods", label="物资", max_length=200, required=False
    )
    if kind == DonationKind.GOODS and not goods:
        raise invalid("捐物请填写物资名称。", "goods")
    if kind == DonationKind.MONEY:
        goods = ""
    return {
        "kind": kind,
        "date": _clean_date(date, field="date", label="日期"),
        "amount": clean_amount(amount),
        "goods": goods,
        "recipient": clean_text(
            recipient, field="recipient", label="受赠方", max_length=200
        ),
        "campaign": clean_text(
            campaign, field="campaign", label="活动", max_length=100, required=False
        ),
        "note": clean_text(
            note, field="note", label="备注", max_length=500, required=False
        ),
    }


def _describe(d: Donation) -> str:
    what = d.goods if d.kind == DonationKind.GOODS else "捐款"
    return f"{d.deputy.name} {what} {d.amount} 元 → {d.recipient}"


@transaction.atomic
def donation_record(
    *,
    congress,
    deputy,
    kind: str,
    date,
    amount,
    recipient: str,
    goods: str = "",
    campaign: str = "",
    note: str = "",
    actor,
) -> Donation:
    """Record a deputy's donation of money or goods (at value) under a congress
    (its staff)."""
    if not manages_duty(actor, congress):
        raise denied("您无权登记该人大代表的捐款捐物。")
    if deputy is None or not deputy_in_congress(deputy, congress):
        raise invalid("该代表不是本级人大代表。", "deputy")
    fields = _donation_fields(
        kind=kind,
        date=date,
        amount=amount,
        recipient=recipient,
        goods=goods,
        campaign=campaign,
        note=note,
    )
    donation = Donation.objects.create(
        congress=congress, deputy=deputy, recorded_by=actor, **fields
    )
    _donation_event(
        donation, change="record", summary=f"登记：{_describe(donation)}", actor=actor
    )
    return donation


@transaction.atomic
def donation_edit(*, donation, actor, **changes) -> Donation:
    """Change a recorded donation (staff of its congress)."""
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if not manages_duty(actor, donation.congress_id):
        raise denied()
    allowed = {"kind", "date", "amount", "recipient", "goods", "campaign", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise invalid("不能修改这些项目。", sorted(unknown)[0])
    current = {name: getattr(donation, name) for name in allowed}
    current.update({k: v for k, v in changes.items() if v is not None})
    fields = _donation_fields(**current)
    for name, value in fields.items():
        setattr(donation, name, value)
    donation.save(update_fields=[*fields, "updated_at"])
    _donation_event(
        donation, change="edit", summary=f"修改：{_describe(donation)}", actor=actor
    )
    return donation


@transaction.atomic
def donation_delete(*, donation, reason: str, actor) -> None:
    """Delete a donation recorded in error, with a reason (audited)."""
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if not manages_duty(actor, donation.congress_id):
        raise denied()
    why = clean_text(reason, field="reason", label="删除原因", max_length=500)
    summary = f"删除：{_describe(donation)}；原因：{why}"
    _donation_event(
        donation,
        change="delete",
        summary=summary,
        actor=actor,
        data={"amount": str(donation.amount), "kind": donation.kind, "reason": why},
    )
    donation.delete()


# The .xlsx import --------------------------------------------------------------

IMPORT_COLUMNS = [
    "代表姓名",
    "身份证号或手机号后四位",
    "方式",
    "金额",
    "物资",
    "受赠方",
    "日期",
]
IMPORT_OPTIONAL = ["活动", "备注"]
KIND_WORDS = {
    "捐款": DonationKind.MONEY,
    "现金": DonationKind.MONEY,
    "MONEY": DonationKind.MONEY,
    "捐物": DonationKind.GOODS,
    "物资": DonationKind.GOODS,
    "GOODS": DonationKind.GOODS,
}
IMPORT_MAX_ROWS = 5000


class ImportRejected(ApplicationError):
    """An import file with bad rows: every problem named, nothing written."""

    code = "duty.donation_import_invalid"
    status = 400

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            "导入文件有误，未导入任何记录：" + "；".join(problems[:20]), field="file"
        )


@dataclass(frozen=True)
class ImportResult:
    created: int
    money: Decimal
    goods: Decimal


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _find_deputy(congress, name: str, tail: str) -> tuple[Deputy | None, str]:
    candidates = list(
        Deputy.objects.filter(mandates__term__congress=congress, name=name).distinct()
    )
    if not candidates:
        return None, f"本级人大没有名为“{name}”的代表"
    if tail:
        chosen = [
            d
            for d in candidates
            if (d.id_number and d.id_number.upper().endswith(tail.upper()))
            or (d.phone and d.phone.endswith(tail))
        ]
        if len(chosen) == 1:
            return chosen[0], ""
        if not chosen:
            return None, f"“{name}”的身份证号或手机号后四位与“{tail}”不符"
        return None, f"“{name}”有重名，后四位“{tail}”仍不能区分"
    if len(candidates) > 1:
        return None, f"“{name}”有重名，请填写身份证号或手机号后四位"
    return candidates[0], ""


def _read_rows(content: bytes) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the same answer
        raise invalid("无法读取该文件，请上传 .xlsx 格式的表格。", "file") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell_text(v) for v in next(rows, ())]
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise invalid(f"表头缺少：{'、'.join(missing)}。", "file")
    index = {
        name: header.index(name)
        for name in IMPORT_COLUMNS + IMPORT_OPTIONAL
        if name in header
    }
    out = []
    for number, values in enumerate(rows, start=2):
        values = list(values) + [None] * len(header)
        row = {name: values[i] for name, i in index.items()}
        if all(_cell_text(v) == "" for v in row.values()):
            continue
        out.append((number, row))
        if len(out) > IMPORT_MAX_ROWS:
            raise invalid(f"一次最多导入 {IMPORT_MAX_ROWS} 行。", "file")
    return out


def _row_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else _cell_text(value)


@transaction.atomic
def donations_import(*, congress, content: bytes, actor) -> ImportResult:
    """Record the donations of an .xlsx file (staff); a file with any bad row
    writes nothing and names every bad row by its number."""
    if not manages_duty(actor, congress):
        raise denied("您无权登记该人大代表的捐款捐物。")
    rows = _read_rows(content)
    if not rows:
        raise invalid("文件中没有数据行。", "file")
    problems: list[str] = []
    prepared = []
    for number, row in rows:
        name = _cell_text(row.get("代表姓名"))
        if not name:
            problems.append(f"第{number}行：请填写代表姓名")
            continue
        deputy, why = _find_deputy(
            congress, name, _cell_text(row.get("身份证号或手机号后四位"))
        )
        if deputy is None:
            problems.append(f"第{number}行：{why}")
            continue
        kind = KIND_WORDS.get(_cell_text(row.get("方式")))
        if kind is None:
            problems.append(f"第{number}行：方式应为“捐款”或“捐物”")
            continue
        try:
            fields = _donation_fields(
                kind=kind,
                date=_row_date(row.get("日期")),
                amount=row.get("金额"),
                recipient=_cell_text(row.get("受赠方")),
                goods=_cell_text(row.get("物资")),
                campaign=_cell_text(row.get("活动")),
                note=_cell_text(row.get("备注")),
            )
        except ApplicationError as error:
            problems.append(f"第{number}行：{error.message.rstrip('。')}")
            continue
        prepared.append((deputy, fields))
    if problems:
        raise ImportRejected(problems)
    money = goods = Decimal(0)
    for deputy, fields in prepared:
        Donation.objects.create(
            congress=congress, deputy=deputy, recorded_by=actor, **fields
        )
        if fields["kind"] == DonationKind.MONEY:
            money += fields["amount"]
        else:
            goods += fields["amount"]
    audit(
        actor=actor,
        action="donation.import",
        target=congress,
        summary=f"导入捐款捐物 {len(prepared)} 条",
        data={"rows": len(prepared), "money": str(money), "goods": str(goods)},
    )
    events.record_event(
        DutyEventKind.DONATION,
        subject=f"congresses.congress:{congress.pk}",
        actor=actor,
        congress=congress,
        change="import",
        summary=f"导入 {len(prepared)} 条：捐款 {money} 元，捐物折价 {goods} 元",
    )
    return ImportResult(created=len(prepared), money=money, goods=goods)


def import_template_bytes() -> bytes:
    """An empty import file with its header and one example row."""
    from openpyxl import Workbook

    from renda.core.exporting import workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = "捐款捐物"
    sheet.append(IMPORT_COLUMNS + IMPORT_OPTIONAL)
    sheet.append(
        ["张三", "1234", "捐款", "1000.00", "", "市红十字会", "2020-02-01", "抗疫", ""]
    )
    return workbook_bytes(book)


__all__ = [
    "ImportRejected",
    "ImportResult",
    "can_write_story",
    "clean_amount",
    "deputy_in_congress",
    "donation_delete",
    "donation_edit",
    "donation_record",
    "donations_import",
    "import_template_bytes",
    "story_create",
    "story_edit",
    "story_photo_add",
    "story_photo_remove",
    "story_publish",
    "story_return",
    "story_submit",
    "story_unpublish",
]
