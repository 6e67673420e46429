"""Load the demo city of 辽源市 (generated from a seed) into the database."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from renda.deputies.models import Deputy


class Command(BaseCommand):
    help = "载入演示数据：辽源市的行政区划、五级人大、269 名市人大代表、44 个联络站等。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"随机种子（默认 {DEFAULT_SEED}）；同一种子生成同样的数据。",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有代表时什么也不做。",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="先清空数据库中的全部数据（需同时给出 --yes），再载入。",
        )
        parser.add_argument("--yes", action="store_true", help="确认 --flush。")

    def handle(self, *args, seed, if_empty, flush, yes, **options):
        if flush:
            if not yes:
                raise CommandError(
                    "--flush 会删除数据库中的全部数据（包括审计日志和用户），"
                    "确认请同时给出 --yes。"
                )
            if settings.SETTINGS_MODULE.endswith(".production"):
                raise CommandError("生产环境配置下不允许 --flush。")
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("已清空数据库。")
        if Deputy.objects.exists():
            if if_empty:
                self.stdout.write("数据库中已有代表数据，未载入演示数据。")
                return
            raise CommandError(
                "数据库中已有数据，演示数据只能载入空数据库。"
                "可用 --if-empty 跳过，或用 --flush --yes 清空后重新载入。"
            )
        started = time.monotonic()
        summary = demo_build(seed=seed)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入演示数据（种子 {summary.seed}，用时 {elapsed:.1f} 秒）："
                f"行政区划 {summary.regions} 个，人大 {summary.congresses} 个，"
                f"市人大代表 {summary.city_deputies} 名（代表共 {summary.deputies} 名），"
                f"联络站 {summary.stations} 个，代表小组 {summary.groups} 个，"
                f"承办单位 {summary.units} 个，代表建议 {summary.suggestions} 件，"
                f"代表接待日 {summary.reception_days} 个，"
                f"监督事项 {summary.supervision_items} 项，"
                f"常委会会议和主任会议 {summary.meetings} 次（表决 {summary.votes} 项），"
                f"演示账号 {summary.users} 个。"
            )
        )
