"""Helpers of the plan tests: a call and a plan built through the services."""

from __future__ import annotations

import datetime as dt

from renda.congresses.choices import CommitteeKind
from renda.congresses.models import Committee
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on

from ..choices import SupervisionKind
from ..services import plan as services

CALL_OPENS = dt.date(2019, 9, 1)
CALL_CLOSES = dt.date(2019, 10, 31)
IN_CALL = dt.date(2019, 9, 15)


def open_call(world, staff, *, year=2020, opens_on=CALL_OPENS, closes_on=CALL_CLOSES):
    return services.topic_call_open(
        congress=world.city_congress,
        year=year,
        title=f"{year}年度监督议题征集",
        description="欢迎提出监督议题。",
        opens_on=opens_on,
        closes_on=closes_on,
        actor=staff,
    )


def committee(world, name="财政经济委员会"):
    return Committee.objects.get_or_create(
        congress=world.city_congress,
        name=name,
        defaults={"kind": CommitteeKind.SPECIAL},
    )[0]


def plan_with_entries(
    world, staff, *, titles=("疫情防控工作报告", "食品安全法执法检查")
):
    plan = services.plan_create(
        congress=world.city_congress,
        year=2020,
        title="2020年度监督工作计划",
        actor=staff,
    )
    version = plan.versions.get()
    kinds = [SupervisionKind.WORK_REPORT, SupervisionKind.LAW_INSPECTION]
    for n, title in enumerate(titles):
        services.plan_entry_add(
            version=version,
            actor=staff,
            kind=kinds[n % 2],
            title=title,
            planned_month=n + 3,
            target_unit_ids=[world.unit_city.pk],
            lead_committee_id=committee(world).pk,
        )
    return plan, version


def adopt_and_publish(version, staff, *, adopted_on=dt.date(2020, 2, 20)):
    services.plan_version_adopt(
        version=version,
        chairpersons_meeting=chairpersons_meeting_on(
            version.plan.congress, adopted_on, actor=staff
        ),
        actor=staff,
    )
    return services.plan_version_publish(version=version, actor=staff)
