"""CommitteeMeeting now lives in renda.meetings (the same table): point the
observers and events at it and drop it from liaison's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("liaison", "0004_events"),
        ("meetings", "0001_committee_meeting_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meetingobserver",
                    name="meeting",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="observers", to="meetings.committeemeeting", verbose_name="会议"),
                ),
                migrations.AlterField(
                    model_name="liaisonevent",
                    name="meeting",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="events", to="meetings.committeemeeting", verbose_name="常委会会议"),
                ),
                migrations.DeleteModel(name="CommitteeMeeting"),
            ],
            database_operations=[],
        ),
    ]
