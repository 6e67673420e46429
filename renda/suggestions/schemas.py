"""API schemas of suggestions: list and detail, the write bodies, statistics.

Free text is bounded here (422 before any service runs); the services check
the rules (a reason must not be blank, a rating needs a reason...) and answer
400 naming the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints, field_validator

from renda.core.api import Id, choices_text
from renda.core.api import text as bounded_text

from . import rules
from .choices import (
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    CloseReason,
    EventKind,
    ExtensionStatus,
    KeySource,
    Period,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)
from .events import describe_event

# The longest body of a suggestion or a reply: about twenty printed pages.
LONG_TEXT_MAX_LENGTH = 20_000
SIGNED_BY_MAX_LENGTH = 50
MAX_COSIGNERS = 100
MAX_UNITS = 30
MAX_MERGED = 100
ALLOWED_CONTROL = {"\n", "\r", "\t"}


def _multiline(value: str) -> str:
    # Line breaks and tabs belong in a letter; other control characters never do
    # (PostgreSQL refuses NUL).
    if any(ord(char) < 32 and char not in ALLOWED_CONTROL for char in value):
        raise ValueError("不能包含控制字符。")
    return value


def long_text(max_length: int):
    """Free text from a body: bounded, line breaks allowed, no other control characters."""
    return Annotated[
        str, StringConstraints(max_length=max_length), AfterValidator(_multiline)
    ]


def _label(choices_class, value) -> str:
    return str(choices_class(value).label) if value else ""


# Shared pieces -------------------------------------------------------------------


class DeputyRefOut(Schema):
    id: int
    name: str = Field(description="姓名")


class UnitRefOut(Schema):
    id: int
    name: str = Field(description="承办单位名称")


# List and detail -----------------------------------------------------------------


class SuggestionOrder(StrEnum):
    SUBMITTED = "submitted"
    CREATED = "created"


class SuggestionQuery(Schema):
    congress: Id | None = Field(None, description="人大编号")
    year: int | None = Field(
        None, ge=1949, le=2999, description="提交年份（草稿没有提交时间，不在其中）"
    )
    channel: Channel | None = Field(None, description=f"渠道：{choices_text(Channel)}")
    period: Period | None = Field(None, description=f"提出时间：{choices_text(Period)}")
    status: SuggestionStatus | None = Field(
        None,
        description=f"状态（并案建议按主建议的状态）：{choices_text(SuggestionStatus)}",
    )
    category: Category | None = Field(
        None, description=f"类别：{choices_text(Category)}"
    )
    unit: Id | None = Field(None, description="承办单位编号：交由该单位办理的建议")
    is_key: bool | None = Field(None, description="true 只列重点建议，false 排除")
    overdue: bool | None = Field(
        None,
        description="true 只列超期未办的建议（有承办单位已过办理期限），false 排除",
    )
    q: bounded_text(50) | None = Field(
        None,
        description=(
            "搜索：标题包含，或领衔代表姓名包含，或其拼音/拼音首字母前缀（如 dzm），"
            "或建议编号（与页面上的搜索相同）"
        ),
    )
    mine: bool = Field(
        False,
        description=(
            "只列与我有关的：代表为本人领衔或附议的，承办单位为交本单位办理的，"
            "工作人员为本人录入的，领导为本人督办的"
        ),
    )
    order: SuggestionOrder | None = Field(
        None,
        description=(
            "排序：submitted（默认：草稿在前，再按提交时间倒序）；"
            "created（按起草时间倒序，与代表“我的建议”页面相同）"
        ),
    )


class SuggestionOut(Schema):
    id: int
    title: str = Field(description="标题")
    congress_id: int = Field(description="人大编号")
    congress_name: str = Field(description="人大名称")
    term_id: int = Field(description="届的编号")
    channel: Channel = Field(description=f"渠道：{choices_text(Channel)}")
    channel_label: str = Field(description="渠道（中文）")
    period: Period = Field(description=f"提出时间：{choices_text(Period)}")
    period_label: str = Field(description="提出时间（中文）")
    category: Category = Field(description=f"类别：{choices_text(Category)}")
    category_label: str = Field(description="类别（中文）")
    status: SuggestionStatus = Field(
        description=(
            "办理状态；并入其他建议的，为主建议的状态。"
            f"{choices_text(SuggestionStatus)}"
        )
    )
    status_label: str = Field(description="办理状态（中文）")
    lead_deputy: DeputyRefOut = Field(description="领衔代表")
    is_key: bool = Field(description="是否重点建议")
    merged_into_id: int | None = Field(description="并入的主建议编号（如已并案）")
    submitted_at: dt.datetime | None = Field(description="提交时间")
    accepted_at: dt.datetime | None = Field(description="立案时间")
    closed_at: dt.datetime | None = Field(description="办结时间")
    due_at: dt.date | None = Field(
        description="办理期限：承办单位尚未办结的最早期限（并案建议按主建议）；没有则为空"
    )
    due_provisional: bool = Field(
        description="期限待定：所依据年份的节假日安排尚未公布，期限可能调整"
    )
    is_overdue: bool = Field(description="是否超期：有承办单位已过办理期限仍未答复")

    @staticmethod
    def resolve_congress_name(obj) -> str:
        return obj.congress.name

    @staticmethod
    def resolve_channel_label(obj) -> str:
        return _label(Channel, obj.channel)

    @staticmethod
    def resolve_period_label(obj) -> str:
        return _label(Period, obj.period)

    @staticmethod
    def resolve_category_label(obj) -> str:
        return _label(Category, obj.category)

    @staticmethod
    def resolve_status(obj) -> str:
        return getattr(obj, "effective_status", None) or obj.status

    @staticmethod
    def resolve_status_label(obj) -> str:
        return _label(SuggestionStatus, getattr(obj, "effective_status", obj.status))

    @staticmethod
    def resolve_due_at(obj) -> dt.date | None:
        return getattr(obj, "next_due_at", None)

    @staticmethod
    def resolve_due_provisional(obj) -> bool:
        return bool(getattr(obj, "next_due_provisional", False))

    @staticmethod
    def resolve_is_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class ExtensionOut(Schema):
    id: int
    months: int = Field(description="申请延期月数")
    reason: str = Field(description="延期理由")
    status: ExtensionStatus = Field(
        description=f"审批状态：{choices_text(ExtensionStatus)}"
    )
    status_label: str = Field(description="审批状态（中文）")
    requested_at: dt.datetime = Field(description="申请时间")
    decided_at: dt.datetime | None = Field(description="审批时间")
    decision_note: str = Field(description="审批意见")
    old_due_at: dt.date | None = Field(description="原期限")
    new_due_at: dt.date | None = Field(description="批准后的新期限")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return _label(ExtensionStatus, obj.status)


class AssignmentOut(Schema):
    id: int
    suggestion_id: int = Field(description="建议编号")
    unit: UnitRefOut = Field(description="承办单位")
    role: AssignmentRole = Field(
        description=f"承办方式：{choices_text(AssignmentRole)}"
    )
    role_label: str = Field(description="承办方式（中文）")
    status: AssignmentStatus = Field(
        description=f"办理状态：{choices_text(AssignmentStatus)}"
    )
    status_label: str = Field(description="办理状态（中文）")
    assigned_at: dt.datetime = Field(description="交办时间")
    due_at: dt.date = Field(description="办理期限")
    due_provisional: bool = Field(description="期限待定（节假日安排尚未公布）")
    is_overdue: bool = Field(description="是否超期未答复")
    returned_at: dt.datetime | None = Field(description="退回时间")
    return_reason: str = Field(description="退回理由")
    extensions: list[ExtensionOut] = Field(description="延期申请")
    actions: list[str] = Field(
        description=(
            "您现在可以对该交办做的操作（建议详情中给出）：reply（答复）、"
            "return（退回）、extend（申请延期）、withdraw（工作机构撤回交办）；"
            "与页面上的按钮一致"
        )
    )

    @staticmethod
    def resolve_unit(obj) -> dict:
        return {"id": obj.handling_unit_id, "name": obj.handling_unit.name}

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(getattr(obj, "actions", ()))

    @staticmethod
    def resolve_role_label(obj) -> str:
        return _label(AssignmentRole, obj.role)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return _label(AssignmentStatus, obj.status)

    @staticmethod
    def resolve_is_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))

    @staticmethod
    def resolve_extensions(obj) -> list:
        return list(obj.extension_requests.all())


class FeedbackOut(Schema):
    id: int
    rating: Rating = Field(description=f"测评结果：{choices_text(Rating)}")
    rating_label: str = Field(description="测评结果（中文）")
    reason: str = Field(description="意见（不满意时必填）")
    rated_at: dt.datetime = Field(description="测评时间")

    @staticmethod
    def resolve_rating_label(obj) -> str:
        return _label(Rating, obj.rating)


class ReplyOut(Schema):
    id: int
    assignment_id: int = Field(description="交办编号")
    unit: UnitRefOut = Field(description="承办单位")
    role: AssignmentRole = Field(
        description=f"承办方式：{choices_text(AssignmentRole)}"
    )
    text: str = Field(description="答复内容")
    outcome: ReplyOutcome | None = Field(
        description=f"答复分类（会办意见为空）：{choices_text(ReplyOutcome)}"
    )
    outcome_label: str = Field(description="答复分类（中文）")
    signed_by: str = Field(description="签发人")
    met_deputy_first: bool = Field(description="是否先见面后答复")
    replied_at: dt.datetime = Field(description="答复时间")
    due_at: dt.date = Field(description="答复时的办理期限")
    on_time: bool = Field(description="是否按期答复")
    feedback: FeedbackOut | None = Field(description="代表测评（如已测评）")

    @staticmethod
    def resolve_unit(obj) -> dict:
        unit = obj.assignment.handling_unit
        return {"id": unit.pk, "name": unit.name}

    @staticmethod
    def resolve_role(obj) -> str:
        return obj.assignment.role

    @staticmethod
    def resolve_outcome(obj) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_outcome_label(obj) -> str:
        return _label(ReplyOutcome, obj.outcome)

    @staticmethod
    def resolve_feedback(obj):
        return getattr(obj, "feedback", None)


class EventOut(Schema):
    id: int
    suggestion_id: int = Field(description="建议编号（并案建议含主建议的记录）")
    kind: EventKind = Field(description=f"事项：{choices_text(EventKind)}")
    kind_label: str = Field(description="事项（中文）")
    at: dt.datetime = Field(description="时间")
    actor: str | None = Field(description="操作人")
    unit: UnitRefOut | None = Field(description="涉及的承办单位")
    note: str = Field(
        description="说明：理由、意见、新的期限等，与页面上的办理记录相同"
    )

    # Pages and API describe an event alike (``events.describe_event``).
    @staticmethod
    def resolve_kind_label(obj) -> str:
        return _description(obj).title

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return _description(obj).actor_label or None

    @staticmethod
    def resolve_unit(obj) -> dict | None:
        if obj.assignment_id is None:
            return None
        unit = obj.assignment.handling_unit
        return {"id": unit.pk, "name": unit.name}

    @staticmethod
    def resolve_note(obj) -> str:
        return _description(obj).detail_text


def _description(event):
    return getattr(event, "description", None) or describe_event(event)


class AttachmentOut(Schema):
    id: int
    name: str = Field(description="原文件名")
    content_type: str = Field(description="文件类型（按内容检查）")
    size: int = Field(description="大小（字节）")
    uploaded_at: dt.datetime = Field(description="上传时间")
    url: str = Field(description="下载地址（返回文件内容）")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name

    @staticmethod
    def resolve_uploaded_at(obj) -> dt.datetime:
        return obj.created_at

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/api/v1/suggestions/{obj.suggestion_id}/attachments/{obj.pk}"


class AttachmentContentOut(AttachmentOut):
    content: str = Field(description="文件内容，base64 编码")


class SuggestionAttachmentsOut(Schema):
    suggestion_id: int = Field(description="建议编号")
    attachments: list[AttachmentOut] = Field(description="附件，按上传先后")


class SuggestionBriefOut(Schema):
    id: int
    title: str = Field(description="标题")


class SuggestionDetailOut(SuggestionOut):
    body: str = Field(description="内容")
    region_code: str = Field(description="涉及地区的区划代码")
    region_name: str = Field(description="涉及地区")
    cosigners: list[DeputyRefOut] = Field(description="附议代表")
    clarification_note: str = Field(description="退回补充的说明")
    reject_reason: str = Field(description="不予立案的理由")
    replied_at: dt.datetime | None = Field(description="全部答复的时间（测评期起算）")
    close_reason: CloseReason | None = Field(
        description=f"办结方式：{choices_text(CloseReason)}"
    )
    oversight: DeputyRefOut | None = Field(
        description="督办领导（常委会班子成员，id 为其委员编号）"
    )
    key_source: KeySource | None = Field(
        description=f"重点建议确定方式：{choices_text(KeySource)}"
    )
    merged_items: list[SuggestionBriefOut] = Field(description="并入本建议的建议")
    assignments: list[AssignmentOut] = Field(
        description="交办情况（并案建议为主建议的交办）"
    )
    replies: list[ReplyOut] = Field(
        description="答复及测评（代表只看到主办、分办单位的答复）"
    )
    timeline: list[EventOut] = Field(description="办理记录，按时间先后")
    actions: list[str] = Field(
        description=(
            "您现在可以做的操作：edit（修改）、submit（提交）、accept（立案）、"
            "return（退回补充）、reject（不予立案）、assign（交办）、"
            "merge（把其他建议并入本建议）、merge_into（把本建议并入另一件）、"
            "mark_key（确定为重点建议）、rate（测评答复）；与页面上的按钮一致"
        )
    )

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name

    @staticmethod
    def resolve_cosigners(obj) -> list:
        return obj.detail.cosigners

    @staticmethod
    def resolve_close_reason(obj) -> str | None:
        return obj.close_reason or None

    @staticmethod
    def resolve_key_source(obj) -> str | None:
        return obj.key_source or None

    @staticmethod
    def resolve_oversight(obj) -> dict | None:
        if obj.oversight_id is None:
            return None
        return {"id": obj.oversight_id, "name": obj.oversight.deputy.name}

    @staticmethod
    def resolve_merged_items(obj) -> list:
        return obj.detail.merged_items

    # The rest comes from ``selectors.suggestion_detail``, scoped to the user.
    @staticmethod
    def resolve_assignments(obj) -> list:
        return obj.detail.assignments

    @staticmethod
    def resolve_replies(obj) -> list:
        return obj.detail.replies

    @staticmethod
    def resolve_timeline(obj) -> list:
        return obj.detail.timeline

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.detail.actions)


# Writes --------------------------------------------------------------------------

RegionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}(\d{3})?$")]


class SuggestionCreateIn(Schema):
    congress: Id = Field(description="人大编号")
    term: Id | None = Field(None, description="届的编号；不填为该人大的最新一届")
    lead_deputy: Id | None = Field(
        None, description="领衔代表编号；代表本人起草时可不填，工作人员代录时必填"
    )
    title: Annotated[
        str, StringConstraints(max_length=TITLE_MAX_LENGTH), AfterValidator(_multiline)
    ] = Field(description=f"标题，不超过 {TITLE_MAX_LENGTH} 字")
    body: long_text(LONG_TEXT_MAX_LENGTH) = Field(
        "", description=f"内容，不超过 {LONG_TEXT_MAX_LENGTH} 字；提交前必须填写"
    )
    category: Category = Field(
        Category.OTHER, description=f"类别：{choices_text(Category)}"
    )
    channel: Channel = Field(
        Channel.FORMAL, description=f"渠道：{choices_text(Channel)}"
    )
    period: Period = Field(
        Period.RECESS, description=f"提出时间：{choices_text(Period)}"
    )
    region: RegionCode | None = Field(
        None, description="涉及地区的区划代码（6 位或 9 位）；不填为该人大所在地区"
    )
    cosigners: list[Id] = Field(
        default_factory=list,
        max_length=MAX_COSIGNERS,
        description="附议代表编号（本届代表）",
    )
    submit: bool = Field(
        False, description="true：保存后立即提交（可带 Idempotency-Key 头，重试不重复）"
    )


class SuggestionUpdateIn(Schema):
    """Only the fields sent are changed."""

    title: Annotated[
        str, StringConstraints(max_length=TITLE_MAX_LENGTH), AfterValidator(_multiline)
    ] = Field(None, description=f"标题，不超过 {TITLE_MAX_LENGTH} 字")
    body: long_text(LONG_TEXT_MAX_LENGTH) = Field(None, description="内容")
    category: Category = Field(None, description=f"类别：{choices_text(Category)}")
    channel: Channel = Field(None, description=f"渠道：{choices_text(Channel)}")
    period: Period = Field(None, description=f"提出时间：{choices_text(Period)}")
    region: RegionCode = Field(None, description="涉及地区的区划代码")
    cosigners: list[Id] = Field(
        None, max_length=MAX_COSIGNERS, description="附议代表编号（整体替换）"
    )


class ReasonIn(Schema):
    reason: long_text(REASON_MAX_LENGTH) = Field(
        description=f"理由或说明，必填，不超过 {REASON_MAX_LENGTH} 字"
    )


class UnitAssignmentIn(Schema):
    unit: Id = Field(description="承办单位编号")
    role: AssignmentRole = Field(
        description=f"承办方式：{choices_text(AssignmentRole)}"
    )


class AssignIn(Schema):
    units: list[UnitAssignmentIn] = Field(
        min_length=1,
        max_length=MAX_UNITS,
        description="承办单位及承办方式；至少一个主办或分办单位",
    )


class MergeIn(Schema):
    others: list[Id] = Field(
        min_length=1,
        max_length=MAX_MERGED,
        description="并入本建议的其他建议编号（已提交或已立案、尚未交办）",
    )


class MarkKeyIn(Schema):
    overseer: Id = Field(
        description="督办领导：本级人大常委会班子成员的委员编号（CommitteeMember）"
    )
    source: KeySource = Field(
        KeySource.STAFF, description=f"确定方式：{choices_text(KeySource)}"
    )


class ExtensionDecideIn(Schema):
    approve: bool = Field(description="true 批准，false 不批准")
    note: long_text(REASON_MAX_LENGTH) = Field("", description="审批意见；不批准时必填")


class ReplyIn(Schema):
    text: long_text(LONG_TEXT_MAX_LENGTH) = Field(
        description=f"答复内容，必填，不超过 {LONG_TEXT_MAX_LENGTH} 字"
    )
    outcome: ReplyOutcome | None = Field(
        None,
        description=(
            f"答复分类，主办、分办单位必填（会办意见可不填）：{choices_text(ReplyOutcome)}"
        ),
    )
    signed_by: bounded_text(SIGNED_BY_MAX_LENGTH) = Field(description="签发人，必填")
    met_deputy_first: bool = Field(False, description="是否先与代表见面再答复")


class ExtensionRequestIn(Schema):
    months: int = Field(
        ge=1,
        description="延期月数（仅代表建议渠道可延期一次，不超过规定的最长延期月数）",
    )
    reason: long_text(REASON_MAX_LENGTH) = Field(description="延期理由，必填")

    @field_validator("months")
    @classmethod
    def _within_the_limit(cls, months: int) -> int:
        # The limit is a rule read at call time, not a bound fixed at import.
        if not rules.extension_months_valid(months):
            raise ValueError(
                f"延期月数须为 1 到 {rules.max_extension_months()} 之间的整数。"
            )
        return months


class FeedbackIn(Schema):
    rating: Rating = Field(description=f"测评结果：{choices_text(Rating)}")
    reason: long_text(REASON_MAX_LENGTH) = Field(
        "", description="意见；不满意时必填，该单位将重新办理"
    )


class RoutingOut(Schema):
    suggestion_id: int = Field(description="建议编号")
    units: list[UnitRefOut] = Field(
        description="建议的承办单位（分级处理），仅供参考，由工作人员确定"
    )


# Statistics ----------------------------------------------------------------------


class StatsGroupBy(StrEnum):
    CHANNEL = "channel"
    CATEGORY = "category"
    PERIOD = "period"
    UNIT = "unit"


class StatsQuery(Schema):
    congress: Id = Field(description="人大编号，必填")
    year: int = Field(ge=1949, le=2999, description="年份，必填")
    channel: Channel | None = Field(None, description=f"渠道：{choices_text(Channel)}")
    period: Period | None = Field(None, description=f"提出时间：{choices_text(Period)}")
    unit: Id | None = Field(None, description="承办单位编号")
    category: Category | None = Field(
        None, description=f"类别：{choices_text(Category)}"
    )
    group_by: StatsGroupBy | None = Field(
        None,
        description="分组：channel 渠道，category 类别，period 提出时间，unit 承办单位",
    )


class OutcomeFiguresOut(Schema):
    A: int = Field(description="A 类：已解决或采纳")
    B: int = Field(description="B 类：列入计划逐步解决")
    C: int = Field(description="C 类：因条件限制留作参考")


class OutcomeSharesOut(Schema):
    A: float | None = Field(description="A 类占比（%）")
    B: float | None = Field(description="B 类占比（%）")
    C: float | None = Field(description="C 类占比（%）")


class StatsFiguresOut(Schema):
    submitted: int = Field(description="当年提交")
    accepted: int = Field(description="当年立案")
    closed: int = Field(description="当年立案且当年办结")
    completion_rate: float | None = Field(
        description="办结率（%，一位小数，如 69.9）= 办结 / 立案；无立案为空"
    )
    replies: int = Field(description="主办、分办单位的答复件数")
    on_time_replies: int = Field(description="按期答复件数")
    on_time_rate: float | None = Field(description="按期答复率（%）")
    outcomes: OutcomeFiguresOut = Field(description="A/B/C 件数（各单位最新答复）")
    outcome_shares: OutcomeSharesOut = Field(description="A/B/C 占比（%）")
    rated: int = Field(description="已测评件数")
    satisfied: int = Field(description="满意和基本满意件数")
    satisfaction_rate: float | None = Field(description="满意率（%）")
    overdue_now: int = Field(description="当前超期件数")


class StatsGroupOut(Schema):
    key: str = Field(description="分组的值：渠道、类别、提出时间的代码，或承办单位编号")
    label: str = Field(description="分组名称（中文）")
    stats: StatsFiguresOut


class StatsOut(Schema):
    congress_id: int = Field(description="人大编号")
    year: int = Field(description="年份")
    group_by: StatsGroupBy | None = Field(description="分组方式")
    total: StatsFiguresOut = Field(description="合计")
    groups: list[StatsGroupOut] = Field(description="分组数字（未分组时为空）")


def percent(value: Decimal | None) -> float | None:
    """Return a one-decimal rate as a JSON number (69.9), None when there is no base."""
    return None if value is None else float(value)
