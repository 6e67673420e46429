"""Tickets sent to a partner's Open311 system (Renda as the client).

One ``OutboundTicket`` per assignment of a HOTLINE item to a partner's
``handling_unit``. Its ``idempotency_key`` is fixed when the row is created and
sent with every POST as the attribute ``renda_key`` (Open311 has no idempotency
header). Before a POST that follows an ambiguous failure (the request may have
reached the partner: a read timeout, a dropped connection after sending, a
5xx), the client first looks the key up on the partner's side, so a retry
never creates a second ticket (docs/hotline-client.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import OUTBOUND_TRANSITIONS, OutboundEventKind, OutboundStatus


class OutboundTicket(BaseModel):
    """A HOTLINE item's assignment sent to a partner's 12345 system."""

    assignment = models.OneToOneField(
        "suggestions.Assignment",
        verbose_name=_("交办"),
        on_delete=models.PROTECT,
        related_name="hotline_ticket",
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("建议"),
        on_delete=models.PROTECT,
        related_name="hotline_tickets",
    )
    partner = models.ForeignKey(
        "hotline.Partner",
        verbose_name=_("合作方系统"),
        on_delete=models.PROTECT,
        related_name="outbound_tickets",
    )
    idempotency_key = models.UUIDField(
        _("幂等键"), default=uuid.uuid4, unique=True, editable=False
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=OutboundStatus.choices,
        default=OutboundStatus.PENDING,
    )
    service_code = models.CharField(_("服务代码"), max_length=100, blank=True)
    service_request_id = models.CharField(_("对方工单号"), max_length=100, blank=True)
    token = models.CharField(_("对方受理凭证"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(
        _("下次尝试时间"), null=True, blank=True, db_index=True
    )
    # The last attempt may have reached the partner: look the key up before
    # posting again.
    maybe_created = models.BooleanField(_("可能已送达"), default=False)
    # When each POST went out (W3C strings): the look-up searches around these.
    post_times = models.JSONField(_("发送时间"), default=list, blank=True)
    # The look-up could not tell whether the partner holds the ticket: nothing
    # is sent again until staff check (send again, or enter the partner's id).
    needs_check = models.BooleanField(_("可能已送达，请核实"), default=False)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("最近查询时间"), null=True, blank=True)
    remote_status = models.CharField(_("对方状态"), max_length=20, blank=True)
    status_notes = models.TextField(_("对方说明"), blank=True)
    remote_updated_at = models.DateTimeField(_("对方更新时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply = models.OneToOneField(
        "suggestions.Reply",
        verbose_name=_("答复"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_ticket",
    )

    state_table = OUTBOUND_TRANSITIONS

    class Meta:
        verbose_name = _("12345工单")
        verbose_name_plural = _("12345工单")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "service_request_id"],
                condition=~models.Q(service_request_id=""),
                name="hotline_outbound_remote_id_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.service_request_id or str(self.idempotency_key)

    def can(self, verb: str) -> bool:
        return self.state_table.can(self.status, verb)

    def can_retry(self) -> bool:
        return self.can("retry")


class OutboundEvent(models.Model):
    """One step of a ticket's timeline."""

    ticket = models.ForeignKey(
        OutboundTicket,
        verbose_name=_("工单"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("事项"), max_length=20, choices=OutboundEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("12345工单记录")
        verbose_name_plural = _("12345工单记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
