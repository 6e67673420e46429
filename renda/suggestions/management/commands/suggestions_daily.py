"""manage.py suggestions_daily [--today YYYY-MM-DD]: the suggestions' daily job."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.suggestions.daily import suggestions_daily


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--today 日期格式不正确：“{value}”，应为 YYYY-MM-DD，例如 2020-10-09。"
        ) from None


class Command(BaseCommand):
    help = (
        "Close suggestions whose rating window has passed and notify units and "
        "staff of assignments due within 3 days or overdue. Safe to run twice a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=str,
            default=None,
            help="Run as of this date (YYYY-MM-DD); default: today in Asia/Shanghai.",
        )

    def handle(self, *args, **options):
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        report = suggestions_daily(today=today)
        self.stdout.write(report.summary())
