"""What every service of the duty app shares: errors, clean input, the audit row."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import action_log_record

CODE = "duty.invalid"


def invalid(
    message: str, field: str | None = None, *, code: str = CODE
) -> ApplicationError:
    return ApplicationError(message, code=code, field=field)


def denied(message: str = "您无权办理该履职事务。") -> PermissionDenied:
    return PermissionDenied(message, code="duty.forbidden")


def clean_text(value, *, field: str, label: str, max_length: int, required=True) -> str:
    """Strip a text; refuse it empty (when required), too long or with NUL."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid(f"{label}应为文字。", field)
    value = value.strip()
    if "\x00" in value:
        raise invalid(f"{label}含有无效字符。", field)
    if required and not value:
        raise invalid(f"请填写{label}。", field)
    if len(value) > max_length:
        raise invalid(f"{label}不能超过{max_length}个字。", field)
    return value


def clean_choice(value, choices, *, field: str, label: str) -> str:
    if value not in choices.values:
        raise invalid(f"请选择有效的{label}。", field)
    return value


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def new_token() -> str:
    """A secret for a QR code's address (rating form, check-in)."""
    return secrets.token_urlsafe(16)[:22]


def audit(*, actor, action: str, target, summary: str, data: dict | None = None):
    return action_log_record(
        actor=actor, action=f"duty.{action}", target=target, summary=summary, data=data
    )
