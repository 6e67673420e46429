"""Choices of notices (通知公告): the status with its state table, the kinds of
targets, the preset answer forms and the events of a notice's timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.state import StateTable

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20000
CATEGORY_MAX_LENGTH = 30
OPTION_MAX_LENGTH = 10
OPTIONS_MAX = 6
REASON_MAX_LENGTH = 500


class NoticeStatus(models.TextChoices):
    DRAFT = "DRAFT", _("草稿")
    PUBLISHED = "PUBLISHED", _("已发布")
    WITHDRAWN = "WITHDRAWN", _("已撤回")


NOTICE_STATES = StateTable(
    NoticeStatus,
    {
        # Title, body, targets, answer form and attachments: only a draft.
        "edit": ([NoticeStatus.DRAFT], None),
        "publish": ([NoticeStatus.DRAFT], NoticeStatus.PUBLISHED),
        "withdraw": ([NoticeStatus.PUBLISHED], NoticeStatus.WITHDRAWN),
        # Recipients read and answer, staff remind: only while published.
        "read": ([NoticeStatus.PUBLISHED], None),
        "answer": ([NoticeStatus.PUBLISHED], None),
        "remind": ([NoticeStatus.PUBLISHED], None),
    },
    noun="该通知",
    code="notices.invalid_state",
    actions={
        "edit": "修改",
        "publish": "发布",
        "withdraw": "撤回",
        "read": "阅读",
        "answer": "回复",
        "remind": "提醒",
    },
)


class TargetKind(models.TextChoices):
    """Whom a notice is addressed to; each resolves to deputies or users at publish."""

    CONGRESS = "CONGRESS", _("本级人大全体代表")
    LEVEL = "LEVEL", _("某一级人大代表")
    DELEGATION = "DELEGATION", _("代表团")
    GROUP = "GROUP", _("代表小组")
    STATION = "STATION", _("联络站")
    DEPUTY = "DEPUTY", _("指定代表")
    USER = "USER", _("指定人员")


class AnswerForm(models.TextChoices):
    """The answer a notice asks for: none (reading is enough), a preset, or the
    staff's own options."""

    NONE = "NONE", _("无需回复（阅读即已读）")
    RECEIVED = "RECEIVED", _("确认收到")
    ATTEND = "ATTEND", _("参加 / 不参加")
    CUSTOM = "CUSTOM", _("自定义选项")


PRESET_OPTIONS = {
    AnswerForm.NONE: [],
    AnswerForm.RECEIVED: ["收到"],
    AnswerForm.ATTEND: ["参加", "不参加"],
}


class ReceiptFilter(models.TextChoices):
    """The filters of the receipts table."""

    ALL = "", _("全部")
    UNREAD = "unread", _("未读")
    READ = "read", _("已读")
    UNANSWERED = "unanswered", _("未回复")
    ANSWERED = "answered", _("已回复")
    UNDELIVERABLE = "undeliverable", _("无账号")


class NoticeEventKind(models.TextChoices):
    CREATED = "CREATED", _("起草")
    UPDATED = "UPDATED", _("修改")
    PUBLISHED = "PUBLISHED", _("发布")
    WITHDRAWN = "WITHDRAWN", _("撤回")
    REMINDED = "REMINDED", _("提醒")
