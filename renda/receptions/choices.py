"""Choices of reception days and residents' requests, with their state tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Field limits (periods and thresholds that a deployment may change are in rules.py).
PUBLIC_TEXT_MAX_LENGTH = 2000
RECEIPT_LENGTH = 10
# A receipt number's alphabet: no look-alikes (0/O, 1/I/L).
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class ReceptionDayStatus(models.TextChoices):
    PLANNED = "PLANNED", _("计划中")
    HELD = "HELD", _("已举行")
    POSTPONED = "POSTPONED", _("已延期")
    CANCELLED = "CANCELLED", _("已取消")


RECEPTION_DAY_TRANSITIONS = {
    ReceptionDayStatus.PLANNED: {
        ReceptionDayStatus.HELD,
        ReceptionDayStatus.POSTPONED,
        ReceptionDayStatus.CANCELLED,
    },
    # A postponed day gets its new date and is planned again.
    ReceptionDayStatus.POSTPONED: {
        ReceptionDayStatus.PLANNED,
        ReceptionDayStatus.CANCELLED,
    },
    ReceptionDayStatus.HELD: set(),
    ReceptionDayStatus.CANCELLED: set(),
}


class RequestSource(models.TextChoices):
    RECEPTION_DAY = "RECEPTION_DAY", _("代表接待日")
    DEPUTY = "DEPUTY", _("代表走访")
    QR_FORM = "QR_FORM", _("扫码留言")


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


PUBLIC_REQUEST_TRANSITIONS = {
    PublicRequestStatus.RECEIVED: {
        PublicRequestStatus.ROUTED,
        PublicRequestStatus.CONVERTED,
        PublicRequestStatus.ANSWERED,
    },
    PublicRequestStatus.ROUTED: {PublicRequestStatus.ANSWERED},
    PublicRequestStatus.ANSWERED: {PublicRequestStatus.CLOSED},
    PublicRequestStatus.CONVERTED: {PublicRequestStatus.CLOSED},
    PublicRequestStatus.CLOSED: set(),
}


class PublicRequestEventKind(models.TextChoices):
    RECEIVED = "RECEIVED", _("受理")
    ROUTED = "ROUTED", _("转街道/乡镇办理")
    CONVERTED = "CONVERTED", _("转为代表建议")
    ANSWERED = "ANSWERED", _("答复")
    RESIDENT_TOLD = "RESIDENT_TOLD", _("告知群众")
    CLOSED = "CLOSED", _("办结")
