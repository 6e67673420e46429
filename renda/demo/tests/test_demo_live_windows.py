"""The demo's live items find their deadlines on every day, holidays included."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.demo.suggestions.fates import LIVE
from renda.demo.suggestions.writing import (
    assign_day_for,
    due_soon_window,
    recently_overdue_window,
)
from renda.suggestions.services import answer_due

pytestmark = pytest.mark.django_db

# 2026 and 2027: 春节, 清明, 劳动节, 端午, 中秋 and 国庆 with their make-up days.
DAYS = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(730)]
WINDOWS = {"due_soon": due_soon_window, "overdue": recently_overdue_window}


# The live items that want a deadline due soon or recently passed (fates.LIVE).
WANTED = sorted(
    {(channel, want) for _f, channel, _u, _b, want in LIVE if want in WINDOWS}
)


@pytest.mark.parametrize(("channel", "want"), WANTED)
def test_every_day_the_live_items_find_their_deadlines(channel, want):
    missed = []
    for today in DAYS:
        low, high = WINDOWS[want](today)
        due = answer_due(channel, assign_day_for(channel, want, today)).due
        if not low <= due <= high:
            missed.append((today, due))
    assert missed == []


def test_the_windows_are_of_working_days():
    # The day after 国庆 2026 (1-7 October off, Saturday 10 October worked;
    # 中秋 25-27 September off).
    today = dt.date(2026, 10, 8)
    assert due_soon_window(today) == (dt.date(2026, 10, 9), dt.date(2026, 10, 12))
    assert recently_overdue_window(today) == (
        dt.date(2026, 9, 22),
        dt.date(2026, 9, 29),
    )
