"""Service requests a partner system posted to Renda's Open311 server.

One row per request received: the partner, the partner's own ticket id (when
it sent one), Renda's ``service_request_id`` (a random digit number, not the
row's id), the ``token`` a client may use to look the request up, and the
record it became — a resident's request (receptions) for a RESIDENT_REQUEST
partner, a deputy's HOTLINE item (suggestions) for a HOTLINE partner.

A repeated POST with the same partner ticket id returns this row (a unique
constraint per partner), so a retry never creates a second record. Nothing of
the resident is kept here: the name, phone and text live on the target record
only; ``attributes`` keeps the service definition's answers (a station code,
a deputy id), never contact details.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel


class InboundStatus(models.TextChoices):
    """The token's state: creation is never deferred today (see decision 0012)."""

    PENDING = "PENDING", _("待创建")
    CREATED = "CREATED", _("已创建")


class InboundRequest(BaseModel):
    """One Open311 service request received from a partner system."""

    partner = models.ForeignKey(
        "hotline.Partner",
        verbose_name=_("合作方系统"),
        on_delete=models.PROTECT,
        related_name="inbound_requests",
    )
    partner_ticket_id = models.CharField(
        _("对方工单号"), max_length=64, null=True, blank=True
    )
    service_request_id = models.CharField(_("服务请求编号"), max_length=20, unique=True)
    token = models.UUIDField(_("令牌"), default=uuid.uuid4, unique=True, editable=False)
    service_code = models.CharField(_("服务代码"), max_length=40)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=InboundStatus.choices,
        default=InboundStatus.PENDING,
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("代表建议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_request = models.ForeignKey(
        "receptions.PublicRequest",
        verbose_name=_("群众诉求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The service definition's answers (codes only, never contact details).
    attributes = models.JSONField(_("附加属性"), default=dict, blank=True)

    class Meta:
        verbose_name = _("接收的服务请求")
        verbose_name_plural = _("接收的服务请求")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "partner_ticket_id"],
                condition=Q(partner_ticket_id__isnull=False),
                name="hotline_inbound_ticket_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["partner", "created_at"], name="hotline_inbound_partner_at"
            ),
        ]

    def __str__(self) -> str:
        return self.service_request_id
