"""Schemas of the suggestion statistics: the query and the figures."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from ninja import Field, Schema

from renda.core.api import Id, choices_text

from ...choices import (
    Category,
    Channel,
    Period,
)


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
