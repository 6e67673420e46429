"""Schemas of the suggestion reads: the list query, the list and detail rows."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from ninja import Field, Schema

from renda.core.api import Id, choices_text
from renda.core.api import text as bounded_text

from ...choices import (
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
from ...events import describe_event
from .common import DeputyRefOut, UnitRefOut, _label


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
        description="期限暂定：所依据年份的节假日安排尚未公布，期限可能调整"
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
    due_provisional: bool = Field(description="期限暂定（节假日安排尚未公布）")
    is_overdue: bool = Field(description="是否超期未答复")
    returned_at: dt.datetime | None = Field(description="退回时间")
    return_reason: str = Field(description="退回理由")
    extensions: list[ExtensionOut] = Field(description="延期申请")
    actions: list[str] = Field(
        description=(
            "您现在可以对该交办做的操作（建议详情中给出）：reply（答复）、"
            "return（退回）、extend（申请延期）、withdraw（工作机构撤回交办）、"
            "coordinate（政府办公室登记领导批示并转办）；"
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
    chairpersons_decision_id: int | None = Field(
        None,
        description="主任会议确定时，该会议的决定编号（会议 API：/meetings/decisions）",
    )
    merged_items: list[SuggestionBriefOut] = Field(description="并入本建议的建议")
    assignments: list[AssignmentOut] = Field(
        description="交办情况（并案建议为主建议的交办）"
    )
    replies: list[ReplyOut] = Field(
        description="答复及测评（代表只看到主办、分办单位的答复）"
    )
    timeline: list[EventOut] = Field(description="办理记录，按时间先后")
    prepared_by: str = Field(
        description="联络站代拟的草稿写明代拟人，如“由向阳街道人大代表联络站 张三 代拟”；否则为空"
    )
    actions: list[str] = Field(
        description=(
            "您现在可以做的操作：edit（修改）、submit（提交）、discard（放弃草稿）、"
            "accept（立案）、"
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
    def resolve_prepared_by(obj) -> str:
        # From the PREPARED event the timeline already holds: no extra read.
        for event in obj.detail.timeline:
            if event.kind == EventKind.PREPARED:
                data = event.data or {}
                return f"由{data.get('station_name', '')} {data.get('prepared_by_name', '')} 代拟"
        return ""

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.detail.actions)
