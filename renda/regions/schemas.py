"""API schemas of administrative divisions."""

from __future__ import annotations

from ninja import Field, Schema

from renda.core.api import choices_text

from .choices import RegionKind


class RegionOut(Schema):
    code: str = Field(description="区划代码（GB/T 2260，街道/乡镇 9 位）")
    name: str = Field(description="名称")
    kind: RegionKind = Field(description=f"类别：{choices_text(RegionKind)}")
    kind_label: str = Field(description="类别（中文）")
    parent_code: str | None = Field(description="上级区划代码")
    depth: int = Field(description="层级：省为 1，依次加 1")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_depth(obj) -> int:
        return obj.path.strip("/").count("/") + 1


class RegionDetailOut(RegionOut):
    full_name: str = Field(description="全称，如 吉林省辽源市龙山区")
    children: list[RegionOut] = Field(description="下一级区划")

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.full_name()

    @staticmethod
    def resolve_children(obj) -> list:
        return list(obj.children.select_related("parent").order_by("code"))


class RegionFilters(Schema):
    parent: str | None = Field(
        None,
        max_length=12,
        pattern=r"^\d+$",
        description="上级区划代码：只列其直接下级",
    )
    kind: RegionKind | None = Field(
        None, description=f"类别：{choices_text(RegionKind)}"
    )
