"""Kinds of in-app notices."""

from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
URL_MAX_LENGTH = 500
DEDUPE_KEY_MAX_LENGTH = 200


class NotificationKind(models.TextChoices):
    GENERIC = "GENERIC", _("通知")
    SUGGESTION_DUE_SOON = "SUGGESTION_DUE_SOON", _("建议即将到期")
    SUGGESTION_OVERDUE = "SUGGESTION_OVERDUE", _("建议已超期")
    # A step of a suggestion's handling that concerns the recipient
    # (renda/suggestions/notices.py).
    SUGGESTION_PROGRESS = "SUGGESTION_PROGRESS", _("建议办理进展")
    # A step of supervision work that concerns the recipient: an invitation, a
    # plan published, review opinions sent, a handling report filed, a filing
    # returned (renda/supervision/notices/).
    SUPERVISION_PROGRESS = "SUPERVISION_PROGRESS", _("监督工作进展")
    # A supervision deadline missed or near (the daily job).
    SUPERVISION_DUE = "SUPERVISION_DUE", _("监督工作期限提醒")
    # A notice (通知公告) published to the recipient, and a reminder to read
    # or answer it (renda/notices/).
    NOTICE = "NOTICE", _("通知公告")
    NOTICE_REMINDER = "NOTICE_REMINDER", _("通知公告提醒")
    # A suggestion drafted for a deputy by a station's chief or liaison officer
    # from a resident's request, waiting for the deputy to confirm it.
    SUGGESTION_DRAFT = "SUGGESTION_DRAFT", _("代拟建议待确认")
    # A committee meeting's notice and papers sent to a member, a vote opened
    # for a member, a 票决评议 result published to a unit (renda/meetings/).
    MEETING = "MEETING", _("会议通知")
    VOTE_OPEN = "VOTE_OPEN", _("表决开始")
    EVALUATION_RESULT = "EVALUATION_RESULT", _("票决评议结果")
    # Deputies' duty (renda/duty/): a score published to the deputy, a correction
    # decided, a record confirmed; a notice to the deputy-affairs committee; a
    # training enrolled; a story published; voters' ratings of a report.
    DUTY = "DUTY", _("履职积分与档案")
    DUTY_ALERT = "DUTY_ALERT", _("代表履职提示")
    TRAINING = "TRAINING", _("培训通知")


LAST_ERROR_MAX_LENGTH = 500
PROVIDER_MESSAGE_ID_MAX_LENGTH = 128
WECOM_USERID_MAX_LENGTH = 64


class DeliveryChannel(models.TextChoices):
    """Channels beyond the app; in-app (站内) is the Notification row itself."""

    SMS = "SMS", _("短信")
    WECOM = "WECOM", _("企业微信")


class DeliveryStatus(models.TextChoices):
    # Waiting for its first attempt, or for a retry after a failure
    # (next_attempt_at says when).
    PENDING = "PENDING", _("待发送")
    SENT = "SENT", _("已发送")
    # Given up: the last attempt failed and no retry is left, or the provider
    # refused the recipient for good.
    FAILED = "FAILED", _("发送失败")
    # Not sent: the recipient has no phone number or 企业微信 account, or turned
    # the channel off before it went.
    SKIPPED = "SKIPPED", _("未发送")
