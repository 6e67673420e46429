"""manage.py meetings_close_votes: close the online votes whose window has ended
(run every minute by RENDA_SCHEDULES). Idempotent: safe to run at any time."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from renda.meetings.services import close_due_votes


class Command(BaseCommand):
    help = "Close online votes (网络表决) past their closing time."

    def handle(self, *args, **options):
        closed = close_due_votes()
        self.stdout.write(f"已结束网络表决 {closed} 项。")
