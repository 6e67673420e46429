"""API schemas of suggestions: list and detail, the write bodies, statistics.

Free text is bounded here (422 before any service runs); the services check
the rules (a reason must not be blank, a rating needs a reason...) and answer
400 naming the field.

``common`` holds the bounds and validators the others share, ``reads`` the
list query and the rows read, ``writes`` the request bodies, ``stats`` the
figures.
"""

from .common import (
    LONG_TEXT_MAX_LENGTH,
    MAX_COSIGNERS,
    MAX_MERGED,
    MAX_UNITS,
    SIGNED_BY_MAX_LENGTH,
    DeputyRefOut,
    UnitRefOut,
    long_text,
)
from .reads import (
    AssignmentOut,
    AttachmentContentOut,
    AttachmentOut,
    EventOut,
    ExtensionOut,
    FeedbackOut,
    ReplyOut,
    SuggestionAttachmentsOut,
    SuggestionBriefOut,
    SuggestionDetailOut,
    SuggestionOrder,
    SuggestionOut,
    SuggestionQuery,
)
from .stats import (
    OutcomeFiguresOut,
    OutcomeSharesOut,
    StatsFiguresOut,
    StatsGroupBy,
    StatsGroupOut,
    StatsOut,
    StatsQuery,
    percent,
)
from .writes import (
    AssignIn,
    DiscardedOut,
    ExtensionDecideIn,
    ExtensionRequestIn,
    FeedbackIn,
    MarkKeyIn,
    MergeIn,
    ReasonIn,
    RegionCode,
    ReplyIn,
    RoutingOut,
    SuggestionCreateIn,
    SuggestionUpdateIn,
    UnitAssignmentIn,
)

__all__ = [
    "AssignIn",
    "AssignmentOut",
    "AttachmentContentOut",
    "AttachmentOut",
    "DeputyRefOut",
    "EventOut",
    "ExtensionDecideIn",
    "ExtensionOut",
    "ExtensionRequestIn",
    "FeedbackIn",
    "FeedbackOut",
    "LONG_TEXT_MAX_LENGTH",
    "MAX_COSIGNERS",
    "MAX_MERGED",
    "MAX_UNITS",
    "MarkKeyIn",
    "MergeIn",
    "OutcomeFiguresOut",
    "OutcomeSharesOut",
    "ReasonIn",
    "RegionCode",
    "ReplyIn",
    "ReplyOut",
    "DiscardedOut",
    "RoutingOut",
    "SIGNED_BY_MAX_LENGTH",
    "StatsFiguresOut",
    "StatsGroupBy",
    "StatsGroupOut",
    "StatsOut",
    "StatsQuery",
    "SuggestionAttachmentsOut",
    "SuggestionBriefOut",
    "SuggestionCreateIn",
    "SuggestionDetailOut",
    "SuggestionOrder",
    "SuggestionOut",
    "SuggestionQuery",
    "SuggestionUpdateIn",
    "UnitAssignmentIn",
    "UnitRefOut",
    "long_text",
    "percent",
]
