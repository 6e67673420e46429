"""Reception days and residents' requests moved to the receptions app.

State only (``SeparateDatabaseAndState``): the tables stay, now owned by
receptions/0001, which keeps their names with ``db_table``.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("stations", "0002_reception_days_and_requests"),
        ("receptions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PublicRequestEvent"),
                migrations.DeleteModel(name="PublicRequestPhoto"),
                migrations.RemoveField(model_name="publicrequest", name="reception_day"),
                migrations.DeleteModel(name="ReceptionDay"),
                migrations.DeleteModel(name="PublicRequest"),
            ],
            database_operations=[],
        ),
    ]
