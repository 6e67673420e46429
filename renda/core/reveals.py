"""Personal data shown in full, one record at a time: audited and bounded per user.

A deputy's phone number or a resident's name and phone is masked on every page;
a user whose role needs it presses "show" and sees it in full, and the audit
log records who saw whose. Bulk reading (an export of the roster with phone
numbers) asks for the second factor (renda/accounts/two_factor.py); without a
bound, the same data could be read one record at a time by a script, each
reveal legitimately audited. So each user may reveal at most
``RENDA_REVEALS_PER_HOUR`` records an hour (30: a working hour's calls), counted
with the rate limits' atomic counter; beyond, the reveal is refused (429) with a
message that points to the export. A refused reveal shows nothing and is not
counted; an accepted one is counted and audited in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from .ratelimit import Limit, RateLimited, rate_limit_take
from .services import action_log_record

REVEAL_SCOPE = "personal_data.reveal"

__all__ = ["RateLimited", "personal_data_reveal", "reveal_limit"]


def reveals_per_hour() -> int:
    return int(getattr(settings, "RENDA_REVEALS_PER_HOUR", 30))


def reveal_limit(user) -> Limit:
    per_hour = reveals_per_hour()
    return Limit(
        scope=REVEAL_SCOPE,
        value=str(user.pk),
        limit=per_hour,
        window=dt.timedelta(hours=1),
        message=(
            f"您一小时内查看完整个人信息的次数已达上限（{per_hour}次），"
            "本次没有显示。请一小时后再试；需要成批查看的，请使用导出（需二次验证）。"
        ),
    )


@transaction.atomic
def personal_data_reveal(*, actor, action: str, target, summary: str) -> None:
    """Count one reveal against ``actor``'s hourly limit and audit it.

    Raises :class:`RateLimited` (nothing counted, nothing recorded) over the limit.
    """
    rate_limit_take(reveal_limit(actor))
    action_log_record(actor=actor, action=action, target=target, summary=summary)
