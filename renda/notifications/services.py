"""Writes of notices: send (idempotent per recipient and key), mark read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import action_log_record

from . import backends
from .choices import (
    DEDUPE_KEY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    NotificationKind,
)
from .models import Notification, NotificationPreference
from .selectors import forget_unread_count


def _invalid(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="notifications.invalid", field=field)


def _unique_active(recipients: Iterable) -> list:
    seen: dict[int, object] = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


def _send_one_by_one(users, dedupe_key: str, fields: dict) -> list[Notification]:
    """The notices a concurrent run has not written yet; its own win quietly."""
    created = []
    for user in users:
        notification, is_new = Notification.objects.get_or_create(
            recipient=user, dedupe_key=dedupe_key, defaults=fields
        )
        if is_new:
            created.append(notification)
    return created


@transaction.atomic
def notification_send(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str,
    url: str = "",
    target: Model | None = None,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Write one in-app notice per recipient and hand the new ones to the backends.

    With a ``dedupe_key``, a recipient who already has a notice with that key
    gets nothing new, so retries and repeated runs send once. Inactive users
    and duplicates in ``recipients`` are skipped. Returns the notices created.
    """
    if kind not in NotificationKind.values:
        raise _invalid("消息类别无效。", "kind")
    title = (title or "").strip()
    if not title:
        raise _invalid("请填写消息标题。", "title")
    if len(title) > TITLE_MAX_LENGTH:
        raise _invalid(f"消息标题不能超过{TITLE_MAX_LENGTH}个字。", "title")
    if len(url or "") > URL_MAX_LENGTH:
        raise _invalid("消息链接过长。", "url")
    dedupe_key = dedupe_key or ""
    if len(dedupe_key) > DEDUPE_KEY_MAX_LENGTH:
        raise _invalid("去重键过长。", "dedupe_key")
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""

    users = _unique_active(recipients)
    if dedupe_key:
        already = set(
            Notification.objects.filter(
                recipient__in=users, dedupe_key=dedupe_key
            ).values_list("recipient_id", flat=True)
        )
        users = [user for user in users if user.pk not in already]
    fields = {
        "kind": kind,
        "title": title,
        "body": body,
        "url": url or "",
        "target_type": target_type,
        "target_id": target_id,
    }
    try:
        # One INSERT for every recipient (a notice to all deputies is hundreds of
        # rows), in a savepoint: a concurrent run with the same key that wrote some
        # of them since the check above makes it fail as a whole.
        with transaction.atomic():
            created = Notification.objects.bulk_create(
                [
                    Notification(recipient=user, dedupe_key=dedupe_key, **fields)
                    for user in users
                ]
            )
    except IntegrityError:
        if not dedupe_key:
            raise
        created = _send_one_by_one(users, dedupe_key, fields)
    if created:
        action_log_record(
            actor=None,
            action="notification.send",
            target=target,
            summary=f"发送消息“{title}”给{len(created)}人",
            data={
                "kind": kind,
                "dedupe_key": dedupe_key,
                "recipients": [n.recipient_id for n in created],
            },
        )
        transaction.on_commit(partial(backends.deliver, created))
    return created


@transaction.atomic
def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of the user's own notices read (a second call changes nothing)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied("只能标记自己的消息。", code="notifications.forbidden")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
        forget_unread_count(user)
        action_log_record(
            actor=user,
            action="notification.read",
            target=notification,
            summary=f"阅读消息“{notification.title}”",
        )
    return notification


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    """Mark every unread notice of the user read; return how many changed."""
    now = timezone.now()
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=now, updated_at=now
    )
    forget_unread_count(user)
    if count:
        action_log_record(
            actor=user,
            action="notification.read_all",
            summary=f"全部标为已读（{count}条）",
            data={"count": count},
        )
    return count


WECOM_USERID_PATTERN = re.compile(r"^[A-Za-z0-9_.@\-]{1,64}$")


@transaction.atomic
def notification_preference_update(
    *, user, sms: bool, wecom: bool, wecom_userid: str = ""
) -> NotificationPreference:
    """Save the channels the user receives notices on beyond the app (接收方式).

    站内 is always on. 短信 needs a phone number on the account; 企业微信 needs
    the user's 企业微信 account (UserID).
    """
    wecom_userid = (wecom_userid or "").strip()
    if wecom_userid and not WECOM_USERID_PATTERN.match(wecom_userid):
        raise _invalid(
            "企业微信账号只能由字母、数字和 _ - . @ 组成，最多64个字符。",
            "wecom_userid",
        )
    if wecom and not wecom_userid:
        raise _invalid("选择企业微信接收时，请填写企业微信账号。", "wecom_userid")
    if sms and not (user.phone or "").strip():
        raise _invalid(
            "您的账号没有登记手机号码，无法接收短信，请联系系统管理员登记。", "sms"
        )
    preference, _created = (
        NotificationPreference.objects.select_for_update().get_or_create(user=user)
    )
    before = (preference.sms, preference.wecom, preference.wecom_userid)
    preference.sms, preference.wecom, preference.wecom_userid = (
        bool(sms),
        bool(wecom),
        wecom_userid,
    )
    if (
        before != (preference.sms, preference.wecom, preference.wecom_userid)
        or _created
    ):
        preference.save()
        action_log_record(
            actor=user,
            action="notification.preference",
            target=preference,
            summary="修改消息接收方式",
            data={"sms": preference.sms, "wecom": preference.wecom},
        )
    return preference
