"""IdempotencyKey moved to ``renda.core``: drop it from this app's state only.

The table ``suggestions_idempotencykey`` and its rows stay; core's model names it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0003_perf_indexes"),
        ("core", "0004_idempotency_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IdempotencyKey")],
            database_operations=[],
        ),
    ]
