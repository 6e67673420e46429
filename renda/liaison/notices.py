"""In-app notices of 双联 writes, sent through the notification service.

Services schedule them with ``schedule(notice, record)``: the notice is sent
only once the write's transaction commits, so a rolled-back write tells nobody.

- a deputy put in a leader's steady contact → that deputy;
- a deputy invited to observe a committee meeting → that deputy;
- a group activity recorded → the committee members recorded as joining it;
- a late entry (补录) → the committee staff of its congress, who confirm it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.models import User
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send


def schedule(notice: Callable[[object], None], record) -> None:
    """Send ``notice(record)`` once the current transaction commits."""
    transaction.on_commit(lambda: notice(record))


def _deputy_users(deputy_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.DEPUTY,
            role_assignments__deputy_id=deputy_id,
        ).distinct()
    )


def _staff_users(congress_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.COMMITTEE_STAFF,
            role_assignments__congress_id=congress_id,
        ).distinct()
    )


def _send(recipients, **kwargs) -> None:
    if recipients:
        notification_send(
            recipients=recipients, kind=NotificationKind.GENERIC, **kwargs
        )


def contact_assigned(contact) -> None:
    """Tell the deputy which leadership member now keeps them in contact."""
    leader = contact.leader
    _send(
        _deputy_users(contact.deputy_id),
        title=f"【双联】{leader.deputy.name}（{leader.get_role_display()}）与您建立联系",
        body=(
            f"自 {contact.since:%Y-%m-%d} 起，常委会{leader.get_role_display()}"
            f"{leader.deputy.name}固定联系您，请保持经常性联系、反映群众意见建议。"
        ),
        url=reverse("liaison:my_leaders"),
        target=contact,
        dedupe_key=f"liaison:contact_assigned:{contact.pk}",
    )


def observer_invited(observer) -> None:
    """Tell the deputy they are invited to observe a committee meeting."""
    meeting = observer.meeting
    _send(
        _deputy_users(observer.deputy_id),
        title=f"【双联】邀请您列席{meeting}",
        body=f"会议日期：{meeting.date:%Y-%m-%d}。议程：{meeting.agenda[:200]}",
        url=reverse("liaison:meeting_detail", args=[meeting.pk]),
        target=observer,
        dedupe_key=f"liaison:observer_invited:{observer.pk}",
    )


def group_activity_recorded(activity) -> None:
    """Tell the committee members recorded as joining a group activity."""
    users = [m.user for m in activity.committee_members.all() if m.user_id]
    _send(
        [user for user in users if user.is_active],
        title=f"【双联】已记录您参加{activity.group.name}的活动",
        body=f"{activity.date:%Y-%m-%d} {activity.topic}",
        url=reverse("liaison:activity_detail", args=[activity.pk]),
        target=activity,
        dedupe_key=f"liaison:activity_recorded:{activity.pk}",
    )


def late_entry_recorded(entry) -> None:
    """Ask the committee staff of the entry's congress to confirm a late entry."""
    from .selectors import LATE_CONGRESS, LATE_MODELS

    kind = next(k for k, model in LATE_MODELS.items() if isinstance(entry, model))
    congress = entry
    for part in LATE_CONGRESS[kind].split("__"):
        congress = getattr(congress, part)
    _send(
        _staff_users(congress.pk),
        title=f"【双联】有一条补录的{kind.label}待确认",
        body=(
            "该记录属于已结束的期间，确认前不计入双联规则统计。"
            "请核实后填写理由予以确认。"
        ),
        url=reverse("liaison:late_entries"),
        target=entry,
        dedupe_key=f"liaison:late:{kind.value}:{entry.pk}",
    )
