"""票决评议: the committee rates each handling unit's handling of deputies'
suggestions by ballot; the result per unit is graded, published and exported."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import EVALUATION_STATES, EvaluationGrade, EvaluationStatus


class VoteEvaluation(BaseModel):
    """One 票决评议 at a meeting: the units rated, each by its own vote."""

    state_table = EVALUATION_STATES

    meeting = models.ForeignKey(
        "meetings.CommitteeMeeting",
        verbose_name=_("会议"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("议程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
    )
    title = models.CharField(_("标题"), max_length=200)
    # The suggestions' year whose handling is rated.
    year = models.PositiveSmallIntegerField(_("评议年度"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
    )
    # The grading rules in force when the evaluation was created (rules.py),
    # kept so that a later change of settings never regrades it.
    grading_rules = models.JSONField(_("评定规则"), default=dict, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("票决评议")
        verbose_name_plural = _("票决评议")
        ordering = ["-meeting__date", "-id"]

    def __str__(self) -> str:
        return self.title


class EvaluationEntry(BaseModel):
    """One unit rated in a 票决评议: its figures beside it, its vote, its grade."""

    evaluation = models.ForeignKey(
        VoteEvaluation,
        verbose_name=_("票决评议"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    handling_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="vote_evaluations",
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)
    vote = models.OneToOneField(
        "meetings.Vote",
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_entry",
    )
    # The unit's figures from the suggestions app when the evaluation started
    # (on-time sign-off, on-time answer, deputies' ratings per item).
    figures = models.JSONField(_("办理情况数据"), default=dict, blank=True)
    grade = models.CharField(
        _("评定等次"), max_length=16, choices=EvaluationGrade.choices, blank=True
    )
    grade_reasons = models.JSONField(_("评定理由"), default=list, blank=True)

    class Meta:
        verbose_name = _("票决评议单位")
        verbose_name_plural = _("票决评议单位")
        ordering = ["evaluation", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "handling_unit"], name="evaluation_unit_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.handling_unit)
