from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

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
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


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
