"""Filing review of normative documents (备案审查): documents, filings, reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import (
    FILING_STATES,
    REVIEW_STATES,
    DocumentType,
    FilingStatus,
    RequestKind,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    Standard,
)


class NormativeDocument(BaseModel):
    """A normative document a body (or a lower congress) must file with the congress."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("备案机关（人大常委会）"),
        on_delete=models.PROTECT,
        related_name="normative_documents",
    )
    issuing_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("制定机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="normative_documents",
    )
    issuing_congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("制定机关（下级人大）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="normative_documents_issued",
    )
    document_type = models.CharField(
        _("文件类别"), max_length=24, choices=DocumentType.choices
    )
    title = models.CharField(_("文件名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100)
    published_on = models.DateField(_("公布日期"))
    text = models.TextField(_("正文"), blank=True)
    file = models.FileField(
        _("文件"), upload_to="supervision/filings/%Y/%m/", blank=True
    )
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    # Revoked or amended after a review: the list shows it.
    revoked_on = models.DateField(_("撤销或废止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("规范性文件")
        verbose_name_plural = _("规范性文件")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="normative_document_one_issuer",
                condition=Q(issuing_unit__isnull=False, issuing_congress__isnull=True)
                | Q(issuing_unit__isnull=True, issuing_congress__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["congress", "document_number"],
                name="normative_document_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"

    @property
    def issuer_name(self) -> str:
        if self.issuing_unit_id:
            return self.issuing_unit.name
        return self.issuing_congress.name if self.issuing_congress_id else ""


class Filing(BaseModel):
    """The filing (备案) of one document: filed, checked for form, accepted or returned."""

    state_table = FILING_STATES

    document = models.OneToOneField(
        NormativeDocument,
        verbose_name=_("规范性文件"),
        on_delete=models.PROTECT,
        related_name="filing",
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=FilingStatus.choices,
        default=FilingStatus.FILED,
    )
    filed_on = models.DateField(_("报备日期"))
    # Set at filing from the rule (30 days of publication): late filings stay flagged.
    late = models.BooleanField(_("逾期报备"), default=False)
    filing_report = models.TextField(_("备案报告"), blank=True)
    explanation = models.TextField(_("起草说明"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报备人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_on = models.DateField(_("审核日期"), null=True, blank=True)
    accepted_on = models.DateField(
        _("登记备案日期"), null=True, blank=True, db_index=True
    )
    return_reason = models.CharField(_("退回理由"), max_length=500, blank=True)
    refile_due = models.DateField(_("补正期限"), null=True, blank=True)
    times_returned = models.PositiveSmallIntegerField(_("退回次数"), default=0)

    class Meta:
        verbose_name = _("备案")
        verbose_name_plural = _("备案")
        ordering = ["-filed_on", "-id"]


class ReviewCase(BaseModel):
    """A review (审查) of one or more documents: active, on request, special, referral."""

    state_table = REVIEW_STATES

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="review_cases",
    )
    kind = models.CharField(_("审查方式"), max_length=16, choices=ReviewKind.choices)
    request_kind = models.CharField(
        _("申请类别"), max_length=16, choices=RequestKind.choices, blank=True
    )
    subject = models.CharField(_("审查事项"), max_length=200)
    documents = models.ManyToManyField(
        NormativeDocument,
        verbose_name=_("审查的文件"),
        related_name="review_cases",
        blank=True,
    )
    # A 审查要求 or 审查建议: who asked (masked to all but committee staff).
    proposer_name = models.CharField(_("提出人"), max_length=100, blank=True)
    proposer_organisation = models.CharField(
        _("提出机关或单位"), max_length=100, blank=True
    )
    proposer_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    proposer_address = models.CharField(_("通信地址"), max_length=200, blank=True)
    request_text = models.TextField(_("审查理由"), blank=True)
    receipt_number = models.CharField(
        _("回执编号"), max_length=20, unique=True, null=True, blank=True
    )
    ip_hash = models.CharField(
        _("来源地址摘要"), max_length=64, blank=True, db_index=True
    )
    received_on = models.DateField(_("收到日期"))
    status = models.CharField(
        _("状态"),
        max_length=24,
        choices=ReviewStatus.choices,
        default=ReviewStatus.RECEIVED,
    )
    opinion = models.TextField(_("审查意见"), blank=True)
    outcome = models.CharField(
        _("审查结果"), max_length=24, choices=ReviewOutcome.choices, blank=True
    )
    correction_due = models.DateField(_("纠正期限"), null=True, blank=True)
    referred_to = models.CharField(_("移送机关"), max_length=100, blank=True)
    concluded_on = models.DateField(_("审查结束日期"), null=True, blank=True)
    proposer_told_on = models.DateField(_("告知提出人日期"), null=True, blank=True)
    proposer_reply = models.TextField(_("告知内容"), blank=True)
    # The 备案审查 item of the year this review belongs to, if staff link one.
    item = models.ForeignKey(
        "supervision.SupervisionItem",
        verbose_name=_("监督事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_cases",
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
        verbose_name = _("审查")
        verbose_name_plural = _("审查")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="review_case_request_kind_only_on_request",
                condition=Q(request_kind="") | Q(kind=ReviewKind.ON_REQUEST),
            )
        ]

    def __str__(self) -> str:
        return self.subject


class ReviewCheck(BaseModel):
    """One standard of the review's checklist, passed or not, with a note."""

    case = models.ForeignKey(
        ReviewCase,
        verbose_name=_("审查"),
        on_delete=models.CASCADE,
        related_name="checks",
    )
    standard = models.CharField(_("审查标准"), max_length=24, choices=Standard.choices)
    passed = models.BooleanField(_("符合"))
    note = models.TextField(_("说明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("审查标准核对")
        verbose_name_plural = _("审查标准核对")
        ordering = ["case", "standard"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "standard"], name="review_check_unique_standard"
            )
        ]


class FilingEvent(models.Model):
    """A step of a filing's or a review's timeline."""

    filing = models.ForeignKey(
        Filing,
        verbose_name=_("备案"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    case = models.ForeignKey(
        ReviewCase,
        verbose_name=_("审查"),
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
        verbose_name = _("备案审查记录")
        verbose_name_plural = _("备案审查记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                name="filing_event_has_subject",
                condition=Q(filing__isnull=False) | Q(case__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.summary or self.kind
