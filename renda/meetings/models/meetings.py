"""Meetings: the standing committee's (numbered within the term), the
chairpersons' and a township presidium's; agenda, attendance, papers, the
chairpersons' decisions and the meeting's timeline."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    MEETING_STATES,
    AgendaKind,
    Attendance,
    DecisionKind,
    MeetingEventKind,
    MeetingKind,
    MeetingStatus,
    SignInMethod,
)


class CommitteeMeeting(BaseModel):
    """A meeting of a standing committee (常委会会议, 第N次 within the term), of its
    chairpersons (主任会议) or of a township presidium (主席团会议)."""

    state_table = MEETING_STATES

    standing_committee = models.ForeignKey(
        "congresses.StandingCommittee",
        verbose_name=_("常委会"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(
        _("会议类别"),
        max_length=16,
        choices=MeetingKind.choices,
        default=MeetingKind.STANDING,
    )
    number = models.PositiveSmallIntegerField(_("会次"))
    date = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    # The agenda as one text (the items are AgendaItem rows); kept for the
    # meetings recorded before the items existed.
    agenda = models.TextField(_("议程"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
    )
    opened_at = models.DateTimeField(_("开会时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("闭会时间"), null=True, blank=True)
    # Members present when the meeting was opened, and all members in office.
    opened_present = models.PositiveSmallIntegerField(
        _("开会时出席人数"), null=True, blank=True
    )
    opened_members = models.PositiveSmallIntegerField(
        _("组成人员总数"), null=True, blank=True
    )
    cancel_reason = models.TextField(_("取消理由"), blank=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["standing_committee", "kind", "number"],
                name="committee_meeting_number",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == MeetingKind.STANDING:
            return f"{self.standing_committee}第{self.number}次会议"
        return f"{self.standing_committee.term}{self.get_kind_display()}（第{self.number}次）"


class ChairpersonsMeetingManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=MeetingKind.CHAIRPERSONS)


class ChairpersonsMeeting(CommitteeMeeting):
    """The chairpersons' meetings (主任会议) among the meetings."""

    objects = ChairpersonsMeetingManager()

    class Meta:
        proxy = True
        verbose_name = _("主任会议")
        verbose_name_plural = _("主任会议")

    def save(self, *args, **kwargs):
        self.kind = MeetingKind.CHAIRPERSONS
        super().save(*args, **kwargs)


class AgendaItem(BaseModel):
    """One item of a meeting's agenda, in order, linked to what it decides."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name=_("会议"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("类别"), max_length=24, choices=AgendaKind.choices)
    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    # Who reports (报告机关、报告人), e.g. 市政府 副市长 王某.
    reporter = models.CharField(_("报告人"), max_length=100, blank=True)
    # What the item decides or hears: a supervision item, its review opinions,
    # a normative document, a handling unit... read through the content type, so
    # that this app imports none of them.
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("关联事项类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(
        _("关联事项编号"), null=True, blank=True
    )
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["meeting", "position", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingAttendance(BaseModel):
    """A member's attendance at a meeting: present (signed in), on leave, absent."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name=_("会议"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    member = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("组成人员"),
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )
    status = models.CharField(_("出席情况"), max_length=16, choices=Attendance.choices)
    reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    method = models.CharField(
        _("登记方式"), max_length=16, choices=SignInMethod.choices, blank=True
    )
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        ordering = ["meeting", "member__rank", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="meeting_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


class MeetingGuest(BaseModel):
    """An official of a reporting body who attends as an observer (列席); the
    deputies invited to observe are the 双联 records of renda.liaison."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name=_("会议"),
        on_delete=models.CASCADE,
        related_name="guests",
    )
    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("单位"), max_length=100)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    attended = models.BooleanField(_("是否出席"), null=True, blank=True)

    class Meta:
        verbose_name = _("列席人员")
        verbose_name_plural = _("列席人员")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.name}"


def paper_path(instance, filename: str) -> str:
    return f"meetings/papers/{instance.agenda_item.meeting_id}/{filename}"


class MeetingPaper(BaseModel):
    """A paper (会议材料) of an agenda item, sent to members before the meeting."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("议程"),
        on_delete=models.CASCADE,
        related_name="papers",
    )
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to=paper_path, max_length=300)
    size = models.PositiveIntegerField(_("大小"), default=0)
    # The day it must reach the members (7 days before for a work report,
    # rules.paper_due_date) and when it was sent.
    due_on = models.DateField(_("应送达日期"), null=True, blank=True)
    sent_at = models.DateTimeField(_("分发时间"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["agenda_item", "id"]

    def __str__(self) -> str:
        return self.title


class PaperReceipt(BaseModel):
    """A member's read receipt of a paper (first opened)."""

    paper = models.ForeignKey(
        MeetingPaper,
        verbose_name=_("会议材料"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    member = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("组成人员"),
        on_delete=models.CASCADE,
        related_name="paper_receipts",
    )
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("材料阅读回执")
        verbose_name_plural = _("材料阅读回执")
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "member"], name="paper_receipt_once"
            ),
        ]


class ChairpersonsDecision(BaseModel):
    """A decision of the chairpersons' meeting (主任会议决定事项), the record the
    supervision and suggestions apps link to instead of a typed name and date."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name=_("主任会议"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("议程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    kind = models.CharField(_("决定类别"), max_length=24, choices=DecisionKind.choices)
    title = models.CharField(_("决定事项"), max_length=200)
    text = models.TextField(_("决定内容"), blank=True)
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("关联事项类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(
        _("关联事项编号"), null=True, blank=True
    )
    subject = GenericForeignKey("subject_type", "subject_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("主任会议决定")
        verbose_name_plural = _("主任会议决定")
        ordering = ["meeting", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.meeting}：{self.title}"

    @property
    def decided_on(self):
        return self.meeting.date


class MeetingEvent(BaseModel):
    """One entry of a meeting's timeline. Never a ballot: what a member chose is
    in no event, and no event of a vote names who cast what."""

    kind = models.CharField(_("事件"), max_length=24, choices=MeetingEventKind.choices)
    meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name=_("会议"),
        on_delete=models.CASCADE,
        related_name="timeline",
    )
    vote = models.ForeignKey(
        "meetings.Vote",
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="timeline",
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
        verbose_name = _("会议事件")
        verbose_name_plural = _("会议事件")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
