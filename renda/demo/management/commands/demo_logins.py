"""Print the demo log-ins: one per role, with what to try first."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand

from renda.accounts.choices import Role
from renda.accounts.models import User
from renda.demo.hotline_partners import DEMO_KEYS
from renda.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from renda.hotline.models import Partner
from renda.hotline.services.partners import hash_key


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "列出演示账号（每个角色一个）、密码和建议先看的页面。"

    def handle(self, *args, **options):
        existing = set(
            User.objects.filter(
                username__in=[login.username for login in DEMO_LOGINS], is_active=True
            ).values_list("username", flat=True)
        )
        if not existing:
            self.stdout.write("数据库中没有演示账号：先运行 manage.py demo_load。")
            return
        rows = [("角色", "账号", "范围", "先试试")]
        rows += [
            (str(Role(login.role).label), login.username, login.scope, login.try_first)
            for login in DEMO_LOGINS
            if login.username in existing
        ]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for index, row in enumerate(rows):
            cells = [_pad(row[i], widths[i]) for i in range(3)] + [row[3]]
            self.stdout.write("  " + "  ".join(cells))
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in [*widths, 8]))
        self.stdout.write("")
        keys = [
            (label, key)
            for label, key in DEMO_KEYS
            if Partner.objects.filter(key_hash=hash_key(key), is_active=True).exists()
        ]
        if keys:
            self.stdout.write(
                "Open311 演示密钥（/open311/v2/，见 docs/hotline-server.md）："
            )
            for label, key in keys:
                self.stdout.write(f"  {label}：api_key={key}")
            self.stdout.write("")
