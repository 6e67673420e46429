"""run_once: a retried write answers with its first result, and writes nothing more."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from renda.core import idempotency
from renda.core.errors import ApplicationError, Conflict
from renda.core.idempotency import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    check_idempotency_key,
    run_once,
    run_once_outcome,
)
from renda.core.models import ActionLog, IdempotencyKey
from renda.core.services import action_log_record


def _write(actor, summary="写入"):
    return lambda: action_log_record(actor=actor, action="test.write", summary=summary)


def test_without_key_every_call_writes(deputy):
    first = run_once(
        actor=deputy, scope="s", key=None, model=ActionLog, action=_write(deputy)
    )
    second = run_once(
        actor=deputy, scope="s", key="", model=ActionLog, action=_write(deputy)
    )

    assert first.pk != second.pk
    assert ActionLog.objects.filter(action="test.write").count() == 2
    assert not IdempotencyKey.objects.exists()


def test_retry_with_same_key_returns_first_result_and_writes_nothing(deputy):
    first = run_once(
        actor=deputy, scope="s", key="k-1", model=ActionLog, action=_write(deputy)
    )

    again = run_once_outcome(
        actor=deputy,
        scope="s",
        key="k-1",
        model=ActionLog,
        action=_write(deputy, "第二次"),
    )

    assert again.repeated is True
    assert again.result.pk == first.pk
    assert ActionLog.objects.filter(action="test.write").count() == 1
    row = IdempotencyKey.objects.get()
    assert (row.user, row.scope, row.key, row.result_pk) == (
        deputy,
        "s",
        "k-1",
        first.pk,
    )


def test_same_key_in_another_scope_or_by_another_user_writes_again(
    deputy, committee_staff
):
    first = run_once(
        actor=deputy, scope="s", key="k", model=ActionLog, action=_write(deputy)
    )
    other_scope = run_once(
        actor=deputy, scope="t", key="k", model=ActionLog, action=_write(deputy)
    )
    other_user = run_once(
        actor=committee_staff,
        scope="s",
        key="k",
        model=ActionLog,
        action=_write(committee_staff),
    )

    assert len({first.pk, other_scope.pk, other_user.pk}) == 3
    assert IdempotencyKey.objects.count() == 3


def test_lookup_scopes_count_as_already_done(deputy):
    first = run_once(
        actor=deputy, scope="draft", key="k", model=ActionLog, action=_write(deputy)
    )

    again = run_once_outcome(
        actor=deputy,
        scope="submit",
        key="k",
        model=ActionLog,
        action=_write(deputy),
        lookup_scopes=["draft"],
    )

    assert again == (first, True)


def test_anonymous_actor_runs_without_storing_the_key(db):
    result = run_once(
        actor=AnonymousUser(),
        scope="s",
        key="k",
        model=ActionLog,
        action=_write(None),
    )

    assert result.pk
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("key", ["x" * (IDEMPOTENCY_KEY_MAX_LENGTH + 1), 12, ["k"]])
def test_bad_key_is_refused_naming_the_field_and_nothing_runs(deputy, key):
    calls = []

    with pytest.raises(ApplicationError) as caught:
        run_once(
            actor=deputy,
            scope="s",
            key=key,
            model=ActionLog,
            action=lambda: calls.append(1),
        )

    assert caught.value.code == "core.invalid_idempotency_key"
    assert caught.value.field == "idempotency_key"
    assert "idempotency_key" in caught.value.message
    assert "100" in caught.value.message
    assert calls == []
    assert not IdempotencyKey.objects.exists()


def test_key_of_the_maximum_length_is_accepted():
    key = "x" * IDEMPOTENCY_KEY_MAX_LENGTH

    assert check_idempotency_key(key) == key
    assert check_idempotency_key(None) is None
    assert check_idempotency_key("") is None


def test_concurrent_duplicate_answers_with_the_first_result(deputy, monkeypatch):
    # Given another request stored the key between our lookup and our insert
    winner = action_log_record(actor=deputy, action="test.write", summary="先到")
    IdempotencyKey.objects.create(user=deputy, scope="s", key="k", result_pk=winner.pk)
    real_lookup = idempotency.first_result
    lookups = []

    def lookup_missing_once(**kwargs):
        lookups.append(kwargs)
        return None if len(lookups) == 1 else real_lookup(**kwargs)

    monkeypatch.setattr(idempotency, "first_result", lookup_missing_once)

    # When our write runs inside the caller's transaction
    with transaction.atomic():
        outcome = run_once_outcome(
            actor=deputy,
            scope="s",
            key="k",
            model=ActionLog,
            action=_write(deputy, "后到"),
        )
        # the caller's transaction is still usable after the lost race
        assert ActionLog.objects.filter(summary="先到").exists()

    # Then it answers with the first result and its own write was rolled back
    assert outcome == (winner, True)
    assert not ActionLog.objects.filter(summary="后到").exists()
    assert IdempotencyKey.objects.count() == 1


def test_integrity_error_of_the_action_itself_is_not_swallowed(deputy):
    def broken():
        raise IntegrityError("unrelated")

    with pytest.raises(IntegrityError):
        run_once(actor=deputy, scope="s", key="k", model=ActionLog, action=broken)

    assert not IdempotencyKey.objects.exists()


def test_key_whose_result_is_gone_is_a_conflict(deputy):
    IdempotencyKey.objects.create(user=deputy, scope="s", key="k", result_pk=999_999)

    with pytest.raises(Conflict) as caught:
        run_once(
            actor=deputy, scope="s", key="k", model=ActionLog, action=_write(deputy)
        )

    assert caught.value.code == "core.idempotency_key_stale"
    assert caught.value.field == "idempotency_key"
