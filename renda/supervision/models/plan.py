"""The annual supervision plan (年度监督工作计划, art. 63) and its topic call (议题征集)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    PLAN_VERSION_STATES,
    PROPOSAL_STATES,
    PlanVersionStatus,
    ProposalSource,
    ProposalStatus,
    SupervisionKind,
)
from .items import SupervisionItem, Theme


class TopicCall(BaseModel):
    """The call for next year's topics, open from one day to another (each autumn)."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="topic_calls",
    )
    year = models.PositiveSmallIntegerField(_("计划年度"))
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("议题征集")
        verbose_name_plural = _("议题征集")
        ordering = ["-year", "congress"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year"], name="supervision_topic_call_unique_year"
            ),
            models.CheckConstraint(
                name="supervision_topic_call_dates",
                condition=models.Q(closes_on__gte=models.F("opens_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TopicProposal(BaseModel):
    """A topic proposed by a deputy, a resident or a unit (asking to report)."""

    state_table = PROPOSAL_STATES

    call = models.ForeignKey(
        TopicCall,
        verbose_name=_("议题征集"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    source = models.CharField(_("来源"), max_length=16, choices=ProposalSource.choices)
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("提出代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topic_proposals",
    )
    unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("申请报告的机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topic_proposals",
    )
    # A resident's name and phone (masked to all but committee staff).
    proposer_name = models.CharField(_("提出人"), max_length=50, blank=True)
    proposer_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    title = models.CharField(_("议题"), max_length=200)
    reason = models.TextField(_("理由和建议"))
    suggested_kind = models.CharField(
        _("建议的监督方式"), max_length=24, choices=SupervisionKind.choices, blank=True
    )
    receipt_number = models.CharField(_("回执编号"), max_length=20, unique=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    # The proposer sees this reason (declined, or merged into another).
    decision_reason = models.CharField(_("处理说明"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    plan_entry = models.ForeignKey(
        "supervision.PlanEntry",
        verbose_name=_("列入计划的议题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    ip_hash = models.CharField(
        _("来源地址摘要"), max_length=64, blank=True, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("议题建议")
        verbose_name_plural = _("议题建议")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class SupervisionPlan(BaseModel):
    """A congress's plan for one year; its content is in versions."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="supervision_plans",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)

    class Meta:
        verbose_name = _("年度监督工作计划")
        verbose_name_plural = _("年度监督工作计划")
        ordering = ["-year", "congress"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year"], name="supervision_plan_unique_year"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanVersion(BaseModel):
    """One version of a plan: the first as adopted, then each adjustment with its reason."""

    state_table = PLAN_VERSION_STATES

    plan = models.ForeignKey(
        SupervisionPlan,
        verbose_name=_("计划"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=PlanVersionStatus.choices,
        default=PlanVersionStatus.DRAFT,
    )
    reason = models.TextField(_("调整理由"), blank=True)
    # The chairpersons' decision that adopted the version (meetings' record);
    # the name and date stay filled from it, and alone on rows recorded before.
    chairpersons_decision = models.ForeignKey(
        "meetings.ChairpersonsDecision",
        verbose_name=_("主任会议决定"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chair_meeting = models.CharField(_("主任会议"), max_length=100, blank=True)
    adopted_on = models.DateField(_("主任会议通过日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("计划版本")
        verbose_name_plural = _("计划版本")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="supervision_plan_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan}（第{self.number}版）"

    def decision_subject_url(self) -> str:
        """The page a chairpersons' decision adopting the version links to."""
        return (
            reverse("supervision:plan_detail", args=[self.plan_id])
            + f"?version={self.number}"
        )


class PlanEntry(BaseModel):
    """One item of a plan version; it names the live item once created."""

    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("计划版本"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(
        _("监督方式"), max_length=24, choices=SupervisionKind.choices
    )
    title = models.CharField(_("议题名称"), max_length=200)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("主题"), related_name="plan_entries", blank=True
    )
    lead_committee = models.ForeignKey(
        "congresses.Committee",
        verbose_name=_("牵头委员会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leader = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("分管领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_month = models.PositiveSmallIntegerField(
        _("计划月份"), null=True, blank=True
    )
    planned_meeting = models.CharField(_("计划审议会议"), max_length=100, blank=True)
    target_units = models.ManyToManyField(
        "units.HandlingUnit", verbose_name=_("被监督机关"), related_name="+", blank=True
    )
    participants = models.CharField(_("参加人员"), max_length=300, blank=True)
    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_entries",
    )

    class Meta:
        verbose_name = _("计划议题")
        verbose_name_plural = _("计划议题")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="supervision_plan_entry_unique_order"
            ),
            models.CheckConstraint(
                name="supervision_plan_entry_month_range",
                condition=models.Q(planned_month__isnull=True)
                | models.Q(planned_month__gte=1, planned_month__lte=12),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanEvent(models.Model):
    """A step of a plan's or a topic proposal's timeline."""

    plan = models.ForeignKey(
        SupervisionPlan,
        verbose_name=_("计划"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    proposal = models.ForeignKey(
        TopicProposal,
        verbose_name=_("议题建议"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("类别"), max_length=40)
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
    summary = models.CharField(_("摘要"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("计划记录")
        verbose_name_plural = _("计划记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                name="supervision_plan_event_has_subject",
                condition=models.Q(plan__isnull=False)
                | models.Q(proposal__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.summary or self.kind
