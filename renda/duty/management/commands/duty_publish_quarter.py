"""manage.py duty_publish_quarter: in the first days of a quarter, publish the
quarter just ended (cumulative from January) for every congress that scores its
deputies (has scoring rules) and whose year is still open. Idempotent: a quarter
already published is left alone, so the job may run every day."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.congresses.models import Congress
from renda.duty.choices import ScorePeriod, YearStatus
from renda.duty.models import DutyScore, ScoreYear
from renda.duty.services.scores import scores_publish

# The job publishes within this many days after a quarter ends.
WINDOW_DAYS = 10


def previous_quarter(today: dt.date) -> tuple[int, str]:
    quarter = (today.month - 1) // 3 + 1
    if quarter == 1:
        return today.year - 1, ScorePeriod.Q4
    return today.year, f"Q{quarter - 1}"


def publish_due(today: dt.date) -> list[str]:
    """Publish the previous quarter where due; return what was published."""
    quarter_start = dt.date(today.year, ((today.month - 1) // 3) * 3 + 1, 1)
    if (today - quarter_start).days >= WINDOW_DAYS:
        return []
    year, period = previous_quarter(today)
    done = []
    congresses = Congress.objects.filter(scoring_rules__isnull=False).distinct()
    for congress in congresses.order_by("pk"):
        status = (
            ScoreYear.objects.filter(congress=congress, year=year)
            .values_list("status", flat=True)
            .first()
        )
        if status not in (None, YearStatus.OPEN):
            continue
        if DutyScore.objects.filter(
            congress=congress, year=year, period=period
        ).exists():
            continue
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(6, 0)))
        scores_publish(congress=congress, year=year, period=period, actor=None, now=now)
        done.append(f"{congress.name} {year}年{ScorePeriod(period).label}")
    return done


class Command(BaseCommand):
    help = "Publish the quarter just ended (duty scores), once, for open years."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="今天的日期（YYYY-MM-DD，测试用）")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        done = publish_due(today)
        for line in done:
            self.stdout.write(f"已公布：{line}")
        self.stdout.write(f"共公布 {len(done)} 项。")
