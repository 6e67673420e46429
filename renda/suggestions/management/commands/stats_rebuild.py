"""manage.py stats_rebuild: rebuild the statistics' summary rows from the records,
or ``--check`` them against the live aggregate (decision record 0019)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from renda.accounts.permissions import Scope
from renda.congresses.models import Congress
from renda.suggestions.models import Suggestion
from renda.suggestions.selectors.stats import (
    GROUP_BY,
    suggestion_stats,
    suggestion_stats_live,
)
from renda.suggestions.stats_rows import expected_totals, rebuild, row_totals


def _reader():
    """An administrator who sees every item (the figures' widest reader)."""
    return SimpleNamespace(
        pk=None,
        is_authenticated=True,
        is_active=True,
        _renda_scope=Scope(is_authenticated=True, is_admin=True),
    )


@contextmanager
def _snapshot():
    """One read-only snapshot for the whole check, on PostgreSQL.

    The check reads the summary rows, then the records, congress by congress;
    under READ COMMITTED a transition committed in between would show as a
    difference that is not one. On PostgreSQL the check runs in a transaction of
    its own, REPEATABLE READ, READ ONLY: every statement sees the database as of
    the first, and writers are not held up. On SQLite it does not: a transaction
    there begins IMMEDIATE (config/settings/base.py) and would hold the write
    lock for the whole check; a check that meets a concurrent write may report
    a difference, and run again. Called inside a transaction already open (a
    test's), it reads in that one.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class Command(BaseCommand):
    help = (
        "Delete and recreate the suggestion statistics' summary rows from the "
        "records, in one transaction (all congresses, or --congress). With --check, "
        "change nothing: compare the rows with the records and every figure with "
        "the live aggregate, and exit 1 on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--congress", type=int, help="人大 id")
        parser.add_argument("--year", type=int, help="年度（--check 时只核对该年）")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, congress=None, year=None, check=False, **options):
        congresses = Congress.objects.order_by("pk")
        if congress is not None:
            congresses = congresses.filter(pk=congress)
            if not congresses.exists():
                raise CommandError(f"人大 {congress} 不存在。")
        if check:
            with _snapshot():
                self._check(list(congresses), year)
            return
        started = time.monotonic()
        written = rebuild(congress_id=congress)
        self.stdout.write(
            f"stats_rebuild: {written} rows in {time.monotonic() - started:.2f} s"
        )

    def _check(self, congresses, year) -> None:
        today = timezone.localdate()
        reader = _reader()
        differences = []
        for congress in congresses:
            if row_totals(congress.pk) != expected_totals(congress.pk):
                differences.append(f"{congress.pk}: 汇总行与记录不一致")
            years = [year] if year else self._years(congress)
            for each in years:
                for group_by in (None, *GROUP_BY):
                    arguments = {
                        "user": reader,
                        "congress": congress,
                        "year": each,
                        "group_by": group_by,
                        "today": today,
                    }
                    if suggestion_stats(**arguments) != suggestion_stats_live(
                        **arguments
                    ):
                        differences.append(
                            f"{congress.pk}/{each}/{group_by or '合计'}: 统计不一致"
                        )
        for line in differences:
            self.stdout.write(line)
        if differences:
            raise CommandError(f"统计汇总行有 {len(differences)} 处不一致")
        self.stdout.write(f"stats_rebuild --check: {len(congresses)} 个人大，全部一致")

    @staticmethod
    def _years(congress) -> list[int]:
        dates = Suggestion.objects.filter(congress=congress).values_list(
            "submitted_at__year", "accepted_at__year"
        )
        return sorted({y for pair in dates.distinct() for y in pair if y})
