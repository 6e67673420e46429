"""/api/v1/stations/work: reception days and residents' requests (the working side).

Every write goes through ``renda.stations.services``; objects outside the
user's scope answer 404, roles that may not use an endpoint 403, a wrong state
409, bad input 400/422 with the field named.
"""

import datetime as dt
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from renda.accounts.permissions import can_browse_stations
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    text,
)
from renda.core.dates import EventDate, LocalTime
from renda.core.errors import ApplicationError
from renda.core.masking import mask_phone
from renda.deputies.models import Deputy
from renda.suggestions.choices import Category

from . import services
from .choices import (
    PUBLIC_TEXT_MAX_LENGTH,
    PublicRequestStatus,
    RequestTier,
)
from .permissions import (
    can_list_own_requests,
    can_use_unit_requests,
    can_view_station_requests,
)
from .selectors import (
    deputies_eligible_for_station,
    get_public_request_for_user,
    get_reception_day_for_user,
    get_station_for_user,
    mask_resident_name,
    public_request_list,
    public_requests_for_unit,
    public_requests_of_deputy,
    reception_day_year_summary,
    reception_days_of_year,
)

router = Router()

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
StationId = Path(..., ge=1, le=MAX_ID, description="联络站编号")
DayId = Path(..., ge=1, le=MAX_ID, description="接待日编号")
RequestId = Path(..., ge=1, le=MAX_ID, description="诉求编号")


def _require_station_pages(user) -> None:
    if not can_browse_stations(user):
        raise PermissionDenied("您无权查看代表联络站。")


# Schemas ---------------------------------------------------------------------------


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
    deputies: list[DeputyRef] = Field(description="值班代表")
    attendees: list[DeputyRef] = Field(description="实到代表")

    @staticmethod
    def resolve_deputies(obj) -> list:
        return list(obj.deputies.all())

    @staticmethod
    def resolve_attendees(obj) -> list:
        return list(obj.attendees.all())


class ReceptionDayYearOut(Schema):
    year: int
    held: int
    planned: int
    cancelled: int
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
        return (
            obj.status == PublicRequestStatus.ROUTED
            and obj.due_at is not None
            and obj.due_at < timezone.localdate()
        )


class PublicRequestEventOut(Schema):
    kind: str
    at: dt.datetime
    summary: str


class PublicRequestDetailOut(PublicRequestOut):
    events: list[PublicRequestEventOut]

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())


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


# Helpers -----------------------------------------------------------------------------


def _deputies(station, ids) -> list:
    ids = list(dict.fromkeys(ids or []))
    found = {d.pk: d for d in Deputy.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ApplicationError(
            f"代表编号 {missing[0]} 不存在。", code="stations.invalid", field="deputies"
        )
    return [found[pk] for pk in ids]


def _day_out(day):
    return (
        type(day)
        .objects.prefetch_related("deputies", "attendees")
        .select_related("station")
        .get(pk=day.pk)
    )


def _request_out(user, pk):
    return get_public_request_for_user(user, pk)


# Reception days ------------------------------------------------------------------------


@router.get(
    "/{int:station_id}/reception-days",
    response={200: ReceptionDayYearOut, **DETAIL_ERRORS},
    summary="联络站一年的代表接待日",
    description="某年的接待日及已举行次数（对照每年至少举行的次数）。范围外的联络站 404。",
)
def reception_day_list(
    request,
    station_id: int = StationId,
    year: int | None = Query(None, ge=2000, le=2100, description="年份，默认今年"),
):
    _require_station_pages(request.auth)
    station = get_station_for_user(request.auth, station_id)
    year = year or timezone.localdate().year
    summary = reception_day_year_summary(station, year)
    return {**summary, "days": list(reception_days_of_year(station, year))}


@router.post(
    "/{int:station_id}/reception-days",
    response={201: ReceptionDayOut, **WRITE_ERRORS},
    summary="安排代表接待日",
    description="本站站长、联络员，或上级人大常委会工作人员可用。",
)
def reception_day_create(request, payload: ReceptionDayIn, station_id: int = StationId):
    _require_station_pages(request.auth)
    station = get_station_for_user(request.auth, station_id)
    day = services.reception_day_plan(
        station=station,
        date=payload.date,
        start_time=payload.start_time,
        end_time=payload.end_time,
        place=payload.place,
        topic=payload.topic,
        deputies=_deputies(station, payload.deputies),
        actor=request.auth,
    )
    return Status(201, _day_out(day))


@router.patch(
    "/reception-days/{int:day_id}",
    response={200: ReceptionDayOut, **WRITE_ERRORS},
    summary="修改计划中的接待日",
    description="只改请求中给出的字段；仅计划中的接待日可改（否则 409）。",
)
def reception_day_update(request, payload: ReceptionDayUpdateIn, day_id: int = DayId):
    _require_station_pages(request.auth)
    day = get_reception_day_for_user(request.auth, day_id)
    fields = {
        key: value
        for key, value in payload.dict(exclude_unset=True).items()
        if value is not None
    }
    if "deputies" in fields:
        fields["deputies"] = _deputies(day.station, fields["deputies"])
    day = services.reception_day_update(day=day, actor=request.auth, **fields)
    return _day_out(day)


@router.post(
    "/reception-days/{int:day_id}/hold",
    response={200: ReceptionDayOut, **WRITE_ERRORS},
    summary="登记接待日已举行",
    description="记录实到代表。尚未到来的接待日不能登记（400）。",
)
def reception_day_hold(request, payload: HoldIn, day_id: int = DayId):
    _require_station_pages(request.auth)
    day = get_reception_day_for_user(request.auth, day_id)
    day = services.reception_day_hold(
        day=day,
        attendees=_deputies(day.station, payload.attendees),
        actor=request.auth,
    )
    return _day_out(day)


@router.post(
    "/reception-days/{int:day_id}/postpone",
    response={200: ReceptionDayOut, **WRITE_ERRORS},
    summary="接待日延期",
    description="延期到新的日期（须晚于原定日期），仍为计划中，原因记入审计日志。",
)
def reception_day_postpone(request, payload: PostponeIn, day_id: int = DayId):
    _require_station_pages(request.auth)
    day = get_reception_day_for_user(request.auth, day_id)
    day = services.reception_day_postpone(
        day=day, reason=payload.reason, new_date=payload.new_date, actor=request.auth
    )
    return _day_out(day)


@router.post(
    "/reception-days/{int:day_id}/cancel",
    response={200: ReceptionDayOut, **WRITE_ERRORS},
    summary="取消接待日",
    description="须说明原因。",
)
def reception_day_cancel(request, payload: CancelIn, day_id: int = DayId):
    _require_station_pages(request.auth)
    day = get_reception_day_for_user(request.auth, day_id)
    day = services.reception_day_cancel(
        day=day, reason=payload.reason, actor=request.auth
    )
    return _day_out(day)


# Requests -----------------------------------------------------------------------------


@router.get(
    "/{int:station_id}/requests",
    response={200: list[PublicRequestOut], **DETAIL_ERRORS},
    summary="联络站的群众诉求",
    description="本站工作人员、上级人大工作人员和领导可用；群众姓名和电话隐去部分。",
)
@paginate(PagePagination)
def station_request_list(
    request, filters: Query[RequestQuery], station_id: int = StationId
):
    _require_station_pages(request.auth)
    station = get_station_for_user(request.auth, station_id)
    if not can_view_station_requests(request.auth, station):
        raise PermissionDenied("您无权查看本站的群众诉求。")
    return public_request_list(
        user=request.auth,
        station=station,
        status=filters.status.value if filters.status else "",
        tier=filters.tier.value if filters.tier else "",
        q=filters.q or "",
    )


@router.post(
    "/{int:station_id}/requests",
    response={201: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="记录群众诉求",
    description=(
        "接待日由本站工作人员记录（RECEPTION_DAY，须填接待日）；代表在其他场合收集的由"
        "代表本人记录（DEPUTY，接待代表即本人）。须经群众同意（consent=true），"
        "并填写 11 位手机号码或带区号的固定电话。照片在记录后用 /requests/{request_id}/photos 上传。"
    ),
)
def station_request_create(
    request, payload: PublicRequestIn, station_id: int = StationId
):
    _require_station_pages(request.auth)
    station = get_station_for_user(request.auth, station_id)
    day = None
    if payload.reception_day is not None:
        day = station.reception_days.filter(pk=payload.reception_day).first()
        if day is None:
            raise ApplicationError(
                "所选接待日不属于本联络站。",
                code="stations.invalid",
                field="reception_day",
            )
    received_by = None
    if payload.received_by is not None:
        received_by = (
            deputies_eligible_for_station(station)
            .filter(pk=payload.received_by)
            .first()
        )
        if received_by is None:
            raise ApplicationError(
                "所选代表不能在本站接待群众。",
                code="stations.invalid",
                field="received_by",
            )
    created = services.public_request_create(
        station=station,
        source=payload.source.value,
        resident_name=payload.resident_name,
        resident_phone=payload.resident_phone,
        consent=payload.consent,
        content=payload.content,
        location=payload.location,
        received_by=received_by,
        reception_day=day,
        actor=request.auth,
    )
    return Status(201, _request_out(request.auth, created.pk))


@router.get(
    "/requests/mine",
    response={200: list[PublicRequestOut], **READ_ERRORS},
    summary="我记录的诉求",
    description="代表本人接待或记录的群众诉求。非代表 403。",
)
@paginate(PagePagination)
def my_request_list(request):
    if not can_list_own_requests(request.auth):
        raise PermissionDenied("只有人大代表可以查看本人记录的诉求。")
    return public_requests_of_deputy(request.auth)


@router.get(
    "/requests/{int:request_id}",
    response={200: PublicRequestDetailOut, **DETAIL_ERRORS},
    summary="群众诉求详情",
    description="含办理记录。范围外的诉求 404。",
)
def request_detail(request, request_id: int = RequestId):
    return _request_out(request.auth, request_id)


@router.post(
    "/requests/{int:request_id}/route",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="转街道/乡镇办理",
    description=(
        "街道/乡镇事项转所在街道/乡镇人民政府办理（未登记时为所在区县人民政府），"
        "办理期限按法定日历计算。"
    ),
)
def request_route(request, payload: RouteIn, request_id: int = RequestId):
    from renda.units.models import HandlingUnit

    from .selectors import grassroots_unit_for

    item = get_public_request_for_user(request.auth, request_id)
    if payload.unit is None:
        unit, _note = grassroots_unit_for(item.station)
    else:
        unit = HandlingUnit.objects.filter(pk=payload.unit).first()
        if unit is None:
            raise ApplicationError(
                "办理单位不存在。", code="stations.invalid", field="unit"
            )
    services.public_request_route_grassroots(
        request=item, unit=unit, actor=request.auth
    )
    return _request_out(request.auth, item.pk)


@router.post(
    "/requests/{int:request_id}/convert",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="转为代表建议",
    description=(
        "县级以上事项以接待代表为领衔代表提出建议（闭会期间，默认《代表之声》）并提交。"
        "接待代表本人或常委会工作人员可用。"
    ),
)
def request_convert(request, payload: ConvertIn, request_id: int = RequestId):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_convert_to_suggestion(
        request=item,
        channel=payload.channel.value,
        category=payload.category.value,
        actor=request.auth,
    )
    return _request_out(request.auth, item.pk)


@router.post(
    "/requests/{int:request_id}/answer-on-the-spot",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="当场答复并办结",
)
def request_answer_on_the_spot(request, payload: AnswerIn, request_id: int = RequestId):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_answer_on_the_spot(
        request=item, answer=payload.answer, actor=request.auth
    )
    return _request_out(request.auth, item.pk)


@router.post(
    "/requests/{int:request_id}/tell",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="登记已告知群众",
)
def request_tell(request, request_id: int = RequestId):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_tell_resident(request=item, actor=request.auth)
    return _request_out(request.auth, item.pk)


@router.post(
    "/requests/{int:request_id}/close",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="办结",
    description="告知群众后办结。",
)
def request_close(request, request_id: int = RequestId):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_close(request=item, actor=request.auth)
    return _request_out(request.auth, item.pk)


@router.post(
    "/requests/{int:request_id}/photos",
    response={201: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="为诉求添加照片",
    description=(
        "multipart/form-data，字段名 photos，可多个；JPEG 或 PNG（按文件内容检查），"
        "每张不超过 5 MB，每条诉求最多 6 张。本站工作人员或记录该诉求的代表可用；"
        "已办结的诉求不能再添加（409）。"
    ),
)
def request_add_photos(
    request, photos: File[list[UploadedFile]], request_id: int = RequestId
):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_add_photos(request=item, photos=photos, actor=request.auth)
    return Status(201, _request_out(request.auth, item.pk))


# The unit's side -------------------------------------------------------------------------


@router.get(
    "/unit/requests",
    response={200: list[PublicRequestOut], **READ_ERRORS},
    summary="承办单位：转来的群众诉求",
    description="超期的在前，其余按办理期限排序。承办单位工作人员可用。",
)
@paginate(PagePagination)
def unit_request_list(request):
    if not can_use_unit_requests(request.auth):
        raise PermissionDenied("只有承办单位工作人员可以查看转来的诉求。")
    return public_requests_for_unit(request.auth)


@router.post(
    "/unit/requests/{int:request_id}/answer",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="承办单位答复群众诉求",
)
def unit_request_answer(request, payload: AnswerIn, request_id: int = RequestId):
    if not can_use_unit_requests(request.auth):
        raise PermissionDenied("只有承办单位工作人员可以答复诉求。")
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_answer(
        request=item, answer=payload.answer, actor=request.auth
    )
    return _request_out(request.auth, item.pk)
