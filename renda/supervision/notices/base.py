"""Who is told what of supervision work: shared helpers for the area modules.

Services schedule notices with ``schedule()`` (``transaction.on_commit``), so a
step that rolls back tells no one; ``notification_send``'s ``dedupe_key``
makes a retried step send once. The one who acted is not told of their own step.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from renda.accounts.choices import Role
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send


def schedule(notice, *args, actor=None) -> None:
    """Call ``notice(*args, actor_id=...)`` once the transaction commits."""
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    transaction.on_commit(partial(notice, *args, actor_id=actor_id))


def _active_users(**filters):
    return get_user_model().objects.filter(is_active=True, **filters)


def unit_staff(unit_id: int, *, except_user_id=None):
    users = _active_users(
        role_assignments__role=Role.UNIT_STAFF,
        role_assignments__handling_unit_id=unit_id,
    )
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    return users.distinct().order_by("pk")


def congress_staff(congress_id: int, *, except_user_id=None):
    users = _active_users(
        role_assignments__role=Role.COMMITTEE_STAFF,
        role_assignments__congress_id=congress_id,
    )
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    return users.distinct().order_by("pk")


def congress_members(congress_id: int, *, except_user_id=None):
    """The standing committee's members and leaders of a congress (their accounts)."""
    users = _active_users(
        role_assignments__role__in=[Role.COMMITTEE_MEMBER, Role.LEADER],
        role_assignments__congress_id=congress_id,
    )
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    return users.distinct().order_by("pk")


def send(
    recipients,
    *,
    title: str,
    body: str,
    url: str,
    target,
    dedupe_key: str,
    kind: str = NotificationKind.SUPERVISION_PROGRESS,
):
    return notification_send(
        recipients=list(recipients),
        kind=kind,
        title=title,
        body=body,
        url=url,
        target=target,
        dedupe_key=dedupe_key,
    )
