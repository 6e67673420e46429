"""API schemas of liaison stations."""

from __future__ import annotations

from ninja import Field, Schema

from renda.core.api import text
from renda.core.masking import mask_phone


class StationOut(Schema):
    id: int
    name: str = Field(description="名称")
    region_code: str = Field(description="所在街道/乡镇的区划代码")
    region_name: str = Field(description="所在街道/乡镇")
    county_name: str | None = Field(description="所在县级区划")
    address: str = Field(description="地址")
    opening_hours: str = Field(description="开放时间")
    office_phone: str = Field(
        description="办公电话（联络站公开的电话，完整显示；站长、联络员电话隐去中间四位）"
    )
    chief_name: str = Field(description="站长")
    chief_phone: str = Field(description="站长电话（隐去中间四位，与页面一致）")
    liaison_officer_name: str = Field(description="联络员")
    liaison_officer_phone: str = Field(
        description="联络员电话（隐去中间四位，与页面一致）"
    )

    @staticmethod
    def resolve_chief_phone(obj) -> str:
        return mask_phone(obj.chief_phone)

    @staticmethod
    def resolve_liaison_officer_phone(obj) -> str:
        return mask_phone(obj.liaison_officer_phone)

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name

    @staticmethod
    def resolve_county_name(obj) -> str | None:
        return obj.region.parent.name if obj.region.parent_id else None


class StationGroupOut(Schema):
    id: int
    name: str = Field(description="代表小组名称")
    congress_name: str = Field(description="所属人大")
    member_count: int = Field(description="成员人数")

    @staticmethod
    def resolve_congress_name(obj) -> str:
        return obj.congress.name


class StationDetailOut(StationOut):
    groups: list[StationGroupOut] = Field(description="进站的代表小组")

    @staticmethod
    def resolve_groups(obj) -> list:
        # Set by the endpoint.
        return obj.api_groups


class StationQuery(Schema):
    region: str | None = Field(
        None,
        max_length=12,
        pattern=r"^\d+$",
        description="区划代码：该区划内的联络站",
    )
    q: text(50) | None = Field(None, description="名称、地址或街道/乡镇名称包含")
