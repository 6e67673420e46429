"""The demo's 抗疫 stories and donations reproduce the source's figures,
read back through the duty selectors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from renda.accounts.models import User
from renda.congresses.choices import Level
from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from renda.duty.choices import StoryStatus
from renda.duty.models import DutyStory
from renda.duty.selectors import stories as sel


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = demo_build(seed=DEFAULT_SEED)
        yield summary
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_donations_total_the_sources_figures_from_every_level(demo):
    admin = User.objects.get(username="admin")
    summary = sel.donation_summary(admin)
    assert summary.totals.money == Decimal("6444000.00")
    assert summary.totals.goods == Decimal("4338000.00")
    assert 0 < summary.totals.donors <= 432
    assert {label for label, _ in summary.by_level} == {
        label for _, label in Level.choices
    }
    dates = sel.donation_list(admin).values_list("date", flat=True)
    assert min(dates).isoformat() >= "2020-01-01"
    assert max(dates).isoformat() <= "2020-04-30"
    # The city's staff see the city's share alone.
    staff = User.objects.get(username="staff")
    city = sel.donation_summary(staff).totals
    assert Decimal(0) < city.money < summary.totals.money


@pytest.mark.django_db
def test_fifty_stories_of_deputies_of_several_levels_are_published(demo):
    published = DutyStory.objects.filter(status=StoryStatus.PUBLISHED)
    assert published.count() == 50
    assert sel.public_stories().count() == 50
    assert len(set(published.values_list("congress__level", flat=True))) >= 4
    assert all(s.happened_on.year == 2020 for s in published)
