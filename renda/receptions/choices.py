"""Choices of reception days and residents' requests, with their state tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.state import StateTable

# Field limits (periods and thresholds that a deployment may change are in rules.py).
PUBLIC_TEXT_MAX_LENGTH = 2000
# Older receipt numbers (before 2026-11): 10 letters and digits of this alphabet,
# no look-alikes (0/O, 1/I/L). They keep working; new ones are 12 digits with a
# check digit (renda.core.receipts, docs/decisions/0008-receipt-numbers.md).
RECEIPT_LENGTH = 10
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class ReceptionDayStatus(models.TextChoices):
    PLANNED = "PLANNED", _("计划中")
    HELD = "HELD", _("已举行")
    POSTPONED = "POSTPONED", _("已延期")
    CANCELLED = "CANCELLED", _("已取消")


# A reception day's moves (renda.core.state): a postponed day is planned again
# on its new date in the same step, so POSTPONED is never left standing.
RECEPTION_DAY_STATES = StateTable(
    ReceptionDayStatus,
    {
        "edit": ({ReceptionDayStatus.PLANNED}, None),
        "hold": ({ReceptionDayStatus.PLANNED}, ReceptionDayStatus.HELD),
        "postpone": (
            {ReceptionDayStatus.PLANNED, ReceptionDayStatus.POSTPONED},
            ReceptionDayStatus.PLANNED,
        ),
        "cancel": (
            {ReceptionDayStatus.PLANNED, ReceptionDayStatus.POSTPONED},
            ReceptionDayStatus.CANCELLED,
        ),
    },
    noun="该接待日",
    code="stations.invalid_state",
    actions={
        "edit": "修改",
        "hold": "登记为已举行",
        "postpone": "延期",
        "cancel": "取消",
    },
)


class RequestSource(models.TextChoices):
    RECEPTION_DAY = "RECEPTION_DAY", _("代表接待日")
    DEPUTY = "DEPUTY", _("代表走访")
    QR_FORM = "QR_FORM", _("扫码留言")
    # Posted by a partner system (the city's 12345 platform) over Open311.
    HOTLINE = "HOTLINE", _("12345热线转来")


class RequestTier(models.TextChoices):
    """分级处理: where a resident's request is handled."""

    ON_THE_SPOT = "ON_THE_SPOT", _("当场答复")
    GRASSROOTS = "GRASSROOTS", _("街道/乡镇办理")
    SUGGESTION = "SUGGESTION", _("县级以上：转代表建议")


class PublicRequestStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("已受理")
    ROUTED = "ROUTED", _("已转街道/乡镇办理")
    ANSWERED = "ANSWERED", _("已答复")
    CONVERTED = "CONVERTED", _("已转为代表建议")
    CLOSED = "CLOSED", _("已办结")


# A request's moves (renda.core.state). Answering on the spot closes it at once
# (the resident is told there); "tell" records that the resident was told and
# leaves the state as it is.
_OPEN = {
    PublicRequestStatus.RECEIVED,
    PublicRequestStatus.ROUTED,
    PublicRequestStatus.ANSWERED,
    PublicRequestStatus.CONVERTED,
}
PUBLIC_REQUEST_STATES = StateTable(
    PublicRequestStatus,
    {
        "route": ({PublicRequestStatus.RECEIVED}, PublicRequestStatus.ROUTED),
        "convert": ({PublicRequestStatus.RECEIVED}, PublicRequestStatus.CONVERTED),
        "answer_on_the_spot": (
            {PublicRequestStatus.RECEIVED, PublicRequestStatus.ROUTED},
            PublicRequestStatus.CLOSED,
        ),
        "answer": ({PublicRequestStatus.ROUTED}, PublicRequestStatus.ANSWERED),
        "tell": (
            {PublicRequestStatus.ANSWERED, PublicRequestStatus.CONVERTED},
            None,
        ),
        "close": (
            {PublicRequestStatus.ANSWERED, PublicRequestStatus.CONVERTED},
            PublicRequestStatus.CLOSED,
        ),
        "add_photos": (_OPEN, None),
    },
    noun="该诉求",
    code="stations.invalid_state",
    actions={
        "route": "转街道/乡镇办理",
        "convert": "转为代表建议",
        "answer_on_the_spot": "当场答复",
        "answer": "答复",
        "tell": "登记告知群众",
        "close": "办结",
        "add_photos": "添加照片",
    },
)


class PublicRequestEventKind(models.TextChoices):
    RECEIVED = "RECEIVED", _("受理")
    ROUTED = "ROUTED", _("转街道/乡镇办理")
    CONVERTED = "CONVERTED", _("转为代表建议")
    ANSWERED = "ANSWERED", _("答复")
    RESIDENT_TOLD = "RESIDENT_TOLD", _("告知群众")
    CLOSED = "CLOSED", _("办结")
