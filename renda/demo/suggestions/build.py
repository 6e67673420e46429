"""Building the demo suggestions: plan the items, write them, count what was written."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from renda.suggestions.models import Suggestion

from .planning import plan_items
from .writing import _Writer


@dataclass
class DemoSuggestionsSummary:
    suggestions: int
    by_status: dict[str, int]
    users: int


def demo_suggestions_build(
    *,
    seed: int,
    plan,
    congress,
    term,
    deputies: dict,
    units: dict,
    regions: dict,
    users: dict,
    standing_committee,
    today: dt.date | None = None,
) -> DemoSuggestionsSummary:
    """Write the demo suggestions of 2019 and 2020 (and a few live ones) through the services."""
    today = today or timezone.localdate()
    items = plan_items(seed=seed, plan=plan, regions=regions, today=today)
    writer = _Writer(
        seed=seed,
        congress=congress,
        term=term,
        deputies=deputies,
        units=units,
        regions=regions,
        users=users,
        standing_committee=standing_committee,
        today=today,
    )
    for item in items:
        writer.write(item)
    statuses = Counter(
        Suggestion.objects.filter(congress=congress).values_list("status", flat=True)
    )
    return DemoSuggestionsSummary(
        suggestions=sum(statuses.values()),
        by_status=dict(sorted(statuses.items())),
        users=writer.created_users,
    )
