"""Supervision items (议题) of every kind, their people, visits, documents and timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    ITEM_STATES,
    AnswerMode,
    Attendance,
    DocumentKind,
    InvestigationProposer,
    ItemStatus,
    LawKind,
    ParticipantRole,
    ResolutionOutcome,
    SupervisionKind,
    WorkReportStep,
    WorkReportSubtype,
)


class Theme(BaseModel):
    """A theme the year's work is grouped by (疫情防控, 经济高质量发展, ...)."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.CASCADE,
        related_name="supervision_themes",
    )
    name = models.CharField(_("名称"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("监督主题")
        verbose_name_plural = _("监督主题")
        ordering = ["congress", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "name"], name="supervision_theme_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SupervisionItem(BaseModel):
    """One supervision item of a congress's standing committee in a year."""

    state_table = ITEM_STATES

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(
        _("监督方式"), max_length=24, choices=SupervisionKind.choices
    )
    subtype = models.CharField(
        _("报告类别"),
        max_length=24,
        choices=WorkReportSubtype.choices,
        blank=True,
        help_text=_(
            "专项工作报告的类别：计划、预算、决算、审计、国有资产、政府债务等。"
        ),
    )
    title = models.CharField(_("议题名称"), max_length=200)
    summary = models.TextField(_("内容摘要"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("主题"), related_name="items", blank=True
    )
    target_units = models.ManyToManyField(
        "units.HandlingUnit",
        verbose_name=_("被监督机关"),
        related_name="supervision_items",
        blank=True,
    )
    lead_committee = models.ForeignKey(
        "congresses.Committee",
        verbose_name=_("牵头委员会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_items",
    )
    leaders = models.ManyToManyField(
        "congresses.CommitteeMember",
        verbose_name=_("分管领导"),
        related_name="supervision_items_led",
        blank=True,
    )
    planned_month = models.PositiveSmallIntegerField(
        _("计划月份"), null=True, blank=True
    )
    # The committee meeting that hears the item (a later issue links the meeting
    # record); the work-report clock counts back from its date.
    meeting_date = models.DateField(_("审议会议日期"), null=True, blank=True)
    meeting_name = models.CharField(_("审议会议"), max_length=100, blank=True)
    written_review = models.BooleanField(
        _("书面审议"), default=False, help_text=_("书面审议：不安排口头汇报。")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    # The day the kind's main step happened (heard, inspected, adopted): the
    # year's counts are made by it.
    done_on = models.DateField(_("完成日期"), null=True, blank=True, db_index=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # 跟踪监督: the item of an earlier year this one follows up.
    follows = models.ForeignKey(
        "self",
        verbose_name=_("跟踪监督的原议题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    public_summary = models.TextField(
        _("公开说明"), blank=True, help_text=_("在公开页面上显示的说明，不含个人信息。")
    )
    # Law inspections: how the team worked (InspectionMethod values).
    methods = models.JSONField(_("检查方式"), default=list, blank=True)
    # Interpellations: answer mode decided by the chairpersons' meeting.
    answer_mode = models.CharField(
        _("答复方式"), max_length=16, choices=AnswerMode.choices, blank=True
    )
    answer_decided_on = models.DateField(_("主任会议决定日期"), null=True, blank=True)
    answer_decision = models.ForeignKey(
        "meetings.ChairpersonsDecision",
        verbose_name=_("决定答复的主任会议决定"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Special investigations.
    investigation_proposer = models.CharField(
        _("提议方式"), max_length=16, choices=InvestigationProposer.choices, blank=True
    )
    investigation_decision = models.ForeignKey(
        "meetings.ChairpersonsDecision",
        verbose_name=_("提议调查的主任会议决定"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    excluded_members = models.ManyToManyField(
        "congresses.CommitteeMember",
        verbose_name=_("回避的组成人员"),
        related_name="supervision_items_excluded",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("监督事项")
        verbose_name_plural = _("监督事项")
        ordering = ["-year", "planned_month", "id"]
        indexes = [
            models.Index(fields=["congress", "year", "kind"]),
            # The year's counts: items done (done_on) in a year, whatever the
            # plan's year (selectors/stats.py counted_items; bench/figures.py).
            models.Index(fields=["congress", "done_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="supervision_item_month_range",
                condition=Q(planned_month__isnull=True)
                | Q(planned_month__gte=1, planned_month__lte=12),
            ),
            models.CheckConstraint(
                name="supervision_item_subtype_only_for_reports",
                condition=Q(subtype="") | Q(kind=SupervisionKind.WORK_REPORT),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:item_detail", args=[self.pk])


class ItemEvent(models.Model):
    """One step of an item's timeline (the item, its opinions, points, reports)."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    # Kinds are named in events/; a kind of another area (opinions, points)
    # lives in the same timeline.
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
        verbose_name = _("监督事项记录")
        verbose_name_plural = _("监督事项记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.summary or self.kind


class WorkReportMilestone(BaseModel):
    """A step of the work-report clock, done on a day (the due day is computed)."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    step = models.CharField(_("环节"), max_length=24, choices=WorkReportStep.choices)
    done_on = models.DateField(_("完成日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    # Reported missed once (the daily job's guard).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("工作报告环节")
        verbose_name_plural = _("工作报告环节")
        ordering = ["item", "done_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "step"], name="supervision_milestone_unique_step"
            )
        ]


class WorkingGroup(BaseModel):
    """A 监督工作组: led by a leader, sent to places (e.g. two counties, three districts)."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.CASCADE,
        related_name="working_groups",
    )
    name = models.CharField(_("名称"), max_length=100)
    leader = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("带队领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("前往地区"), related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("监督工作组")
        verbose_name_plural = _("监督工作组")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.name


class Participant(BaseModel):
    """Someone invited to an item: a member, a deputy of any level, staff, an expert."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("工作组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    role = models.CharField(_("身份"), max_length=16, choices=ParticipantRole.choices)
    member = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("常委会组成人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_participations",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("人大代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_participations",
    )
    # Staff, experts and officials are named (no account needed).
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    title = models.CharField(_("单位职务"), max_length=100, blank=True)
    attendance = models.CharField(
        _("出席情况"),
        max_length=16,
        choices=Attendance.choices,
        default=Attendance.INVITED,
    )
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        ordering = ["item", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"],
                condition=Q(member__isnull=False),
                name="supervision_participant_unique_member",
            ),
            models.UniqueConstraint(
                fields=["item", "deputy"],
                condition=Q(deputy__isnull=False),
                name="supervision_participant_unique_deputy",
            ),
        ]


class SiteVisit(BaseModel):
    """A site visit of an item (date, place, who went)."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.CASCADE,
        related_name="site_visits",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("工作组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="site_visits",
    )
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    summary = models.TextField(_("情况"), blank=True)
    participants = models.ManyToManyField(
        Participant, verbose_name=_("参加人员"), related_name="site_visits", blank=True
    )

    class Meta:
        verbose_name = _("实地视察检查")
        verbose_name_plural = _("实地视察检查")
        ordering = ["item", "date", "id"]


class ItemDocument(BaseModel):
    """A document of an item, in versions (report drafts, inspection report, minutes)."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("监督事项"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("材料类别"), max_length=24, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"), blank=True)
    file = models.FileField(_("附件"), upload_to="supervision/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    note = models.CharField(_("版本说明"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("监督材料")
        verbose_name_plural = _("监督材料")
        ordering = ["item", "kind", "version", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "version"],
                name="supervision_document_unique_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class InspectedLaw(BaseModel):
    """A law or regulation a law-enforcement inspection covers."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("执法检查"),
        on_delete=models.CASCADE,
        related_name="laws",
    )
    name = models.CharField(_("法律法规名称"), max_length=200)
    law_kind = models.CharField(_("类别"), max_length=32, choices=LawKind.choices)

    class Meta:
        verbose_name = _("检查的法律法规")
        verbose_name_plural = _("检查的法律法规")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "name"], name="supervision_law_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class InspectionReport(BaseModel):
    """The inspection report's four parts (Supervision Law art. 36)."""

    item = models.OneToOneField(
        SupervisionItem,
        verbose_name=_("执法检查"),
        on_delete=models.CASCADE,
        related_name="inspection_report",
    )
    implementation = models.TextField(_("法律法规实施的基本情况"))
    problems = models.TextField(_("存在的问题"))
    recommendations = models.TextField(_("改进执法工作的建议"))
    amendments = models.TextField(_("修改完善法律法规的建议"), blank=True)


class InquiryQuestion(BaseModel):
    """A question of an inquiry (专题询问) and its answer."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("专题询问"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    question = models.TextField(_("问题"))
    asked_by_member = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("提问的组成人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("提问的代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answering_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("应询单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_by = models.CharField(_("应询人"), max_length=100, blank=True)
    answer = models.TextField(_("回答"), blank=True)
    answered_on = models.DateField(_("回答日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("询问问题")
        verbose_name_plural = _("询问问题")
        ordering = ["item", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "order"], name="supervision_question_unique_order"
            )
        ]


class InterpellationFiler(BaseModel):
    """A member who signed an interpellation; after the answer, satisfied or not."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("质询案"),
        on_delete=models.CASCADE,
        related_name="filers",
    )
    member = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("提出人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Per answer round: None until the filer says; the second answer is due
    # when more than half of the filers are not satisfied.
    satisfied = models.BooleanField(_("对答复满意"), null=True, blank=True)

    class Meta:
        verbose_name = _("质询案提出人")
        verbose_name_plural = _("质询案提出人")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"], name="supervision_filer_unique_member"
            )
        ]


class ResolutionRecord(BaseModel):
    """A resolution or decision: text, adopting meeting, vote figures, execution report."""

    item = models.OneToOneField(
        SupervisionItem,
        verbose_name=_("决议决定"),
        on_delete=models.CASCADE,
        related_name="resolution",
    )
    text = models.TextField(_("文本"))
    meeting_name = models.CharField(_("通过会议"), max_length=100)
    adopted_on = models.DateField(_("表决日期"))
    online_vote = models.BooleanField(_("网络表决"), default=False)
    members_total = models.PositiveSmallIntegerField(_("常委会组成人员总数"))
    votes_for = models.PositiveSmallIntegerField(_("赞成"))
    votes_against = models.PositiveSmallIntegerField(_("反对"))
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"))
    not_voting = models.PositiveSmallIntegerField(_("未按表决器/未投票"))
    outcome = models.CharField(
        _("表决结果"), max_length=16, choices=ResolutionOutcome.choices
    )
    execution_report_due = models.DateField(
        _("执行情况报告期限"), null=True, blank=True
    )
    execution_reported_on = models.DateField(
        _("执行情况报告日期"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("决议决定")
        verbose_name_plural = _("决议决定")
        constraints = [
            models.CheckConstraint(
                name="supervision_resolution_votes_within_members",
                condition=Q(
                    members_total__gte=models.F("votes_for")
                    + models.F("votes_against")
                    + models.F("votes_abstain")
                    + models.F("not_voting")
                ),
            )
        ]
