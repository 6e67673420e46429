"""Writes of suggestions: every step of the lifecycle is one service.

The services live in modules named for what they hold; this package re-exports
the public names so that callers write ``from renda.suggestions.services import
suggestion_submit``.

- ``intake``: drafts, submitting, staff's review (accept, return, reject);
- ``assignment``: assigning units (主办/会办/分办), misrouted returns, withdrawal;
- ``extension``: extension requests and decisions;
- ``reply``: replies, rating, handling again, closing;
- ``government``: the government's sign-off (签批) and its setting;
- ``merge``: merging (并案) and key suggestions (重点建议);
- ``with_attachments``: a page's write and its files as one (drafts, replies).
"""

from renda.core.idempotency import IDEMPOTENCY_KEY_MAX_LENGTH

from ..rules import answer_due, assignment_due, rating_deadline, return_deadline
from .assignment import assignment_return, assignment_withdraw, suggestion_assign
from .drafts import suggestion_discard_draft, suggestion_prepare_draft
from .extension import extension_decide, extension_request, suggestion_extend
from .government import (
    assignment_dispatch,
    government_route_set,
    instruction_record,
    suggestion_send_to_government,
)
from .intake import (
    DRAFT_FIELDS,
    SCOPE_SUBMIT,
    suggestion_accept,
    suggestion_create_draft,
    suggestion_reject,
    suggestion_return_for_clarification,
    suggestion_submit,
    suggestion_update_draft,
)
from .merge import suggestion_mark_key, suggestion_merge
from .reply import SCOPE_REPLY, feedback_create, reply_create, suggestion_close_expired
from .with_attachments import (
    SCOPE_SAVE_DRAFT,
    reply_create_with_attachments,
    suggestion_save_with_attachments,
)

__all__ = [
    "DRAFT_FIELDS",
    "IDEMPOTENCY_KEY_MAX_LENGTH",
    "SCOPE_REPLY",
    "SCOPE_SAVE_DRAFT",
    "SCOPE_SUBMIT",
    # Deadlines live in rules.py; kept here for callers that still ask services.
    "answer_due",
    "assignment_due",
    "assignment_dispatch",
    "assignment_return",
    "assignment_withdraw",
    "extension_decide",
    "extension_request",
    "feedback_create",
    "government_route_set",
    "instruction_record",
    "rating_deadline",
    "reply_create",
    "reply_create_with_attachments",
    "return_deadline",
    "suggestion_accept",
    "suggestion_assign",
    "suggestion_send_to_government",
    "suggestion_close_expired",
    "suggestion_create_draft",
    "suggestion_discard_draft",
    "suggestion_extend",
    "suggestion_mark_key",
    "suggestion_merge",
    "suggestion_prepare_draft",
    "suggestion_reject",
    "suggestion_return_for_clarification",
    "suggestion_save_with_attachments",
    "suggestion_submit",
    "suggestion_update_draft",
]
