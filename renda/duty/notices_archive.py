"""Who the duty archive tells what: a deputy's added activity → the congress's
staff; staff's decision on it → the deputy. Sent after the commit."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from renda.notifications.choices import NotificationKind

from .notices import congress_staff, deputy_user, send_after_commit


def _record_url(record) -> str:
    try:
        return reverse("duty:record_detail", args=[record.pk])
    except NoReverseMatch:  # pragma: no cover - the page is mounted with the app
        return ""


def record_added(record) -> None:
    """A deputy added an activity: the staff of the congress confirm it."""
    send_after_commit(
        recipients=lambda: congress_staff(record.congress_id),
        kind=NotificationKind.DUTY,
        title=f"待确认的履职记录：{record.deputy.name}",
        body=f"{record.deputy.name}补充了履职记录“{record.title}”"
        f"（{record.date:%Y-%m-%d}），请核实后确认。",
        url=_record_url(record),
        target=record,
        dedupe_key=f"duty.record_added:{record.pk}",
    )


def record_decided(record) -> None:
    """Staff confirmed or refused a record: the deputy is told (with the reason)."""
    note = f"意见：{record.decision_note}" if record.decision_note else ""
    send_after_commit(
        recipients=deputy_user(record.deputy),
        kind=NotificationKind.DUTY,
        title=f"履职记录{record.get_status_display()}：{record.title}",
        body=f"您补充的履职记录“{record.title}”{record.get_status_display()}。{note}",
        url=_record_url(record),
        target=record,
        dedupe_key=f"duty.record_decided:{record.pk}",
    )
