"""manage.py supervision_daily [--date YYYY-MM-DD]: the daily supervision checks."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from renda.supervision.daily import supervision_daily


class Command(BaseCommand):
    help = "监督工作每日检查（期限提醒等），可重复运行，不会重复提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天检查（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        lines = supervision_daily(today)
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"共发送 {len(lines)} 项提醒。")
