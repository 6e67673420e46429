"""On PostgreSQL the database itself refuses to change or delete audit rows."""

import pytest
from django.db import DatabaseError, connection, transaction

from renda.accounts.tests.factories import UserFactory
from renda.core.models import ActionLog
from renda.core.services import action_log_record

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the trigger exists on PostgreSQL only",
    ),
]


@pytest.mark.django_db
def test_raw_update_and_delete_are_refused_by_the_database():
    row = action_log_record(actor=None, action="test.write", summary="原始记录")
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE core_actionlog SET summary = 'changed' WHERE id = %s", [row.pk]
        )
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_actionlog WHERE id = %s", [row.pk])
    assert ActionLog.objects.get(pk=row.pk).summary == "原始记录"


@pytest.mark.django_db
def test_deleting_a_user_keeps_their_rows_with_no_actor():
    user = UserFactory()
    row = action_log_record(actor=user, action="test.write", summary="有操作人")
    user.delete()
    kept = ActionLog.objects.get(pk=row.pk)
    assert kept.actor_id is None
    assert kept.actor_name == user.username
