"""The workbench's API shapes: sections of tiles, as the landing page shows them."""

from ninja import Field, Schema


class TileItemOut(Schema):
    title: str = Field(description="事项")
    url: str = Field(description="办理入口（页面地址）")
    note: str = Field(description="说明，如剩余天数")
    urgent: bool = Field(description="是否紧急（已超期或即将到期）")


class TileOut(Schema):
    key: str = Field(description="待办类别的标识")
    label: str = Field(description="待办类别")
    count: int = Field(description="件数，等于所链接列表的条数")
    url: str = Field(description="列表页面地址（空表示无列表）")
    urgency: str = Field(
        description="紧急程度：urgent 超期/未达标，soon 即将到期，todo 待办，"
        "info 知悉，none 无待办"
    )
    note: str = Field(description="说明")
    items: list[TileItemOut] = Field(description="最前面的几件")


class SectionOut(Schema):
    key: str = Field(description="角色分区的标识")
    title: str = Field(description="角色分区")
    action: TileItemOut | None = Field(description="主要操作，如“写建议”")
    tiles: list[TileOut] = Field(description="待办类别，最紧急的在前")


class WorkbenchOut(Schema):
    sections: list[SectionOut] = Field(description="按角色分区的待办")
