"""The fates demo items are left in, and how many of each per year and period.

The counts are the source's figures; see the package docstring.
"""

from __future__ import annotations

import datetime as dt

from renda.suggestions.choices import (
    Channel,
    Period,
)

from .. import suggestion_text as text

# Session days of the 第八届 (the builder's CITY_TERM).
SESSION_DAYS = {2019: dt.date(2019, 1, 15), 2020: dt.date(2020, 1, 8)}

# Fates: the state an item is left in.
DRAFT = "draft"
SUBMITTED = "submitted"
CLARIFY = "clarify"
REJECTED = "rejected"
ACCEPTED = "accepted"
MISROUTED_WAITING = "misrouted_waiting"
ASSIGNED = "assigned"
EXT_PENDING = "ext_pending"
EXT_APPROVED_OPEN = "ext_approved_open"
REPLIED = "replied"
REOPENED = "reopened"
CLOSED_RATED = "closed_rated"
CLOSED_WINDOW = "closed_window"
CLOSED_REOPEN = "closed_reopen"
CLOSED_MISROUTED = "closed_misrouted"
CLOSED_EXTENDED = "closed_extended"
MERGE_GROUP = "merge_group"  # a primary closed by rating, with two merged items

CLOSING_FATES = {
    CLOSED_RATED,
    CLOSED_WINDOW,
    CLOSED_REOPEN,
    CLOSED_MISROUTED,
    CLOSED_EXTENDED,
    MERGE_GROUP,
}

# (fate, count, channel, closes the next year) per year and period. The counts
# of accepted and closed-within-the-year are the source's figures; see the
# module docstring. A merge group is three accepted items.
BUCKETS: dict[tuple[int, str], list[tuple[str, int, str, bool]]] = {
    (2019, Period.SESSION): [
        (CLOSED_RATED, 38, Channel.FORMAL, False),
        (CLOSED_WINDOW, 6, Channel.FORMAL, False),
        (CLOSED_REOPEN, 3, Channel.FORMAL, False),
        (CLOSED_MISROUTED, 3, Channel.FORMAL, False),
        (CLOSED_EXTENDED, 5, Channel.FORMAL, False),
        (MERGE_GROUP, 1, Channel.FORMAL, False),
        (CLOSED_RATED, 8, Channel.FORMAL, True),
        (CLOSED_EXTENDED, 8, Channel.FORMAL, True),
        (CLOSED_REOPEN, 5, Channel.FORMAL, True),
        (CLOSED_WINDOW, 4, Channel.FORMAL, True),
        (REJECTED, 3, Channel.FORMAL, False),
    ],
    (2019, Period.RECESS): [
        (CLOSED_RATED, 11, Channel.FORMAL, False),
        (CLOSED_WINDOW, 2, Channel.FORMAL, False),
        (CLOSED_MISROUTED, 1, Channel.FORMAL, False),
        (CLOSED_RATED, 5, Channel.VOICE, False),
        (CLOSED_RATED, 3, Channel.HOTLINE, False),
        (CLOSED_WINDOW, 1, Channel.HOTLINE, False),
        (REJECTED, 1, Channel.FORMAL, False),
    ],
    (2020, Period.SESSION): [
        (CLOSED_RATED, 43, Channel.FORMAL, False),
        (CLOSED_WINDOW, 6, Channel.FORMAL, False),
        (CLOSED_REOPEN, 4, Channel.FORMAL, False),
        (CLOSED_MISROUTED, 3, Channel.FORMAL, False),
        (CLOSED_EXTENDED, 6, Channel.FORMAL, False),
        (MERGE_GROUP, 1, Channel.FORMAL, False),
        (CLOSED_RATED, 6, Channel.FORMAL, True),
        (CLOSED_EXTENDED, 8, Channel.FORMAL, True),
        (CLOSED_REOPEN, 3, Channel.FORMAL, True),
        (CLOSED_WINDOW, 3, Channel.FORMAL, True),
        (ASSIGNED, 3, Channel.FORMAL, False),
        (EXT_PENDING, 1, Channel.FORMAL, False),
        (EXT_APPROVED_OPEN, 2, Channel.FORMAL, False),
        (REOPENED, 2, Channel.FORMAL, False),
        (REPLIED, 2, Channel.FORMAL, False),
        (ACCEPTED, 1, Channel.FORMAL, False),
        (MISROUTED_WAITING, 1, Channel.FORMAL, False),
        (REJECTED, 3, Channel.FORMAL, False),
    ],
    (2020, Period.RECESS): [
        (CLOSED_RATED, 15, Channel.VOICE, False),
        (CLOSED_WINDOW, 2, Channel.VOICE, False),
        (CLOSED_RATED, 10, Channel.HOTLINE, False),
        (CLOSED_WINDOW, 1, Channel.HOTLINE, False),
        (CLOSED_RATED, 8, Channel.FORMAL, False),
        (CLOSED_MISROUTED, 2, Channel.FORMAL, False),
        (CLOSED_RATED, 18, Channel.FORMAL, True),
        (CLOSED_WINDOW, 3, Channel.FORMAL, True),
        (CLOSED_EXTENDED, 3, Channel.FORMAL, True),
        (ASSIGNED, 2, Channel.FORMAL, False),
        (EXT_PENDING, 1, Channel.FORMAL, False),
        (REOPENED, 1, Channel.FORMAL, False),
        (CLOSED_RATED, 7, Channel.VOICE, True),
        (REPLIED, 1, Channel.VOICE, False),
        (CLOSED_RATED, 6, Channel.HOTLINE, True),
        (ASSIGNED, 1, Channel.HOTLINE, False),
        (REJECTED, 2, Channel.FORMAL, False),
        # Prepared at the end of 2020, not yet reviewed.
        (DRAFT, 1, Channel.FORMAL, False),
        (SUBMITTED, 1, Channel.FORMAL, False),
        (CLARIFY, 1, Channel.FORMAL, False),
    ],
}

# (fate, channel, lead unit, deputy is 白玉晶, what the deadline should be).
# Dates relative to the load day; see the module docstring.
LIVE = [
    (ASSIGNED, Channel.HOTLINE, text.HOUSING, False, "overdue"),
    (ASSIGNED, Channel.VOICE, text.HOUSING, False, "due_soon"),
    (ASSIGNED, Channel.FORMAL, text.HOUSING, True, "open"),
    (EXT_PENDING, Channel.FORMAL, text.HOUSING, False, "open"),
    (REPLIED, Channel.FORMAL, text.HOUSING, True, "open"),
    (ASSIGNED, Channel.HOTLINE, text.POLICE, False, "overdue"),
    (ASSIGNED, Channel.VOICE, text.TRANSPORT, False, "due_soon"),
    (REOPENED, Channel.FORMAL, text.URBAN_ENFORCEMENT, False, "overdue"),
    (SUBMITTED, Channel.FORMAL, None, False, ""),
    (SUBMITTED, Channel.VOICE, None, False, ""),
    (CLARIFY, Channel.FORMAL, None, True, ""),
    (DRAFT, Channel.FORMAL, None, True, ""),
]

# Items the demo deputy 白玉晶 leads among the 2019/2020 ones: (year, period, fate).
BAI_ITEMS = [
    (2019, Period.SESSION, CLOSED_RATED),
    (2019, Period.SESSION, CLOSED_REOPEN),
    (2020, Period.SESSION, CLOSED_RATED),
    (2020, Period.SESSION, REOPENED),
    (2020, Period.RECESS, DRAFT),
]

# Key suggestions per year: overseers, in order (the director, the `leader` log-in,
# oversees three).
KEY_OVERSEERS = {
    2019: ["director", "deputy_director:0", "deputy_director:1"],
    2020: ["director", "director", "deputy_director:2", "deputy_director:3"],
}
KEYABLE_FATES = {
    CLOSED_RATED,
    CLOSED_EXTENDED,
    CLOSED_REOPEN,
    ASSIGNED,
    EXT_APPROVED_OPEN,
    REOPENED,
}
