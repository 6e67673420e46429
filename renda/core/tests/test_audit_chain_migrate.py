"""A populated audit log is sealed by the migration that adds the hash chain."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from renda.accounts.models import User
from renda.core.audit_archive import audit_verify
from renda.core.models import ActionLog
from renda.core.services import action_log_record

BEFORE = [("core", "0005_legal_calendar_moved")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_sealed_in_id_order(tmp_path, settings):
    settings.RENDA_AUDIT_HEAD_DIR = tmp_path
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="old")
    OldLog = old.get_model("core", "ActionLog")
    ids = [
        OldLog.objects.create(
            actor=user if i % 2 else None,
            actor_name="old" if i % 2 else "",
            action="old.write",
            summary=f"旧记录 {i}",
            data={"i": i, "f": 2.0, "嵌套": {"b": 1, "a": [1.5]}},
            ip_address="2001:DB8::1" if i == 3 else "192.0.2.1",
        ).pk
        for i in range(1, 6)
    ]

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = list(ActionLog.objects.filter(pk__in=ids).order_by("id"))
    assert [r.seq for r in rows] == list(range(1, 6))
    assert rows[1].prev_hash == rows[0].chain_hash
    report = audit_verify()
    assert report.ok, report.summary()
    # New rows continue the chain; deleting the old user keeps it intact.
    new = action_log_record(actor=None, action="new.write")
    assert new.seq == 6
    assert new.prev_hash == rows[-1].chain_hash
    User.objects.get(username="old").delete()
    report = audit_verify()
    assert report.ok, report.summary()
