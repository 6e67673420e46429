"""State tables and the one ``transition()`` helper every workflow service uses.

A workflow model's status is a ``TextChoices``; beside it sits one
``StateTable``: verb → (the states it may start from, the state it leads to, or
None when the state stays put). The model names the table in ``state_table``
and may add guards of its own in ``can(verb)`` (e.g. "not merged into another
item"). A service checks permission first (``PermissionDenied``), then calls
``transition(obj, verb)``, which raises ``InvalidTransition`` when the current
state does not allow the verb and otherwise sets the new state, returning the
fields to save::

    suggestion = lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise PermissionDenied(...)
    changed = transition(suggestion, "accept")
    suggestion.accepted_at = at
    suggestion.save(update_fields=[*changed, "accepted_at", "updated_at"])

``core`` imports no domain app: this module knows only choices and errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from django.db import models

from .errors import InvalidTransition


class Move(NamedTuple):
    """One verb of a state table: where it may start, where it leads (None: stays)."""

    sources: frozenset
    target: str | None


class StateTable:
    """The allowed moves of one status field, with the words of its errors.

    ``actions`` names each verb in Chinese for the error ("不能{action}");
    ``noun`` names the object ("该建议"); ``code`` is the error code.
    """

    def __init__(
        self,
        states: type[models.TextChoices],
        moves: Mapping[str, tuple[Iterable, str | None]],
        *,
        field: str = "status",
        noun: str = "该事项",
        code: str = "invalid_state",
        actions: Mapping[str, str] | None = None,
    ) -> None:
        self.states = states
        self.field = field
        self.noun = noun
        self.code = code
        self.actions = dict(actions or {})
        self.moves: dict[str, Move] = {}
        for verb, (sources, target) in moves.items():
            sources = frozenset(sources)
            unknown = {*sources, *([target] if target is not None else [])} - set(
                states.values
            )
            if unknown:
                raise ValueError(f"Unknown states in verb {verb!r}: {sorted(unknown)}")
            self.moves[verb] = Move(sources, target)

    def __getitem__(self, verb: str) -> Move:
        return self.moves[verb]

    def __contains__(self, verb: str) -> bool:
        return verb in self.moves

    def can(self, status: str, verb: str) -> bool:
        """Tell whether an object in ``status`` may undergo ``verb``."""
        return status in self.moves[verb].sources

    def target(self, verb: str) -> str | None:
        """Return the state ``verb`` leads to (None when it stays put)."""
        return self.moves[verb].target

    def error(self, obj, verb: str, action: str | None = None) -> InvalidTransition:
        """Return the "wrong state" error of ``obj`` for ``verb``."""
        label = self.states(getattr(obj, self.field)).label
        words = action or self.actions.get(verb, verb)
        return InvalidTransition(
            f"{self.noun}当前状态为“{label}”，不能{words}。", code=self.code
        )


def allowed(obj, verb: str) -> bool:
    """Tell whether ``obj`` may undergo ``verb`` now (its table and its own guards)."""
    check = getattr(obj, "can", None)
    if callable(check):
        return check(verb)
    table: StateTable = type(obj).state_table
    return table.can(getattr(obj, table.field), verb)


def transition(obj, verb: str, *, action: str | None = None) -> list[str]:
    """Apply ``verb`` of the object's state table; return the fields to save.

    Raise ``InvalidTransition`` (via the object's ``transition_error(verb,
    action)`` if it has one, else the table's) when the current state does not
    allow the verb. The object is not saved: the service saves it with its other
    changed fields in one ``update_fields``.
    """
    table: StateTable = type(obj).state_table
    if verb not in table:
        raise KeyError(f"{type(obj).__name__} has no verb {verb!r}")
    if not allowed(obj, verb):
        explain = getattr(obj, "transition_error", None)
        if callable(explain):
            raise explain(verb, action)
        raise table.error(obj, verb, action)
    target = table.target(verb)
    if target is None or getattr(obj, table.field) == target:
        return []
    setattr(obj, table.field, target)
    return [table.field]
