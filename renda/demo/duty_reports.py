"""The demo's reports to voters (述职), written through the duty services.

In 2020 about thirty city deputies report to the voters of their electoral
units (50–120 voters expected each) in November and December; staff register
each as held, and the voters rate them on their phones: mostly 满意, some
基本满意, a few 不满意 with a comment. In the load year the demo login
``deputy`` has one planned report on the day of the load, so its QR form can be
tried at once.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from renda.deputies.models import Deputy, Mandate
from renda.duty.choices import Rating, RatingDimension
from renda.duty.services import reports as services

SEED_OFFSET = 2020_1120
REPORTS_2020 = 30
PLACES = [
    "社区党群服务中心",
    "街道人大代表联络站",
    "社区居委会会议室",
    "村委会议室",
    "镇文化站",
]
SUMMARIES = [
    "报告了一年来参加代表大会、提出建议、联系选民和参加视察调研的情况，现场回答了选民提问。",
    "围绕疫情防控、老旧小区改造和就业等选民关心的问题，报告了履职情况，听取了选民意见。",
    "报告了提出的代表建议及办理结果，介绍了在联络站接待选民的情况。",
]
PRAISE = ["代表讲得实在，办了实事。", "希望代表继续为社区多反映问题。", ""]
CRITICISM = [
    "小区供暖问题反映多次还没有解决，希望代表继续跟进。",
    "希望代表多到社区来，平时很少见到。",
    "建议办理结果要及时向选民反馈。",
]


@dataclass(frozen=True)
class DutyReportsSummary:
    reports: int
    ratings: int


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).replace(
        tzinfo=timezone.get_current_timezone()
    )


def _ratings(rng: random.Random) -> tuple[dict, str]:
    roll = rng.random()
    if roll < 0.75:
        base, comment = Rating.SATISFIED, rng.choice(PRAISE)
    elif roll < 0.93:
        base, comment = Rating.BASICALLY, ""
    else:
        base, comment = Rating.DISSATISFIED, rng.choice(CRITICISM)
    ratings = {}
    for dimension in RatingDimension.values:
        value = base
        if dimension != RatingDimension.OVERALL and rng.random() < 0.15:
            value = rng.choice(Rating.values)
        ratings[dimension] = value
    return ratings, comment


def demo_duty_reports_build(*, seed, congress, users, today) -> DutyReportsSummary:
    """Write the 2020 reports of city deputies and the demo deputy's planned one."""
    rng = random.Random(seed + SEED_OFFSET)  # noqa: S311 (demo data, not secrets)
    staff = users["staff"]
    mandates = list(
        Mandate.objects.filter(
            term__congress=congress,
            end_date__isnull=True,
            electoral_unit__isnull=False,
        )
        .select_related("deputy", "term", "electoral_unit")
        .order_by("deputy__name", "pk")
    )
    chosen = rng.sample(mandates, min(REPORTS_2020, len(mandates)))
    ratings = 0
    for number, mandate in enumerate(chosen):
        day = dt.date(2020, 11, 2) + dt.timedelta(days=rng.randrange(0, 50))
        expected = rng.randint(50, 120)
        report = services.report_plan(
            deputy=mandate.deputy,
            mandate=mandate,
            date=day,
            start_time=dt.time(rng.choice([9, 10, 14, 15]), rng.choice([0, 30])),
            place=f"{mandate.electoral_unit.name}{rng.choice(PLACES)}",
            expected_audience=expected,
            year=2020,
            actor=staff,
        )
        audience = max(30, expected - rng.randint(0, 20))
        voters = rng.randint(audience // 3, audience // 2)
        for voter in range(voters):
            chosen_ratings, comment = _ratings(rng)
            services.rating_submit(
                report=report,
                ratings=chosen_ratings,
                comment=comment,
                device_id=f"demo-{seed}-{report.pk}-{voter}",
                client_ip=f"10.20.{number % 250}.1",
                now=_at(day, 17),
            )
        ratings += voters
        services.report_hold(
            report=report,
            audience=audience,
            summary=rng.choice(SUMMARIES),
            actor=staff,
        )
    planned = 0
    deputy = Deputy.objects.filter(user=users.get("deputy")).first()
    mandate = (
        Mandate.objects.filter(
            deputy=deputy, term__congress=congress, end_date__isnull=True
        ).first()
        if deputy
        else None
    )
    if mandate is not None:
        services.report_plan(
            deputy=deputy,
            mandate=mandate,
            date=today,
            start_time=dt.time(9, 30),
            place=f"{mandate.electoral_unit.name if mandate.electoral_unit else ''}"
            "人大代表联络站",
            expected_audience=80,
            year=today.year,
            actor=staff,
        )
        planned = 1
    return DutyReportsSummary(reports=len(chosen) + planned, ratings=ratings)
