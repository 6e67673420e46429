"""Reads of suggestions, always through the user's scope: the one read path.

Pages, the API, the .xlsx exports and the documents are thin adapters over:

- ``SuggestionFilters`` + ``suggestion_list(user=, filters=)``: the list, its
  search (title, deputy name/pinyin/initials, item number), unit, overdue and
  other filters, and its order (``lists``);
- ``suggestion_detail(user, pk) -> SuggestionDetail``: the item, its
  assignments, replies, timeline (``events.describe_event``) and the actions
  this user may take now (``SUGGESTION_ACTIONS``), read once (``detail``);
- ``get_<entity>_for_user`` (suggestion, assignment, extension request, reply,
  attachment): one object in scope, else 404 without saying whether it exists
  (``visibility``);
- ``suggestion_stats``: the year's figures (``stats``).

A merged item (``merged_into`` set) follows its primary: its effective status,
deadlines and replies are the primary's. Overdue, and a rating window that
has passed, are derived here at read time, never stored (``state``).
"""

from .assignments import (
    UNIT_QUEUES,
    AssignmentFilters,
    key_suggestions_overseen,
    new_assignment_first_day,
    pending_extension_list,
    unit_assignment_list,
)
from .detail import (
    SUGGESTION_ACTIONS,
    SuggestionDetail,
    handling_suggestion,
    replies_for,
    suggestion_detail,
    suggestion_timeline,
)
from .drafts import drafts_awaiting_confirmation
from .lists import (
    MY_STATUS_GROUPS,
    SuggestionFilters,
    handled_by_units_q,
    mine_q,
    search_q,
    suggestion_list,
)
from .state import (
    overdue_q,
    with_assignment_overdue,
    with_effective_state,
    with_row_state,
)
from .stats import (
    GROUP_BY,
    StatsGroup,
    StatsReport,
    SuggestionStats,
    rate,
    rating_window_cutoff,
    suggestion_stats,
    suggestion_stats_live,
)
from .visibility import (
    assignments_visible_to,
    get_assignment_for_user,
    get_attachment_for_user,
    get_extension_for_user,
    get_reply_for_user,
    get_suggestion_attachment_for_user,
    get_suggestion_for_user,
    suggestions_visible_to,
)

__all__ = [
    "MY_STATUS_GROUPS",
    "UNIT_QUEUES",
    "AssignmentFilters",
    "key_suggestions_overseen",
    "new_assignment_first_day",
    "pending_extension_list",
    "unit_assignment_list",
    "drafts_awaiting_confirmation",
    "GROUP_BY",
    "SUGGESTION_ACTIONS",
    "StatsGroup",
    "StatsReport",
    "SuggestionDetail",
    "SuggestionFilters",
    "SuggestionStats",
    "assignments_visible_to",
    "get_assignment_for_user",
    "get_attachment_for_user",
    "get_extension_for_user",
    "get_reply_for_user",
    "get_suggestion_attachment_for_user",
    "get_suggestion_for_user",
    "handled_by_units_q",
    "handling_suggestion",
    "mine_q",
    "overdue_q",
    "rate",
    "rating_window_cutoff",
    "replies_for",
    "search_q",
    "suggestion_detail",
    "suggestion_list",
    "suggestion_stats",
    "suggestion_stats_live",
    "suggestion_timeline",
    "suggestions_visible_to",
    "with_assignment_overdue",
    "with_effective_state",
    "with_row_state",
]
