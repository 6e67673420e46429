"""Helpers of the working-side tests: units, users and requests built through services."""

import datetime as dt

from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.congresses.choices import Level
from renda.receptions.choices import RequestSource
from renda.receptions.services import public_request_create
from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

NOW = timezone.make_aware(dt.datetime(2025, 9, 20, 10, 0))


def township_government(station):
    return HandlingUnitFactory(
        name=f"{station.region.name}办事处",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
        region=station.region,
    )


def unit_user(unit, username="township"):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=Role.UNIT_STAFF, handling_unit=unit)
    return user


def recorded_request(world, actor, *, station=None, received_by=None, **overrides):
    station = station or world.station_longshan
    day = ReceptionDayFactory(station=station)
    kwargs = {
        "station": station,
        "source": RequestSource.RECEPTION_DAY,
        "reception_day": day,
        "resident_name": "张三",
        "resident_phone": "13512345678",
        "consent": True,
        "content": "向阳小区门前道路破损，雨天积水\n希望尽快修复",
        "location": "向阳小区东门",
        "received_by": received_by or world.deputy_city_a,
        "actor": actor,
        "now": NOW,
    }
    kwargs.update(overrides)
    return public_request_create(**kwargs)
