"""The demo's deputies' duty (renda.duty), part by part, the scores last: they are
computed from every record the demo holds by then."""

from __future__ import annotations

import datetime as dt

from .duty_archive import demo_duty_archive_build
from .duty_reports import demo_duty_reports_build
from .duty_scores import demo_duty_scores_build
from .duty_stories import demo_duty_stories_build
from .duty_training import demo_duty_training_build

PARTS = [
    demo_duty_archive_build,
    demo_duty_training_build,
    demo_duty_reports_build,
    demo_duty_stories_build,
    demo_duty_scores_build,
]


def demo_duty_build(*, seed: int, congress, users: dict, today: dt.date) -> None:
    for build in PARTS:
        build(seed=seed, congress=congress, users=users, today=today)
