"""A station's public office phone (办公电话): checked, normalised, dialled from the board.

It is the station's own number, printed on its notice board for residents to
call, so unlike the chief's and the liaison officer's personal phones it is
shown in full. Accepted: a landline with its area code (0437-3221234,
010-12345678), an 11-digit mobile number, or a 5-digit public service number
such as 12345 (政务服务便民热线).
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

OFFICE_PHONE_MAX_LENGTH = 30
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area codes: 010 and 02x have three digits, the others (03x-09x) four, so a
# number typed without its hyphen still splits in the right place.
LANDLINE_RE = re.compile(r"^(010|02\d|0[3-9]\d{2})-?([2-9]\d{6,7})$")
SHORT_RE = re.compile(r"^1\d{4}$")
# What people type around a number: spaces, brackets round the area code,
# typographic dashes (full-width ones become "-" by NFKC).
_NOISE = re.compile(r"[\s()（）\u2010-\u2015\u2212]+")

OFFICE_PHONE_MESSAGE = (
    "办公电话格式不正确：请填写带区号的固定电话（如 0437-3221234）、"
    "11 位手机号码，或 12345 这样的 5 位服务号码。"
)


def normalize_office_phone(value: object) -> str | None:
    """Return the number in its stored form ("" when empty), or None when malformed."""
    text = unicodedata.normalize("NFKC", value if isinstance(value, str) else "")
    text = text.strip()
    if not text:
        return ""
    # An ASCII hyphen after the area code is kept: the landline pattern allows it.
    compact = _NOISE.sub("", text)
    digits = compact.replace("-", "")
    if MOBILE_RE.match(digits) or SHORT_RE.match(digits):
        return digits
    landline = LANDLINE_RE.match(compact) or LANDLINE_RE.match(digits)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    return None


def validate_office_phone(value: object) -> None:
    """Refuse a malformed office phone (the model field's validator, used by the admin)."""
    if normalize_office_phone(value) is None:
        raise ValidationError(OFFICE_PHONE_MESSAGE, code="invalid")


def tel_uri(phone: str) -> str:
    """Return the ``tel:`` link of a stored number (digits only, as phones dial it)."""
    return "tel:" + re.sub(r"\D", "", phone or "")
