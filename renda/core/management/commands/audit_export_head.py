"""manage.py audit_export_head [--today YYYY-MM-DD] [--dir DIR]: export the chain head.

Appends one line (date, last seq, last id, hash, rows in the database) to
RENDA_AUDIT_HEAD_DIR/heads.tsv; a second run the same day adds nothing. Scheduled daily
(RENDA_SCHEDULES); copy the file off the machine with the backups.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from renda.core.audit_archive import audit_head_export, heads_path


class Command(BaseCommand):
    help = "Append today's audit-chain head to the heads file outside the database."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to record (YYYY-MM-DD)")
        parser.add_argument("--dir", help="default: RENDA_AUDIT_HEAD_DIR")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today: write the date as YYYY-MM-DD") from exc
        line, written = audit_head_export(today=today, directory=options["dir"])
        where = heads_path(options["dir"])
        verb = "exported" if written else "already exported today"
        self.stdout.write(
            f"audit head {verb}: {line.date} seq {line.seq} id {line.id} "
            f"hash {line.chain_hash[:16]}… rows {line.rows} → {where}"
        )
