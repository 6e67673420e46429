"""What the duty archive needs beyond other apps' records: attendance at plenary
sessions, activities outside Renda added with evidence, and the timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    RECORD_STATES,
    ArchiveKind,
    DutyEventKind,
    RecordStatus,
    SessionAttendanceStatus,
)


class SessionAttendance(BaseModel):
    """A deputy's attendance at one plenary session (代表大会会议), kept by staff."""

    session = models.ForeignKey(
        "congresses.Session",
        verbose_name=_("代表大会会议"),
        on_delete=models.PROTECT,
        related_name="duty_attendances",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="session_attendances",
    )
    status = models.CharField(
        _("出席情况"), max_length=16, choices=SessionAttendanceStatus.choices
    )
    # Half days missed with approval (请假) and without (无故缺席).
    leave_half_days = models.PositiveSmallIntegerField(_("请假（半天）"), default=0)
    absent_half_days = models.PositiveSmallIntegerField(
        _("无故缺席（半天）"), default=0
    )
    reason = models.CharField(_("请假或缺席事由"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("代表大会会议出席情况")
        verbose_name_plural = _("代表大会会议出席情况")
        ordering = ["session", "deputy__stroke_key", "deputy_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "deputy"], name="duty_session_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.session} {self.get_status_display()}"


class DutyRecord(BaseModel):
    """An activity outside Renda's records (履职记录补充): a research trip of
    another level, a meeting of another body... added by the deputy or staff with
    evidence; it counts only once committee staff confirm it."""

    state_table = RECORD_STATES

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="duty_records",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="duty_records",
    )
    kind = models.CharField(_("类别"), max_length=24, choices=ArchiveKind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("活动名称"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("情况说明"), blank=True)
    organiser = models.CharField(_("组织单位"), max_length=200, blank=True)
    evidence = models.FileField(
        _("证明材料"), upload_to="duty/evidence/%Y/", blank=True
    )
    evidence_name = models.CharField(_("证明材料文件名"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=RecordStatus.choices,
        default=RecordStatus.PENDING,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decision_note = models.CharField(_("确认意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["deputy", "date"])]

    def __str__(self) -> str:
        return f"{self.deputy} {self.date:%Y-%m-%d} {self.title}"


class DutyEvent(BaseModel):
    """One entry of a timeline of the duty app. ``subject`` names the object
    (``"duty.dutyrecord:12"``); ``deputy`` and ``congress`` let a deputy's and a
    congress's timelines be read without joins."""

    kind = models.CharField(_("事件"), max_length=24, choices=DutyEventKind.choices)
    subject = models.CharField(_("对象"), max_length=64, db_index=True)
    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="duty_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payload = models.JSONField(_("内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("履职事件")
        verbose_name_plural = _("履职事件")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=""), name="duty_event_has_subject"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
