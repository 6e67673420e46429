"""/api/v1/stations/work: reception days and residents' requests (the working side).

Every write goes through ``renda.receptions.services`` and every read through
the selectors the pages use (``reception_day_list``, ``public_request_list``,
``public_request_detail``); objects outside the user's scope answer 404, roles
that may not use an endpoint 403, a wrong state 409, bad input (a non-numeric
id too) 400/422 with the field named.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import File, Header, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    PagePagination,
)
from renda.core.errors import ApplicationError
from renda.core.idempotency import IDEMPOTENCY_KEY_MAX_LENGTH
from renda.deputies.models import Deputy
from renda.deputies.selectors import deputies_eligible_for_station
from renda.stations.selectors import get_station_for_user
from renda.units.models import HandlingUnit

from .. import services
from ..permissions import (
    can_list_own_requests,
    can_use_station_work_pages,
    can_use_unit_requests,
)
from ..selectors import (
    PublicRequestFilters,
    ReceptionDayFilters,
    get_public_request_for_user,
    get_reception_day_for_user,
    grassroots_unit_for,
    public_request_detail,
    public_request_list,
    public_requests_for_unit,
    public_requests_of_deputy,
    reception_day_detail,
    reception_day_list,
    station_for_requests,
)
from .schemas import (
    AnswerIn,
    CancelIn,
    ConfirmLateIn,
    ConvertIn,
    HoldIn,
    PostponeIn,
    PublicRequestDetailOut,
    PublicRequestIn,
    PublicRequestOut,
    ReceptionDayIn,
    ReceptionDayOut,
    ReceptionDayUpdateIn,
    ReceptionDayYearOut,
    RequestQuery,
    ResidentOut,
    RouteIn,
)

router = Router()

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
StationId = Path(..., ge=1, le=MAX_ID, description="联络站编号")
DayId = Path(..., ge=1, le=MAX_ID, description="接待日编号")
RequestId = Path(..., ge=1, le=MAX_ID, description="诉求编号")
IdempotencyKeyHeader = Header(
    None,
    alias="Idempotency-Key",
    max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
    description="幂等键（不超过 100 个字符）：网络重试时带同一个键，只安排一次，返回第一次的结果",
)


def _require_station_pages(user) -> None:
    if not can_use_station_work_pages(user):
        raise PermissionDenied("您无权查看代表联络站。")


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


def _day_out(user, day):
    return reception_day_detail(user, day.pk)


def _request_out(user, pk):
    """Return the request as ``public_request_detail`` reads it, for the detail schema."""
    detail = public_request_detail(user, pk)
    item = detail.item
    item.events_out = detail.events
    item.photos_out = detail.photos
    item.actions = detail.actions
    return item


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
    "/unit/requests/{request_id}/answer",
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


# Reception days ------------------------------------------------------------------------


@router.get(
    "/{station_id}/reception-days",
    response={200: ReceptionDayYearOut, **DETAIL_ERRORS},
    summary="联络站一年的代表接待日",
    description="某年的接待日及已举行次数（对照每年至少举行的次数）。范围外的联络站 404。",
)
def reception_days_of_year(
    request,
    station_id: int = StationId,
    year: int | None = Query(None, ge=2000, le=2100, description="年份，默认今年"),
):
    _require_station_pages(request.auth)
    result = reception_day_list(
        request.auth,
        ReceptionDayFilters(
            station_id=station_id, year=year or timezone.localdate().year
        ),
    )
    return {**result.summary, "days": result.days}


@router.post(
    "/{station_id}/reception-days",
    response={201: ReceptionDayOut, **WRITE_ERRORS},
    summary="安排代表接待日",
    description=(
        "本站站长、联络员，或上级人大常委会工作人员可用。带 Idempotency-Key 时，"
        "同一个键的重试返回第一次安排的接待日，不会重复安排。"
    ),
)
def reception_day_create(
    request,
    payload: ReceptionDayIn,
    station_id: int = StationId,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
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
        idempotency_key=idempotency_key or None,
    )
    return Status(201, _day_out(request.auth, day))


@router.patch(
    "/reception-days/{day_id}",
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
    return _day_out(request.auth, day)


@router.post(
    "/reception-days/{day_id}/hold",
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
    return _day_out(request.auth, day)


@router.post(
    "/reception-days/{day_id}/postpone",
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
    return _day_out(request.auth, day)


@router.post(
    "/reception-days/{day_id}/cancel",
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
    return _day_out(request.auth, day)


@router.post(
    "/reception-days/{day_id}/confirm-late",
    response={200: ReceptionDayOut, **WRITE_ERRORS},
    summary="确认补录的接待日",
    description=(
        "该年度结束后才安排或登记的接待日（补录）经常委会工作人员确认并说明理由后，"
        "才计入该年度的次数。联络站工作人员 403；不是补录或已确认 409。"
    ),
)
def reception_day_confirm_late(request, payload: ConfirmLateIn, day_id: int = DayId):
    _require_station_pages(request.auth)
    day = get_reception_day_for_user(request.auth, day_id)
    day = services.reception_day_confirm_late(
        day=day, reason=payload.reason, actor=request.auth
    )
    return _day_out(request.auth, day)


# Requests -----------------------------------------------------------------------------


@router.get(
    "/{station_id}/requests",
    response={200: list[PublicRequestOut], **DETAIL_ERRORS},
    summary="联络站的群众诉求",
    description="本站工作人员、上级人大工作人员和领导可用；群众姓名和电话隐去部分。",
)
@paginate(PagePagination)
def station_request_list(
    request, filters: Query[RequestQuery], station_id: int = StationId
):
    _require_station_pages(request.auth)
    station = station_for_requests(request.auth, station_id)
    return public_request_list(
        request.auth,
        PublicRequestFilters.from_query(station.pk, filters.dict(exclude_none=True)),
        station=station,
    )


@router.post(
    "/{station_id}/requests",
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


@router.post(
    "/requests/{request_id}/reveal",
    response={200: ResidentOut, **WRITE_ERRORS, 429: ErrorOut},
    summary="查看群众完整姓名和电话",
    description="本站站长、联络员和承办单位工作人员可用，每次查看记入审计日志；其他人 403。"
    "每人每小时最多查看 RENDA_REVEALS_PER_HOUR 次（默认 30），超过 429（core.rate_limited，"
    "retry_after 为秒数）。",
)
def request_reveal(request, request_id: int = RequestId):
    item = get_public_request_for_user(request.auth, request_id)
    return services.public_request_reveal_resident(request=item, actor=request.auth)


@router.get(
    "/requests/{request_id}",
    response={200: PublicRequestDetailOut, **DETAIL_ERRORS},
    summary="群众诉求详情",
    description="含办理记录。范围外的诉求 404。",
)
def request_detail(request, request_id: int = RequestId):
    return _request_out(request.auth, request_id)


@router.post(
    "/requests/{request_id}/route",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="转街道/乡镇办理",
    description=(
        "街道/乡镇事项转所在街道/乡镇人民政府办理（未登记时为所在区县人民政府），"
        "办理期限按法定日历计算。"
    ),
)
def request_route(request, payload: RouteIn, request_id: int = RequestId):
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
    "/requests/{request_id}/convert",
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
    "/requests/{request_id}/answer-on-the-spot",
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
    "/requests/{request_id}/tell",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="登记已告知群众",
)
def request_tell(request, request_id: int = RequestId):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_tell_resident(request=item, actor=request.auth)
    return _request_out(request.auth, item.pk)


@router.post(
    "/requests/{request_id}/close",
    response={200: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="办结",
    description="告知群众后办结。",
)
def request_close(request, request_id: int = RequestId):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_close(request=item, actor=request.auth)
    return _request_out(request.auth, item.pk)


@router.post(
    "/requests/{request_id}/photos",
    response={201: PublicRequestDetailOut, **WRITE_ERRORS},
    summary="为诉求添加照片",
    description=(
        "multipart/form-data，字段名 photos，可多个；JPEG 或 PNG（按文件内容检查）。"
        "每张的大小和每条诉求的张数有上限（由部署设置，超出时 400 并说明上限）。"
        "本站工作人员或记录该诉求的代表可用；已办结的诉求不能再添加（409）。"
    ),
)
def request_add_photos(
    request, photos: File[list[UploadedFile]], request_id: int = RequestId
):
    item = get_public_request_for_user(request.auth, request_id)
    services.public_request_add_photos(request=item, photos=photos, actor=request.auth)
    return Status(201, _request_out(request.auth, item.pk))
