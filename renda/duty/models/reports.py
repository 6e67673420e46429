"""Reports to voters and electoral units (述职, DutyReport) and voters' ratings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import REPORT_STATES, ReportStatus


class DutyReport(BaseModel):
    """A deputy reports their duty to their electoral unit or constituency's
    voters (向原选举单位或选民报告履职情况); voters rate it from a QR code."""

    state_table = REPORT_STATES

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    mandate = models.ForeignKey(
        "deputies.Mandate",
        verbose_name=_("代表资格"),
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    electoral_unit = models.ForeignKey(
        "congresses.ElectoralUnit",
        verbose_name=_("原选举单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    constituency = models.ForeignKey(
        "congresses.Constituency",
        verbose_name=_("选区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    # The year whose duty is reported (usually the year before or the current one).
    year = models.PositiveSmallIntegerField(_("述职年度"))
    date = models.DateField(_("述职日期"))
    start_time = models.TimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=200)
    expected_audience = models.PositiveIntegerField(_("预计参加选民人数"))
    audience = models.PositiveIntegerField(_("实到选民人数"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.PLANNED,
        db_index=True,
    )
    status_reason = models.CharField(_("取消原因"), max_length=500, blank=True)
    summary = models.TextField(_("述职情况"), blank=True)
    # The secret of the public rating form's address (the QR code).
    token = models.CharField(_("评议码"), max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("代表述职")
        verbose_name_plural = _("代表述职")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(electoral_unit__isnull=True) | Q(constituency__isnull=True),
                name="duty_report_unit_or_constituency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.date:%Y-%m-%d} 述职"


class VoterRating(BaseModel):
    """One voter's rating of a report, from the public form: a rating per
    dimension (``ratings``: dimension → Rating) and a comment. One per phone
    (``device_hash``, a cookie's digest); no name, no phone number."""

    report = models.ForeignKey(
        DutyReport,
        verbose_name=_("述职"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    ratings = models.JSONField(_("评价"))
    overall = models.CharField(_("总体评价"), max_length=16)
    comment = models.TextField(_("意见建议"), blank=True)
    device_hash = models.CharField(_("设备标识"), max_length=64)
    client_hash = models.CharField(_("来源标识"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("选民评议")
        verbose_name_plural = _("选民评议")
        ordering = ["report", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "device_hash"], name="duty_rating_once_per_phone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.overall}"
