from django.conf import settings
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

from .audit_chain import chain_seal_new


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class ActionLogQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")

    def bulk_create(self, *args, **kwargs):  # noqa: ARG002
        # Each row is chained to the one before it: one save() at a time.
        raise TypeError("Audit rows are appended one at a time (the hash chain).")

    def bulk_update(self, *args, **kwargs):  # noqa: ARG002
        raise TypeError("The audit log is append-only.")


class ActionLog(models.Model):
    """One row per write or sensitive read: who, what, when, from where."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    # Set from the database's clock when the row is appended (renda.core.audit_chain).
    created_at = models.DateTimeField(_("时间"), db_index=True, editable=False)
    # The hash chain (docs/security.md "Audit log"): the row's place in the chain,
    # the previous row's hash and this row's keyed hash over its canonical form.
    seq = models.BigIntegerField(_("链序号"), unique=True, editable=False)
    prev_hash = models.CharField(_("前一行哈希"), max_length=64, editable=False)
    chain_hash = models.CharField(_("本行哈希"), max_length=64, editable=False)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log is append-only.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # The chain lock (PostgreSQL) is held until the outermost transaction commits.
        # No savepoint: a failed audit row fails the caller's transaction.
        with transaction.atomic(using=using, savepoint=False):
            chain_seal_new(self, using=using)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


class AuditArchive(models.Model):
    """A checkpoint: audit rows up to ``seq_last`` were moved to an archive file.

    Written only by :func:`renda.core.audit_archive.audit_archive_run`, in the same
    transaction that appends its ``audit.archive`` row and deletes the archived rows.
    ``mac`` is the chain key's HMAC over the checkpoint, so a checkpoint made behind the
    application's back does not verify. Append-only like the log.
    """

    seq_first = models.BigIntegerField(_("起始链序号"), unique=True)
    seq_last = models.BigIntegerField(_("结束链序号"), unique=True)
    id_first = models.BigIntegerField(_("起始编号"))
    id_last = models.BigIntegerField(_("结束编号"))
    row_count = models.PositiveIntegerField(_("行数"))
    prev_hash = models.CharField(_("前一行哈希"), max_length=64)
    last_hash = models.CharField(_("最后一行哈希"), max_length=64)
    first_created_at = models.DateTimeField(_("最早时间"))
    last_created_at = models.DateTimeField(_("最晚时间"))
    file_name = models.CharField(_("归档文件"), max_length=200)
    file_sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    mac = models.CharField(_("校验码"), max_length=64)
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志归档")
        verbose_name_plural = _("审计日志归档")
        ordering = ["-seq_last"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.seq_first}–{self.seq_last})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit archive checkpoints are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit archive checkpoints are append-only.")


class IdempotencyKey(models.Model):
    """A client's key for a write it may retry; the retry returns the first result.

    Written only by :func:`renda.core.idempotency.run_once`. The table keeps the
    name it had when the model lived in the suggestions app.
    """

    key = models.CharField(_("幂等键"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    scope = models.CharField(_("操作"), max_length=50)
    result_pk = models.BigIntegerField(_("结果编号"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        db_table = "suggestions_idempotencykey"
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="idempotency_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


class RateLimitBucket(models.Model):
    """One counter of a public form's rate limit: a key in one fixed time window.

    Written only by :mod:`renda.core.ratelimit`, which increments ``count`` in
    one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` inside the
    transaction of the submission it counts. ``key`` is a keyed hash (never a
    client address in clear). Buckets of past windows are deleted daily
    (``manage.py ratelimit_prune``).
    """

    scope = models.CharField(_("限制"), max_length=64)
    key = models.CharField(_("键"), max_length=64)
    window_start = models.DateTimeField(_("时间窗起点"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("频率限制计数")
        verbose_name_plural = _("频率限制计数")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"],
                name="core_ratelimit_bucket_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["window_start"], name="core_ratelimit_window"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} {self.count}"
