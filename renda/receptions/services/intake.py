"""Residents' requests coming in: recorded at a station, by a deputy, or on the QR form.

Phone numbers (a decision): a request recorded by station staff or a deputy
needs the resident's phone, since someone must call back; on the public QR
form it is optional, because the resident checks progress with the receipt
number. When given, it must be an 11-digit mainland mobile number or a
landline with its area code (0437-3221234).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.ratelimit import rate_limit_take
from renda.core.receipts import new_receipt_number
from renda.core.repeats import RepeatedSubmission
from renda.core.reveals import personal_data_reveal
from renda.core.services import action_log_record
from renda.deputies.models import Deputy
from renda.deputies.selectors import deputies_eligible_for_station
from renda.stations.models import LiaisonStation

from .. import rules
from ..choices import (
    PUBLIC_TEXT_MAX_LENGTH,
    PublicRequestStatus,
    ReceptionDayStatus,
    RequestSource,
)
from ..events import request_received_event
from ..models import PublicRequest, PublicRequestPhoto
from ..notices import request_recorded_notice, schedule_notice
from ..permissions import (
    can_record_request_as_deputy,
    can_record_request_for_partner,
    can_reveal_resident,
    can_work_station_requests,
)
from ..selectors import client_hash_for
from .common import (
    LOCATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    RECEIPT_ATTEMPTS,
    bad,
    check_photos,
    checked_text,
    denied,
    lock_request,
    normalize_phone,
    now_or_default,
    user_or_none,
)


class RepeatedPublicRequest(RepeatedSubmission):
    """The same text came again from the same client within the window: no new record.

    ``earlier`` is the request first made, whose receipt number the resident is
    shown again.
    """

    code = "stations.repeated"


def earlier_same_request(
    *, station: LiaisonStation, client_hash: str, content: str, at
) -> PublicRequest | None:
    """Return the QR-form request this one repeats (same client, station and text), if any.

    At most a few rows: one client's requests to one station within the window,
    which the hourly limit keeps small.
    """
    if not client_hash:
        return None
    since = at - rules.public_form_duplicate_window()
    candidates = PublicRequest.objects.filter(
        station=station,
        source=RequestSource.QR_FORM,
        client_hash=client_hash,
        created_at__gte=since,
    ).order_by("created_at", "id")
    for earlier in candidates:
        if rules.is_repeated_submission(
            earlier_at=earlier.created_at,
            earlier_text=earlier.content,
            text=content,
            at=at,
        ):
            return earlier
    return None


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
    on_behalf_of_partner=False,
    now=None,
) -> PublicRequest:
    """Record a resident's request at a station, with consent, and give it a receipt number.

    ``QR_FORM`` requests come from the public form (no actor); ``RECEPTION_DAY``
    requests are recorded by the station's staff at one of its reception days;
    ``DEPUTY`` requests by the receiving deputy (or the station's staff for them);
    ``HOTLINE`` requests by a partner system's service account (Open311),
    which calls with ``on_behalf_of_partner=True`` and holds no staff role
    (``can_record_request_for_partner``), or by the station's staff.
    """
    if source not in RequestSource.values:
        raise bad("诉求来源无效。", "source")
    if source == RequestSource.QR_FORM:
        # The public form: anyone, no reception day, no receiving deputy.
        reception_day = None
        received_by = None
    elif source == RequestSource.RECEPTION_DAY:
        if not can_work_station_requests(actor, station):
            raise denied("只有本站站长、联络员或常委会工作人员可以记录接待日诉求。")
        if reception_day is None:
            raise bad("请选择接待日。", "reception_day")
        if reception_day.station_id != station.pk:
            raise bad("所选接待日不属于本联络站。", "reception_day")
        if reception_day.status not in (
            ReceptionDayStatus.PLANNED,
            ReceptionDayStatus.HELD,
        ):
            raise bad("所选接待日已取消或延期，不能记录诉求。", "reception_day")
    elif source == RequestSource.DEPUTY:
        if not (
            can_work_station_requests(actor, station)
            or can_record_request_as_deputy(actor, station)
        ):
            raise denied("只有接待代表本人或本站工作人员可以记录代表走访收集的诉求。")
        scope = get_scope(actor)
        if not can_work_station_requests(actor, station):
            # A deputy records a request they met themselves.
            received_by = Deputy.objects.get(pk=scope.deputy_id)
        if received_by is None:
            raise bad("请选择接待代表。", "received_by")
        reception_day = None
    elif source == RequestSource.HOTLINE:
        # A partner system's service account (hotline's Open311 server) for a
        # station of its congress, or the station's staff; the resident
        # follows up through the hotline, so the phone may be absent.
        allowed = (
            can_record_request_for_partner(actor, station)
            if on_behalf_of_partner
            else can_work_station_requests(actor, station)
        )
        if not allowed:
            raise denied("只有本站或本级人大的工作账号可以转入12345热线诉求。")
        reception_day = None
        received_by = None
    if (
        received_by is not None
        and not deputies_eligible_for_station(station)
        .filter(pk=received_by.pk)
        .exists()
    ):
        raise bad(
            f"{received_by.name} 不是本站代表小组或本地人大的代表。", "received_by"
        )
    if consent is not True:
        raise bad("须经群众同意后才能记录其姓名和联系电话。", "consent")
    name = checked_text(
        resident_name, field="resident_name", label="姓名", max_length=NAME_MAX_LENGTH
    )
    phone = normalize_phone(
        resident_phone,
        required=source not in (RequestSource.QR_FORM, RequestSource.HOTLINE),
    )
    content = checked_text(
        content,
        field="content",
        label="诉求内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        multiline=True,
    )
    location = checked_text(
        location,
        field="location",
        label="涉及地点",
        max_length=LOCATION_MAX_LENGTH,
        required=False,
    )
    at = now_or_default(now)
    client_hash = client_hash_for(client_ip)
    if source == RequestSource.QR_FORM and client_hash:
        # Two posts of the same text at once (a double tap, a resent form) must
        # not both pass the check: lock the station's row, so that the second
        # waits for the first to commit and then finds it. On SQLite every
        # transaction begins IMMEDIATE (settings), which serialises them alike.
        LiaisonStation.objects.select_for_update().filter(pk=station.pk).first()
        # Compared with created_at, which is the clock's time whatever ``now`` is.
        earlier = earlier_same_request(
            station=station,
            client_hash=client_hash,
            content=content,
            at=timezone.now(),
        )
        if earlier is not None:
            raise RepeatedPublicRequest(earlier)
    if source == RequestSource.QR_FORM:
        # Counted in this transaction: a refusal (RateLimited) or any later
        # failure rolls the count back with the request.
        rate_limit_take(*rules.public_form_limits(station, client_ip))
    checked_photos = check_photos(photos, limit=rules.photo_limit_for(source))
    request = None
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                request = PublicRequest.objects.create(
                    station=station,
                    reception_day=reception_day,
                    source=source,
                    receipt_number=new_receipt_number(),
                    resident_name=name,
                    resident_phone=phone,
                    consent_at=at,
                    content=content,
                    location=location,
                    received_by=received_by,
                    recorded_by=user_or_none(actor),
                    client_hash=client_hash,
                )
            break
        except IntegrityError:
            continue
    if request is None:  # pragma: no cover - 9 x 10^10 numbers make this unreachable
        raise ApplicationError("生成回执编号失败，请重试。", code="stations.receipt")
    for photo, original_name, size in checked_photos:
        PublicRequestPhoto.objects.create(
            request=request, file=photo, original_name=original_name, size=size
        )
    request_received_event(
        request=request, actor=actor, at=at, photos=len(checked_photos)
    )
    schedule_notice(request_recorded_notice, request, actor)
    return request


def public_request_reveal_resident(*, request: PublicRequest, actor) -> dict:
    """Return the resident's full name and phone, recording who looked.

    At most ``RENDA_REVEALS_PER_HOUR`` reveals per user an hour (renda/core/reveals.py).
    """
    if not can_reveal_resident(actor, request):
        raise denied("您无权查看群众的完整联系方式。")
    # Audited, and at most RENDA_REVEALS_PER_HOUR an hour (RateLimited, 429).
    personal_data_reveal(
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
    recorded the request; at most ``rules.request_photo_limit()`` photos in all.
    """
    request = lock_request(request)
    recorded_it = actor is not None and request.recorded_by_id == getattr(
        actor, "pk", None
    )
    if not (can_work_station_requests(actor, request.station) or recorded_it):
        raise PermissionDenied("您不能为这条诉求添加照片。")
    if request.status == PublicRequestStatus.CLOSED:
        raise InvalidTransition("诉求已办结，不能再添加照片。", code="stations.closed")
    limit = rules.request_photo_limit()
    checked = check_photos(photos, limit=limit)
    if not checked:
        raise bad("请选择要上传的照片。", "photos")
    existing = request.photos.count()
    if existing + len(checked) > limit:
        raise bad(f"每条诉求最多 {limit} 张照片（已有 {existing} 张）。", "photos")
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
