"""The demo suggestions of 辽源市 (2019, 2020 and a few live ones), built by demo_build.

The demo city is the package's (``conftest.py``: built once, dated today, as
``manage.py demo_load`` dates it); each test reads it inside a savepoint. The
source's figures are of 2019 and 2020, so they come back on any day; the live
items are dated from the build's day, and the checks of them too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from renda.accounts.models import User
from renda.congresses.models import Congress
from renda.core.models import ActionLog
from renda.demo.plan import DEFAULT_SEED, build_plan
from renda.demo.suggestions import plan_items
from renda.demo.suggestions.writing import due_soon_window, recently_overdue_window
from renda.regions.models import Region
from renda.suggestions.choices import (
    AssignmentStatus,
    Channel,
    CloseReason,
    ExtensionStatus,
    Period,
    SuggestionStatus,
)
from renda.suggestions.models import (
    Assignment,
    ExtensionRequest,
    Suggestion,
    SuggestionEvent,
)
from renda.suggestions.selectors import (
    suggestion_stats,
    suggestions_visible_to,
    with_assignment_overdue,
)


@pytest.fixture
def today(demo, demo_today):
    """The day the package's demo was built on (conftest.py)."""
    return demo_today


@pytest.fixture
def city(demo, db):
    return Congress.objects.get(name="辽源市人民代表大会")


@pytest.fixture
def staff(demo, db):
    return User.objects.get(username="staff")


@pytest.mark.parametrize(
    ("year", "period", "accepted", "closed", "rate"),
    [
        (2019, Period.SESSION, 83, 58, "69.9"),
        (2019, Period.RECESS, 23, 23, "100.0"),
        (2020, Period.SESSION, 97, 65, "67.0"),
        (2020, Period.RECESS, 81, 38, "46.9"),
    ],
)
def test_completion_rates_are_the_sources_figures(
    city, staff, today, year, period, accepted, closed, rate
):
    stats = suggestion_stats(
        user=staff, congress=city, year=year, period=period, today=today
    ).total
    assert (stats.accepted, stats.closed) == (accepted, closed)
    assert stats.completion_rate == Decimal(rate)


def test_every_status_of_both_state_machines_appears(demo, city):
    statuses = set(
        Suggestion.objects.filter(congress=city).values_list("status", flat=True)
    )
    assert statuses == set(SuggestionStatus.values)
    assignment_statuses = set(Assignment.objects.values_list("status", flat=True))
    assert assignment_statuses == set(AssignmentStatus.values) - {
        AssignmentStatus.WITHDRAWN
    }
    assert set(ExtensionRequest.objects.values_list("status", flat=True)) >= {
        ExtensionStatus.PENDING,
        ExtensionStatus.APPROVED,
    }
    reasons = set(
        Suggestion.objects.filter(status=SuggestionStatus.CLOSED).values_list(
            "close_reason", flat=True
        )
    )
    assert reasons == {CloseReason.RATED, CloseReason.RATING_WINDOW_PASSED}
    assert Suggestion.objects.filter(merged_into__isnull=False).count() == 4
    rejected = Suggestion.objects.filter(status=SuggestionStatus.REJECTED)
    assert rejected.exists()
    assert not rejected.filter(reject_reason="").exists()


def test_voice_and_hotline_items_are_recess_items(demo, city):
    rows = (
        Suggestion.objects.filter(congress=city)
        .values("channel", "period")
        .annotate(n=Count("id"))
    )
    by = {(row["channel"], row["period"]): row["n"] for row in rows}
    assert by[(Channel.VOICE, Period.RECESS)] > 20
    assert by[(Channel.HOTLINE, Period.RECESS)] > 15
    assert (Channel.VOICE, Period.SESSION) not in by
    assert (Channel.HOTLINE, Period.SESSION) not in by


def test_the_leader_oversees_key_suggestions_and_sees_them(demo):
    leader = User.objects.get(username="leader")
    overseen = Suggestion.objects.filter(is_key=True, oversight__user=leader)
    assert overseen.count() >= 2
    assert set(overseen.values_list("pk", flat=True)) <= set(
        suggestions_visible_to(leader).values_list("pk", flat=True)
    )
    assert Suggestion.objects.filter(is_key=True).exclude(oversight__user=leader)


def test_the_demo_deputy_leads_items_in_several_states(demo):
    deputy = User.objects.get(username="deputy")
    led = suggestions_visible_to(deputy).filter(lead_deputy__user=deputy)
    statuses = set(led.values_list("status", flat=True))
    assert {
        SuggestionStatus.DRAFT,
        SuggestionStatus.RETURNED_FOR_CLARIFICATION,
        SuggestionStatus.ASSIGNED,
        SuggestionStatus.REPLIED,
        SuggestionStatus.REOPENED,
        SuggestionStatus.CLOSED,
    } <= statuses
    assert led.first().lead_deputy.name == "白玉晶"


def test_the_demo_units_assignments_are_open_overdue_due_soon_and_replied(demo, today):
    unit_user = User.objects.get(username="unit")
    unit_id = unit_user.role_assignments.get().handling_unit_id
    mine = with_assignment_overdue(
        Assignment.objects.filter(handling_unit_id=unit_id), today=today
    )
    assert mine.filter(is_overdue=True).exists()
    assert mine.filter(status=AssignmentStatus.REPLIED).exists()
    # Within the next 3 working days, and 2 to 6 working days ago: windows of
    # working days hold a deadline on any day, in 春节 and 国庆 too.
    soon_from, soon_to = due_soon_window(today)
    soon = mine.filter(
        status=AssignmentStatus.ASSIGNED, due_at__gte=soon_from, due_at__lte=soon_to
    )
    assert soon.exists()
    late_from, late_to = recently_overdue_window(today)
    current_overdue = mine.filter(
        is_overdue=True, due_at__gte=late_from, due_at__lte=late_to
    )
    assert current_overdue.exists()


def test_timelines_run_forward_and_are_audited(demo, city):
    now = timezone.now()
    previous: dict[int, dt.datetime] = {}
    for suggestion_id, at in SuggestionEvent.objects.order_by("id").values_list(
        "suggestion_id", "at"
    ):
        assert at <= now
        assert at >= previous.get(suggestion_id, at)
        previous[suggestion_id] = at
    historical = Suggestion.objects.filter(submitted_at__year__in=(2019, 2020))
    assert historical.count() > 280
    events = SuggestionEvent.objects.filter(suggestion__in=historical)
    years = set(events.values_list("at__year", flat=True))
    assert years == {2019, 2020, 2021}
    assert ActionLog.objects.filter(action="suggestion.submitted").count() == (
        SuggestionEvent.objects.filter(kind="SUBMITTED").count()
    )


def test_the_same_seed_gives_the_same_titles(demo, today):
    plan = build_plan(DEFAULT_SEED)
    regions = {region.code: region for region in Region.objects.all()}
    first = [
        item.title
        for item in plan_items(
            seed=DEFAULT_SEED, plan=plan, regions=regions, today=today
        )
    ]
    again = [
        item.title
        for item in plan_items(
            seed=DEFAULT_SEED, plan=plan, regions=regions, today=dt.date(2027, 1, 5)
        )
    ]
    other = [
        item.title
        for item in plan_items(
            seed=DEFAULT_SEED + 1, plan=plan, regions=regions, today=today
        )
    ]
    assert first == again
    assert first != other
    stored = set(Suggestion.objects.values_list("title", flat=True))
    assert set(first) <= stored
    # City-wide topics (疫情防控, 营商环境...) may be raised by several deputies.
    assert len(stored) >= 0.95 * Suggestion.objects.count()


# The statistics' summary rows (decision record 0019) ---------------------------


def test_the_summary_rows_kept_by_the_transitions_equal_the_records(demo, staff, today):
    """The demo was built through the services: the rows each transition left
    equal the rows a rebuild writes, and every figure and group read from them
    equals the live aggregate, for every year and several "today" dates."""
    from renda.suggestions.selectors import suggestion_stats_live
    from renda.suggestions.selectors.stats import GROUP_BY
    from renda.suggestions.stats_rows import expected_totals, rebuild, row_totals

    congresses = list(
        Congress.objects.filter(suggestions__isnull=False).distinct().order_by("pk")
    )
    assert congresses
    kept = {}
    for congress in congresses:
        kept[congress.pk] = row_totals(congress.pk)
        assert kept[congress.pk] == expected_totals(congress.pk)
    city = Congress.objects.get(name="辽源市人民代表大会")
    days = [today, dt.date(2020, 12, 31), today + dt.timedelta(days=60)]
    unit = (
        Assignment.objects.filter(suggestion__congress=city)
        .values_list("handling_unit", flat=True)
        .first()
    )
    # Every grouping for every year; the other days and filters ungrouped and
    # grouped by unit (the grouping whose rows the filters split most).
    cases = [
        (year, day, extra, group_by)
        for year in (2019, 2020, today.year - 1, today.year)
        for day in days
        for extra in ({}, {"period": Period.RECESS}, {"unit": unit})
        for group_by in (None, *GROUP_BY)
        if (day == today and not extra) or group_by in (None, "unit")
    ]
    assert "unit" in GROUP_BY
    for year, day, extra, group_by in cases:
        arguments = {
            "user": staff,
            "congress": city,
            "year": year,
            "today": day,
            "group_by": group_by,
            **extra,
        }
        assert suggestion_stats(**arguments) == suggestion_stats_live(**arguments), (
            arguments
        )
    with transaction.atomic():
        rebuild()
        for congress in congresses:
            assert row_totals(congress.pk) == kept[congress.pk]
        transaction.set_rollback(True)
