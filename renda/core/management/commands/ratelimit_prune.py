"""Delete the public forms' rate-limit counters of past windows (daily job)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from renda.core.ratelimit import rate_limit_prune


class Command(BaseCommand):
    help = "Delete rate-limit buckets whose window ended more than two days ago."

    def handle(self, *args, **options):
        deleted = rate_limit_prune()
        self.stdout.write(f"已删除过期的频率限制计数 {deleted} 条。")
