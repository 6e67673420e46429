"""Idempotent writes: a client's retried write answers with its first result.

Used only by services. A client sends a key with a write (the API's
``Idempotency-Key`` header, a page's hidden ``idempotency_key`` field); the
first write under that key for that user and scope stores the key beside the
pk of its result, and every later write with the same key returns that result
instead of writing again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, NamedTuple, TypeVar

from django.db import IntegrityError, models, transaction

from .errors import ApplicationError, Conflict
from .models import IdempotencyKey

IDEMPOTENCY_KEY_MAX_LENGTH = 100

M = TypeVar("M", bound=models.Model)


class Outcome(NamedTuple, Generic[M]):
    """The result of :func:`run_once_outcome`, and whether it was a repeat."""

    result: M
    repeated: bool


def check_idempotency_key(key: object) -> str | None:
    """Return the key if it is usable, None if there is none; refuse a bad one."""
    if key is None or key == "":
        return None
    if not isinstance(key, str) or len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ApplicationError(
            f"幂等键（idempotency_key）须为不超过 {IDEMPOTENCY_KEY_MAX_LENGTH} "
            "个字符的字符串。",
            code="core.invalid_idempotency_key",
            field="idempotency_key",
        )
    return key


def first_result(
    *, actor, scope: str | Iterable[str], key: str | None, model: type[M]
) -> M | None:
    """Return the stored result of an earlier write with this key, or None.

    ``scope`` may name several scopes when one form can end in different writes
    (saving a draft or submitting it): the earliest stored key wins.
    """
    key = check_idempotency_key(key)
    if key is None or not getattr(actor, "is_authenticated", False):
        return None
    scopes = [scope] if isinstance(scope, str) else list(scope)
    row = (
        IdempotencyKey.objects.filter(user=actor, scope__in=scopes, key=key)
        .order_by("pk")
        .first()
    )
    if row is None:
        return None
    result = model._default_manager.filter(pk=row.result_pk).first()
    if result is None:
        raise Conflict(
            "该幂等键（idempotency_key）对应的记录已不存在，请使用新的幂等键。",
            code="core.idempotency_key_stale",
            field="idempotency_key",
        )
    return result


def run_once_outcome(
    *,
    actor,
    scope: str,
    key: str | None,
    model: type[M],
    action: Callable[[], M],
    lookup_scopes: Iterable[str] = (),
) -> Outcome[M]:
    """Run ``action`` once per (actor, scope, key) and say whether this was a repeat.

    Without a key (or without a signed-in actor) ``action`` simply runs. Call it
    inside the service's transaction: ``action`` and the stored key share a
    savepoint, so a concurrent duplicate whose key insert loses the race rolls
    its own work back and answers with the first result rather than an
    IntegrityError. ``lookup_scopes`` are further scopes whose stored results
    also count as "already done".
    """
    key = check_idempotency_key(key)
    if key is None or not getattr(actor, "is_authenticated", False):
        return Outcome(action(), False)
    scopes = [scope, *lookup_scopes]
    first = first_result(actor=actor, scope=scopes, key=key, model=model)
    if first is not None:
        return Outcome(first, True)
    try:
        with transaction.atomic():
            result = action()
            IdempotencyKey.objects.create(
                user=actor, scope=scope, key=key, result_pk=result.pk
            )
    except IntegrityError:
        first = first_result(actor=actor, scope=scopes, key=key, model=model)
        if first is None:
            raise
        return Outcome(first, True)
    return Outcome(result, False)


def run_once(
    *,
    actor,
    scope: str,
    key: str | None,
    model: type[M],
    action: Callable[[], M],
    lookup_scopes: Iterable[str] = (),
) -> M:
    """Return the stored result of a retried write, or run ``action`` and remember it.

    See :func:`run_once_outcome`; a caller that must refuse a key reused for a
    different object compares the returned result with the one it meant.
    """
    return run_once_outcome(
        actor=actor,
        scope=scope,
        key=key,
        model=model,
        action=action,
        lookup_scopes=lookup_scopes,
    ).result
