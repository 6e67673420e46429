"""The suite refuses a row lock taken after the audit chain's lock (PostgreSQL)."""

import pytest
from django.db import connection, transaction

from renda.accounts.models import User
from renda.core.audit_chain import chain_lock
from renda.core.tests.lock_order import RowLockAfterChainLock
from renda.suggestions.models import SuggestionStatsItem

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks exist on PostgreSQL"
    ),
    pytest.mark.usefixtures("lock_order_checked"),
]


def _lock_user(pk):
    return User.objects.select_for_update().get(pk=pk)


def _chain_then_row(pk, *, nested=False):
    with transaction.atomic():
        if nested:
            with transaction.atomic():
                chain_lock(connection.alias)
        else:
            chain_lock(connection.alias)
        _lock_user(pk)


@pytest.mark.django_db(transaction=True)
def test_a_row_locked_after_the_chain_lock_fails_the_test(committee_staff):
    with pytest.raises(RowLockAfterChainLock):
        _chain_then_row(committee_staff.pk)


@pytest.mark.django_db(transaction=True)
def test_rows_locked_before_the_chain_lock_pass(committee_staff):
    with transaction.atomic():
        _lock_user(committee_staff.pk)
        chain_lock(connection.alias)
    # The lock ends with its transaction: the next one may lock rows again.
    with transaction.atomic():
        _lock_user(committee_staff.pk)


@pytest.mark.django_db
def test_inside_the_tests_transaction_each_service_call_is_its_own(committee_staff):
    # A service's block is a savepoint here; the chain lock of an earlier call
    # is still held by the test's transaction, but in production it was not.
    with transaction.atomic():
        chain_lock(connection.alias)
    with transaction.atomic():
        _lock_user(committee_staff.pk)
    # Within one call, nested or not, the rule holds.
    with pytest.raises(RowLockAfterChainLock):
        _chain_then_row(committee_staff.pk, nested=True)


def _lock_chain_lock(first, second):
    """Lock ``first`` (a callable), take the chain lock, lock user ``second``."""
    with transaction.atomic():
        first()
        chain_lock(connection.alias)
        _lock_user(second)


@pytest.mark.django_db
def test_a_row_the_transaction_holds_already_may_be_locked_again(committee_staff):
    pk = committee_staff.pk
    # Locked by key before the chain lock: locking it again waits for nobody.
    _lock_chain_lock(lambda: _lock_user(pk), pk)
    # Several rows locked by key at once, then one of them again.
    other = User.objects.create_user(username="lock-order-other", password="x")
    both = User.objects.select_for_update().filter(pk__in=[pk, other.pk])
    _lock_chain_lock(lambda: list(both.order_by("pk")), other.pk)
    # A row the transaction created is its own.
    with transaction.atomic():
        made = User.objects.create_user(username="lock-order-made", password="x")
        chain_lock(connection.alias)
        _lock_user(made.pk)


@pytest.mark.django_db
def test_a_row_held_by_an_earlier_transaction_is_not_held_now(committee_staff):
    pk = committee_staff.pk
    other = User.objects.create_user(username="lock-order-other", password="x")
    with transaction.atomic():
        _lock_user(pk)
    with pytest.raises(RowLockAfterChainLock):
        _lock_chain_lock(lambda: _lock_user(pk), other.pk)
    # Rows locked by a filter other than the key are not counted as held.
    by_name = User.objects.select_for_update().filter(username=other.username)
    with pytest.raises(RowLockAfterChainLock):
        _lock_chain_lock(lambda: list(by_name), other.pk)


@pytest.mark.django_db(transaction=True)
def test_a_real_transaction_holds_its_rows_until_it_ends(committee_staff):
    pk = committee_staff.pk
    _lock_chain_lock(lambda: _lock_user(pk), pk)
    # The next real transaction holds nothing yet.
    with pytest.raises(RowLockAfterChainLock):
        _lock_chain_lock(lambda: None, pk)


def _chain_then(locking):
    with transaction.atomic():
        chain_lock(connection.alias)
        list(locking)


@pytest.mark.django_db
def test_only_the_summary_rows_table_itself_is_exempt(committee_staff):
    # Suggestions' summary rows are locked after the chain by design; a lock of
    # another table that merely names it is not exempt.
    _chain_then(SuggestionStatsItem.objects.select_for_update()[:1])
    naming = User.objects.select_for_update().extra(
        where=["'suggestions_suggestionstatsitem' <> ''"]
    )
    with pytest.raises(RowLockAfterChainLock):
        _chain_then(naming)
