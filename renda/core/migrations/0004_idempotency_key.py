"""Take over IdempotencyKey from the suggestions app, table and rows unchanged.

State only: the table ``suggestions_idempotencykey`` was created by
``suggestions.0001_initial`` and keeps its name (``Meta.db_table``).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_action_log_append_only_trigger"),
        # The table this model now names is created there.
        ("suggestions", "0003_perf_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IdempotencyKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=100, verbose_name="幂等键")),
                        ("scope", models.CharField(max_length=50, verbose_name="操作")),
                        (
                            "result_pk",
                            models.BigIntegerField(verbose_name="结果编号"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, verbose_name="时间"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="用户",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "幂等键",
                        "verbose_name_plural": "幂等键",
                        "db_table": "suggestions_idempotencykey",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "scope", "key"),
                                name="idempotency_key_unique",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
