"""Who is told what about a notice, sent through the notification service once
the write's transaction commits (a rolled-back publication tells nobody).

- a notice published → every recipient with an account (NOTICE);
- a reminder round → the recipients who have not read, or not answered, the
  notice yet (NOTICE_REMINDER), once per round.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from renda.accounts.models import User
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send

from .models import Notice

SUMMARY_LENGTH = 120


def _summary(notice: Notice) -> str:
    body = " ".join(notice.body.split())
    return body[:SUMMARY_LENGTH] + ("……" if len(body) > SUMMARY_LENGTH else "")


def schedule_published(notice: Notice, user_ids: list[int]) -> None:
    """Tell the recipients once the publication is committed."""
    transaction.on_commit(lambda: notice_published(notice, user_ids))


def schedule_reminded(notice: Notice, user_ids: list[int], round: int) -> None:
    """Remind the given recipients once the round is committed."""
    transaction.on_commit(lambda: notice_reminded(notice, user_ids, round))


def notice_published(notice: Notice, user_ids: list[int]) -> None:
    """Send the notice to its recipients (once each, whatever the retries)."""
    recipients = list(User.objects.filter(pk__in=user_ids, is_active=True))
    if not recipients:
        return
    action = "，请查看并回复" if notice.asks_answer else "，请查看"
    notification_send(
        recipients=recipients,
        kind=NotificationKind.NOTICE,
        title=f"【通知】{notice.title}"[:200],
        body=_summary(notice) + action,
        url=reverse("notices:read", args=[notice.pk]),
        target=notice,
        dedupe_key=f"notices:published:{notice.pk}",
    )


def notice_reminded(notice: Notice, user_ids: list[int], round: int) -> None:
    """Remind recipients who have not read or answered (once per round)."""
    recipients = list(User.objects.filter(pk__in=user_ids, is_active=True))
    if not recipients:
        return
    what = "阅读并回复" if notice.asks_answer else "阅读"
    notification_send(
        recipients=recipients,
        kind=NotificationKind.NOTICE_REMINDER,
        title=f"【提醒】请{what}通知：{notice.title}"[:200],
        body=_summary(notice),
        url=reverse("notices:read", args=[notice.pk]),
        target=notice,
        dedupe_key=f"notices:reminded:{notice.pk}:{round}",
    )
