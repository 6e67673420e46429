"""Masking of personal data shown to roles that do not need it in full."""

import re


def mask_phone(phone: str | None) -> str:
    """Mask a phone number as 138****1234; keep only the first 3 and last 4 digits."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    if len(digits) < 11:
        # A short local number: keep only the last 4 digits.
        return f"{'*' * (len(digits) - 4)}{digits[-4:]}"
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(value: str | None) -> str:
    """Mask a resident ID number, keeping the first 6 and last 4 characters."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"
