"""Partner systems (合作方): a city's 12345 platform or another ticket system.

A partner calls Renda's Open311 server with its ``api_key`` (only its SHA-256
is kept; the key is shown once when issued), within its scope: one congress,
one channel. Where ``endpoint_url`` is set, Renda is also the partner's Open311
client: a deputy's HOTLINE item assigned to ``handling_unit`` (the unit that
stands for the partner's platform in assignments) is sent there, and the
partner's answer comes back as that assignment's reply, written by the
partner's service account ``user``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import PartnerChannel


class Partner(BaseModel):
    """A system that exchanges Open311 service requests with Renda."""

    name = models.CharField(_("名称"), max_length=100)
    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("所属人大"),
        on_delete=models.PROTECT,
        related_name="hotline_partners",
    )
    channel = models.CharField(
        _("受理渠道"), max_length=24, choices=PartnerChannel.choices
    )
    # Inbound: the partner calls Renda's server with this key (hash kept only).
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    key_prefix = models.CharField(_("密钥前缀"), max_length=8)
    is_active = models.BooleanField(_("启用"), default=True)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The account the partner's writes are recorded under (never logs in).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_partner",
    )
    # Outbound: Renda as the partner's Open311 client (blank: inbound only).
    endpoint_url = models.URLField(_("对方Open311地址"), max_length=300, blank=True)
    outbound_key = models.CharField(_("对方分配的密钥"), max_length=200, blank=True)
    jurisdiction_id = models.CharField(_("辖区标识"), max_length=100, blank=True)
    handling_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("对应承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_partners",
    )
    # Renda's category (suggestions.Category) -> the partner's service_code.
    service_map = models.JSONField(_("类别与服务代码对应"), default=dict, blank=True)

    class Meta:
        verbose_name = _("合作方系统")
        verbose_name_plural = _("合作方系统")
        ordering = ["congress_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "name"], name="hotline_partner_name_per_congress"
            ),
        ]

    def __str__(self) -> str:
        return self.name
