"""Demo suggestions of the 辽源市 congress (第八届) for 2019 and 2020, through the services.

Every item is written by the real services with explicit ``now=`` times, so the
timeline, the audit log and the statistics are those the pages would show.
The figures are the source's own (completion = closed within the year over
accepted in the year):

- 2019 大会期间 83 accepted, 58 closed within 2019 → 69.9%;
- 2019 闭会期间 23 accepted, all closed within 2019 → 100%;
- 2020 大会期间 97 accepted, 65 closed within 2020 → 67.0%;
- 2020 闭会期间 81 accepted (《代表之声》 and 12345 直通车 among them), 38 closed
  within 2020 → 46.9%.

Most of the rest close in the following year; a dozen of 2020's stay open (they
are overdue by years now, as unfinished business of 2020 would be). A handful
of "live" items have dates relative to the day the demo is loaded, so that the
overdue board and the due-soon notices show something current: they are
accepted in the load year and never count in 2019/2020.

Units and deputies act through their own accounts: each handling unit that
answers gets a liaison account and each lead deputy an account, both with an
unusable password (only the demo log-ins can sign in).
"""

from .build import DemoSuggestionsSummary, demo_suggestions_build
from .fates import (
    ACCEPTED,
    ASSIGNED,
    BAI_ITEMS,
    BUCKETS,
    CLARIFY,
    CLOSED_EXTENDED,
    CLOSED_MISROUTED,
    CLOSED_RATED,
    CLOSED_REOPEN,
    CLOSED_WINDOW,
    CLOSING_FATES,
    DRAFT,
    EXT_APPROVED_OPEN,
    EXT_PENDING,
    KEY_OVERSEERS,
    KEYABLE_FATES,
    LIVE,
    MERGE_GROUP,
    MISROUTED_WAITING,
    REJECTED,
    REOPENED,
    REPLIED,
    SESSION_DAYS,
    SUBMITTED,
)
from .planning import ItemPlan, plan_items
from .writing import TZ

__all__ = [
    "ACCEPTED",
    "ASSIGNED",
    "BAI_ITEMS",
    "BUCKETS",
    "CLARIFY",
    "CLOSED_EXTENDED",
    "CLOSED_MISROUTED",
    "CLOSED_RATED",
    "CLOSED_REOPEN",
    "CLOSED_WINDOW",
    "CLOSING_FATES",
    "DRAFT",
    "DemoSuggestionsSummary",
    "EXT_APPROVED_OPEN",
    "EXT_PENDING",
    "ItemPlan",
    "KEYABLE_FATES",
    "KEY_OVERSEERS",
    "LIVE",
    "MERGE_GROUP",
    "MISROUTED_WAITING",
    "REJECTED",
    "REOPENED",
    "REPLIED",
    "SESSION_DAYS",
    "SUBMITTED",
    "TZ",
    "demo_suggestions_build",
    "plan_items",
]
