"""manage.py audit_verify [--heads FILE] [--archive FILE ...]: check the audit log's chain.

Exits 0 with a one-line summary when the chain is intact; otherwise exits 1 naming the
first broken row (id, seq, what is wrong). docs/security.md "Audit log".
"""

from django.core.management.base import BaseCommand, CommandError

from renda.core.audit_archive import ArchiveRefused, audit_verify, audit_verify_archive


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (and, with --archive, archive files)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--heads",
            help="the exported heads file (default: RENDA_AUDIT_HEAD_DIR/heads.tsv)",
        )
        parser.add_argument(
            "--archive",
            action="append",
            default=[],
            metavar="FILE",
            help="verify this archive file (actionlog-….jsonl.gz) instead of the database",
        )
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        if options["archive"]:
            for path in options["archive"]:
                try:
                    line = audit_verify_archive(
                        path, using=options["database"], heads_file=options["heads"]
                    )
                except ArchiveRefused as exc:
                    raise CommandError(f"archive BROKEN: {exc}", returncode=1) from exc
                self.stdout.write(line)
            return
        report = audit_verify(
            heads_file=options["heads"],
            using=options["database"],
            batch=options["batch"],
        )
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)
        self.stdout.write(report.summary())
