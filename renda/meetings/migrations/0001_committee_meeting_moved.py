"""CommitteeMeeting moves from renda.liaison to this app: the table stays and
only Django's state moves here (liaison 0005 removes it from liaison's state);
0002 renames the table and adds what meetings need."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("congresses", "0002_initial"),
        ("liaison", "0004_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CommitteeMeeting",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="创建时间")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                        ("number", models.PositiveSmallIntegerField(verbose_name="会次")),
                        ("date", models.DateField(verbose_name="日期")),
                        ("agenda", models.TextField(verbose_name="议程")),
                        ("standing_committee", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="meetings", to="congresses.standingcommittee", verbose_name="常委会")),
                    ],
                    options={
                        "verbose_name": "常委会会议",
                        "verbose_name_plural": "常委会会议",
                        "ordering": ["-date", "-id"],
                        "db_table": "liaison_committeemeeting",
                        "constraints": [
                            models.UniqueConstraint(fields=("standing_committee", "number"), name="committee_meeting_number"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
