"""Who is told what about a vote, sent through the notification service once
the write's transaction commits (a rolled-back opening tells nobody).

- a vote opened → every elector with an account (VOTE_OPEN), once per vote.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from renda.accounts.models import User
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send

from .choices import VoteMode
from .models import Vote


def schedule_vote_opened(vote: Vote) -> None:
    """Tell the electors once the opening is committed."""
    transaction.on_commit(lambda: vote_opened(vote.pk))


def vote_opened(vote_id: int) -> None:
    """Send each elector's user the link to the ballot page (once per vote)."""
    vote = Vote.objects.select_related("meeting").get(pk=vote_id)
    recipients = list(
        User.objects.filter(
            is_active=True,
            pk__in=vote.electors.exclude(member__user=None).values("member__user"),
        )
    )
    if not recipients:
        return
    if vote.mode == VoteMode.ONLINE and vote.closes_at:
        from django.utils import timezone

        closes = timezone.localtime(vote.closes_at).strftime("%-m月%-d日 %H:%M")
        body = f"网络表决已开始，请在{closes}前投票。"
    else:
        body = "会场表决已开始，请用手机投票。"
    notification_send(
        recipients=recipients,
        kind=NotificationKind.VOTE_OPEN,
        title=f"【表决】{vote.title}"[:200],
        body=body,
        url=reverse("meetings:vote_ballot", args=[vote.pk]),
        target=vote,
        dedupe_key=f"meetings:vote_open:{vote.pk}",
    )
