"""manage.py audit_archive [--days N] [--dir DIR]: move old audit rows to archive files.

Rows older than RENDA_AUDIT_RETENTION_DAYS (at least 184, Cybersecurity Law art. 21) go,
oldest first, into RENDA_AUDIT_ARCHIVE_DIR/actionlog-<first seq>-<last seq>.jsonl.gz with a
manifest; a checkpoint is recorded and only then are the rows deleted. Safe to rerun.
Scheduled daily (RENDA_SCHEDULES).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.core.audit_archive import ArchiveRefused, audit_archive_run


class Command(BaseCommand):
    help = "Archive audit rows older than the retention to compressed files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="default: RENDA_AUDIT_RETENTION_DAYS"
        )
        parser.add_argument("--dir", help="default: RENDA_AUDIT_ARCHIVE_DIR")
        parser.add_argument("--batch", type=int, default=50_000, help="rows per file")
        parser.add_argument(
            "--now", help="pretend it is this UTC time (ISO), for tests"
        )

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError("--now: write the time as ISO 8601") from exc
            if timezone.is_naive(now):
                now = now.replace(tzinfo=dt.UTC)
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        try:
            report = audit_archive_run(
                now=now,
                days=options["days"],
                directory=options["dir"],
                batch=options["batch"],
            )
        except (ArchiveRefused, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
