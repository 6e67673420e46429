"""API schemas of notices. Free text is bounded here (422); the services check
the rules (targets within the congress's area, answer options, deadlines) and
answer 400 or 409 naming the field."""

import datetime as dt
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from renda.congresses.choices import Level
from renda.core.api import Id, choices_text

from . import rules
from .choices import (
    BODY_MAX_LENGTH,
    CATEGORY_MAX_LENGTH,
    OPTION_MAX_LENGTH,
    OPTIONS_MAX,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AnswerForm,
    NoticeStatus,
    ReceiptFilter,
    TargetKind,
)

ALLOWED_CONTROL = {"\n", "\r", "\t"}


def _multiline(value: str) -> str:
    if any(ord(char) < 32 and char not in ALLOWED_CONTROL for char in value):
        raise ValueError("不能包含控制字符。")
    return value


def bounded(max_length: int):
    return Annotated[
        str, StringConstraints(max_length=max_length), AfterValidator(_multiline)
    ]


TargetKindIn = StrEnum("TargetKindIn", {v: v for v in TargetKind.values})
AnswerFormIn = StrEnum("AnswerFormIn", {v: v for v in AnswerForm.values})
StatusIn = StrEnum("NoticeStatusIn", {v: v for v in NoticeStatus.values})
LevelIn = StrEnum("NoticeLevelIn", {v: v for v in Level.values})
ShowIn = StrEnum("ReceiptShowIn", {(v or "all"): v for v in ReceiptFilter.values})


class TargetIn(Schema):
    kind: TargetKindIn = Field(description=f"对象类型：{choices_text(TargetKind)}")
    id: Id | None = Field(
        None,
        description="人大、代表团、代表小组、联络站、代表或用户的编号（LEVEL 以外必填）",
    )
    level: LevelIn | None = Field(None, description="LEVEL 时的级别")


class NoticeIn(Schema):
    congress: Id | None = Field(
        None, description="发布通知的人大编号；只负责一个人大的工作人员可不填"
    )
    title: bounded(TITLE_MAX_LENGTH) = Field(description="标题")
    body: bounded(BODY_MAX_LENGTH) = Field(description="正文")
    category: bounded(CATEGORY_MAX_LENGTH) = Field("", description="类别，可不填")
    answer_form: AnswerFormIn = Field(
        AnswerForm.NONE.value, description=f"回复方式：{choices_text(AnswerForm)}"
    )
    answer_options: list[bounded(OPTION_MAX_LENGTH)] = Field(
        default_factory=list,
        max_length=OPTIONS_MAX,
        description="CUSTOM 时的回复选项",
    )
    answer_deadline: dt.datetime | None = Field(None, description="回复截止时间")
    targets: list[TargetIn] = Field(
        default_factory=list,
        max_length=rules.DEFAULT_MAX_NAMED + 50,
        description="通知对象；发布时解析为具体的接收人",
    )


class NoticePatch(Schema):
    title: bounded(TITLE_MAX_LENGTH) | None = Field(None, description="标题")
    body: bounded(BODY_MAX_LENGTH) | None = Field(None, description="正文")
    category: bounded(CATEGORY_MAX_LENGTH) | None = Field(None, description="类别")
    answer_form: AnswerFormIn | None = Field(None, description="回复方式")
    answer_options: list[bounded(OPTION_MAX_LENGTH)] | None = Field(
        None, max_length=OPTIONS_MAX, description="CUSTOM 时的回复选项"
    )
    answer_deadline: dt.datetime | None = Field(None, description="回复截止时间")
    targets: list[TargetIn] | None = Field(
        None,
        max_length=rules.DEFAULT_MAX_NAMED + 50,
        description="通知对象（整体替换）",
    )


class WithdrawIn(Schema):
    reason: bounded(REASON_MAX_LENGTH) = Field(description="撤回理由")


class NoticeAnswerIn(Schema):
    answer: bounded(OPTION_MAX_LENGTH) = Field(description="所选的回复选项")


class NoticeQuery(Schema):
    status: StatusIn | None = Field(
        None, description=f"状态：{choices_text(NoticeStatus)}"
    )
    q: bounded(100) = Field("", description="按标题或类别搜索")


class ReceiptQuery(Schema):
    show: ShowIn | None = Field(
        None,
        description="all 全部、unread 未读、read 已读、unanswered 未回复、answered 已回复、undeliverable 无账号",
    )
    answer: bounded(OPTION_MAX_LENGTH) = Field("", description="按回复选项筛选")


class InboxQuery(Schema):
    unread: bool = Field(False, description="只列出未读的通知（工作台的数字）")
    unread_first: bool = Field(False, description="未读的排在前面")


class TargetOut(Schema):
    kind: str
    label: str


class NoticeAttachmentOut(Schema):
    id: int
    name: str = Field(alias="original_name")
    content_type: str
    size: int
    url: str = Field(description="下载地址（页面，需登录）")


class NoticeEventOut(Schema):
    title: str
    detail: str
    actor: str
    at: dt.datetime


class OptionCountOut(Schema):
    option: str
    count: int


class CountsOut(Schema):
    total: int = Field(description="接收人总数（含无账号的）")
    deliverable: int = Field(description="有账号、能收到的人数")
    read: int
    unread: int
    undeliverable: int = Field(description="无账号，无法送达的人数")
    answered: int
    unanswered: int
    options: list[OptionCountOut] = Field(description="各回复选项的人数")


class NoticeOut(Schema):
    id: int
    congress: int = Field(alias="congress_id")
    title: str
    category: str
    status: str
    answer_form: str
    answer_options: list[str]
    answer_deadline: dt.datetime | None
    published_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdraw_reason: str
    remind_rounds: int
    receipt_total: int = Field(0, description="接收人总数")
    receipt_read: int = Field(0, description="已读人数")
    receipt_undeliverable: int = Field(0, description="无账号人数")


class NoticeDetailOut(NoticeOut):
    body: str
    targets: list[TargetOut]
    attachments: list[NoticeAttachmentOut]
    counts: CountsOut | None
    unread_names: list[str]
    events: list[NoticeEventOut]
    actions: list[str] = Field(
        description="您现在可以做的操作：edit、publish、withdraw、remind"
    )
    remind_blocked: str = Field(description="不能提醒的原因（如有）")


class ReceiptOut(Schema):
    id: int
    name: str
    deputy: int | None = Field(alias="deputy_id")
    phone: str = Field(description="手机号码（脱敏）")
    deliverable: bool = Field(description="有账号，能收到通知")
    read_at: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None
    remind_count: int
    last_reminded_at: dt.datetime | None


class RemindOut(Schema):
    reminded: int = Field(description="本次提醒的人数")
    round: int = Field(description="第几次提醒")


class InboxItemOut(Schema):
    id: int = Field(description="通知编号")
    title: str
    category: str
    congress_name: str
    status: str
    published_at: dt.datetime | None
    asks_answer: bool
    answer_options: list[str]
    answer_deadline: dt.datetime | None
    read_at: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None


class ReceivedOut(InboxItemOut):
    body: str
    withdraw_reason: str
    attachments: list[NoticeAttachmentOut]
    actions: list[str] = Field(description="您现在可以做的操作：read、answer")
