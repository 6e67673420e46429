import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.errors import InvalidTransition
from renda.core.models import BaseModel

from .choices import (
    ASSIGNMENT_TRANSITIONS,
    EXTENSION_TRANSITIONS,
    SUGGESTION_TRANSITIONS,
    TITLE_MAX_LENGTH,
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    CloseReason,
    EventKind,
    ExtensionStatus,
    KeySource,
    Period,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)


class Suggestion(BaseModel):
    """A deputy's suggestion, criticism or opinion (代表建议), from draft to closing."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    term = models.ForeignKey(
        "congresses.Term",
        verbose_name=_("届"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    period = models.CharField(
        _("提出时间"), max_length=16, choices=Period.choices, default=Period.RECESS
    )
    channel = models.CharField(
        _("渠道"), max_length=16, choices=Channel.choices, default=Channel.FORMAL
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("内容"), blank=True)
    category = models.CharField(
        _("类别"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("涉及地区"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    lead_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("领衔代表"),
        on_delete=models.PROTECT,
        related_name="led_suggestions",
    )
    cosigners = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("附议代表"),
        related_name="cosigned_suggestions",
        blank=True,
    )
    status = models.CharField(
        _("状态"),
        max_length=32,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    clarification_note = models.TextField(_("退回补充说明"), blank=True)
    reject_reason = models.TextField(_("不予立案理由"), blank=True)
    # When the last answering unit replied: the rating window starts here.
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    close_reason = models.CharField(
        _("办结方式"), max_length=32, choices=CloseReason.choices, blank=True
    )
    is_key = models.BooleanField(_("重点建议"), default=False)
    oversight = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("督办领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overseen_suggestions",
    )
    key_source = models.CharField(
        _("确定方式"), max_length=32, choices=KeySource.choices, blank=True
    )
    # The chairpersons' decision that chose it as key (meetings' record), when
    # the chairpersons' meeting chose it.
    chairpersons_decision = models.ForeignKey(
        "meetings.ChairpersonsDecision",
        verbose_name=_("主任会议决定"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_items",
    )
    # A draft a station's chief or liaison officer prepared for the deputy from
    # a resident's request (代拟); the deputy edits and submits it, or discards it.
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代拟人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prepared_at_station = models.ForeignKey(
        "stations.LiaisonStation",
        verbose_name=_("代拟联络站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A 12345 直通车 item: when the lead deputy agreed that their name and phone
    # go to the hotline system as the requester (null: not agreed, sent without).
    hotline_consent_at = models.DateTimeField(
        _("同意向12345提供联系方式时间"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["congress", "status"]),
            models.Index(fields=["congress", "accepted_at"]),
            # A congress's list newest first, and its year's figures by submission.
            models.Index(
                fields=["congress", "-submitted_at", "-id"],
                name="suggestion_congress_submitted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="suggestion_rejected_has_reason",
                condition=~Q(status=SuggestionStatus.REJECTED) | ~Q(reject_reason=""),
            ),
            models.CheckConstraint(
                name="suggestion_oversight_only_if_key",
                condition=Q(is_key=True) | Q(oversight__isnull=True),
            ),
            models.CheckConstraint(
                name="suggestion_not_merged_into_itself",
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("id")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def decision_subject_url(self) -> str:
        """The page a chairpersons' decision choosing it as key links to."""
        return reverse("suggestions:detail", args=[self.pk])

    # The state machine (choices.SUGGESTION_TRANSITIONS); services move it only
    # through renda.core.state.transition(suggestion, verb).
    state_table = SUGGESTION_TRANSITIONS

    def can(self, verb: str) -> bool:
        """Tell whether the suggestion may undergo ``verb`` now.

        A suggestion merged into another (并案) is handled with it: it takes no
        step of its own.
        """
        return self.merged_into_id is None and self.state_table.can(self.status, verb)

    def transition_error(self, verb: str, action: str | None = None):
        """Return the error explaining why ``verb`` is not possible now."""
        words = action or self.state_table.actions.get(verb, verb)
        if self.merged_into_id is not None:
            return InvalidTransition(
                f"该建议已并入“{self.merged_into.title}”，随主建议办理，不能单独{words}。",
                code="suggestions.merged",
            )
        return self.state_table.error(self, verb, action)

    # One question per verb, for pages and the API.
    def can_edit(self) -> bool:
        return self.can("edit")

    def can_submit(self) -> bool:
        return self.can("submit")

    def can_discard(self) -> bool:
        return self.can("discard")

    def can_accept(self) -> bool:
        return self.can("accept")

    def can_return_for_clarification(self) -> bool:
        return self.can("return_for_clarification")

    def can_reject(self) -> bool:
        return self.can("reject")

    def can_assign(self) -> bool:
        return self.can("assign")

    def can_handle(self) -> bool:
        return self.can("handle")

    def can_rate(self) -> bool:
        return self.can("rate")

    def can_close(self) -> bool:
        return self.can("close")

    def can_mark_key(self) -> bool:
        return self.can("mark_key")


class Assignment(BaseModel):
    """One handling unit's part in a suggestion (交办): its role, deadline and state."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("建议"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    handling_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(
        _("承办方式"), max_length=16, choices=AssignmentRole.choices
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
        db_index=True,
    )
    assigned_at = models.DateTimeField(_("交办时间"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_at = models.DateField(_("办理期限"))
    # The deadline relied on a year whose holidays are not known yet.
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)
    # The government's sign-off (docs/suggestions-government.md): a COORDINATING
    # assignment's time of passing the item on, and the departments' link to it.
    dispatched_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    via = models.ForeignKey(
        "self",
        verbose_name=_("经政府转办"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatched",
    )

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["suggestion", "role", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            # The open assignments by deadline (overdue now, due soon): small.
            models.Index(
                fields=["due_at", "suggestion"],
                condition=Q(
                    status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.REHANDLING]
                ),
                name="assignment_open_due",
            ),
            # A unit's queue (待办理 and its parts), read in deadline order.
            models.Index(
                fields=["handling_unit", "due_at", "id"],
                condition=Q(
                    status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.REHANDLING]
                ),
                name="assignment_unit_open_due",
            ),
        ]
        constraints = [
            # A unit holds one live assignment of a suggestion at a time.
            models.UniqueConstraint(
                fields=["suggestion", "handling_unit"],
                condition=Q(
                    status__in=[
                        AssignmentStatus.ASSIGNED,
                        AssignmentStatus.REPLIED,
                        AssignmentStatus.REHANDLING,
                    ]
                ),
                name="assignment_one_live_per_unit",
            ),
            models.CheckConstraint(
                name="assignment_returned_has_reason",
                condition=~Q(status=AssignmentStatus.RETURNED) | ~Q(return_reason=""),
            ),
            models.CheckConstraint(
                name="assignment_withdrawn_has_reason",
                condition=~Q(status=AssignmentStatus.WITHDRAWN)
                | ~Q(withdraw_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.handling_unit}（{self.get_role_display()}）"

    # The state machine (choices.ASSIGNMENT_TRANSITIONS).
    state_table = ASSIGNMENT_TRANSITIONS

    def can(self, verb: str) -> bool:
        """Tell whether the assignment may undergo ``verb`` now."""
        return self.state_table.can(self.status, verb)

    def can_return(self) -> bool:
        return self.can("return")

    def can_reply(self) -> bool:
        return self.can("reply")

    def can_extend(self) -> bool:
        return self.can("extend")

    def can_withdraw(self) -> bool:
        return self.can("withdraw")


class ExtensionRequest(BaseModel):
    """A unit's request to extend a formal suggestion's deadline, and staff's decision."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("交办"),
        on_delete=models.CASCADE,
        related_name="extension_requests",
    )
    months = models.PositiveSmallIntegerField(_("延期月数"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    old_due_at = models.DateField(_("原期限"), null=True, blank=True)
    new_due_at = models.DateField(_("新期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["assignment", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status=ExtensionStatus.APPROVED),
                name="extension_approved_once",
            ),
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="extension_one_pending",
            ),
            models.CheckConstraint(
                name="extension_months_positive", condition=Q(months__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} 延期{self.months}个月"

    # The decision's state machine (choices.EXTENSION_TRANSITIONS).
    state_table = EXTENSION_TRANSITIONS


class Reply(BaseModel):
    """A unit's written answer (答复); a 会办 unit's opinion to the lead unit."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("交办"),
        on_delete=models.CASCADE,
        related_name="replies",
    )
    text = models.TextField(_("答复内容"))
    outcome = models.CharField(
        _("答复分类"), max_length=1, choices=ReplyOutcome.choices, blank=True
    )
    signed_by = models.CharField(_("签发人"), max_length=50)
    met_deputy_first = models.BooleanField(_("先见面后答复"), default=False)
    replied_at = models.DateTimeField(_("答复时间"))
    # The deadline in force when the reply was made (on-time rate).
    due_at = models.DateField(_("当时期限"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["assignment", "replied_at", "id"]
        indexes = [
            # An assignment's latest reply (figures: outcome and rating).
            models.Index(
                fields=["assignment", "-replied_at", "-id"],
                name="reply_assignment_latest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.handling_unit} 答复 {self.replied_at:%Y-%m-%d}"

    @property
    def on_time(self) -> bool:
        from django.utils import timezone

        return timezone.localdate(self.replied_at) <= self.due_at


class Feedback(BaseModel):
    """The lead deputy's rating of a reply (代表满意度测评)."""

    reply = models.OneToOneField(
        Reply,
        verbose_name=_("答复"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.CharField(_("测评结果"), max_length=32, choices=Rating.choices)
    reason = models.TextField(_("意见"), blank=True)
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("测评代表"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("测评时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["rated_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="feedback_unsatisfied_has_reason",
                condition=~Q(rating=Rating.UNSATISFIED) | ~Q(reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reply} · {self.get_rating_display()}"


class SuggestionEvent(models.Model):
    """One step of a suggestion's timeline; append-only."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("建议"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("事项"), max_length=32, choices=EventKind.choices)
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
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("交办"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


def attachment_upload_to(instance, filename: str) -> str:
    """Store an attachment under ``suggestions/%Y/%m/`` with a random name.

    The original name is kept on the row only: names on disk never come from
    the user, so they cannot collide, traverse or reveal anything.
    """
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"suggestions/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(BaseModel):
    """A file attached to a suggestion (by its deputy) or to a unit's reply."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("建议"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("答复"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["created_at", "id"]
        constraints = [
            # An attachment belongs to exactly one suggestion or one reply.
            models.CheckConstraint(
                name="attachment_one_owner",
                condition=(Q(suggestion__isnull=False) & Q(reply__isnull=True))
                | (Q(suggestion__isnull=True) & Q(reply__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


# The government's sign-off (签批) -------------------------------------------------
# docs/suggestions-government.md; migration 0012_government_route.


class GovernmentRoute(BaseModel):
    """A congress's setting: which channels go through the government's sign-off.

    Items of a covered channel are sent to the coordinating unit (the
    government's office) instead of directly to departments; the office records
    the leader's instruction (签批) and passes the item on (转办).
    """

    congress = models.OneToOneField(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.CASCADE,
        related_name="government_route",
    )
    coordinating_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("政府办公室"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    covers_voice = models.BooleanField(_("《代表之声》经政府签批"), default=True)
    covers_hotline = models.BooleanField(_("12345直通车经政府签批"), default=True)
    covers_formal = models.BooleanField(_("代表建议经政府签批"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("设置时间"))

    class Meta:
        verbose_name = _("政府签批设置")
        verbose_name_plural = _("政府签批设置")

    def __str__(self) -> str:
        return f"{self.congress} · {self.coordinating_unit}"

    def channels(self) -> list[str]:
        """Return the channels this setting covers, in the channels' order."""
        covered = {
            Channel.FORMAL: self.covers_formal,
            Channel.VOICE: self.covers_voice,
            Channel.HOTLINE: self.covers_hotline,
        }
        return [c for c in Channel.values if covered[Channel(c)]]

    def covers(self, channel: str) -> bool:
        return self.is_active and channel in self.channels()


class Instruction(BaseModel):
    """The government leader's instruction (领导批示) on an item sent for sign-off."""

    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("政府转办"),
        on_delete=models.CASCADE,
        related_name="instruction",
    )
    # The item, for the detail page's panel flag (has_government_instructions).
    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("建议"),
        on_delete=models.CASCADE,
        related_name="government_instructions",
    )
    leader_name = models.CharField(_("签批领导"), max_length=50)
    leader_title = models.CharField(_("领导职务"), max_length=100)
    signed_at = models.DateTimeField(_("签批时间"))
    text = models.TextField(_("批示内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.leader_title}{self.leader_name}批示"


# --- Text routing index (issue 12, section 3) --------------------------------
# The learned unit proposal's index, built by ``manage.py routing_index_build``.
from .models_routing import RoutingIndexBuild, RoutingTerm  # noqa: E402,F401

# --- Statistics summary rows (issue 13, section 3; decision 0019) ------------
from .models_stats import SuggestionStatsItem, SuggestionStatsRow  # noqa: E402,F401
