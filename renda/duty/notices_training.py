"""Who training tells what: a deputy enrolled is told the date, the place and
what to bring, after the commit (a rolled-back enrolment tells no one)."""

from __future__ import annotations

from django.urls import reverse

from renda.accounts.models import User
from renda.notifications.choices import NotificationKind

from .notices import send_after_commit

BRING = "请携带代表证、笔记本和笔；扫描会场门口的签到二维码签到。"


def when_where(training) -> str:
    start, end = training.starts_on, training.ends_on
    when = f"{start.year}年{start.month}月{start.day}日"
    if end != start:
        when += f"至{end.month}月{end.day}日"
    where = training.place or ""
    if training.online:
        where = f"{where}（线上）" if where else "线上"
    return f"{when}，{where}"


def enrolled(training, deputy_ids: list[int]) -> None:
    """Tell each newly enrolled deputy (with an account) when, where, what to bring."""
    if not deputy_ids:
        return
    ids = list(deputy_ids)
    send_after_commit(
        recipients=lambda: User.objects.filter(is_active=True, deputy__pk__in=ids),
        kind=NotificationKind.TRAINING,
        title=f"培训通知：{training.title}",
        body=f"您已报名参加“{training.title}”，时间地点：{when_where(training)}。{BRING}",
        url=reverse("duty:training_detail", args=[training.pk]),
        target=training,
        dedupe_key=f"duty.training_enrolled:{training.pk}",
    )
