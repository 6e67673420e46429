"""Reception days and residents' requests of a liaison station (the "6" of 126).

These models were born in the ``stations`` app and keep its table names
(``db_table``), so moving them here moved no data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from .choices import (
    PUBLIC_REQUEST_STATES,
    RECEPTION_DAY_STATES,
    PublicRequestEventKind,
    PublicRequestStatus,
    ReceptionDayStatus,
    RequestSource,
    RequestTier,
)


class ReceptionDay(BaseModel):
    """A 代表接待日: deputies on duty at a station to receive residents."""

    station = models.ForeignKey(
        "stations.LiaisonStation",
        verbose_name=_("联络站"),
        on_delete=models.PROTECT,
        related_name="reception_days",
    )
    date = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    topic = models.CharField(_("主题"), max_length=200, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("值班代表"),
        related_name="reception_days",
        blank=True,
        db_table="stations_receptionday_deputies",
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ReceptionDayStatus.choices,
        default=ReceptionDayStatus.PLANNED,
    )
    status_reason = models.CharField(_("延期或取消原因"), max_length=500, blank=True)
    # Deputies who actually came (set when the day is held).
    attendees = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("实到代表"),
        related_name="reception_days_attended",
        blank=True,
        db_table="stations_receptionday_attendees",
    )
    held_at = models.DateTimeField(_("举行时间"), null=True, blank=True)
    # 补录: planned or recorded as held after its year closed (rules.py). It
    # counts towards that year only once committee staff confirm it.
    entered_late = models.BooleanField(_("补录"), default=False)
    late_confirmed_at = models.DateTimeField(_("补录确认时间"), null=True, blank=True)
    late_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("补录确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late_confirmation_reason = models.CharField(
        _("补录确认理由"), max_length=500, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "stations_receptionday"
        verbose_name = _("代表接待日")
        verbose_name_plural = _("代表接待日")
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["station", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="reception_day_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["POSTPONED", "CANCELLED"])
                | ~Q(status_reason=""),
                name="reception_day_change_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(late_confirmed_at__isnull=True)
                | (Q(entered_late=True) & ~Q(late_confirmation_reason="")),
                name="reception_day_late_confirmation_has_reason",
            ),
        ]

    state_table = RECEPTION_DAY_STATES

    def __str__(self) -> str:
        return f"{self.station.name} {self.date:%Y-%m-%d} 代表接待日"


class PublicRequest(BaseModel):
    """A resident's request (民意诉求), received at a station or by a deputy."""

    station = models.ForeignKey(
        "stations.LiaisonStation",
        verbose_name=_("联络站"),
        on_delete=models.PROTECT,
        related_name="public_requests",
    )
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("接待日"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_requests",
    )
    source = models.CharField(_("来源"), max_length=16, choices=RequestSource.choices)
    # The number a resident uses to check progress without logging in.
    receipt_number = models.CharField(_("回执编号"), max_length=16, unique=True)
    resident_name = models.CharField(_("群众姓名"), max_length=50)
    resident_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("同意记录个人信息时间"))
    content = models.TextField(_("诉求内容"))
    location = models.CharField(_("涉及地点"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("接待代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_requests_received",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A salted hash of the submitting address (QR form only), for rate limits.
    client_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=PublicRequestStatus.choices,
        default=PublicRequestStatus.RECEIVED,
    )
    tier = models.CharField(
        _("分级处理"), max_length=16, choices=RequestTier.choices, blank=True
    )
    handling_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_requests",
    )
    routed_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    due_at = models.DateField(_("办理期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("转成的代表建议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_requests",
    )
    resident_told_at = models.DateTimeField(_("告知群众时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        db_table = "stations_publicrequest"
        verbose_name = _("民意诉求")
        verbose_name_plural = _("民意诉求")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["station", "-created_at"]),
            models.Index(fields=["handling_unit", "status", "due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ROUTED") | Q(handling_unit__isnull=False),
                name="public_request_routed_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status="CONVERTED") | Q(suggestion__isnull=False),
                name="public_request_converted_has_suggestion",
            ),
        ]

    state_table = PUBLIC_REQUEST_STATES

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.content[:20]}"


class PublicRequestPhoto(BaseModel):
    """A photo of the place a request is about (JPEG or PNG)."""

    request = models.ForeignKey(
        PublicRequest, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to="stations/requests/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))

    class Meta:
        db_table = "stations_publicrequestphoto"
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class PublicRequestEvent(models.Model):
    """One step on a request's timeline."""

    request = models.ForeignKey(
        PublicRequest, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(
        _("事项"), max_length=16, choices=PublicRequestEventKind.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    summary = models.CharField(_("摘要"), max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "stations_publicrequestevent"
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.summary
