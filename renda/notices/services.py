"""Writes of notices: draft, publish (receipts frozen), withdraw, read, answer,
remind. Each is one transaction with an audit row; notifications go out after
the commit (``notices.py``)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.notifications.models import Notification
from renda.suggestions.attachments import check_upload

from . import events, rules
from . import notices as notices_out
from .choices import (
    BODY_MAX_LENGTH,
    CATEGORY_MAX_LENGTH,
    OPTION_MAX_LENGTH,
    OPTIONS_MAX,
    PRESET_OPTIONS,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AnswerForm,
    TargetKind,
)
from .models import Notice, NoticeAttachment, NoticeReceipt, NoticeTarget
from .permissions import can_manage_congress_notices, can_manage_notice
from .targets import (
    TargetChoice,
    congresses_in_area,
    delegations_in_area,
    deputies_in_area,
    groups_in_area,
    levels_in_area,
    resolve_recipients,
    stations_in_area,
    users_in_area,
)

CODE = "notices.invalid"


def invalid(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=CODE, field=field)


def denied(message: str = "您无权管理该通知。") -> PermissionDenied:
    return PermissionDenied(message, code="notices.forbidden")


def clean_text(value, *, field: str, label: str, max_length: int, required=True):
    """Strip a text; refuse it empty (when required), too long or with NUL."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid(f"{label}应为文字。", field)
    value = value.strip()
    if "\x00" in value:
        raise invalid(f"{label}含有无效字符。", field)
    if required and not value:
        raise invalid(f"请填写{label}。", field)
    if len(value) > max_length:
        raise invalid(f"{label}不能超过{max_length}个字。", field)
    return value


def clean_answer_options(answer_form: str, options: Sequence[str] | None) -> list:
    """Return the options of an answer form: a preset's, or the staff's own."""
    if answer_form not in AnswerForm.values:
        raise invalid("回复方式无效。", "answer_form")
    if answer_form != AnswerForm.CUSTOM:
        return list(PRESET_OPTIONS[AnswerForm(answer_form)])
    cleaned: list[str] = []
    for raw in options or []:
        option = clean_text(
            raw,
            field="answer_options",
            label="回复选项",
            max_length=OPTION_MAX_LENGTH,
            required=False,
        )
        if option and option not in cleaned:
            cleaned.append(option)
    if not cleaned:
        raise invalid("自定义回复方式请至少填写一个回复选项。", "answer_options")
    if len(cleaned) > OPTIONS_MAX:
        raise invalid(f"回复选项最多 {OPTIONS_MAX} 个。", "answer_options")
    return cleaned


def _check_targets(congress, targets: Iterable[TargetChoice]) -> list[TargetChoice]:
    """Refuse a target outside the congress's area; drop repeats."""
    checked: list[TargetChoice] = []
    seen = set()
    named = 0
    areas = {
        TargetKind.CONGRESS: (congresses_in_area, "该人大"),
        TargetKind.DELEGATION: (delegations_in_area, "该代表团"),
        TargetKind.GROUP: (groups_in_area, "该代表小组"),
        TargetKind.STATION: (stations_in_area, "该联络站"),
        TargetKind.DEPUTY: (deputies_in_area, "代表"),
        TargetKind.USER: (users_in_area, "人员"),
    }
    pending: dict[str, list[TargetChoice]] = {}
    for target in targets:
        if target.kind not in TargetKind.values:
            raise invalid("通知对象的类型无效。", "targets")
        if target.kind == TargetKind.LEVEL:
            if target.level not in levels_in_area(congress):
                raise invalid("只能选择本级及以下各级人大的代表。", "targets")
            key = (target.kind, target.level)
        else:
            if target.obj is None:
                raise invalid("请选择通知对象。", "targets")
            key = (target.kind, target.obj.pk)
            pending.setdefault(target.kind, []).append(target)
        if key in seen:
            continue
        seen.add(key)
        named += target.kind in (TargetKind.DEPUTY, TargetKind.USER)
        checked.append(target)
    if named > rules.max_named():
        raise invalid(
            f"指定代表和人员最多 {rules.max_named()} 名，更多请按代表团、小组或联络站选择。",
            "targets",
        )
    for kind, chosen in pending.items():
        area, noun = areas[kind]
        ids = {t.obj.pk for t in chosen}
        found = set(area(congress).filter(pk__in=ids).values_list("pk", flat=True))
        missing = [t for t in chosen if t.obj.pk not in found]
        if missing:
            names = "、".join(TargetChoice(kind, t.obj).label for t in missing[:3])
            raise invalid(
                f"{noun}“{names}”不在{congress.name}的工作范围内，不能作为通知对象。",
                "targets",
            )
    return checked


def _target_row(notice: Notice, target: TargetChoice) -> NoticeTarget:
    field = {
        TargetKind.CONGRESS: "congress",
        TargetKind.DELEGATION: "delegation",
        TargetKind.GROUP: "group",
        TargetKind.STATION: "station",
        TargetKind.DEPUTY: "deputy",
        TargetKind.USER: "user",
    }.get(target.kind)
    row = NoticeTarget(
        notice=notice,
        kind=target.kind,
        level=target.level if target.kind == TargetKind.LEVEL else "",
        label=target.label[:200],
    )
    if field:
        setattr(row, field, target.obj)
    return row


# Attachments ------------------------------------------------------------------------


def _store_uploads(notice: Notice, uploads, *, actor, written: list[str]) -> list:
    uploads = [upload for upload in uploads or [] if upload]
    if not uploads:
        return []
    existing = notice.attachments.count()
    limit = rules.max_attachments()
    if existing + len(uploads) > limit:
        raise invalid(
            f"每个通知最多 {limit} 个附件（已有 {existing} 个，本次 {len(uploads)} 个）。",
            "attachments",
        )
    problems, checked = [], []
    for upload in uploads:
        good, message = check_upload(upload)
        if good is None:
            problems.append(message)
        else:
            checked.append(good)
    if problems:
        raise invalid("附件：" + " ".join(problems), "attachments")
    created = []
    for good in checked:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            good.upload.seek(0)
        attachment = NoticeAttachment(
            notice=notice,
            original_name=good.name,
            content_type=good.kind.content_type,
            size=good.size,
            sha256=good.sha256,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        attachment.file.save(good.name, good.upload, save=False)
        written.append(attachment.file.name)
        attachment.save()
        created.append(attachment)
    return created


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def attachment_from_bytes(name: str, content: bytes):
    """Wrap bytes as an upload (the demo's and tests' files)."""
    return SimpleUploadedFile(name, content)


# Drafts -------------------------------------------------------------------------


def _clean_fields(
    *, title, body, category, answer_form, answer_options, answer_deadline
) -> dict:
    if answer_deadline is not None and not isinstance(answer_deadline, dt.datetime):
        raise invalid("回复截止时间无效。", "answer_deadline")
    if answer_deadline is not None and timezone.is_naive(answer_deadline):
        answer_deadline = timezone.make_aware(answer_deadline)
    options = clean_answer_options(answer_form, answer_options)
    if answer_deadline is not None and not options:
        raise invalid("无需回复的通知不能设置回复截止时间。", "answer_deadline")
    return {
        "title": clean_text(
            title, field="title", label="标题", max_length=TITLE_MAX_LENGTH
        ),
        "body": clean_text(
            body, field="body", label="正文", max_length=BODY_MAX_LENGTH
        ),
        "category": clean_text(
            category,
            field="category",
            label="类别",
            max_length=CATEGORY_MAX_LENGTH,
            required=False,
        ),
        "answer_form": answer_form,
        "answer_options": options,
        "answer_deadline": answer_deadline,
    }


def notice_create(
    *,
    congress,
    title: str,
    body: str,
    actor,
    category: str = "",
    answer_form: str = AnswerForm.NONE,
    answer_options: Sequence[str] | None = None,
    answer_deadline: dt.datetime | None = None,
    targets: Iterable[TargetChoice] = (),
    uploads: Iterable = (),
    now: dt.datetime | None = None,
) -> Notice:
    """Write a draft notice of a congress, with its targets and attachments."""
    if not can_manage_congress_notices(actor, congress.pk):
        raise denied("您无权为该人大起草通知。")
    fields = _clean_fields(
        title=title,
        body=body,
        category=category,
        answer_form=answer_form,
        answer_options=answer_options,
        answer_deadline=answer_deadline,
    )
    chosen = _check_targets(congress, targets)
    written: list[str] = []
    try:
        with transaction.atomic():
            notice = Notice.objects.create(congress=congress, author=actor, **fields)
            NoticeTarget.objects.bulk_create(_target_row(notice, t) for t in chosen)
            files = _store_uploads(notice, uploads, actor=actor, written=written)
            events.notice_created_event(notice=notice, actor=actor, at=now)
            action_log_record(
                actor=actor,
                action="notice.create",
                target=notice,
                summary=f"起草通知“{notice.title}”",
                data={"targets": len(chosen), "attachments": len(files)},
            )
    except BaseException:
        _delete_files(written)
        raise
    return notice


def lock_notice(notice: Notice) -> Notice:
    return (
        Notice.objects.select_for_update()
        .select_related("congress__region")
        .get(pk=notice.pk)
    )


def notice_update(
    *,
    notice: Notice,
    title: str,
    body: str,
    actor,
    category: str = "",
    answer_form: str = AnswerForm.NONE,
    answer_options: Sequence[str] | None = None,
    answer_deadline: dt.datetime | None = None,
    targets: Iterable[TargetChoice] | None = None,
    uploads: Iterable = (),
    now: dt.datetime | None = None,
) -> Notice:
    """Change a draft; ``targets`` (when given) replace the old ones."""
    written: list[str] = []
    try:
        with transaction.atomic():
            notice = lock_notice(notice)
            if not can_manage_notice(actor, notice):
                raise denied()
            transition(notice, "edit")
            fields = _clean_fields(
                title=title,
                body=body,
                category=category,
                answer_form=answer_form,
                answer_options=answer_options,
                answer_deadline=answer_deadline,
            )
            changed = [
                name for name, value in fields.items() if getattr(notice, name) != value
            ]
            for name, value in fields.items():
                setattr(notice, name, value)
            notice.save(update_fields=[*fields, "updated_at"])
            if targets is not None:
                chosen = _check_targets(notice.congress, targets)
                before = sorted((t.kind, t.label) for t in notice.targets.all())
                rows = [_target_row(notice, t) for t in chosen]
                if before != sorted((r.kind, r.label) for r in rows):
                    changed.append("targets")
                notice.targets.all().delete()
                NoticeTarget.objects.bulk_create(rows)
            if _store_uploads(notice, uploads, actor=actor, written=written):
                changed.append("attachments")
            events.notice_updated_event(
                notice=notice, fields=changed, actor=actor, at=now
            )
            action_log_record(
                actor=actor,
                action="notice.update",
                target=notice,
                summary=f"修改通知“{notice.title}”",
                data={"fields": changed},
            )
    except BaseException:
        _delete_files(written)
        raise
    return notice


@transaction.atomic
def notice_attachment_remove(*, attachment: NoticeAttachment, actor) -> None:
    """Remove a file from a draft; the file goes once the removal is committed."""
    notice = lock_notice(attachment.notice)
    if not can_manage_notice(actor, notice):
        raise denied()
    transition(notice, "edit", action="删除附件")
    name, original = attachment.file.name, attachment.original_name
    attachment.delete()
    events.notice_updated_event(notice=notice, fields=["attachments"], actor=actor)
    action_log_record(
        actor=actor,
        action="notice.attachment_remove",
        target=notice,
        summary=f"删除通知附件“{original}”",
    )
    transaction.on_commit(lambda: _delete_files([name]))


# Publication -----------------------------------------------------------------------


@transaction.atomic
def notice_publish(*, notice: Notice, actor, now: dt.datetime | None = None) -> Notice:
    """Publish a draft: resolve its targets into receipts (frozen) and tell them."""
    now = now or timezone.now()
    notice = lock_notice(notice)
    if not can_manage_notice(actor, notice):
        raise denied()
    transition(notice, "publish")
    if not notice.targets.exists():
        raise invalid("请至少选择一个通知对象。", "targets")
    if notice.answer_deadline is not None and notice.answer_deadline <= now:
        raise invalid("回复截止时间已过，请修改后再发布。", "answer_deadline")
    recipients = resolve_recipients(notice)
    if not recipients:
        raise invalid("所选通知对象中没有任何代表或人员，请重新选择。", "targets")
    NoticeReceipt.objects.bulk_create(
        NoticeReceipt(
            notice=notice,
            user=recipient.user,
            deputy=recipient.deputy,
            name=recipient.name[:100],
            stroke_key=recipient.stroke_key[:200],
        )
        for recipient in recipients
    )
    notice.published_at = now
    notice.published_by = actor
    notice.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    user_ids = [r.user.pk for r in recipients if r.user is not None]
    undeliverable = len(recipients) - len(user_ids)
    events.notice_published_event(
        notice=notice,
        recipients=len(recipients),
        undeliverable=undeliverable,
        actor=actor,
        at=now,
    )
    action_log_record(
        actor=actor,
        action="notice.publish",
        target=notice,
        summary=f"发布通知“{notice.title}”，共 {len(recipients)} 人"
        + (f"（{undeliverable} 人无账号）" if undeliverable else ""),
        data={"recipients": len(recipients), "undeliverable": undeliverable},
    )
    notices_out.schedule_published(notice, user_ids)
    return notice


@transaction.atomic
def notice_withdraw(
    *, notice: Notice, reason: str, actor, now: dt.datetime | None = None
) -> Notice:
    """Withdraw a published notice, with a reason shown to its recipients."""
    notice = lock_notice(notice)
    if not can_manage_notice(actor, notice):
        raise denied()
    transition(notice, "withdraw")
    notice.withdraw_reason = clean_text(
        reason, field="reason", label="撤回理由", max_length=REASON_MAX_LENGTH
    )
    notice.withdrawn_at = now or timezone.now()
    notice.save(
        update_fields=["status", "withdraw_reason", "withdrawn_at", "updated_at"]
    )
    events.notice_withdrawn_event(
        notice=notice, reason=notice.withdraw_reason, actor=actor, at=now
    )
    action_log_record(
        actor=actor,
        action="notice.withdraw",
        target=notice,
        summary=f"撤回通知“{notice.title}”：{notice.withdraw_reason}",
    )
    return notice


# Recipients -------------------------------------------------------------------------


def _own_receipt(notice: Notice, user) -> NoticeReceipt:
    receipt = (
        NoticeReceipt.objects.select_related("notice")
        .filter(notice_id=notice.pk, user=user)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if receipt is None:
        raise PermissionDenied("该通知不是发给您的。", code="notices.not_recipient")
    return receipt


def _mark_notifications_read(notice: Notice, user, now) -> None:
    Notification.objects.filter(
        recipient=user,
        target_type=Notice._meta.label_lower,
        target_id=str(notice.pk),
        read_at__isnull=True,
    ).update(read_at=now, updated_at=now)


@transaction.atomic
def receipt_mark_read(
    *, notice: Notice, user, now: dt.datetime | None = None
) -> NoticeReceipt:
    """Mark the user's receipt read (opening the notice does); a second call
    changes nothing. A withdrawn notice is no longer counted."""
    now = now or timezone.now()
    receipt = _own_receipt(notice, user)
    notice = receipt.notice  # its state now, not the caller's copy
    transition(notice, "read")
    changed = NoticeReceipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(
        read_at=now, updated_at=now
    )
    if changed:
        receipt.read_at = now
        _mark_notifications_read(notice, user, now)
        action_log_record(
            actor=user,
            action="notice.read",
            target=notice,
            summary=f"阅读通知“{notice.title}”",
        )
    else:
        receipt.refresh_from_db(fields=["read_at"])
    return receipt


@transaction.atomic
def receipt_answer(
    *, notice: Notice, user, answer: str, now: dt.datetime | None = None
) -> NoticeReceipt:
    """Answer a notice that asks for it (or change the answer) until its deadline."""
    now = now or timezone.now()
    receipt = _own_receipt(notice, user)
    receipt = (
        NoticeReceipt.objects.select_for_update()
        .select_related("notice")
        .get(pk=receipt.pk)
    )
    notice = receipt.notice
    transition(notice, "answer")
    if not notice.asks_answer:
        raise invalid("该通知无需回复，阅读即视为已读。", "answer")
    if not rules.answer_open(notice, now):
        deadline = timezone.localtime(notice.answer_deadline)
        raise Conflict(
            f"回复已于 {deadline:%Y-%m-%d %H:%M} 截止，不能再回复或修改。",
            code="notices.answer_closed",
        )
    answer = (answer or "").strip() if isinstance(answer, str) else ""
    if answer not in notice.answer_options:
        raise invalid(
            "请选择回复：" + "、".join(notice.answer_options) + "。", "answer"
        )
    previous = receipt.answer
    receipt.answer = answer
    receipt.answered_at = now
    fields = ["answer", "answered_at", "updated_at"]
    if receipt.read_at is None:
        receipt.read_at = now
        fields.append("read_at")
        _mark_notifications_read(notice, user, now)
    receipt.save(update_fields=fields)
    action_log_record(
        actor=user,
        action="notice.answer",
        target=notice,
        summary=f"回复通知“{notice.title}”：{answer}"
        + (f"（原为{previous}）" if previous and previous != answer else ""),
        data={"answer": answer, "previous": previous},
    )
    return receipt


def pending_receipts_q(notice: Notice) -> Q:
    """The receipts a reminder reaches: with an account, not read, or not answered
    when the notice asks for an answer."""
    pending = Q(read_at__isnull=True)
    if notice.asks_answer:
        pending |= Q(answer="")
    return Q(user__isnull=False) & pending


@transaction.atomic
def notice_remind(*, notice: Notice, actor, now: dt.datetime | None = None) -> int:
    """Remind in one round everyone who has not read (or not answered) the notice.

    A round at most once per ``rules.remind_interval()``; return how many were
    reminded.
    """
    now = now or timezone.now()
    notice = lock_notice(notice)
    if not can_manage_notice(actor, notice):
        raise denied()
    transition(notice, "remind")
    if not rules.may_remind_at(notice.last_reminded_at, now):
        raise Conflict(
            f"距上次提醒不足 {rules.remind_interval_text()}，请稍后再提醒。",
            code="notices.remind_too_soon",
        )
    pending = NoticeReceipt.objects.filter(pending_receipts_q(notice), notice=notice)
    user_ids = list(pending.values_list("user_id", flat=True))
    if not user_ids:
        raise Conflict(
            "所有能收到通知的人都已阅读"
            + ("并回复" if notice.asks_answer else "")
            + "，无需提醒。",
            code="notices.nothing_to_remind",
        )
    pending.update(
        remind_count=F("remind_count") + 1, last_reminded_at=now, updated_at=now
    )
    notice.remind_rounds += 1
    notice.last_reminded_at = now
    notice.save(update_fields=["remind_rounds", "last_reminded_at", "updated_at"])
    events.notice_reminded_event(
        notice=notice,
        round=notice.remind_rounds,
        reminded=len(user_ids),
        actor=actor,
        at=now,
    )
    action_log_record(
        actor=actor,
        action="notice.remind",
        target=notice,
        summary=f"提醒 {len(user_ids)} 人阅读通知“{notice.title}”（第 {notice.remind_rounds} 次）",
        data={"round": notice.remind_rounds, "users": user_ids},
    )
    notices_out.schedule_reminded(notice, user_ids, notice.remind_rounds)
    return len(user_ids)
