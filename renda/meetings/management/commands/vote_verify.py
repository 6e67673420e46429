"""manage.py vote_verify <id>: recount a closed vote from its stored rows.

Exits 0 and prints the recomputed chain head when everything matches; prints
the first problem and exits non-zero when any stored ballot, participation or
the published result has been edited, deleted or added (docs/voting.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from renda.core.parsing import parse_pk
from renda.meetings.ballots import verify_vote
from renda.meetings.models import Vote


class Command(BaseCommand):
    help = "Recount a closed vote from its stored ballots and participations."

    def add_arguments(self, parser):
        parser.add_argument("vote_id", help="The vote's id (表决编号).")

    def handle(self, *args, **options):
        pk = parse_pk(options["vote_id"])
        vote = Vote.objects.filter(pk=pk or 0).first() if pk else None
        if vote is None:
            raise CommandError(f"表决“{options['vote_id']}”不存在。", returncode=2)
        report = verify_vote(vote)
        if not report.ok:
            for problem in report.problems[1:]:
                self.stderr.write(problem)
            raise CommandError(
                f"核验未通过（表决 {vote.pk}）：{report.problems[0]}", returncode=1
            )
        self.stdout.write(
            f"核验通过：表决 {vote.pk}“{vote.title}”，参与记录 {report.participations} 条，"
            f"选票 {report.ballots} 张，公示链头 {report.chain_head}"
        )
