"""API schemas of congresses, terms and composition."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from renda.core.api import Id, choices_text
from renda.core.dates import FilterDate

from .choices import Level


class TermOut(Schema):
    id: int
    number: int = Field(description="届次")
    name: str = Field(description="名称，如 辽源市第八届人民代表大会")
    start_date: dt.date = Field(description="开始日期")
    end_date: dt.date | None = Field(description="结束日期")

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class CongressOut(Schema):
    id: int
    name: str = Field(description="名称")
    short_name: str = Field(description="简称，如 辽源市人大")
    level: Level = Field(description=f"级别：{choices_text(Level)}")
    level_label: str = Field(description="级别（中文）")
    region_code: str = Field(description="行政区划代码")
    region_name: str = Field(description="行政区划名称")
    parent_id: int | None = Field(description="上一级人大的编号")

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name


class CongressDetailOut(CongressOut):
    terms: list[TermOut] = Field(description="各届，新届在前")

    @staticmethod
    def resolve_terms(obj) -> list:
        return list(obj.terms.select_related("congress").order_by("-number"))


class CongressFilters(Schema):
    level: Level | None = Field(None, description=f"级别：{choices_text(Level)}")
    region: str | None = Field(
        None,
        max_length=12,
        pattern=r"^\d+$",
        description="行政区划代码：该区划及其下级区划的人大",
    )


class CompositionQuery(Schema):
    term: Id | None = Field(None, description="届的编号；不填则为最新一届")
    on_date: FilterDate | None = Field(
        None, description="计算年龄的日期（YYYY-MM-DD）；不填则为今天"
    )


class CompositionRow(Schema):
    key: str = Field(description="分类代码")
    label: str = Field(description="分类名称")
    count: int = Field(description="人数")
    share: float = Field(description="占比（百分数，保留一位小数）")


class MinorityOut(Schema):
    count: int = Field(description="少数民族代表人数")
    share: float = Field(description="占比（百分数）")


class CompositionOut(Schema):
    congress: CongressOut
    term: TermOut | None = Field(description="统计的届；该人大尚无届次时为空")
    on_date: dt.date = Field(description="计算年龄的日期")
    total: int = Field(description="在任代表总数（仅统计您有权查看的代表）")
    gender: list[CompositionRow] = Field(description="性别")
    ethnicity: list[CompositionRow] = Field(description="民族")
    minority: MinorityOut = Field(description="少数民族合计")
    party: list[CompositionRow] = Field(description="党派")
    age: list[CompositionRow] = Field(description="年龄段")
    occupation: list[CompositionRow] = Field(description="代表构成类别")
