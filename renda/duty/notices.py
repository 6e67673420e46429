"""Who the duty app tells what; each function is scheduled after the commit, so a
rolled-back write tells no one, and deduplicated per event and recipient."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.models import User
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send


def congress_staff(congress_id: int):
    """Active committee staff of a congress (the deputy-affairs office works
    through them: 代表工作委员会 / 代表联络工作室)."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.COMMITTEE_STAFF,
        role_assignments__congress_id=congress_id,
    ).distinct()


def deputy_user(deputy):
    user = getattr(deputy, "user", None)
    return [user] if user is not None and user.is_active else []


def send_after_commit(**kwargs) -> None:
    """``notification_send(**kwargs)`` once the transaction commits."""
    recipients = kwargs.pop("recipients")

    def send():
        people = list(recipients() if callable(recipients) else recipients)
        if people:
            notification_send(recipients=people, **kwargs)

    transaction.on_commit(send)


def alert_raised(alert) -> None:
    """A deputy two years below the pass mark, or absent from two sessions:
    the deputy-affairs committee's staff are told (never the end of a mandate)."""
    send_after_commit(
        recipients=lambda: congress_staff(alert.congress_id),
        kind=NotificationKind.DUTY_ALERT,
        title=f"代表履职提示：{alert.deputy.name}",
        body=f"{alert.get_kind_display()}。{alert.detail}请代表工作委员会研究处理。",
        url=reverse("duty:alerts"),
        target=alert,
        dedupe_key=f"duty.alert:{alert.pk}",
    )
