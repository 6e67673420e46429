"""Training courses, 人大讲坛 lectures and study trips; enrolment and attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    TRAINING_STATES,
    CheckInMethod,
    TrainingKind,
    TrainingStatus,
    TrainingTarget,
)


class Training(BaseModel):
    """A course (培训班), a lecture of the 人大讲坛 (``Lecture``) or a study trip."""

    state_table = TRAINING_STATES

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=TrainingKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    topic = models.CharField(_("主题"), max_length=200, blank=True)
    speaker = models.CharField(_("主讲人"), max_length=100, blank=True)
    speaker_title = models.CharField(_("主讲人单位职务"), max_length=200, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    online = models.BooleanField(_("线上"), default=False)
    description = models.TextField(_("内容简介"), blank=True)
    target = models.CharField(
        _("培训对象"), max_length=16, choices=TrainingTarget.choices
    )
    # NEW_DEPUTIES: deputies whose mandate in this term began with it.
    term = models.ForeignKey(
        "congresses.Term",
        verbose_name=_("届"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=TrainingStatus.choices,
        default=TrainingStatus.PLANNED,
        db_index=True,
    )
    # The secret of the check-in QR code shown at the door.
    checkin_token = models.CharField(_("签到码"), max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="duty_training_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="duty_training_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingMaterial(BaseModel):
    training = models.ForeignKey(
        Training,
        verbose_name=_("培训"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="duty/materials/%Y/")
    size = models.PositiveIntegerField(_("大小"), default=0)

    class Meta:
        verbose_name = _("培训材料")
        verbose_name_plural = _("培训材料")
        ordering = ["training", "id"]

    def __str__(self) -> str:
        return self.title


class Enrollment(BaseModel):
    """A deputy enrolled in a training; attendance (签到) once they came."""

    training = models.ForeignKey(
        Training,
        verbose_name=_("培训"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="training_enrollments",
    )
    attended_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    method = models.CharField(
        _("签到方式"), max_length=16, choices=CheckInMethod.choices, blank=True
    )
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # Issued on attendance: "<year>-<training id>-<n>" (n: order of attendance).
    certificate_number = models.CharField(_("结业证书编号"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报名与签到")
        verbose_name_plural = _("报名与签到")
        ordering = ["training", "deputy__stroke_key", "deputy_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "deputy"], name="duty_enrollment_once"
            ),
        ]

    @property
    def attended(self) -> bool:
        return self.attended_at is not None

    def __str__(self) -> str:
        return f"{self.deputy} {self.training}"
