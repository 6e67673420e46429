"""The demo's reports to voters (述职): the 2020 reports come back from the records."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from renda.duty.choices import Rating, ReportStatus
from renda.duty.models import DutyReport, VoterRating
from renda.duty.selectors.reports import rating_summary
from renda.duty.services.reports import rating_open


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = demo_build(seed=DEFAULT_SEED)
        yield summary
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_about_thirty_city_deputies_reported_in_2020_and_voters_rated(demo):
    held = DutyReport.objects.filter(year=2020, status=ReportStatus.HELD)
    assert held.count() == 30
    assert all(50 <= r.expected_audience <= 120 for r in held)
    assert all(r.electoral_unit_id for r in held)
    overall = list(VoterRating.objects.values_list("overall", flat=True))
    satisfied = overall.count(Rating.SATISFIED)
    assert satisfied > len(overall) / 2
    assert 0 < overall.count(Rating.DISSATISFIED) < satisfied
    assert (
        VoterRating.objects.filter(overall=Rating.DISSATISFIED)
        .exclude(comment="")
        .exists()
    )
    report = held.first()
    assert rating_summary(report).total == report.ratings.count()


@pytest.mark.django_db
def test_the_demo_deputy_has_a_planned_report_open_for_rating_today(demo):
    report = DutyReport.objects.get(
        deputy__user__username="deputy", status=ReportStatus.PLANNED
    )
    assert report.date == timezone.localdate()
    assert rating_open(report)
