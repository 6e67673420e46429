"""A page's write and its files as one: drafts and replies with attachments.

A page saves a draft with its attachments, or a reply with its attachments; both
go through the domain services (``intake``, ``reply``) and ``attachments.py``
inside one ``atomic_with_files()`` block, so that a refusal leaves no row and no
file.

Each write carries the form's idempotency key (``renda.core.idempotency``): a
second tap (or a retry after a lost response) with the same key returns the
first result and changes nothing. Two requests racing with one key meet at the
key's unique constraint; the loser rolls back whole, its files included, and
returns the winner's result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from renda.core.idempotency import run_once_outcome

from ..attachments import (
    CheckedUpload,
    atomic_with_files,
    attachment_remove,
    attachments_add,
)
from ..models import Attachment, Reply, Suggestion
from .intake import (
    SCOPE_SUBMIT,
    suggestion_create_draft,
    suggestion_submit,
    suggestion_update_draft,
)
from .reply import SCOPE_REPLY, reply_create

SCOPE_SAVE_DRAFT = "suggestion.save_draft"


class _Repeated(Exception):
    """Roll this request's writes and files back: the key's first result stands."""

    def __init__(self, result) -> None:
        super().__init__()
        self.result = result


def _once_with_files(
    *,
    actor,
    scope: str,
    key: str | None,
    model,
    action: Callable,
    lookup_scopes: Sequence[str] = (),
):
    """Run ``action`` once per key inside ``atomic_with_files()``; return (result, repeated)."""
    try:
        with atomic_with_files():
            outcome = run_once_outcome(
                actor=actor,
                scope=scope,
                key=key,
                model=model,
                action=action,
                lookup_scopes=lookup_scopes,
            )
            if outcome.repeated:
                raise _Repeated(outcome.result)
    except _Repeated as repeat:
        return repeat.result, True
    return outcome.result, False


def suggestion_save_with_attachments(
    *,
    actor,
    fields: dict,
    uploads: Sequence[CheckedUpload] = (),
    remove: Sequence[Attachment] = (),
    suggestion: Suggestion | None = None,
    congress=None,
    term=None,
    lead_deputy=None,
    submit: bool = False,
    idempotency_key: str | None = None,
) -> tuple[Suggestion, bool]:
    """Save a new or existing draft with its files, and submit it if asked.

    Return the suggestion and whether this was a repeat of an earlier request
    with the same key (then nothing was changed).
    """

    def save() -> Suggestion:
        if suggestion is None:
            saved = suggestion_create_draft(
                actor=actor,
                congress=congress,
                term=term,
                lead_deputy=lead_deputy,
                **fields,
            )
        else:
            saved = suggestion_update_draft(
                suggestion=suggestion, actor=actor, **fields
            )
        for attachment in remove:
            attachment_remove(attachment=attachment, actor=actor)
        attachments_add(uploads=uploads, actor=actor, suggestion=saved)
        if submit:
            saved = suggestion_submit(suggestion=saved, actor=actor)
        return saved

    scope, other = (
        (SCOPE_SUBMIT, SCOPE_SAVE_DRAFT) if submit else (SCOPE_SAVE_DRAFT, SCOPE_SUBMIT)
    )
    return _once_with_files(
        actor=actor,
        scope=scope,
        key=idempotency_key,
        model=Suggestion,
        action=save,
        lookup_scopes=(other,),
    )


def reply_create_with_attachments(
    *,
    assignment,
    actor,
    text: str,
    outcome: str,
    signed_by: str,
    met_deputy_first: bool,
    uploads: Sequence[CheckedUpload] = (),
    idempotency_key: str | None = None,
) -> tuple[Reply, bool]:
    """Record a unit's reply with its files; return it and whether it was a repeat."""

    def save() -> Reply:
        reply = reply_create(
            assignment=assignment,
            actor=actor,
            text=text,
            outcome=outcome,
            signed_by=signed_by,
            met_deputy_first=met_deputy_first,
        )
        attachments_add(uploads=uploads, actor=actor, reply=reply)
        return reply

    return _once_with_files(
        actor=actor,
        scope=SCOPE_REPLY,
        key=idempotency_key,
        model=Reply,
        action=save,
    )
