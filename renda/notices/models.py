"""Notices (通知公告), their targets, the receipts frozen at publication, their
attachments and their timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from .choices import (
    CATEGORY_MAX_LENGTH,
    NOTICE_STATES,
    OPTION_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AnswerForm,
    NoticeEventKind,
    NoticeStatus,
    TargetKind,
)


class Notice(BaseModel):
    """One notice of a congress's standing committee to deputies or named people."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("正文"))
    category = models.CharField(_("类别"), max_length=CATEGORY_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=NoticeStatus.choices,
        default=NoticeStatus.DRAFT,
    )
    answer_form = models.CharField(
        _("回复方式"),
        max_length=16,
        choices=AnswerForm.choices,
        default=AnswerForm.NONE,
    )
    # The options a recipient chooses from (empty: reading is enough).
    answer_options = models.JSONField(_("回复选项"), default=list, blank=True)
    answer_deadline = models.DateTimeField(_("回复截止时间"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(
        _("撤回理由"), max_length=REASON_MAX_LENGTH, blank=True
    )
    remind_rounds = models.PositiveIntegerField(_("提醒轮次"), default=0)
    last_reminded_at = models.DateTimeField(_("上次提醒时间"), null=True, blank=True)

    state_table = NOTICE_STATES

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["congress", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="DRAFT") | Q(published_at__isnull=False),
                name="notice_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def asks_answer(self) -> bool:
        return bool(self.answer_options)


class NoticeTarget(BaseModel):
    """One target of a notice, as the staff chose it; resolved at publication."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=TargetKind.choices)
    congress = models.ForeignKey(
        "congresses.Congress",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    level = models.CharField(_("级别"), max_length=16, blank=True)
    delegation = models.ForeignKey(
        "congresses.Delegation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.ForeignKey(
        "deputies.DeputyGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    station = models.ForeignKey(
        "stations.LiaisonStation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # What the staff saw when choosing ("龙山区代表团", "县级人大代表").
    label = models.CharField(_("名称"), max_length=200)

    class Meta:
        verbose_name = _("通知对象")
        verbose_name_plural = _("通知对象")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.label}"


class NoticeReceipt(BaseModel):
    """One recipient of a published notice (回执), frozen at publication.

    A deputy without an account has a receipt with no user: the notice cannot
    reach them, and the receipts table says so instead of losing them.
    """

    notice = models.ForeignKey(
        Notice,
        verbose_name=_("通知"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notice_receipts",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notice_receipts",
    )
    name = models.CharField(_("姓名"), max_length=100)
    stroke_key = models.CharField(_("排序键"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    answer = models.CharField(_("回复"), max_length=OPTION_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    remind_count = models.PositiveIntegerField(_("提醒次数"), default=0)
    last_reminded_at = models.DateTimeField(_("上次提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知回执")
        verbose_name_plural = _("通知回执")
        ordering = ["stroke_key", "id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "user"],
                condition=Q(user__isnull=False),
                name="notice_receipt_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["notice", "deputy"],
                condition=Q(deputy__isnull=False),
                name="notice_receipt_one_per_deputy",
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False),
                name="notice_receipt_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} · {self.name}"

    @property
    def deliverable(self) -> bool:
        return self.user_id is not None


class NoticeAttachment(BaseModel):
    """A file of a notice, served only to its staff and its recipients."""

    notice = models.ForeignKey(
        Notice,
        verbose_name=_("通知"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to="notices/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("通知附件")
        verbose_name_plural = _("通知附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class NoticeEvent(BaseModel):
    """One entry of a notice's timeline; written only through ``events.py``."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事件"), max_length=16, choices=NoticeEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    payload = models.JSONField(_("内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("通知事件")
        verbose_name_plural = _("通知事件")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.notice} · {self.get_kind_display()}"
