"""The error a delivery channel raises, and the masking of what it says."""

from __future__ import annotations

import re

from renda.core.masking import mask_phone

from .choices import LAST_ERROR_MAX_LENGTH

# Seven or more digits in a row, or a mobile number written in groups
# (+86 138 1234 5678), may be a phone number: masked before anything is logged
# or stored.
_DIGIT_RUN = re.compile(
    r"(?<!\d)(?:\+?\d{7,}|(?:\+?86[ -]?)?1\d{2}[ -]\d{4}[ -]\d{4})(?!\d)"
)


def masked(
    text: str, phone: str | None = None, *, limit: int | None = LAST_ERROR_MAX_LENGTH
) -> str:
    """Return the text with the phone number, and any run that may be one, masked.

    Cut to ``limit`` characters (a stored error's length; None: whole).
    """
    text = str(text or "")
    if phone:
        digits = re.sub(r"\D", "", phone)
        if digits:
            text = text.replace(phone, mask_phone(phone))
            text = text.replace(digits, mask_phone(digits))

    def _mask(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return mask_phone(digits) if len(digits) >= 7 else match.group(0)

    text = _DIGIT_RUN.sub(_mask, text)
    return text if limit is None else text[:limit]


class DeliveryError(Exception):
    """A channel could not deliver; ``permanent`` means no retry can help."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(masked(message))
        self.message = masked(message)
        self.permanent = permanent
