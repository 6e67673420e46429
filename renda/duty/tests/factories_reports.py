"""Test data of reports to voters, built through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.deputies.models import Mandate

from ..choices import Rating, RatingDimension
from ..services import reports as services

ALL_SATISFIED = dict.fromkeys(RatingDimension.values, Rating.SATISFIED)


def mandate_of(deputy, congress) -> Mandate:
    return Mandate.objects.get(deputy=deputy, term__congress=congress)


def plan(world, actor, *, deputy=None, date=None, **kwargs):
    """A planned report of a city deputy (丁照民 by default), today by default."""
    deputy = deputy or world.deputy_city_a
    date = date or timezone.localdate()
    values = {
        "start_time": dt.time(9, 30),
        "place": "向阳街道人大代表联络站",
        "expected_audience": 60,
        "year": date.year,
        **kwargs,
    }
    return services.report_plan(
        deputy=deputy,
        mandate=mandate_of(deputy, world.city_congress),
        date=date,
        actor=actor,
        **values,
    )


def rate(
    report, device_id="phone-1", *, ratings=None, comment="", ip="10.0.0.1", now=None
):
    return services.rating_submit(
        report=report,
        ratings=ratings or ALL_SATISFIED,
        comment=comment,
        device_id=device_id,
        client_ip=ip,
        now=now,
    )
