"""Reception days (代表接待日): plan, change, hold, postpone, cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from renda.core.errors import InvalidTransition
from renda.core.idempotency import run_once
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.deputies.selectors import deputies_eligible_for_station
from renda.stations.models import LiaisonStation

from .. import rules
from ..models import ReceptionDay
from ..notices import reception_day_late_notice, schedule_notice
from ..permissions import can_confirm_late_reception_day, can_manage_reception_days
from .common import (
    PLACE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TOPIC_MAX_LENGTH,
    bad,
    checked_text,
    denied,
    lock_day,
    now_or_default,
    require_state,
    user_or_none,
)


def _check_times(start_time, end_time) -> None:
    if not isinstance(start_time, dt.time):
        raise bad("请填写开始时间。", "start_time")
    if not isinstance(end_time, dt.time):
        raise bad("请填写结束时间。", "end_time")
    if end_time <= start_time:
        raise bad("结束时间须晚于开始时间。", "end_time")


def _check_date(value, field: str = "date") -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise bad("请填写日期。", field)
    return value


def _check_deputies(station, deputies: Iterable, field: str) -> list:
    deputies = list(dict.fromkeys(deputies or ()))
    eligible = set(
        deputies_eligible_for_station(station)
        .filter(pk__in=[d.pk for d in deputies])
        .values_list("pk", flat=True)
    )
    for deputy in deputies:
        if deputy.pk not in eligible:
            raise bad(f"{deputy.name} 不是本站代表小组或本地人大的代表。", field)
    return deputies


SCOPE_PLAN = "reception_day.plan"


@transaction.atomic
def reception_day_plan(
    *,
    station: LiaisonStation,
    date,
    start_time,
    end_time,
    place,
    topic="",
    deputies: Iterable = (),
    actor,
    now=None,
    idempotency_key: str | None = None,
) -> ReceptionDay:
    """Plan a reception day at a station, with the deputies on duty.

    With an ``idempotency_key`` (a phone sending a day planned offline, a retry
    after a lost answer) a repeat returns the first day and writes nothing.
    """
    if not can_manage_reception_days(actor, station):
        raise denied("只有本站站长、联络员或常委会工作人员可以安排接待日。")
    date = _check_date(date)
    _check_times(start_time, end_time)
    place = checked_text(
        place, field="place", label="地点", max_length=PLACE_MAX_LENGTH
    )
    topic = checked_text(
        topic, field="topic", label="主题", max_length=TOPIC_MAX_LENGTH, required=False
    )
    on_duty = _check_deputies(station, deputies, "deputies")

    def plan() -> ReceptionDay:
        day = ReceptionDay.objects.create(
            station=station,
            date=date,
            start_time=start_time,
            end_time=end_time,
            place=place,
            topic=topic,
            created_by=user_or_none(actor),
            entered_late=rules.reception_day_entry_is_late(
                date, timezone.localdate(now_or_default(now))
            ),
        )
        day.deputies.set(on_duty)
        action_log_record(
            actor=actor,
            action="reception_day.plan",
            target=day,
            summary=f"安排{station.name} {date:%Y-%m-%d} 代表接待日",
            data={"deputies": [d.pk for d in on_duty]},
        )
        return day

    return run_once(
        actor=actor,
        scope=SCOPE_PLAN,
        key=idempotency_key,
        model=ReceptionDay,
        action=plan,
    )


UPDATABLE_DAY_FIELDS = ("date", "start_time", "end_time", "place", "topic", "deputies")


@transaction.atomic
def reception_day_update(*, day: ReceptionDay, actor, **fields) -> ReceptionDay:
    """Change a planned reception day; only the given fields."""
    unknown = set(fields) - set(UPDATABLE_DAY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown reception day fields: {sorted(unknown)}")
    day = lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以修改接待日。")
    require_state(day, "edit")
    if "date" in fields:
        fields["date"] = _check_date(fields["date"])
    _check_times(
        fields.get("start_time", day.start_time), fields.get("end_time", day.end_time)
    )
    if "place" in fields:
        fields["place"] = checked_text(
            fields["place"], field="place", label="地点", max_length=PLACE_MAX_LENGTH
        )
    if "topic" in fields:
        fields["topic"] = checked_text(
            fields["topic"],
            field="topic",
            label="主题",
            max_length=TOPIC_MAX_LENGTH,
            required=False,
        )
    deputies = fields.pop("deputies", None)
    changed = [key for key, value in fields.items() if getattr(day, key) != value]
    for key in changed:
        setattr(day, key, fields[key])
    if "date" in changed and rules.reception_day_entry_is_late(
        day.date, timezone.localdate()
    ):
        day.entered_late = True
        changed.append("entered_late")
    if changed:
        day.save(update_fields=[*changed, "updated_at"])
    if deputies is not None:
        on_duty = _check_deputies(day.station, deputies, "deputies")
        if {d.pk for d in on_duty} != set(day.deputies.values_list("pk", flat=True)):
            day.deputies.set(on_duty)
            changed.append("deputies")
    if changed:
        action_log_record(
            actor=actor,
            action="reception_day.update",
            target=day,
            summary=f"修改{day.station.name} {day.date:%Y-%m-%d} 代表接待日",
            data={"fields": sorted(changed)},
        )
    return day


@transaction.atomic
def reception_day_hold(
    *, day: ReceptionDay, attendees: Iterable = (), actor, now=None
) -> ReceptionDay:
    """Record that a planned reception day was held, and which deputies came."""
    day = lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以登记接待日。")
    require_state(day, "hold")
    at = now_or_default(now)
    if day.date > timezone.localdate(at):
        raise bad("接待日尚未到来，不能登记为已举行。", "date")
    came = _check_deputies(day.station, attendees, "attendees")
    if not came:
        raise bad("请选择实到代表。", "attendees")
    transition(day, "hold")
    day.held_at = at
    # Recorded as held after its year closed: 补录, counted once confirmed.
    day.entered_late = day.entered_late or rules.reception_day_entry_is_late(
        day.date, timezone.localdate(at)
    )
    day.save(update_fields=["status", "held_at", "entered_late", "updated_at"])
    day.attendees.set(came)
    if day.entered_late:
        schedule_notice(reception_day_late_notice, day, actor)
    action_log_record(
        actor=actor,
        action="reception_day.hold",
        target=day,
        summary=f"{day.station.name} {day.date:%Y-%m-%d} 代表接待日已举行，实到代表 {len(came)} 名",
        data={"attendees": [d.pk for d in came]},
    )
    return day


@transaction.atomic
def reception_day_postpone(
    *,
    day: ReceptionDay,
    reason,
    new_date,
    start_time=None,
    end_time=None,
    actor,
    now=None,
) -> ReceptionDay:
    """Postpone a planned day to a new date: it is planned again there, the reason kept."""
    day = lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以延期接待日。")
    require_state(day, "postpone")
    reason = checked_text(
        reason, field="reason", label="延期原因", max_length=REASON_MAX_LENGTH
    )
    new_date = _check_date(new_date, "new_date")
    if new_date <= day.date:
        raise bad("延期后的日期须晚于原定日期。", "new_date")
    start_time = start_time or day.start_time
    end_time = end_time or day.end_time
    _check_times(start_time, end_time)
    old_date = day.date
    # Postponed and planned again on the new date, in one step.
    transition(day, "postpone")
    day.date = new_date
    day.start_time = start_time
    day.end_time = end_time
    day.status_reason = f"由 {old_date:%Y-%m-%d} 延期：{reason}"[:500]
    day.save(
        update_fields=[
            "date",
            "start_time",
            "end_time",
            "status",
            "status_reason",
            "updated_at",
        ]
    )
    action_log_record(
        actor=actor,
        action="reception_day.postpone",
        target=day,
        summary=(
            f"{day.station.name} 代表接待日由 {old_date:%Y-%m-%d} 延期至 "
            f"{new_date:%Y-%m-%d}：{reason}"
        ),
        data={
            "old_date": old_date.isoformat(),
            "new_date": new_date.isoformat(),
            "reason": reason,
        },
    )
    return day


@transaction.atomic
def reception_day_cancel(*, day: ReceptionDay, reason, actor, now=None) -> ReceptionDay:
    """Cancel a planned (or postponed) reception day, with the reason."""
    day = lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以取消接待日。")
    require_state(day, "cancel")
    reason = checked_text(
        reason, field="reason", label="取消原因", max_length=REASON_MAX_LENGTH
    )
    transition(day, "cancel")
    day.status_reason = reason
    day.save(update_fields=["status", "status_reason", "updated_at"])
    action_log_record(
        actor=actor,
        action="reception_day.cancel",
        target=day,
        summary=f"取消{day.station.name} {day.date:%Y-%m-%d} 代表接待日：{reason}",
        data={"reason": reason},
    )
    return day


@transaction.atomic
def reception_day_confirm_late(
    *, day: ReceptionDay, reason, actor, now=None
) -> ReceptionDay:
    """Confirm a reception day entered late (补录), with the reason it may count."""
    day = lock_day(day)
    if not can_confirm_late_reception_day(actor, day.station):
        raise denied("只有常委会工作人员可以确认补录的接待日。")
    if not day.entered_late:
        raise InvalidTransition(
            "该接待日不是补录的，无须确认。", code="stations.invalid_state"
        )
    if day.late_confirmed_at is not None:
        raise InvalidTransition("该补录已确认过。", code="stations.invalid_state")
    reason = checked_text(
        reason, field="reason", label="确认理由", max_length=REASON_MAX_LENGTH
    )
    at = now_or_default(now)
    day.late_confirmed_at = at
    day.late_confirmed_by = user_or_none(actor)
    day.late_confirmation_reason = reason
    day.save(
        update_fields=[
            "late_confirmed_at",
            "late_confirmed_by",
            "late_confirmation_reason",
            "updated_at",
        ]
    )
    action_log_record(
        actor=actor,
        action="reception_day.confirm_late",
        target=day,
        summary=(
            f"确认{day.station.name} {day.date:%Y-%m-%d} 代表接待日补录：{reason}"
        ),
        data={"reason": reason},
    )
    return day
