"""Schemas of the suggestion writes: the request bodies of each step."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints, field_validator

from renda.core.api import Id, choices_text
from renda.core.api import text as bounded_text

from ... import rules
from ...choices import (
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AssignmentRole,
    Category,
    Channel,
    KeySource,
    Period,
    Rating,
    ReplyOutcome,
)
from .common import (
    LONG_TEXT_MAX_LENGTH,
    MAX_COSIGNERS,
    MAX_MERGED,
    MAX_UNITS,
    SIGNED_BY_MAX_LENGTH,
    UnitRefOut,
    _multiline,
    long_text,
)

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
    hotline_consent: bool = Field(
        False,
        description="12345直通车：领衔代表同意将姓名和电话提供给12345热线，以便回访",
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
    hotline_consent: bool = Field(
        None, description="12345直通车：同意（true）或撤回（false）提供姓名和电话"
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
    chairpersons_meeting_id: Id | None = Field(
        None,
        description="主任会议确定（CHAIRPERSONS_MEETING）时必填：已举行的本级主任会议编号"
        "（GET /meetings/decisions/chairpersons-meetings）",
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


class DiscardedOut(Schema):
    suggestion_id: int = Field(description="已放弃（删除）的草稿编号")
    discarded: bool = Field(description="是否已放弃")


class ProposedUnitOut(Schema):
    id: int = Field(description="承办单位编号")
    name: str = Field(description="承办单位名称")
    reasons: list[str] = Field(
        description="推荐理由：按文中单位、按地区、按类别、按相似建议"
    )
    details: list[str] = Field(description="每条理由的说明，与 reasons 一一对应")
    role: str = Field(description="预选的承办方式（LEAD 为主办），空为不预选")


class RoutingOut(Schema):
    suggestion_id: int = Field(description="建议编号")
    units: list[UnitRefOut] = Field(
        description=(
            "建议的主办单位：建议中点名的单位，否则按分级处理推荐的单位；"
            "仅供参考，由工作人员确定"
        )
    )
    proposals: list[ProposedUnitOut] = Field(
        description="全部推荐单位及理由，主办推荐在前"
    )
