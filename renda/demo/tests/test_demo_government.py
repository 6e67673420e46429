"""The demo's government sign-off, built on the small test world (not the whole demo)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.demo.government import CLERK, OFFICE_NAME, demo_government_build
from renda.suggestions.choices import AssignmentStatus, SuggestionStatus
from renda.suggestions.models import (
    Assignment,
    GovernmentRoute,
    Instruction,
    Suggestion,
)
from renda.suggestions.tests.factories import accepted, unit_user
from renda.units.tests.factories import HandlingUnitFactory

TODAY = dt.date(2025, 6, 16)


def test_the_demo_sign_off_shows_every_step(world, deputy, committee_staff):
    for name in ("辽源市城市管理行政执法局", "辽源市交通运输局"):
        HandlingUnitFactory(name=name, region=world.city)
    housing = world.unit_city  # 辽源市住房和城乡建设局
    accepted(world, deputy, committee_staff)  # a lead deputy of the term
    before = set(Suggestion.objects.values_list("pk", flat=True))
    users = {"staff": committee_staff, "unit": unit_user(housing, "unit")}

    # Its cost is counted in queries, not timed (a timed test fails on a busy
    # machine): the sign-off's few items are written through the services.
    with CaptureQueriesContext(connection) as queries:
        demo_government_build(
            seed=1, congress=world.city_congress, users=users, today=TODAY
        )
    assert len(queries) <= 450  # 419 on SQLite and PostgreSQL (2026-11-29)

    route = GovernmentRoute.objects.get(congress=world.city_congress)
    assert route.coordinating_unit.name == OFFICE_NAME
    assert route.channels() == ["VOICE", "HOTLINE"]
    new = Suggestion.objects.exclude(pk__in=before)
    assert new.count() == 4
    # None of the published years' figures move: the items are of today's year.
    assert {s.accepted_at.year for s in new} == {TODAY.year}
    statuses = sorted(new.values_list("status", flat=True))
    assert statuses == sorted(
        [SuggestionStatus.REPLIED] + [SuggestionStatus.ASSIGNED] * 3
    )
    coordinating = Assignment.objects.filter(suggestion__in=new, role="COORDINATING")
    assert sorted(coordinating.values_list("status", flat=True)) == sorted(
        [AssignmentStatus.DISPATCHED] * 2 + [AssignmentStatus.ASSIGNED] * 2
    )
    assert Instruction.objects.filter(suggestion__in=new).count() == 3
    assert Instruction.objects.filter(recorded_by__username=CLERK).count() == 3
    dispatched = Assignment.objects.filter(via__in=coordinating)
    assert {a.due_at for a in dispatched} <= set(
        coordinating.values_list("due_at", flat=True)
    )
