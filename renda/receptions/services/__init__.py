"""Writes of reception days and residents' requests.

Every transition runs in one transaction: lock the row, check permission
(``PermissionDenied``), then state against the tables in ``choices`` through
``common.transition`` (``InvalidTransition``), then input (``ApplicationError``
naming the field), save with ``update_fields``, append the typed event of
``events`` (requests) and the audit row, and schedule the notices of
``notices`` with ``transaction.on_commit``. Services that depend on the date
take ``now`` (default ``timezone.now()``) so that tests pass explicit times.
"""

from renda.core.repeats import REPEATED_MESSAGE

from .common import normalize_phone
from .drafts import public_request_prepare_draft
from .handling import (
    congress_for_conversion,
    public_request_answer,
    public_request_answer_on_the_spot,
    public_request_close,
    public_request_convert_to_suggestion,
    public_request_route_grassroots,
    public_request_tell_resident,
)
from .intake import (
    RepeatedPublicRequest,
    public_request_add_photos,
    public_request_create,
    public_request_reveal_resident,
)
from .reception_days import (
    reception_day_cancel,
    reception_day_confirm_late,
    reception_day_hold,
    reception_day_plan,
    reception_day_postpone,
    reception_day_update,
)

__all__ = [
    "REPEATED_MESSAGE",
    "RepeatedPublicRequest",
    "congress_for_conversion",
    "normalize_phone",
    "public_request_add_photos",
    "public_request_answer",
    "public_request_answer_on_the_spot",
    "public_request_close",
    "public_request_convert_to_suggestion",
    "public_request_create",
    "public_request_prepare_draft",
    "public_request_reveal_resident",
    "public_request_route_grassroots",
    "public_request_tell_resident",
    "reception_day_cancel",
    "reception_day_confirm_late",
    "reception_day_hold",
    "reception_day_plan",
    "reception_day_postpone",
    "reception_day_update",
]
