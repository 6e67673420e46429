"""Training built through the services, the way staff create it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from renda.duty.choices import TrainingKind, TrainingTarget
from renda.duty.services import training as services

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2020, 6, 10)


def at(day: dt.date, hour: int = 8, minute: int = 52) -> dt.datetime:
    """An aware time on a local day."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def training(world, actor, **overrides):
    values = {
        "congress": world.city_congress,
        "kind": TrainingKind.COURSE,
        "title": "代表履职能力培训班",
        "starts_on": DAY,
        "ends_on": DAY + dt.timedelta(days=1),
        "hours": 12,
        "target": TrainingTarget.ALL_DEPUTIES,
        "place": "市委党校",
        "actor": actor,
    }
    values.update(overrides)
    return services.training_create(**values)


def lecture(world, actor, **overrides):
    values = {
        "kind": TrainingKind.LECTURE,
        "title": "人大讲坛：宪法与代表履职",
        "speaker": "王立新",
        "speaker_title": "吉林大学法学院教授",
        "ends_on": DAY,
        "hours": 3,
        "target": TrainingTarget.CHOSEN,
    }
    values.update(overrides)
    return training(world, actor, **values)
