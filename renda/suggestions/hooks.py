"""What other areas do when a prepared draft is submitted or discarded.

A draft a station prepared from a resident's request (代拟) is linked to that
request by the receptions app, which suggestions does not import. Receptions
registers here what it does when the deputy submits the draft (the request is
converted into the suggestion) or discards it (the link is dropped before the
row goes), and the suggestion services call the hooks inside their
transaction, as ``panels.register_panel`` lets areas add to the detail page::

    from renda.suggestions.hooks import register_draft_hooks

    register_draft_hooks(on_submitted=request_follow_submit, on_discarded=unlink)

Each hook is called with ``suggestion=``, ``actor=`` and ``at=``.
"""

from __future__ import annotations

from collections.abc import Callable

DraftHook = Callable[..., None]

_submitted: list[DraftHook] = []
_discarded: list[DraftHook] = []


def register_draft_hooks(
    *, on_submitted: DraftHook | None = None, on_discarded: DraftHook | None = None
) -> None:
    """Add the functions to call when a prepared draft is submitted or discarded."""
    if on_submitted is not None and on_submitted not in _submitted:
        _submitted.append(on_submitted)
    if on_discarded is not None and on_discarded not in _discarded:
        _discarded.append(on_discarded)


def run_submitted(*, suggestion, actor, at) -> None:
    """Call the hooks of a prepared draft the deputy submitted (first time only)."""
    for hook in _submitted:
        hook(suggestion=suggestion, actor=actor, at=at)


def run_discarded(*, suggestion, actor, at) -> None:
    """Call the hooks of a draft about to be deleted."""
    for hook in _discarded:
        hook(suggestion=suggestion, actor=actor, at=at)


# Assignments ---------------------------------------------------------------------
# An area that acts on an assignment (the 12345 直通车 sends an item assigned to a
# partner's unit to the partner's system) registers here::
#
#     register_assignment_hooks(on_assigned=ticket_open, on_withdrawn=ticket_cancel)
#
# The assignment services call each hook inside their transaction with
# ``assignment=``, ``actor=`` and ``at=``; a hook that raises refuses the step.

_assigned: list[DraftHook] = []
_withdrawn: list[DraftHook] = []


def register_assignment_hooks(
    *, on_assigned: DraftHook | None = None, on_withdrawn: DraftHook | None = None
) -> None:
    """Add the functions to call when a unit is assigned an item or withdrawn from it."""
    if on_assigned is not None and on_assigned not in _assigned:
        _assigned.append(on_assigned)
    if on_withdrawn is not None and on_withdrawn not in _withdrawn:
        _withdrawn.append(on_withdrawn)


def run_assigned(*, assignment, actor, at) -> None:
    """Call the hooks of a new assignment."""
    for hook in _assigned:
        hook(assignment=assignment, actor=actor, at=at)


def run_withdrawn(*, assignment, actor, at) -> None:
    """Call the hooks of a withdrawn assignment."""
    for hook in _withdrawn:
        hook(assignment=assignment, actor=actor, at=at)
