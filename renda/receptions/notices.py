"""In-app notices of residents' requests: who hears of each step.

- a request recorded (at a reception day, by a deputy, or on the QR form) →
  the station's chief and liaison officer;
- a request routed to a 街道/乡镇 government → that unit's staff;
- the unit's answer → the station's chief and liaison officer, who tell the
  resident.

Services schedule these with ``schedule_notice`` (``transaction.on_commit``),
so a step that rolls back tells no one. The one who acted is not told of their
own step.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from renda.accounts.choices import STATION_ROLES, Role
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send

from .models import PublicRequest


def schedule_notice(notice, request: PublicRequest, actor) -> None:
    """Send ``notice`` for ``request`` once the current transaction commits."""
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    transaction.on_commit(partial(notice, request.pk, actor_id))


def station_staff(station_id: int, *, except_user_id=None):
    """Return the active users who are the station's chief or liaison officer."""
    users = get_user_model().objects.filter(
        is_active=True,
        role_assignments__role__in=list(STATION_ROLES),
        role_assignments__station_id=station_id,
    )
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    return users.distinct().order_by("pk")


def unit_staff(unit_id: int, *, except_user_id=None):
    """Return the active users who work for a handling unit."""
    users = get_user_model().objects.filter(
        is_active=True,
        role_assignments__role=Role.UNIT_STAFF,
        role_assignments__handling_unit_id=unit_id,
    )
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    return users.distinct().order_by("pk")


def _request(request_id: int) -> PublicRequest:
    return PublicRequest.objects.select_related("station", "handling_unit").get(
        pk=request_id
    )


def request_recorded_notice(request_id: int, actor_id=None) -> None:
    """Tell the station's chief and liaison officer of a new request."""
    item = _request(request_id)
    notification_send(
        recipients=station_staff(item.station_id, except_user_id=actor_id),
        kind=NotificationKind.GENERIC,
        title=f"{item.station.name}收到新的群众诉求",
        body=f"回执编号 {item.receipt_number}：{item.content[:60]}",
        url=reverse("stations:request_detail", args=[item.pk]),
        target=item,
        dedupe_key=f"receptions.request.{item.pk}.recorded",
    )


def request_routed_notice(request_id: int, actor_id=None) -> None:
    """Tell the handling unit's staff that a request was routed to them."""
    item = _request(request_id)
    due = f"，请于 {item.due_at:%Y-%m-%d} 前答复" if item.due_at else ""
    notification_send(
        recipients=unit_staff(item.handling_unit_id, except_user_id=actor_id),
        kind=NotificationKind.GENERIC,
        title=f"{item.station.name}转来群众诉求",
        body=f"回执编号 {item.receipt_number}：{item.content[:60]}{due}",
        url=reverse("stations:unit_request_answer", args=[item.pk]),
        target=item,
        dedupe_key=f"receptions.request.{item.pk}.routed.{item.handling_unit_id}",
    )


def request_answered_notice(request_id: int, actor_id=None) -> None:
    """Tell the station's chief and liaison officer that the unit answered."""
    item = _request(request_id)
    notification_send(
        recipients=station_staff(item.station_id, except_user_id=actor_id),
        kind=NotificationKind.GENERIC,
        title=f"{item.handling_unit.name}已答复群众诉求",
        body=f"回执编号 {item.receipt_number}：请告知群众办理结果。",
        url=reverse("stations:request_detail", args=[item.pk]),
        target=item,
        dedupe_key=f"receptions.request.{item.pk}.answered",
    )
