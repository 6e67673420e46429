"""Scoring rules as versioned data, the scores computed from the archive, the
deputy's correction requests, the year's closing, and the alerts they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    CORRECTION_STATES,
    YEAR_STATES,
    AlertKind,
    AlertStatus,
    ArchiveKind,
    CorrectionStatus,
    ScorePeriod,
    YearStatus,
)


class ScoringRules(BaseModel):
    """One version of a congress's scoring rules (履职量化考核办法), in force from
    ``effective_year`` until a later version takes over. Never edited once saved:
    staff save a new version. ``data`` holds (rules.validate_rules says exactly):

    ``{"base": 40, "items": {"SUGGESTION_LED": {"points": 3, "cap": 15}, ...},
    "minimums": {"SUGGESTION_LED": 1, ...}, "bands": [{"min": 80, "label": "优秀"},
    {"min": 60, "label": "合格"}, {"min": null, "label": "待改进"}],
    "pass_mark": 60}``; a deduction is an item with negative points, its cap the
    most it may take away.
    """

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="scoring_rules",
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    effective_year = models.PositiveSmallIntegerField(_("起始年度"))
    title = models.CharField(_("名称"), max_length=200)
    note = models.TextField(_("修订说明"), blank=True)
    data = models.JSONField(_("规则"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修订人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("履职积分规则")
        verbose_name_plural = _("履职积分规则")
        ordering = ["congress", "-effective_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "version"], name="duty_rules_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版，{self.effective_year}年起）"


class ScoreYear(BaseModel):
    """A congress's scoring year: open, annual scores published (corrections may
    be asked), closed (final). A closed year's scores are never recomputed."""

    state_table = YEAR_STATES

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="score_years",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=16, choices=YearStatus.choices, default=YearStatus.OPEN
    )
    # The rule version the year's scores were computed with (set on publication).
    rules = models.ForeignKey(
        ScoringRules,
        verbose_name=_("适用规则"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="years",
    )
    corrections_until = models.DateField(_("更正申请截止日期"), null=True, blank=True)
    closed_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("定稿人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("积分年度")
        verbose_name_plural = _("积分年度")
        ordering = ["congress", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year"], name="duty_score_year_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.congress} {self.year}年"


class DutyScore(BaseModel):
    """A deputy's published score for a quarter (cumulative from January) or the
    year: a snapshot of the computation (``breakdown``: per kind the count,
    points and cap applied; the minimums missed), kept as published."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="duty_scores",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="duty_scores",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("期间"), max_length=8, choices=ScorePeriod.choices)
    rules = models.ForeignKey(
        ScoringRules,
        verbose_name=_("适用规则"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    total = models.DecimalField(_("积分"), max_digits=7, decimal_places=1)
    band = models.CharField(_("等次"), max_length=20)
    minimums_met = models.BooleanField(_("达到最低履职要求"), default=True)
    breakdown = models.JSONField(_("积分明细"), default=dict)
    published_at = models.DateTimeField(_("公布时间"))
    final = models.BooleanField(_("已定稿"), default=False)

    class Meta:
        verbose_name = _("履职积分")
        verbose_name_plural = _("履职积分")
        ordering = ["congress", "-year", "period", "-total", "deputy_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "deputy", "year", "period"],
                name="duty_score_once_per_period",
            ),
        ]
        indexes = [models.Index(fields=["congress", "year", "period", "total"])]

    def __str__(self) -> str:
        return f"{self.deputy} {self.year} {self.get_period_display()} {self.total}"


class ScoreCorrection(BaseModel):
    """A deputy's request to correct the year's score, with a reason; staff
    accept it (with the points granted or taken) or refuse it, and the decision is
    kept. An accepted correction is an ADJUSTMENT entry of the archive."""

    state_table = CORRECTION_STATES

    score = models.ForeignKey(
        DutyScore,
        verbose_name=_("积分"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="score_corrections",
    )
    kind = models.CharField(
        _("涉及项目"), max_length=24, choices=ArchiveKind.choices, blank=True
    )
    reason = models.TextField(_("更正理由"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
        db_index=True,
    )
    points = models.DecimalField(
        _("核定调整分值"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    decision = models.TextField(_("处理意见"), blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("积分更正申请")
        verbose_name_plural = _("积分更正申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CorrectionStatus.ACCEPTED, points__isnull=False)
                | ~Q(status=CorrectionStatus.ACCEPTED),
                name="duty_correction_accepted_has_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.score.year} {self.get_status_display()}"


class DutyAlert(BaseModel):
    """A notice to the deputy-affairs committee (代表工作委员会): a deputy two years
    running below the pass mark, or absent without approval from two sessions.
    Never an end of mandate: the committee decides what follows."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="duty_alerts",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="duty_alerts",
    )
    kind = models.CharField(_("类别"), max_length=24, choices=AlertKind.choices)
    # The year (LOW_SCORE: the second year) or the term (SESSION_ABSENCES) it is about.
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    term = models.ForeignKey(
        "congresses.Term",
        verbose_name=_("届"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    detail = models.CharField(_("情况"), max_length=500)
    status = models.CharField(
        _("状态"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    handled_note = models.TextField(_("处理情况"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("履职提示")
        verbose_name_plural = _("履职提示")
        ordering = ["status", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "deputy", "kind", "year"],
                condition=Q(year__isnull=False),
                name="duty_alert_once_per_year",
            ),
            models.UniqueConstraint(
                fields=["congress", "deputy", "kind", "term"],
                condition=Q(term__isnull=False),
                name="duty_alert_once_per_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.get_kind_display()}"
