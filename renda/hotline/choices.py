"""The choices of the 12345 直通车 (Open311), each status with its state table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerChannel(models.TextChoices):
    """What a partner system's service requests become in Renda (its scope)."""

    # A resident's request (民意诉求) at a liaison station of the partner's congress.
    RESIDENT_REQUEST = "RESIDENT_REQUEST", _("群众诉求")
    # A deputy's 12345 直通车 item (Channel.HOTLINE) of the partner's congress.
    HOTLINE = "HOTLINE", _("12345直通车")
