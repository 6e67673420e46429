"""Test data of the scoring: archive counts through confirmed duty records (the
archive's own source for hand-added activities), published and closed years."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from renda.duty.choices import RecordStatus
from renda.duty.models import DutyRecord


@contextmanager
def archive_links_stubbed():
    """The archive links entries to pages of other parts (``duty:record_detail``…)
    that may not be wired in a part's branch; the scores never use the links."""
    with mock.patch("renda.duty.archive.reverse", return_value="#"):
        yield


def records(congress, deputy, kind: str, day: dt.date, n: int = 1, **extra):
    """``n`` confirmed records of ``kind`` on ``day`` (each counts once)."""
    return DutyRecord.objects.bulk_create(
        [
            DutyRecord(
                congress=congress,
                deputy=deputy,
                kind=kind,
                date=day,
                title=f"{kind} {i + 1}",
                status=extra.get("status", RecordStatus.CONFIRMED),
            )
            for i in range(n)
        ]
    )


def active_year(congress, deputy, year: int) -> None:
    """A year worth 40 + 6 + 6 + 5 + 10 = 67 under the default rules."""
    records(congress, deputy, "SUGGESTION_LED", dt.date(year, 2, 10), 2)
    records(congress, deputy, "RECEPTION_DAY", dt.date(year, 5, 10), 3)
    records(congress, deputy, "DUTY_REPORT", dt.date(year, 8, 10))
    records(congress, deputy, "SESSION_ATTENDED", dt.date(year, 11, 10))


def now_in(year: int, month: int = 1, day: int = 10) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))
