"""Writes of the deputy's and the unit's pages: a service call and its files, as one.

A page saves a draft with its attachments, or a reply with its attachments; both
go through the domain services (``intake``, ``reply``) and ``attachments.py`` inside one
``atomic_with_files()`` block, so that a refusal leaves no row and no file.

Each write carries the form's idempotency key: a second tap (or a retry after a
lost response) with the same key returns the first result and changes nothing.
Two requests racing with one key meet at the key's unique constraint; the loser
rolls back whole and returns the winner's result.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError

from renda.core.models import IdempotencyKey

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


def _first_result(*, actor, scopes: Sequence[str], key: str | None):
    if not key or not getattr(actor, "is_authenticated", False):
        return None
    row = (
        IdempotencyKey.objects.filter(user=actor, scope__in=scopes, key=key)
        .order_by("pk")
        .first()
    )
    return row.result_pk if row else None


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
    scopes = (SCOPE_SUBMIT, SCOPE_SAVE_DRAFT)
    first = _first_result(actor=actor, scopes=scopes, key=idempotency_key)
    if first is not None:
        return Suggestion.objects.get(pk=first), True
    try:
        with atomic_with_files():
            if suggestion is None:
                suggestion = suggestion_create_draft(
                    actor=actor,
                    congress=congress,
                    term=term,
                    lead_deputy=lead_deputy,
                    **fields,
                )
            else:
                suggestion = suggestion_update_draft(
                    suggestion=suggestion, actor=actor, **fields
                )
            for attachment in remove:
                attachment_remove(attachment=attachment, actor=actor)
            attachments_add(uploads=uploads, actor=actor, suggestion=suggestion)
            if submit:
                suggestion = suggestion_submit(
                    suggestion=suggestion, actor=actor, idempotency_key=idempotency_key
                )
            elif idempotency_key:
                IdempotencyKey.objects.create(
                    user=actor,
                    scope=SCOPE_SAVE_DRAFT,
                    key=idempotency_key,
                    result_pk=suggestion.pk,
                )
    except IntegrityError:
        first = _first_result(actor=actor, scopes=scopes, key=idempotency_key)
        if first is None:
            raise
        return Suggestion.objects.get(pk=first), True
    return suggestion, False


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
    scopes = (SCOPE_REPLY,)
    first = _first_result(actor=actor, scopes=scopes, key=idempotency_key)
    if first is not None:
        return Reply.objects.get(pk=first), True
    try:
        with atomic_with_files():
            reply = reply_create(
                assignment=assignment,
                actor=actor,
                text=text,
                outcome=outcome,
                signed_by=signed_by,
                met_deputy_first=met_deputy_first,
                idempotency_key=idempotency_key,
            )
            attachments_add(uploads=uploads, actor=actor, reply=reply)
    except IntegrityError:
        first = _first_result(actor=actor, scopes=scopes, key=idempotency_key)
        if first is None:
            raise
        return Reply.objects.get(pk=first), True
    return reply, False
