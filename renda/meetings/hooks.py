"""What other apps do when meetings decide, without meetings importing them.

Supervision and suggestions link to meetings' records (they import this app);
meetings never imports them. They register here, in their ``AppConfig.ready``:

- ``register_vote_closed(fn)``: called inside the closing transaction with
  ``vote=`` (closed, result written) and ``actor=``; e.g. supervision records
  the satisfaction test of a report from a SATISFACTION vote whose agenda item's
  subject is its review opinion, and applies what 不满意 triggers.
- ``register_unit_figures(fn)``: ``fn(*, handling_unit, year, congress) -> dict``
  returns a unit's handling figures for 票决评议 (the suggestions app).
- ``register_agenda_subjects(fn)``: ``fn(*, meeting, kind) -> [(label, obj)]``
  returns what an agenda item of that kind at that meeting may be linked to
  (关联事项), e.g. supervision offers its work-report items for WORK_REPORT.
"""

from __future__ import annotations

from collections.abc import Callable

_vote_closed: list[Callable[..., None]] = []
_unit_figures: list[Callable[..., dict]] = []
_agenda_subjects: list[Callable[..., list]] = []


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


def register_agenda_subjects(provider: Callable[..., list]) -> None:
    """Add a function returning the candidate subjects of an agenda item."""
    if provider not in _agenda_subjects:
        _agenda_subjects.append(provider)


def subject_value(obj) -> str:
    """The form value of a subject: ``<app_label>.<model>:<pk>``."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def agenda_subjects(*, meeting, kind: str) -> list[tuple[str, object]]:
    """Every registered provider's candidates, as (value, object), no repeats."""
    seen: set[str] = set()
    found: list[tuple[str, object]] = []
    for provider in _agenda_subjects:
        for _label, obj in provider(meeting=meeting, kind=kind) or []:
            value = subject_value(obj)
            if value not in seen:
                seen.add(value)
                found.append((value, obj))
    return found


def agenda_subject_choices(*, meeting, kind: str) -> list[tuple[str, str]]:
    """The choices (value, label) of 关联事项 for an agenda item of ``kind``."""
    choices: list[tuple[str, str]] = []
    seen: set[str] = set()
    for provider in _agenda_subjects:
        for label, obj in provider(meeting=meeting, kind=kind) or []:
            value = subject_value(obj)
            if value not in seen:
                seen.add(value)
                choices.append((value, str(label)))
    return choices


def resolve_agenda_subject(*, meeting, kind: str, value: str):
    """The object a chosen value names, only if it is among the candidates of
    ``kind`` at ``meeting`` (so no other congress's object, nor another kind's);
    else ``None``. An empty value is also ``None``: the caller tells them apart.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    for candidate, obj in agenda_subjects(meeting=meeting, kind=kind):
        if candidate == value:
            return obj
    return None


def subject_url(obj) -> str:
    """The page of a linked subject, if it has one."""
    if obj is None:
        return ""
    for name in ("get_absolute_url", "decision_subject_url"):
        method = getattr(obj, name, None)
        if callable(method):
            try:
                return method() or ""
            except Exception:  # noqa: BLE001 - a broken link must not break a page
                return ""
    return ""
