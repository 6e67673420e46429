"""manage.py liaison_reminders [--today YYYY-MM-DD]: remind those behind on the rules."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.liaison.reminders import liaison_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--today 日期格式不正确：“{value}”，应为 YYYY-MM-DD，例如 2020-10-09。"
        ) from None


class Command(BaseCommand):
    help = (
        "Remind stations behind on reception days, leaders below the contact or "
        "group-activity rule, and staff of meetings short of observers and of "
        "overdue residents' requests. Idempotent: safe to run every day."
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
        report = liaison_reminders(today=today)
        self.stdout.write(report.summary())
