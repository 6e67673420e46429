"""Models moved between apps keep their tables and rows when a database migrates.

IdempotencyKey moved from suggestions to core, the legal calendar's models from
core to legal_calendar, all with state-only migrations. Roll a database back to
before the moves, write rows through the old models, migrate forward, and read
them through the new ones.
"""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from renda.core.models import IdempotencyKey
from renda.legal_calendar.models import HolidayCalendarDay, HolidayCalendarYear

BEFORE_THE_MOVES = [
    ("core", "0003_action_log_append_only_trigger"),
    ("suggestions", "0003_perf_indexes"),
    ("legal_calendar", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_existing_rows_survive_the_moves():
    executor = _migrate(BEFORE_THE_MOVES)
    old = executor.loader.project_state(
        [node for node in BEFORE_THE_MOVES if node[1]]
    ).apps
    user = old.get_model("accounts", "User").objects.create(username="old")
    old.get_model("suggestions", "IdempotencyKey").objects.create(
        user=user, scope="suggestion.submit", key="k-1", result_pk=41
    )
    old.get_model("core", "HolidayCalendarYear").objects.create(
        year=2031, published=True, source="国办发明电〔2030〕1号"
    )
    old.get_model("core", "HolidayCalendarDay").objects.create(
        date=dt.date(2031, 10, 1), kind="HOLIDAY", name="国庆节"
    )
    old_types = ContentType.objects.filter(
        app_label__in=["core", "suggestions"],
        model__in=["holidaycalendaryear", "holidaycalendarday", "idempotencykey"],
    )
    old_ids = {ct.model: ct.pk for ct in old_types}

    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    key = IdempotencyKey.objects.get()
    assert (key.user.username, key.scope, key.key, key.result_pk) == (
        "old",
        "suggestion.submit",
        "k-1",
        41,
    )
    year = HolidayCalendarYear.objects.get()
    assert (year.year, year.published) == (2031, True)
    assert HolidayCalendarDay.objects.get().name == "国庆节"
    assert executor.loader.detect_conflicts() == {}
    ContentType.objects.clear_cache()
    for model, pk in old_ids.items():
        app = "core" if model == "idempotencykey" else "legal_calendar"
        assert ContentType.objects.get(app_label=app, model=model).pk == pk
