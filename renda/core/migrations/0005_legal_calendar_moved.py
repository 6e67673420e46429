"""The legal calendar's models moved to ``renda.legal_calendar``: state only.

The tables ``core_holidaycalendaryear`` and ``core_holidaycalendarday`` and their
rows stay; ``legal_calendar.0001_initial`` names them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_idempotency_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HolidayCalendarDay"),
                migrations.DeleteModel(name="HolidayCalendarYear"),
            ],
            database_operations=[],
        ),
    ]
