"""manage.py schedules_sync: the periodic jobs in django-q's schedule table."""

from django.core.management.base import BaseCommand

from renda.notifications.jobs import schedules_sync


class Command(BaseCommand):
    help = (
        "Create or update the periodic jobs (settings.RENDA_SCHEDULES) in django-q's "
        "schedule table. Idempotent: run it after every migrate."
    )

    def handle(self, *args, **options):
        report = schedules_sync()
        self.stdout.write(report.summary())
