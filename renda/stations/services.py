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
        checked.append((photo, name, size))
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
