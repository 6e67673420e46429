"""Review opinions followed to the end (跟踪问效): opinions, points, reports, tests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    OPINION_STATES,
    POINT_STATES,
    OpinionStatus,
    PointStatus,
    ReviewMode,
    TestResult,
    TestSubject,
    UnsatisfiedAction,
)
from .items import SupervisionItem


class ReviewOpinion(BaseModel):
    """The committee's review opinions (审议意见) on an item, sent to one body."""

    state_table = OPINION_STATES

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("交办机关"),
        on_delete=models.PROTECT,
        related_name="review_opinions",
    )
    text = models.TextField(_("审议意见"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=OpinionStatus.choices,
        default=OpinionStatus.DRAFT,
    )
    compiled_on = models.DateField(_("整理完成日期"))
    # The chairpersons' decision that approved the opinions (meetings' record);
    # the name and date stay filled from it, and alone on rows recorded before.
    chairpersons_decision = models.ForeignKey(
        "meetings.ChairpersonsDecision",
        verbose_name=_("主任会议决定"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_on = models.DateField(_("主任会议通过日期"), null=True, blank=True)
    chair_meeting = models.CharField(_("主任会议"), max_length=100, blank=True)
    sent_on = models.DateField(_("交办日期"), null=True, blank=True)
    # The handling report's deadline, fixed when sent (legal calendar).
    report_due = models.DateField(_("研究处理情况报告期限"), null=True, blank=True)
    report_due_provisional = models.BooleanField(_("期限暂定"), default=False)
    extended = models.BooleanField(_("已延期"), default=False)
    extension_reason = models.CharField(_("延期理由"), max_length=500, blank=True)
    extension_approved_on = models.DateField(_("延期批准日期"), null=True, blank=True)
    # The chairpersons' decision that granted the (latest) extension.
    extension_decision = models.ForeignKey(
        "meetings.ChairpersonsDecision",
        verbose_name=_("同意延期的主任会议决定"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A second report after 不满意 (or a committee's request): round 2, 3, ...
    round = models.PositiveSmallIntegerField(_("报告轮次"), default=1)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "unit"], name="supervision_opinion_unique_unit"
            ),
            models.CheckConstraint(
                name="supervision_opinion_sent_has_due",
                condition=Q(sent_on__isnull=True) | Q(report_due__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.title}的审议意见（{self.unit.name}）"

    def decision_subject_url(self) -> str:
        """The page a chairpersons' decision about the opinions links to."""
        return reverse("supervision:opinion_detail", args=[self.pk])


class RectificationPoint(BaseModel):
    """One point of a review opinion to put right (整改事项): a unit and a due date."""

    state_table = POINT_STATES

    opinion = models.ForeignKey(
        ReviewOpinion,
        verbose_name=_("审议意见"),
        on_delete=models.CASCADE,
        related_name="points",
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("整改事项"))
    unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="rectification_points",
    )
    due_on = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=PointStatus.choices, default=PointStatus.OPEN
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["opinion", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "order"], name="supervision_point_unique_order"
            )
        ]


class ProgressReport(BaseModel):
    """A unit's progress on a point, with evidence."""

    point = models.ForeignKey(
        RectificationPoint,
        verbose_name=_("整改事项"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    text = models.TextField(_("进展情况"))
    evidence = models.FileField(
        _("佐证材料"), upload_to="supervision/evidence/%Y/%m/", blank=True
    )
    evidence_name = models.CharField(_("文件名"), max_length=200, blank=True)
    reported_on = models.DateField(_("报告日期"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")
        ordering = ["point", "reported_on", "id"]


class HandlingReport(BaseModel):
    """The body's 研究处理情况报告 on an opinion (one per round)."""

    opinion = models.ForeignKey(
        ReviewOpinion,
        verbose_name=_("审议意见"),
        on_delete=models.PROTECT,
        related_name="handling_reports",
    )
    round = models.PositiveSmallIntegerField(_("报告轮次"), default=1)
    text = models.TextField(_("研究处理情况"))
    file = models.FileField(
        _("附件"), upload_to="supervision/handling/%Y/%m/", blank=True
    )
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    filed_on = models.DateField(_("报送日期"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late = models.BooleanField(_("逾期报送"), default=False)
    committee_comment = models.TextField(_("专门委员会意见"), blank=True)
    commented_on = models.DateField(_("提出意见日期"), null=True, blank=True)
    review_mode = models.CharField(
        _("审议方式"), max_length=16, choices=ReviewMode.choices, blank=True
    )
    reviewed_on = models.DateField(_("审议日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("研究处理情况报告")
        verbose_name_plural = _("研究处理情况报告")
        ordering = ["opinion", "round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "round"], name="supervision_handling_unique_round"
            )
        ]


class SatisfactionTest(BaseModel):
    """A satisfaction test (满意度测评) or 票决评议; staff record the figures."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.PROTECT,
        related_name="satisfaction_tests",
    )
    opinion = models.ForeignKey(
        ReviewOpinion,
        verbose_name=_("审议意见"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="satisfaction_tests",
    )
    unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("测评对象"),
        on_delete=models.PROTECT,
        related_name="satisfaction_tests",
    )
    subject = models.CharField(
        _("测评内容"), max_length=24, choices=TestSubject.choices
    )
    held_on = models.DateField(_("测评日期"))
    meeting_name = models.CharField(_("会议"), max_length=100, blank=True)
    # The vote of the committee's meeting the figures come from (meetings' record).
    vote = models.ForeignKey(
        "meetings.Vote",
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members_total = models.PositiveSmallIntegerField(_("组成人员总数"))
    present = models.PositiveSmallIntegerField(_("出席人数"))
    satisfied = models.PositiveSmallIntegerField(_("满意"))
    basically_satisfied = models.PositiveSmallIntegerField(_("基本满意"))
    unsatisfied = models.PositiveSmallIntegerField(_("不满意"))
    # The rule's denominator at the time (ALL members or those PRESENT).
    denominator = models.CharField(_("计算基数"), max_length=16)
    result = models.CharField(_("测评结果"), max_length=24, choices=TestResult.choices)
    action = models.CharField(
        _("不满意的后续措施"),
        max_length=24,
        choices=UnsatisfiedAction.choices,
        blank=True,
    )
    action_due = models.DateField(_("重新报告期限"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["item", "held_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="supervision_test_present_within_members",
                condition=Q(members_total__gte=models.F("present")),
            ),
            models.CheckConstraint(
                name="supervision_test_votes_within_present",
                condition=Q(
                    present__gte=models.F("satisfied")
                    + models.F("basically_satisfied")
                    + models.F("unsatisfied")
                ),
            ),
        ]
