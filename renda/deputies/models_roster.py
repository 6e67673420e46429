"""The pending roster import: an uploaded file kept until the clerk confirms it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel


class RosterImportStatus(models.TextChoices):
    PENDING = "PENDING", _("待确认")
    DONE = "DONE", _("已导入")


class RosterImport(BaseModel):
    """One uploaded roster file, its preview, and whether it has been imported.

    The file itself is kept so that confirming parses and validates it again on
    the server: the client sends nothing but this row's id.
    """

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="roster_imports",
    )
    term = models.ForeignKey(
        "congresses.Term",
        verbose_name=_("届"),
        on_delete=models.PROTECT,
        related_name="roster_imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    file_sha256 = models.CharField(_("文件摘要"), max_length=64)
    content = models.BinaryField(_("文件内容"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=RosterImportStatus.choices,
        default=RosterImportStatus.PENDING,
    )
    # Counts, errors and per-row outcome of the last validation, for the preview page.
    preview = models.JSONField(_("预览"), default=dict, blank=True)
    result = models.JSONField(_("导入结果"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代表名册导入")
        verbose_name_plural = _("代表名册导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def error_count(self) -> int:
        return len(self.preview.get("errors", []))

    @property
    def can_confirm(self) -> bool:
        return self.status == RosterImportStatus.PENDING and not self.error_count
