"""The demo's duty scores: every city deputy has a 2020 score, 2019 is closed,
the planted cases show on the staff board."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from renda.accounts.models import User
from renda.congresses.models import Congress
from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from renda.duty.choices import AlertKind, CorrectionStatus, YearStatus
from renda.duty.models import (
    DutyAlert,
    DutyScore,
    ScoreCorrection,
    ScoreYear,
    ScoringRules,
)
from renda.duty.services.scores import mandated_deputy_ids


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = demo_build(seed=DEFAULT_SEED)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def city(demo, db):
    return Congress.objects.get(name="辽源市人民代表大会")


def test_every_city_deputy_has_a_2020_score_and_2019_is_final(city):
    deputies = set(mandated_deputy_ids(city, 2020))
    scored = set(
        DutyScore.objects.filter(congress=city, year=2020, period="YEAR").values_list(
            "deputy_id", flat=True
        )
    )
    assert deputies
    assert scored == deputies
    for period in ("Q1", "Q2", "Q3", "Q4"):
        assert DutyScore.objects.filter(
            congress=city, year=2020, period=period
        ).count() == len(deputies)
    years = dict(ScoreYear.objects.filter(congress=city).values_list("year", "status"))
    assert years == {2019: YearStatus.CLOSED, 2020: YearStatus.PUBLISHED}
    assert not DutyScore.objects.filter(
        congress=city, year=2019, period="YEAR", final=False
    ).exists()
    assert list(
        ScoringRules.objects.filter(congress=city)
        .order_by("version")
        .values_list("version", "effective_year")
    ) == [(1, 2019), (2, 2021)]


def test_the_planted_cases_show_on_the_board(client, city):
    alerts = DutyAlert.objects.filter(congress=city, kind=AlertKind.LOW_SCORE)
    # The planted case: the deputies with the fewest activities (usually one).
    assert 1 <= alerts.count() <= 3
    for alert in alerts:
        assert "2019年" in alert.detail
        assert "2020年" in alert.detail
    statuses = sorted(
        ScoreCorrection.objects.filter(score__congress=city).values_list(
            "status", flat=True
        )
    )
    assert statuses == sorted([CorrectionStatus.ACCEPTED, CorrectionStatus.PENDING])
    client.force_login(User.objects.get(username="staff"))

    page = client.get(
        reverse("duty:board"), {"congress": city.pk, "year": 2020, "period": "YEAR"}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert alerts.first().deputy.name in html
    assert "更正申请（待处理 1）" in html
