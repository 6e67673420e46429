from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from .choices import (
    DEDUPE_KEY_MAX_LENGTH,
    LAST_ERROR_MAX_LENGTH,
    PROVIDER_MESSAGE_ID_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    WECOM_USERID_MAX_LENGTH,
    DeliveryChannel,
    DeliveryStatus,
    NotificationKind,
)


class Notification(BaseModel):
    """One in-app notice to one user (消息); other channels deliver copies of it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        _("类别"),
        max_length=32,
        choices=NotificationKind.choices,
        default=NotificationKind.GENERIC,
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=URL_MAX_LENGTH, blank=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    # The same key never reaches the same recipient twice (the daily job's
    # "one notice per item, day and kind").
    dedupe_key = models.CharField(
        _("去重键"), max_length=DEDUPE_KEY_MAX_LENGTH, blank=True
    )
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_per_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(BaseModel):
    """One notice's copy on one channel beyond the app, and what became of it.

    Holds no phone number: the address is read from the recipient when an
    attempt is made, and errors are masked before they are stored.
    """

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("消息"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(
        _("渠道"), max_length=16, choices=DeliveryChannel.choices
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    last_error = models.CharField(
        _("最近错误"), max_length=LAST_ERROR_MAX_LENGTH, blank=True
    )
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("服务商消息编号"), max_length=PROVIDER_MESSAGE_ID_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                name="delivery_one_per_notification_and_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_status_display()}"


class NotificationPreference(BaseModel):
    """The channels a user receives notices on beyond the app (接收方式)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    sms = models.BooleanField(_("短信"), default=False)
    wecom = models.BooleanField(_("企业微信"), default=False)
    wecom_userid = models.CharField(
        _("企业微信账号"), max_length=WECOM_USERID_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("接收方式")
        verbose_name_plural = _("接收方式")

    def __str__(self) -> str:
        return str(self.user)

    def channels(self) -> set[str]:
        """Return the channels chosen (DeliveryChannel values)."""
        chosen = set()
        if self.sms:
            chosen.add(DeliveryChannel.SMS)
        if self.wecom:
            chosen.add(DeliveryChannel.WECOM)
        return chosen
