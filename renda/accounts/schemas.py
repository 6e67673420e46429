"""API schemas of the current user."""

from __future__ import annotations

from ninja import Field, Schema

from renda.core.api import choices_text

from .choices import Role


class ScopeRef(Schema):
    id: int
    name: str


class RoleOut(Schema):
    role: Role = Field(description=f"角色：{choices_text(Role)}")
    label: str = Field(description="角色（中文）")
    congress: ScopeRef | None = Field(
        description="所属人大（常委会工作人员、班子成员）"
    )
    handling_unit: ScopeRef | None = Field(
        description="所属承办单位（承办单位工作人员）"
    )
    station: ScopeRef | None = Field(description="所属联络站（站长、联络员）")
    deputy: ScopeRef | None = Field(description="对应的代表（人大代表）")


class PermissionsOut(Schema):
    browse_deputies: bool = Field(description="可查看人大代表、代表小组")
    browse_stations: bool = Field(description="可查看代表联络站")
    view_statistics: bool = Field(description="可查看统计")
    export_deputies: bool = Field(description="可导出代表名册")


class ScopeOut(Schema):
    is_admin: bool = Field(description="是否系统管理员")
    congress_ids: list[int] = Field(description="工作所在人大的编号")
    unit_ids: list[int] = Field(description="所属承办单位的编号")
    station_ids: list[int] = Field(description="所属联络站的编号")
    deputy_id: int | None = Field(description="本人的代表编号")
    region_codes: list[str] = Field(description="工作范围的区划代码（含下级）")


class MeOut(Schema):
    id: int
    username: str = Field(description="账号")
    display_name: str = Field(description="姓名")
    roles: list[RoleOut] = Field(description="角色及其范围")
    scope: ScopeOut = Field(description="工作范围")
    permissions: PermissionsOut = Field(description="可使用的功能")
