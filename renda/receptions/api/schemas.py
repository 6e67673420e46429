"""Schemas of /api/v1/stations/work: what comes in and what goes out."""

import datetime as dt
from enum import StrEnum

from ninja import Field, Schema

from renda.core.api import (
    Id,
    text,
)
from renda.core.dates import EventDate, LocalTime
from renda.core.masking import mask_phone
from renda.suggestions.choices import Category

from ..choices import (
    PUBLIC_TEXT_MAX_LENGTH,
    PublicRequestStatus,
    RequestTier,
)
from ..selectors import (
    DAY_ACTIONS,
    REQUEST_ACTIONS,
    is_overdue,
    mask_resident_name,
)


class DeputyRef(Schema):
    id: int
    name: str


class ReceptionDayOut(Schema):
    id: int
    station_id: int
    date: dt.date = Field(description="日期")
    start_time: dt.time
    end_time: dt.time
    place: str
    topic: str
    status: str = Field(description="PLANNED 计划中、HELD 已举行、CANCELLED 已取消")
    status_reason: str = Field(description="延期或取消原因")
    held_at: dt.datetime | None
    entered_late: bool = Field(description="补录：该年度结束后才安排或登记")
    late_confirmed_at: dt.datetime | None = Field(
        description="补录经常委会工作人员确认的时间；确认后才计入该年度"
    )
    late_confirmation_reason: str = Field(description="补录确认理由")
    actions: list[str] = Field(
        description="您现在可做的操作：" + "、".join(DAY_ACTIONS)
    )
    deputies: list[DeputyRef] = Field(description="值班代表")
    attendees: list[DeputyRef] = Field(description="实到代表")

    @staticmethod
    def resolve_deputies(obj) -> list:
        return list(obj.deputies.all())

    @staticmethod
    def resolve_attendees(obj) -> list:
        return list(obj.attendees.all())

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(getattr(obj, "actions", []))


class ReceptionDayYearOut(Schema):
    year: int
    held: int
    planned: int
    cancelled: int
    late_confirmed: int = Field(description="已确认、计入的补录次数")
    late_unconfirmed: int = Field(description="待确认、尚不计入的补录次数")
    closed: bool = Field(description="该年度已结束（之后安排或登记的为补录）")
    minimum: int = Field(description="每年至少举行的次数")
    met: bool
    on_track: bool
    days: list[ReceptionDayOut]


class ReceptionDayIn(Schema):
    date: EventDate
    start_time: LocalTime
    end_time: LocalTime
    place: text(200)
    topic: text(200) = ""
    deputies: list[Id] = Field(default_factory=list, max_length=200)


class ReceptionDayUpdateIn(Schema):
    date: EventDate | None = None
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    place: text(200) | None = None
    topic: text(200) | None = None
    deputies: list[Id] | None = Field(None, max_length=200)


class HoldIn(Schema):
    attendees: list[Id] = Field(..., min_length=1, max_length=200)


class PostponeIn(Schema):
    reason: text(500)
    new_date: EventDate


class CancelIn(Schema):
    reason: text(500)


class ConfirmLateIn(Schema):
    reason: text(500) = Field(description="确认理由：如何核实该接待日确已举行")


class RecordSource(StrEnum):
    RECEPTION_DAY = "RECEPTION_DAY"
    DEPUTY = "DEPUTY"


class PublicRequestIn(Schema):
    source: RecordSource = Field(description="RECEPTION_DAY 接待日、DEPUTY 代表走访")
    reception_day: Id | None = None
    received_by: Id | None = Field(None, description="接待代表（代表本人记录时可不填）")
    resident_name: str = Field(..., max_length=50)
    resident_phone: str = Field(..., max_length=20)
    consent: bool = Field(description="群众同意记录其姓名和电话")
    content: str = Field(..., max_length=PUBLIC_TEXT_MAX_LENGTH)
    location: str = Field("", max_length=200)


class PublicRequestOut(Schema):
    id: int
    receipt_number: str
    station_id: int
    station_name: str
    source: str
    status: str
    tier: str
    resident_name: str = Field(description="群众姓名（隐去名字，如 张*）")
    resident_phone: str = Field(description="联系电话（隐去中间四位）")
    content: str
    location: str
    received_by: DeputyRef | None
    reception_day_id: int | None
    handling_unit_id: int | None
    handling_unit_name: str | None
    routed_at: dt.datetime | None
    due_at: dt.date | None
    overdue: bool
    answer: str
    answered_at: dt.datetime | None
    suggestion_id: int | None
    resident_told_at: dt.datetime | None
    closed_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_station_name(obj) -> str:
        return obj.station.name

    @staticmethod
    def resolve_resident_name(obj) -> str:
        return mask_resident_name(obj.resident_name)

    @staticmethod
    def resolve_resident_phone(obj) -> str:
        return mask_phone(obj.resident_phone)

    @staticmethod
    def resolve_handling_unit_name(obj) -> str | None:
        return obj.handling_unit.name if obj.handling_unit_id else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return is_overdue(obj)


class PublicRequestEventOut(Schema):
    kind: str
    at: dt.datetime
    summary: str = Field(description="办理记录的说明（与页面相同）")

    @staticmethod
    def resolve_summary(obj) -> str:
        return obj.text


class PhotoOut(Schema):
    id: int = Field(description="照片编号")
    original_name: str
    size: int


class ResidentOut(Schema):
    name: str = Field(description="群众完整姓名")
    phone: str = Field(description="群众完整电话")


class PublicRequestDetailOut(PublicRequestOut):
    events: list[PublicRequestEventOut]
    photos: list[PhotoOut]
    actions: list[str] = Field(
        description="您现在可做的操作：" + "、".join(REQUEST_ACTIONS)
    )

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.events_out

    @staticmethod
    def resolve_photos(obj) -> list:
        return obj.photos_out


class RequestQuery(Schema):
    status: PublicRequestStatus | None = None
    tier: RequestTier | None = None
    q: text(50) | None = Field(None, description="内容、地点包含，或回执编号")


class RouteIn(Schema):
    unit: Id | None = Field(
        None, description="办理单位；不填则用系统建议的街道/乡镇人民政府"
    )


class ConvertChannel(StrEnum):
    VOICE = "VOICE"
    HOTLINE = "HOTLINE"


class ConvertIn(Schema):
    channel: ConvertChannel = ConvertChannel.VOICE
    category: Category = Category.OTHER


class AnswerIn(Schema):
    answer: str = Field(..., max_length=PUBLIC_TEXT_MAX_LENGTH)
