"""What other apps do when meetings decide, without meetings importing them.

Supervision and suggestions link to meetings' records (they import this app);
meetings never imports them. They register here, in their ``AppConfig.ready``:

- ``register_vote_closed(fn)``: called inside the closing transaction with
  ``vote=`` (closed, result written) and ``actor=``; e.g. supervision records
  the satisfaction test of a report from a SATISFACTION vote whose agenda item's
  subject is its review opinion, and applies what 不满意 triggers.
- ``register_unit_figures(fn)``: ``fn(*, handling_unit, year, congress) -> dict``
  returns a unit's handling figures for 票决评议 (the suggestions app).
"""

from __future__ import annotations

from collections.abc import Callable

_vote_closed: list[Callable[..., None]] = []
_unit_figures: list[Callable[..., dict]] = []


def register_vote_closed(hook: Callable[..., None]) -> None:
    """Add a function to call when a vote closes (inside its transaction)."""
    if hook not in _vote_closed:
        _vote_closed.append(hook)


def run_vote_closed(*, vote, actor) -> None:
    """Call the hooks of a closed vote."""
    for hook in _vote_closed:
        hook(vote=vote, actor=actor)


def register_unit_figures(provider: Callable[..., dict]) -> None:
    """Set the function that returns a handling unit's figures for 票决评议."""
    if provider not in _unit_figures:
        _unit_figures.append(provider)


def unit_figures(*, handling_unit, year: int, congress) -> dict:
    """Return a unit's figures from every registered provider, merged."""
    figures: dict = {}
    for provider in _unit_figures:
        figures.update(
            provider(handling_unit=handling_unit, year=year, congress=congress)
        )
    return figures
