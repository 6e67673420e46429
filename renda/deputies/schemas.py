"""API schemas of deputies, mandates and groups. Phone numbers are always masked."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from ninja import Field, Schema

from renda.congresses.choices import Level
from renda.core.api import Id, choices_text, text

from .choices import Gender, MandateEndReason, OccupationCategory, Party


class DeputyOrder(StrEnum):
    STROKE = "stroke"
    PINYIN = "pinyin"
    BIRTH = "birth"
    RECENT = "recent"


class DeputyQuery(Schema):
    """The filters of the deputy list page (``DeputyFilters``)."""

    congress: Id | None = Field(None, description="人大编号：在该人大任职的代表")
    level: Level | None = Field(
        None, description=f"级别：在该级人大任职的代表。{choices_text(Level)}"
    )
    term: Id | None = Field(None, description="届的编号")
    delegation: Id | None = Field(None, description="代表团编号")
    group: Id | None = Field(None, description="代表小组编号")
    station: Id | None = Field(None, description="联络站编号：进站代表小组的成员")
    party: Party | None = Field(None, description=f"党派：{choices_text(Party)}")
    gender: Gender | None = Field(None, description=f"性别：{choices_text(Gender)}")
    ethnicity: text(20) | None = Field(None, description="民族，如 汉族")
    occupation_category: OccupationCategory | None = Field(
        None, description=f"代表构成类别：{choices_text(OccupationCategory)}"
    )
    q: text(50) | None = Field(
        None,
        description="搜索：姓名（中文包含），或拼音/拼音首字母前缀（如 dzm），或手机尾号",
    )
    active_only: bool = Field(True, description="只列在任代表（资格未终止）")
    order: DeputyOrder = Field(
        DeputyOrder.STROKE,
        description="排序：stroke 姓氏笔画，pinyin 拼音，birth 出生日期，recent 最近录入",
    )


class DeputyOut(Schema):
    id: int
    name: str = Field(description="姓名")
    name_pinyin: str = Field(description="姓名拼音")
    gender: Gender = Field(description=f"性别：{choices_text(Gender)}")
    gender_label: str = Field(description="性别（中文）")
    ethnicity: str = Field(description="民族")
    birth_date: dt.date | None = Field(description="出生日期")
    party: Party = Field(description=f"党派：{choices_text(Party)}")
    party_label: str = Field(description="党派（中文）")
    occupation: str = Field(description="职务/职业")
    work_unit: str = Field(description="工作单位")
    occupation_category: OccupationCategory = Field(
        description=f"代表构成类别：{choices_text(OccupationCategory)}"
    )
    occupation_category_label: str = Field(description="代表构成类别（中文）")
    phone: str = Field(description="手机号码（已脱敏，如 138****5678）")

    @staticmethod
    def resolve_gender_label(obj) -> str:
        return str(obj.get_gender_display())

    @staticmethod
    def resolve_party_label(obj) -> str:
        return str(obj.get_party_display())

    @staticmethod
    def resolve_occupation_category_label(obj) -> str:
        return str(obj.get_occupation_category_display())

    @staticmethod
    def resolve_phone(obj) -> str:
        return obj.masked_phone


class DeputyBriefOut(Schema):
    id: int
    name: str = Field(description="姓名")


class MandateOut(Schema):
    id: int
    congress_id: int = Field(description="人大编号")
    congress_name: str = Field(description="人大名称")
    level: Level = Field(description=f"级别：{choices_text(Level)}")
    term_id: int = Field(description="届的编号")
    term_number: int = Field(description="届次")
    delegation: str | None = Field(description="代表团")
    electoral_unit: str | None = Field(description="原选举单位")
    constituency: str | None = Field(description="选区")
    start_date: dt.date = Field(description="资格起始日期")
    end_date: dt.date | None = Field(description="资格终止日期")
    end_reason: MandateEndReason | None = Field(
        description=f"终止原因：{choices_text(MandateEndReason)}"
    )
    end_reason_label: str | None = Field(description="终止原因（中文）")
    is_active: bool = Field(description="是否在任")

    @staticmethod
    def resolve_congress_id(obj) -> int:
        return obj.term.congress_id

    @staticmethod
    def resolve_congress_name(obj) -> str:
        return obj.term.congress.name

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.term.congress.level

    @staticmethod
    def resolve_term_number(obj) -> int:
        return obj.term.number

    @staticmethod
    def resolve_delegation(obj) -> str | None:
        return obj.delegation.name if obj.delegation_id else None

    @staticmethod
    def resolve_electoral_unit(obj) -> str | None:
        return obj.electoral_unit.name if obj.electoral_unit_id else None

    @staticmethod
    def resolve_constituency(obj) -> str | None:
        return obj.constituency.name if obj.constituency_id else None

    @staticmethod
    def resolve_end_reason(obj) -> str | None:
        return obj.end_reason or None

    @staticmethod
    def resolve_end_reason_label(obj) -> str | None:
        return str(obj.get_end_reason_display()) if obj.end_reason else None


class GroupOut(Schema):
    id: int
    name: str = Field(description="名称")
    congress_id: int = Field(description="所属人大编号")
    congress_name: str = Field(description="所属人大")
    station_id: int | None = Field(description="所在联络站编号")
    station_name: str | None = Field(description="所在联络站")
    leader: DeputyBriefOut | None = Field(description="组长")

    @staticmethod
    def resolve_congress_name(obj) -> str:
        return obj.congress.name

    @staticmethod
    def resolve_station_name(obj) -> str | None:
        return obj.station.name if obj.station_id else None


class GroupDetailOut(GroupOut):
    members: list[DeputyOut] = Field(description="成员（您有权查看的代表）")

    @staticmethod
    def resolve_members(obj) -> list:
        # Set by the endpoint, which scopes the members to the user.
        return obj.api_members


class DeputyDetailOut(DeputyOut):
    mandates: list[MandateOut] = Field(description="代表资格，新的在前")
    groups: list[GroupOut] = Field(description="所在代表小组（您有权查看的）")

    # Both lists are set by the endpoint, which scopes and orders them.
    @staticmethod
    def resolve_mandates(obj) -> list:
        return obj.api_mandates

    @staticmethod
    def resolve_groups(obj) -> list:
        return obj.api_groups


class GroupQuery(Schema):
    congress: Id | None = Field(None, description="人大编号")
    station: Id | None = Field(None, description="联络站编号")
    q: text(50) | None = Field(None, description="名称包含")
