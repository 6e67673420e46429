"""In-app notices of residents' requests: who hears of each step.

- a request recorded (at a reception day, by a deputy, or on the QR form) →
  the station's chief and liaison officer;
- a request routed to a 街道/乡镇 government → that unit's staff;
- the unit's answer → the station's chief and liaison officer, who tell the
  resident;
- a reception day recorded as held after its year closed (补录) → the committee
  staff over the station, who confirm it before it counts.

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
from renda.stations.selectors import region_path_prefixes

from .models import PublicRequest, ReceptionDay


def schedule_notice(notice, obj, actor) -> None:
    """Send ``notice`` for ``obj`` (a request or a day) once the transaction commits."""
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    transaction.on_commit(partial(notice, obj.pk, actor_id))


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


def committee_staff_over(station, *, except_user_id=None):
    """Return the active committee staff of the congresses whose area holds the station."""
    users = get_user_model().objects.filter(
        is_active=True,
        role_assignments__role=Role.COMMITTEE_STAFF,
        role_assignments__congress__region__path__in=region_path_prefixes(
            station.region.path
        ),
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


def reception_day_late_notice(day_id: int, actor_id=None) -> None:
    """Ask the committee staff over the station to confirm a late (补录) held day."""
    day = ReceptionDay.objects.select_related("station", "station__region").get(
        pk=day_id
    )
    notification_send(
        recipients=committee_staff_over(day.station, except_user_id=actor_id),
        kind=NotificationKind.GENERIC,
        title=f"{day.station.name}补录了{day.date:%Y年}的代表接待日，请确认",
        body=(
            f"{day.date:%Y-%m-%d} 的代表接待日在该年度结束后才登记为已举行，"
            "经您确认并说明理由后才计入该年度。"
        ),
        url=reverse("stations:reception_day_confirm_late", args=[day.pk]),
        target=day,
        dedupe_key=f"receptions.day.{day.pk}.late",
    )
