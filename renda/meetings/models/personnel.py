"""Appointments and removals (任免), voted person by person, and the oath."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import PERSONNEL_STATES, PersonnelKind, PersonnelStatus


class Appointment(BaseModel):
    """One person to appoint to, or remove from, a post (任命 / 免职). Voted on
    alone by default; staff may put several uncontested ones to one vote."""

    state_table = PERSONNEL_STATES

    meeting = models.ForeignKey(
        "meetings.CommitteeMeeting",
        verbose_name=_("会议"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("议程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    kind = models.CharField(_("任免类别"), max_length=16, choices=PersonnelKind.choices)
    person_name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    organisation = models.CharField(_("单位"), max_length=100, blank=True)
    proposed_by = models.CharField(_("提请人"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=PersonnelStatus.choices,
        default=PersonnelStatus.PROPOSED,
    )
    vote = models.ForeignKey(
        "meetings.Vote",
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        verbose_name = _("任免事项")
        verbose_name_plural = _("任免事项")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        if self.kind == PersonnelKind.APPOINTMENT:
            return f"任命{self.person_name}为{self.post}"
        return f"免去{self.person_name}的{self.post}职务"


class Oath(BaseModel):
    """A constitutional oath (宪法宣誓) taken by those appointed."""

    meeting = models.ForeignKey(
        "meetings.CommitteeMeeting",
        verbose_name=_("会议"),
        on_delete=models.PROTECT,
        related_name="oaths",
    )
    taken_at = models.DateTimeField(_("宣誓时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    # 监誓人 (the chair of the meeting, usually the director).
    supervised_by = models.CharField(_("监誓人"), max_length=50)
    # 领誓人 when the oath is taken together.
    led_by = models.CharField(_("领誓人"), max_length=50, blank=True)
    appointments = models.ManyToManyField(
        Appointment, verbose_name=_("宣誓人"), related_name="oaths"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("宪法宣誓")
        verbose_name_plural = _("宪法宣誓")
        ordering = ["meeting", "taken_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting} 宪法宣誓"
