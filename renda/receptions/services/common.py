"""What every service of reception days and residents' requests shares.

Errors, text and phone clean-up, photo checks, row locks and
``require_state`` (the state tables of ``choices`` through renda.core.state).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from django.utils import timezone

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.images import reencoded_upload
from renda.core.state import allowed

from .. import rules
from ..models import PublicRequest, ReceptionDay

RECEIPT_ATTEMPTS = 8

# Photos of a request (the limits of count and size are in rules.py).
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


def denied(message: str = "您没有权限办理此事项。") -> PermissionDenied:
    return PermissionDenied(message, code="stations.forbidden")


def bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="stations.invalid", field=field)


# Helpers -------------------------------------------------------------------------


def now_or_default(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def user_or_none(actor):
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


def checked_text(
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
        raise bad(f"请填写{label}。", field)
    if len(text) > max_length:
        raise bad(f"{label}不能超过 {max_length} 个字（现有 {len(text)} 个）。", field)
    return text


def normalize_phone(value: object, *, required: bool) -> str:
    """Return a mobile (13812345678) or landline (0437-3221234) number, or raise."""
    text = clean_text(value)
    text = re.sub(r"[\s\u3000]", "", text)
    if not text:
        if required:
            raise bad("请填写群众的联系电话。", "resident_phone")
        return ""
    if MOBILE_RE.match(text):
        return text
    match = LANDLINE_RE.match(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    raise bad(
        "联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 0437-3221234）。",
        "resident_phone",
    )


def check_photos(photos: Sequence, *, limit: int) -> list:
    photos = [p for p in (photos or ()) if p]
    if len(photos) > limit:
        raise bad(f"照片最多 {limit} 张（现有 {len(photos)} 张）。", "photos")
    max_bytes = rules.photo_max_bytes()
    limit_mb = rules.photo_max_megabytes()
    checked = []
    for index, photo in enumerate(photos, start=1):
        name = clean_text(getattr(photo, "name", "") or f"照片{index}")[:200]
        size = getattr(photo, "size", None) or 0
        if size > max_bytes:
            raise bad(f"第 {index} 张照片“{name}”超过 {limit_mb} MB。", "photos")
        photo.seek(0)
        head = photo.read(8)
        photo.seek(0)
        if not any(head.startswith(sig) for sig in PHOTO_SIGNATURES):
            raise bad(f"第 {index} 张照片“{name}”不是 JPEG 或 PNG 图片。", "photos")
        if size <= 0:
            raise bad(f"第 {index} 张照片“{name}”是空文件。", "photos")
        photo = reencoded_upload(
            photo, label=f"第 {index} 张照片“{name}”", field="photos"
        )
        checked.append((photo, name, photo.size))
    return checked


def lock_request(request: PublicRequest) -> PublicRequest:
    return (
        PublicRequest.objects.select_for_update(of=("self",))
        .select_related("station", "station__region", "received_by", "handling_unit")
        .get(pk=request.pk)
    )


def lock_day(day: ReceptionDay) -> ReceptionDay:
    return (
        ReceptionDay.objects.select_for_update(of=("self",))
        .select_related("station", "station__region")
        .get(pk=day.pk)
    )


def require_state(obj, verb: str) -> None:
    """Raise ``InvalidTransition`` unless the object's state table allows ``verb`` now.

    Services ask this before they read the input, and move the object with
    ``renda.core.state.transition(obj, verb)`` when they save it.
    """
    if not allowed(obj, verb):
        raise type(obj).state_table.error(obj, verb)
