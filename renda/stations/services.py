"""Writes of a station's working side: reception days and residents' requests.

Every transition runs in one transaction: lock the row, check permission
(``PermissionDenied``), then state against the transition table in
``choices`` (``InvalidTransition``), then input (``ApplicationError`` naming
the field), save with ``update_fields``, append a ``PublicRequestEvent`` (for
requests) and record the audit log. Services that depend on the date take
``now`` (default ``timezone.now()``) so that tests pass explicit times.

Phone numbers (a decision): a request recorded by station staff or a deputy
needs the resident's phone, since someone must call back; on the public QR
form it is optional, because the resident checks progress with the receipt
number. When given, it must be an 11-digit mainland mobile number or a
landline with its area code (0437-3221234).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core.calendar import due_date
from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.images import reencoded_upload
from renda.core.services import action_log_record

from .choices import (
    PUBLIC_REQUEST_REPLY_DAYS,
    PUBLIC_REQUEST_TRANSITIONS,
    PUBLIC_TEXT_MAX_LENGTH,
    RECEIPT_LENGTH,
    RECEPTION_DAY_TRANSITIONS,
    PublicRequestEventKind,
    PublicRequestStatus,
    ReceptionDayStatus,
    RequestSource,
    RequestTier,
)
from .models import (
    LiaisonStation,
    PublicRequest,
    PublicRequestEvent,
    PublicRequestPhoto,
    ReceptionDay,
)
from .permissions import (
    can_answer_routed_request,
    can_convert_request,
    can_manage_reception_days,
    can_record_request_as_deputy,
    can_work_station_requests,
)

# A receipt number's alphabet: no look-alikes (0/O, 1/I/L).
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_ATTEMPTS = 8

# Photos of a request.
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_COUNT = 6
PHOTO_SIGNATURES = {
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
}

# Field limits (besides PUBLIC_TEXT_MAX_LENGTH for the content).
NAME_MAX_LENGTH = 50
LOCATION_MAX_LENGTH = 200
PLACE_MAX_LENGTH = 200
TOPIC_MAX_LENGTH = 200
REASON_MAX_LENGTH = 500
TITLE_MAX_CHARS = 40

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(0\d{2,3})-?([2-9]\d{6,7})$")


# Errors ---------------------------------------------------------------------------


def _denied(message: str = "您没有权限办理此事项。") -> PermissionDenied:
    return PermissionDenied(message, code="stations.forbidden")


def _bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="stations.invalid", field=field)


def _wrong_day_state(day: ReceptionDay, action: str) -> InvalidTransition:
    label = ReceptionDayStatus(day.status).label
    return InvalidTransition(
        f"该接待日当前状态为“{label}”，不能{action}。", code="stations.invalid_state"
    )


def _wrong_request_state(request: PublicRequest, action: str) -> InvalidTransition:
    label = PublicRequestStatus(request.status).label
    return InvalidTransition(
        f"该诉求当前状态为“{label}”，不能{action}。", code="stations.invalid_state"
    )


# Helpers -------------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def clean_text(value: object, *, multiline: bool = False) -> str:
    """Return ``value`` trimmed, without control characters (newlines kept if multiline)."""
    if not isinstance(value, str):
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in value:
        if multiline and char in "\n\t":
            kept.append(char)
        elif unicodedata.category(char) in ("Cc", "Cs", "Co"):
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def _text(
    value: object,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    text = clean_text(value, multiline=multiline)
    if required and not text:
        raise _bad(f"请填写{label}。", field)
    if len(text) > max_length:
        raise _bad(f"{label}不能超过 {max_length} 个字（现有 {len(text)} 个）。", field)
    return text


def normalize_phone(value: object, *, required: bool) -> str:
    """Return a mobile (13812345678) or landline (0437-3221234) number, or raise."""
    text = clean_text(value)
    text = re.sub(r"[\s\u3000]", "", text)
    if not text:
        if required:
            raise _bad("请填写群众的联系电话。", "resident_phone")
        return ""
    if MOBILE_RE.match(text):
        return text
    match = LANDLINE_RE.match(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    raise _bad(
        "联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 0437-3221234）。",
        "resident_phone",
    )


def client_hash_for(client_ip: str | None) -> str:
    """Return the keyed hash of a client address (HMAC-SHA256 with SECRET_KEY)."""
    if not client_ip:
        return ""
    return hmac.new(
        settings.SECRET_KEY.encode(), str(client_ip).encode(), hashlib.sha256
    ).hexdigest()


def _new_receipt_number() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalize_receipt_number(value: object) -> str:
    """Return a receipt number as stored: upper case, without spaces or dashes."""
    if not isinstance(value, str):
        return ""
    return re.sub(r"[\s\u3000-]", "", value).upper()


def _check_photos(photos: Sequence) -> list:
    photos = [p for p in (photos or ()) if p]
    if len(photos) > PHOTO_MAX_COUNT:
        raise _bad(
            f"照片最多 {PHOTO_MAX_COUNT} 张（现有 {len(photos)} 张）。", "photos"
        )
    limit_mb = PHOTO_MAX_BYTES // (1024 * 1024)
    checked = []
    for index, photo in enumerate(photos, start=1):
        name = clean_text(getattr(photo, "name", "") or f"照片{index}")[:200]
        size = getattr(photo, "size", None) or 0
        if size > PHOTO_MAX_BYTES:
            raise _bad(f"第 {index} 张照片“{name}”超过 {limit_mb} MB。", "photos")
        photo.seek(0)
        head = photo.read(8)
        photo.seek(0)
        if not any(head.startswith(sig) for sig in PHOTO_SIGNATURES):
            raise _bad(f"第 {index} 张照片“{name}”不是 JPEG 或 PNG 图片。", "photos")
        if size <= 0:
            raise _bad(f"第 {index} 张照片“{name}”是空文件。", "photos")
        photo = reencoded_upload(
            photo, label=f"第 {index} 张照片“{name}”", field="photos"
        )
        checked.append((photo, name, photo.size))
    return checked


def _request_event(
    *,
    request: PublicRequest,
    kind: str,
    actor,
    at: dt.datetime,
    summary: str,
    data: dict | None = None,
) -> PublicRequestEvent:
    """Append a timeline event and the audit row of one step of a request."""
    data = data or {}
    event = PublicRequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=_user(actor),
        at=at,
        summary=summary[:500],
        data=data,
    )
    action_log_record(
        actor=actor,
        action=f"public_request.{kind.lower()}",
        target=request,
        summary=summary,
        data={**data, "event": event.pk},
    )
    return event


def _lock_request(request: PublicRequest) -> PublicRequest:
    return (
        PublicRequest.objects.select_for_update(of=("self",))
        .select_related("station", "station__region", "received_by", "handling_unit")
        .get(pk=request.pk)
    )


def _lock_day(day: ReceptionDay) -> ReceptionDay:
    return (
        ReceptionDay.objects.select_for_update(of=("self",))
        .select_related("station", "station__region")
        .get(pk=day.pk)
    )


def _request_can(request: PublicRequest, target: str) -> bool:
    return target in PUBLIC_REQUEST_TRANSITIONS[PublicRequestStatus(request.status)]


def _day_can(day: ReceptionDay, target: str) -> bool:
    return target in RECEPTION_DAY_TRANSITIONS[ReceptionDayStatus(day.status)]


# Residents' requests: intake -------------------------------------------------------


@transaction.atomic
def public_request_create(
    *,
    station: LiaisonStation,
    source: str,
    resident_name,
    resident_phone,
    consent: bool,
    content,
    location="",
    photos=(),
    received_by=None,
    reception_day=None,
    actor=None,
    client_ip=None,
    now=None,
) -> PublicRequest:
    """Record a resident's request at a station, with consent, and give it a receipt number.

    ``QR_FORM`` requests come from the public form (no actor); ``RECEPTION_DAY``
    requests are recorded by the station's staff at one of its reception days;
    ``DEPUTY`` requests by the receiving deputy (or the station's staff for them).
    """
    if source not in RequestSource.values:
        raise _bad("诉求来源无效。", "source")
    if source == RequestSource.QR_FORM:
        # The public form: anyone, no reception day, no receiving deputy.
        reception_day = None
        received_by = None
    elif source == RequestSource.RECEPTION_DAY:
        if not can_work_station_requests(actor, station):
            raise _denied("只有本站站长、联络员或常委会工作人员可以记录接待日诉求。")
        if reception_day is None:
            raise _bad("请选择接待日。", "reception_day")
        if reception_day.station_id != station.pk:
            raise _bad("所选接待日不属于本联络站。", "reception_day")
        if reception_day.status not in (
            ReceptionDayStatus.PLANNED,
            ReceptionDayStatus.HELD,
        ):
            raise _bad("所选接待日已取消或延期，不能记录诉求。", "reception_day")
    elif source == RequestSource.DEPUTY:
        if not (
            can_work_station_requests(actor, station)
            or can_record_request_as_deputy(actor, station)
        ):
            raise _denied("只有接待代表本人或本站工作人员可以记录代表走访收集的诉求。")
        from renda.accounts.permissions import get_scope

        scope = get_scope(actor)
        if not can_work_station_requests(actor, station):
            # A deputy records a request they met themselves.
            from renda.deputies.models import Deputy

            received_by = Deputy.objects.get(pk=scope.deputy_id)
        if received_by is None:
            raise _bad("请选择接待代表。", "received_by")
        reception_day = None
    if received_by is not None:
        from .selectors import deputies_eligible_for_station

        if (
            not deputies_eligible_for_station(station)
            .filter(pk=received_by.pk)
            .exists()
        ):
            raise _bad(
                f"{received_by.name} 不是本站代表小组或本地人大的代表。", "received_by"
            )
    if consent is not True:
        raise _bad("须经群众同意后才能记录其姓名和联系电话。", "consent")
    name = _text(
        resident_name, field="resident_name", label="姓名", max_length=NAME_MAX_LENGTH
    )
    phone = normalize_phone(resident_phone, required=source != RequestSource.QR_FORM)
    content = _text(
        content,
        field="content",
        label="诉求内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        multiline=True,
    )
    location = _text(
        location,
        field="location",
        label="涉及地点",
        max_length=LOCATION_MAX_LENGTH,
        required=False,
    )
    checked_photos = _check_photos(photos)
    at = _now(now)
    request = None
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                request = PublicRequest.objects.create(
                    station=station,
                    reception_day=reception_day,
                    source=source,
                    receipt_number=_new_receipt_number(),
                    resident_name=name,
                    resident_phone=phone,
                    consent_at=at,
                    content=content,
                    location=location,
                    received_by=received_by,
                    recorded_by=_user(actor),
                    client_hash=client_hash_for(client_ip),
                )
            break
        except IntegrityError:
            continue
    if request is None:  # pragma: no cover - 31^10 numbers make this unreachable
        raise ApplicationError("生成回执编号失败，请重试。", code="stations.receipt")
    for photo, original_name, size in checked_photos:
        PublicRequestPhoto.objects.create(
            request=request, file=photo, original_name=original_name, size=size
        )
    _request_event(
        request=request,
        kind=PublicRequestEventKind.RECEIVED,
        actor=actor,
        at=at,
        summary=f"受理群众诉求（{RequestSource(source).label}），回执编号 {request.receipt_number}",
        data={"source": source, "photos": len(checked_photos)},
    )
    return request


def public_request_for_receipt(receipt_number) -> PublicRequest | None:
    """Return the request with this receipt number (any case, spaces ignored), or None."""
    number = normalize_receipt_number(receipt_number)
    if len(number) != RECEIPT_LENGTH or any(
        char not in RECEIPT_ALPHABET for char in number
    ):
        return None
    return (
        PublicRequest.objects.select_related("station", "handling_unit")
        .filter(receipt_number=number)
        .first()
    )


# Reception days -------------------------------------------------------------------


def _check_times(start_time, end_time) -> None:
    if not isinstance(start_time, dt.time):
        raise _bad("请填写开始时间。", "start_time")
    if not isinstance(end_time, dt.time):
        raise _bad("请填写结束时间。", "end_time")
    if end_time <= start_time:
        raise _bad("结束时间须晚于开始时间。", "end_time")


def _check_date(value, field: str = "date") -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise _bad("请填写日期。", field)
    return value


def _check_deputies(station, deputies: Iterable, field: str) -> list:
    from .selectors import deputies_eligible_for_station

    deputies = list(dict.fromkeys(deputies or ()))
    eligible = set(
        deputies_eligible_for_station(station)
        .filter(pk__in=[d.pk for d in deputies])
        .values_list("pk", flat=True)
    )
    for deputy in deputies:
        if deputy.pk not in eligible:
            raise _bad(f"{deputy.name} 不是本站代表小组或本地人大的代表。", field)
    return deputies


@transaction.atomic
def reception_day_plan(
    *,
    station: LiaisonStation,
    date,
    start_time,
    end_time,
    place,
    topic="",
    deputies: Iterable = (),
    actor,
    now=None,
) -> ReceptionDay:
    """Plan a reception day at a station, with the deputies on duty."""
    if not can_manage_reception_days(actor, station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以安排接待日。")
    date = _check_date(date)
    _check_times(start_time, end_time)
    place = _text(place, field="place", label="地点", max_length=PLACE_MAX_LENGTH)
    topic = _text(
        topic, field="topic", label="主题", max_length=TOPIC_MAX_LENGTH, required=False
    )
    on_duty = _check_deputies(station, deputies, "deputies")
    day = ReceptionDay.objects.create(
        station=station,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        topic=topic,
        created_by=_user(actor),
    )
    day.deputies.set(on_duty)
    action_log_record(
        actor=actor,
        action="reception_day.plan",
        target=day,
        summary=f"安排{station.name} {date:%Y-%m-%d} 代表接待日",
        data={"deputies": [d.pk for d in on_duty]},
    )
    return day


UPDATABLE_DAY_FIELDS = ("date", "start_time", "end_time", "place", "topic", "deputies")


@transaction.atomic
def reception_day_update(*, day: ReceptionDay, actor, **fields) -> ReceptionDay:
    """Change a planned reception day; only the given fields."""
    unknown = set(fields) - set(UPDATABLE_DAY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown reception day fields: {sorted(unknown)}")
    day = _lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以修改接待日。")
    if day.status != ReceptionDayStatus.PLANNED:
        raise _wrong_day_state(day, "修改")
    if "date" in fields:
        fields["date"] = _check_date(fields["date"])
    _check_times(
        fields.get("start_time", day.start_time), fields.get("end_time", day.end_time)
    )
    if "place" in fields:
        fields["place"] = _text(
            fields["place"], field="place", label="地点", max_length=PLACE_MAX_LENGTH
        )
    if "topic" in fields:
        fields["topic"] = _text(
            fields["topic"],
            field="topic",
            label="主题",
            max_length=TOPIC_MAX_LENGTH,
            required=False,
        )
    deputies = fields.pop("deputies", None)
    changed = [key for key, value in fields.items() if getattr(day, key) != value]
    for key in changed:
        setattr(day, key, fields[key])
    if changed:
        day.save(update_fields=[*changed, "updated_at"])
    if deputies is not None:
        on_duty = _check_deputies(day.station, deputies, "deputies")
        if {d.pk for d in on_duty} != set(day.deputies.values_list("pk", flat=True)):
            day.deputies.set(on_duty)
            changed.append("deputies")
    if changed:
        action_log_record(
            actor=actor,
            action="reception_day.update",
            target=day,
            summary=f"修改{day.station.name} {day.date:%Y-%m-%d} 代表接待日",
            data={"fields": sorted(changed)},
        )
    return day


@transaction.atomic
def reception_day_hold(
    *, day: ReceptionDay, attendees: Iterable = (), actor, now=None
) -> ReceptionDay:
    """Record that a planned reception day was held, and which deputies came."""
    day = _lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以登记接待日。")
    if not _day_can(day, ReceptionDayStatus.HELD):
        raise _wrong_day_state(day, "登记为已举行")
    at = _now(now)
    if day.date > timezone.localdate(at):
        raise _bad("接待日尚未到来，不能登记为已举行。", "date")
    came = _check_deputies(day.station, attendees, "attendees")
    if not came:
        raise _bad("请选择实到代表。", "attendees")
    day.status = ReceptionDayStatus.HELD
    day.held_at = at
    day.save(update_fields=["status", "held_at", "updated_at"])
    day.attendees.set(came)
    action_log_record(
        actor=actor,
        action="reception_day.hold",
        target=day,
        summary=f"{day.station.name} {day.date:%Y-%m-%d} 代表接待日已举行，实到代表 {len(came)} 名",
        data={"attendees": [d.pk for d in came]},
    )
    return day


@transaction.atomic
def reception_day_postpone(
    *,
    day: ReceptionDay,
    reason,
    new_date,
    start_time=None,
    end_time=None,
    actor,
    now=None,
) -> ReceptionDay:
    """Postpone a planned day to a new date: it is planned again there, the reason kept."""
    day = _lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以延期接待日。")
    if not _day_can(day, ReceptionDayStatus.POSTPONED):
        raise _wrong_day_state(day, "延期")
    reason = _text(
        reason, field="reason", label="延期原因", max_length=REASON_MAX_LENGTH
    )
    new_date = _check_date(new_date, "new_date")
    if new_date <= day.date:
        raise _bad("延期后的日期须晚于原定日期。", "new_date")
    start_time = start_time or day.start_time
    end_time = end_time or day.end_time
    _check_times(start_time, end_time)
    # PLANNED → POSTPONED → PLANNED on the new date, in one step.
    if not _day_can(ReceptionDay(status=ReceptionDayStatus.POSTPONED), "PLANNED"):
        raise _wrong_day_state(day, "延期")  # pragma: no cover - table changed
    old_date = day.date
    day.date = new_date
    day.start_time = start_time
    day.end_time = end_time
    day.status = ReceptionDayStatus.PLANNED
    day.status_reason = f"由 {old_date:%Y-%m-%d} 延期：{reason}"[:500]
    day.save(
        update_fields=[
            "date",
            "start_time",
            "end_time",
            "status",
            "status_reason",
            "updated_at",
        ]
    )
    action_log_record(
        actor=actor,
        action="reception_day.postpone",
        target=day,
        summary=(
            f"{day.station.name} 代表接待日由 {old_date:%Y-%m-%d} 延期至 "
            f"{new_date:%Y-%m-%d}：{reason}"
        ),
        data={
            "old_date": old_date.isoformat(),
            "new_date": new_date.isoformat(),
            "reason": reason,
        },
    )
    return day


@transaction.atomic
def reception_day_cancel(*, day: ReceptionDay, reason, actor, now=None) -> ReceptionDay:
    """Cancel a planned (or postponed) reception day, with the reason."""
    day = _lock_day(day)
    if not can_manage_reception_days(actor, day.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以取消接待日。")
    if not _day_can(day, ReceptionDayStatus.CANCELLED):
        raise _wrong_day_state(day, "取消")
    reason = _text(
        reason, field="reason", label="取消原因", max_length=REASON_MAX_LENGTH
    )
    day.status = ReceptionDayStatus.CANCELLED
    day.status_reason = reason
    day.save(update_fields=["status", "status_reason", "updated_at"])
    action_log_record(
        actor=actor,
        action="reception_day.cancel",
        target=day,
        summary=f"取消{day.station.name} {day.date:%Y-%m-%d} 代表接待日：{reason}",
        data={"reason": reason},
    )
    return day


# Residents' requests: routing (分级处理) -------------------------------------------


@transaction.atomic
def public_request_route_grassroots(
    *, request: PublicRequest, unit, actor, now=None
) -> PublicRequest:
    """Route a 街道/乡镇 matter to that government as the handling unit, with a deadline."""
    from .selectors import grassroots_unit_for

    request = _lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以转办诉求。")
    if not _request_can(request, PublicRequestStatus.ROUTED):
        raise _wrong_request_state(request, "转街道/乡镇办理")
    proposed, note = grassroots_unit_for(request.station)
    if unit is None:
        raise _bad("请选择办理单位。", "unit")
    if proposed is None or unit.pk != proposed.pk:
        expected = proposed.name if proposed else "（尚未登记）"
        raise _bad(
            f"街道/乡镇事项应转{request.station.region.name}的人民政府办理，应为：{expected}。",
            "unit",
        )
    at = _now(now)
    due = due_date(timezone.localdate(at), days=PUBLIC_REQUEST_REPLY_DAYS)
    request.status = PublicRequestStatus.ROUTED
    request.tier = RequestTier.GRASSROOTS
    request.handling_unit = unit
    request.routed_at = at
    request.due_at = due.due
    request.due_provisional = due.provisional
    request.save(
        update_fields=[
            "status",
            "tier",
            "handling_unit",
            "routed_at",
            "due_at",
            "due_provisional",
            "updated_at",
        ]
    )
    summary = f"转{unit.name}办理，限 {due.due:%Y-%m-%d} 前答复"
    if note:
        summary += f"（{note}）"
    _request_event(
        request=request,
        kind=PublicRequestEventKind.ROUTED,
        actor=actor,
        at=at,
        summary=summary,
        data={"unit": unit.pk, "due_at": due.due.isoformat(), "note": note},
    )
    return request


def congress_for_conversion(request: PublicRequest):
    """Return (congress, term) a request becomes a suggestion in, or (None, None).

    The receiving deputy's most local congress whose area contains the
    station (by a current mandate); failing that, the city congress over it.
    """
    from renda.congresses.choices import Level
    from renda.congresses.models import Congress
    from renda.deputies.models import Mandate

    from .selectors import _path_prefixes

    prefixes = _path_prefixes(request.station.region.path)
    if request.received_by_id is not None:
        mandates = (
            Mandate.objects.filter(
                deputy_id=request.received_by_id,
                end_date__isnull=True,
                term__congress__region__path__in=prefixes,
            )
            .select_related("term", "term__congress", "term__congress__region")
            .order_by("-term__start_date")
        )
        best = None
        for mandate in mandates:
            congress = mandate.term.congress
            if best is None or len(congress.region.path) > len(
                best.term.congress.region.path
            ):
                best = mandate
        if best is not None:
            return best.term.congress, best.term
    congress = (
        Congress.objects.filter(level=Level.MUNICIPAL, region__path__in=prefixes)
        .select_related("region")
        .first()
    )
    term = congress.terms.order_by("-number").first() if congress else None
    return congress, term


@transaction.atomic
def public_request_convert_to_suggestion(
    *, request: PublicRequest, channel=None, category=None, actor, now=None
) -> PublicRequest:
    """Turn a county-level (or higher) matter into the receiving deputy's suggestion."""
    from renda.suggestions.choices import Category, Channel, Period
    from renda.suggestions.services import suggestion_create_draft, suggestion_submit

    request = _lock_request(request)
    congress, term = congress_for_conversion(request)
    if not can_convert_request(actor, request, congress):
        raise _denied("只有接待代表本人或常委会工作人员可以将诉求转为代表建议。")
    if not _request_can(request, PublicRequestStatus.CONVERTED):
        raise _wrong_request_state(request, "转为代表建议")
    channel = channel or Channel.VOICE
    if channel not in (Channel.VOICE, Channel.HOTLINE):
        raise _bad("转为代表建议的渠道只能是《代表之声》或12345直通车。", "channel")
    category = category or Category.OTHER
    if category not in Category.values:
        raise _bad("类别无效，请从列表中选择。", "category")
    if request.received_by is None:
        raise _bad(
            "该诉求没有接待代表，不能转为代表建议：代表建议须由代表领衔。",
            "received_by",
        )
    if congress is None or term is None:
        raise _bad("找不到该诉求所在地区的人大，不能转为代表建议。", "congress")
    at = _now(now)
    first_line = request.content.strip().splitlines()[0] if request.content else ""
    title = first_line[:TITLE_MAX_CHARS] or "群众诉求"
    if len(first_line) > TITLE_MAX_CHARS:
        title = title[: TITLE_MAX_CHARS - 1] + "…"
    body = request.content
    if request.location:
        body += f"\n\n涉及地点：{request.location}"
    body += (
        f"\n\n（来自{request.station.name}群众诉求，回执编号 {request.receipt_number}）"
    )
    suggestion = suggestion_create_draft(
        actor=actor,
        congress=congress,
        term=term,
        lead_deputy=request.received_by,
        title=title,
        region=request.station.region,
        body=body,
        category=category,
        channel=channel,
        period=Period.RECESS,
        now=at,
    )
    suggestion = suggestion_submit(suggestion=suggestion, actor=actor, now=at)
    request.status = PublicRequestStatus.CONVERTED
    request.tier = RequestTier.SUGGESTION
    request.suggestion = suggestion
    request.routed_at = at
    request.save(
        update_fields=["status", "tier", "suggestion", "routed_at", "updated_at"]
    )
    _request_event(
        request=request,
        kind=PublicRequestEventKind.CONVERTED,
        actor=actor,
        at=at,
        summary=f"转为{request.received_by.name}代表领衔的建议《{suggestion.title}》",
        data={"suggestion": suggestion.pk, "channel": channel},
    )
    return request


# Residents' requests: answers and closing ---------------------------------------------


def _answer_text(answer) -> str:
    return _text(
        answer,
        field="answer",
        label="答复内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        multiline=True,
    )


@transaction.atomic
def public_request_answer_on_the_spot(
    *, request: PublicRequest, answer, actor, now=None
) -> PublicRequest:
    """Answer a request on the spot: the resident is told there, and it is closed."""
    request = _lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以当场答复诉求。")
    if not _request_can(request, PublicRequestStatus.ANSWERED):
        raise _wrong_request_state(request, "当场答复")
    answer = _answer_text(answer)
    at = _now(now)
    request.status = PublicRequestStatus.CLOSED
    request.tier = RequestTier.ON_THE_SPOT
    request.answer = answer
    request.answered_at = at
    request.answered_by = _user(actor)
    request.resident_told_at = at
    request.closed_at = at
    request.save(
        update_fields=[
            "status",
            "tier",
            "answer",
            "answered_at",
            "answered_by",
            "resident_told_at",
            "closed_at",
            "updated_at",
        ]
    )
    for kind, summary in (
        (PublicRequestEventKind.ANSWERED, "当场答复"),
        (PublicRequestEventKind.RESIDENT_TOLD, "已当面告知群众"),
        (PublicRequestEventKind.CLOSED, "办结"),
    ):
        _request_event(request=request, kind=kind, actor=actor, at=at, summary=summary)
    return request


@transaction.atomic
def public_request_answer(
    *, request: PublicRequest, answer, actor, now=None
) -> PublicRequest:
    """Record the routed unit's answer to a request."""
    request = _lock_request(request)
    if not can_answer_routed_request(actor, request):
        raise _denied("只有承办该诉求的单位可以答复。")
    if not _request_can(request, PublicRequestStatus.ANSWERED) or (
        request.status != PublicRequestStatus.ROUTED
    ):
        raise _wrong_request_state(request, "答复")
    answer = _answer_text(answer)
    at = _now(now)
    request.status = PublicRequestStatus.ANSWERED
    request.answer = answer
    request.answered_at = at
    request.answered_by = _user(actor)
    request.save(
        update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"]
    )
    overdue = request.due_at is not None and timezone.localdate(at) > request.due_at
    _request_event(
        request=request,
        kind=PublicRequestEventKind.ANSWERED,
        actor=actor,
        at=at,
        summary=f"{request.handling_unit.name}答复" + ("（超期）" if overdue else ""),
        data={"overdue": overdue},
    )
    return request


@transaction.atomic
def public_request_tell_resident(
    *, request: PublicRequest, actor, now=None
) -> PublicRequest:
    """Record that the resident was told the outcome (answer, or the suggestion)."""
    request = _lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以登记告知群众。")
    if request.status not in (
        PublicRequestStatus.ANSWERED,
        PublicRequestStatus.CONVERTED,
    ):
        raise _wrong_request_state(request, "登记告知群众")
    if request.resident_told_at is not None:
        raise InvalidTransition("已登记过告知群众。", code="stations.invalid_state")
    at = _now(now)
    request.resident_told_at = at
    request.save(update_fields=["resident_told_at", "updated_at"])
    _request_event(
        request=request,
        kind=PublicRequestEventKind.RESIDENT_TOLD,
        actor=actor,
        at=at,
        summary="已告知群众办理结果",
    )
    return request


@transaction.atomic
def public_request_close(*, request: PublicRequest, actor, now=None) -> PublicRequest:
    """Close a request once the resident has been told the outcome."""
    request = _lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise _denied("只有本站站长、联络员或常委会工作人员可以办结诉求。")
    if not _request_can(request, PublicRequestStatus.CLOSED):
        raise _wrong_request_state(request, "办结")
    if request.resident_told_at is None:
        raise InvalidTransition(
            "请先告知群众办理结果，再办结。", code="stations.not_told"
        )
    at = _now(now)
    request.status = PublicRequestStatus.CLOSED
    request.closed_at = at
    request.save(update_fields=["status", "closed_at", "updated_at"])
    _request_event(
        request=request,
        kind=PublicRequestEventKind.CLOSED,
        actor=actor,
        at=at,
        summary="办结",
    )
    return request


def public_request_reveal_resident(*, request: PublicRequest, actor) -> dict:
    """Return the resident's full name and phone, recording who looked."""
    from .permissions import can_reveal_resident

    if not can_reveal_resident(actor, request):
        raise _denied("您无权查看群众的完整联系方式。")
    action_log_record(
        actor=actor,
        action="public_request.reveal_resident",
        target=request,
        summary=f"查看诉求 {request.receipt_number} 群众的完整姓名和电话",
    )
    return {"name": request.resident_name, "phone": request.resident_phone}


@transaction.atomic
def public_request_add_photos(
    *, request: PublicRequest, photos: Sequence, actor
) -> list[PublicRequestPhoto]:
    """Add photos to a request still being handled (JPEG or PNG, checked by content).

    Those who work the station's requests may add them, and the deputy who
    recorded the request; at most PHOTO_MAX_COUNT photos a request in all.
    """
    request = _lock_request(request)
    recorded_it = actor is not None and request.recorded_by_id == getattr(
        actor, "pk", None
    )
    if not (can_work_station_requests(actor, request.station) or recorded_it):
        raise PermissionDenied("您不能为这条诉求添加照片。")
    if request.status == PublicRequestStatus.CLOSED:
        raise InvalidTransition("诉求已办结，不能再添加照片。", code="stations.closed")
    checked = _check_photos(photos)
    if not checked:
        raise _bad("请选择要上传的照片。", "photos")
    existing = request.photos.count()
    if existing + len(checked) > PHOTO_MAX_COUNT:
        raise _bad(
            f"每条诉求最多 {PHOTO_MAX_COUNT} 张照片（已有 {existing} 张）。", "photos"
        )
    added = [
        PublicRequestPhoto.objects.create(
            request=request, file=photo, original_name=original_name, size=size
        )
        for photo, original_name, size in checked
    ]
    action_log_record(
        actor=actor,
        action="public_request.add_photos",
        target=request,
        summary=f"诉求 {request.receipt_number} 添加照片 {len(added)} 张",
        data={"photos": [photo.pk for photo in added]},
    )
    return added
