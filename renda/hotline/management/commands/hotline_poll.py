"""Ask the partners' 12345 systems about the open tickets (every 10 minutes)."""

from django.core.management.base import BaseCommand

from renda.hotline.services.outbound import tickets_poll


class Command(BaseCommand):
    help = "查询已发送至12345热线的工单状态，记录对方答复（可重复运行）。"

    def handle(self, *args, **options):
        counts = tickets_poll()
        summary = ", ".join(f"{key}={value}" for key, value in sorted(counts.items()))
        self.stdout.write(f"hotline_poll: {summary or 'nothing open'}")
