"""API schemas of handling units."""

from __future__ import annotations

from ninja import Field, Schema

from renda.congresses.choices import Level
from renda.core.api import choices_text, text

from .choices import UnitKind


class UnitOut(Schema):
    id: int
    name: str = Field(description="名称")
    short_name: str = Field(description="简称")
    kind: UnitKind = Field(description=f"类别：{choices_text(UnitKind)}")
    kind_label: str = Field(description="类别（中文）")
    level: Level = Field(description=f"级别：{choices_text(Level)}")
    level_label: str = Field(description="级别（中文）")
    region_code: str = Field(description="行政区划代码")
    region_name: str = Field(description="行政区划名称")
    contact_name: str = Field(description="联系人")
    contact_phone: str = Field(description="联系电话（单位办公电话）")
    is_active: bool = Field(description="是否在用")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name


class UnitQuery(Schema):
    level: Level | None = Field(None, description=f"级别：{choices_text(Level)}")
    region: str | None = Field(
        None,
        max_length=12,
        pattern=r"^\d+$",
        description="区划代码：该区划及其下级区划的单位",
    )
    kind: UnitKind | None = Field(None, description=f"类别：{choices_text(UnitKind)}")
    active_only: bool = Field(True, description="只列在用的单位")
    q: text(50) | None = Field(None, description="名称或简称包含")
