"""The demo's duty archive: every sitting city deputy has a 2020 archive with
entries; the planted deputy absent from both sessions raised the alert."""

from __future__ import annotations

import pytest
from django.db import transaction

from renda.congresses.models import Congress
from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from renda.duty.archive import archives_for
from renda.duty.choices import AlertKind, RecordStatus
from renda.duty.models import DutyAlert, DutyRecord, SessionAttendance
from renda.duty.selectors.archive import ArchiveFilters, board_deputies


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.urls import NoReverseMatch, reverse

    from renda.duty import notices

    with pytest.MonkeyPatch.context() as patch:
        try:
            reverse("duty:alerts")
        except NoReverseMatch:  # the scores part's page, mounted after merge
            patch.setattr(notices, "reverse", lambda *a, **k: "/duty/")
        with django_db_blocker.unblock(), transaction.atomic():
            summary = demo_build(seed=DEFAULT_SEED)
            yield summary
            transaction.set_rollback(True)


def test_every_city_deputy_has_a_2020_archive_with_entries(demo, db):
    city = Congress.objects.get(name="辽源市人民代表大会")
    deputies = list(board_deputies(city, 2020, ArchiveFilters()))

    archives = archives_for(
        congress=city, year=2020, deputy_ids=[d.pk for d in deputies]
    )

    assert len(deputies) > 200
    assert all(archives[d.pk].entries for d in deputies)


def test_the_planted_absences_raised_one_alert_and_records_show_each_state(demo, db):
    [alert] = DutyAlert.objects.filter(kind=AlertKind.SESSION_ABSENCES)

    assert (
        SessionAttendance.objects.filter(deputy=alert.deputy, status="ABSENT").count()
        == 2
    )
    assert set(DutyRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.CONFIRMED,
        RecordStatus.PENDING,
        RecordStatus.REJECTED,
    }
