"""Input checks and locks every supervision service shares."""

from __future__ import annotations

import datetime as dt
import os

from renda.core.dates import DateKind, bounds_error
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.suggestions.attachments import check_upload

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 20000
REASON_MAX_LENGTH = 500
NAME_MAX_LENGTH = 100


def invalid(
    message: str, field: str, code: str = "supervision.invalid"
) -> ApplicationError:
    return ApplicationError(message, code=code, field=field)


def denied(message: str = "您没有权限进行此操作。") -> PermissionDenied:
    return PermissionDenied(message, code="supervision.forbidden")


def not_found(noun: str = "该事项") -> NotFound:
    return NotFound(f"{noun}不存在或您无权查看。", code="supervision.not_found")


def clean_text(
    value,
    *,
    field: str,
    label: str,
    max_length: int = TEXT_MAX_LENGTH,
    required: bool = True,
) -> str:
    """Strip a text; refuse it empty (when required) or too long, naming the field."""
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


def clean_date(
    value, *, field: str, label: str, kind: DateKind = "event", required: bool = True
) -> dt.date | None:
    """Check a date is a date within the bounds of its kind, naming the field."""
    if value is None or value == "":
        if required:
            raise invalid(f"请填写{label}。", field)
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise invalid(f"{label}应为日期，格式 YYYY-MM-DD。", field)
    message = bounds_error(value, kind, label)
    if message:
        raise invalid(message, field)
    return value


def clean_count(value, *, field: str, label: str, maximum: int = 10000) -> int:
    """A whole number from 0 to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{label}应为整数。", field)
    if value < 0 or value > maximum:
        raise invalid(f"{label}应在 0 到 {maximum} 之间。", field)
    return value


def clean_year(value, *, field: str = "year", label: str = "年度") -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1979 <= value <= 2100
    ):
        raise invalid(f"{label}应为 1979 到 2100 之间的年份。", field)
    return value


def clean_month(value, *, field: str = "planned_month", label: str = "计划月份"):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise invalid(f"{label}应为 1 到 12 之间的整数。", field)
    return value


def lock(model, pk):
    """Return the row locked for update (select_for_update), or raise NotFound."""
    try:
        return model.objects.select_for_update().get(pk=pk)
    except model.DoesNotExist:
        raise not_found() from None


FILE_NAME_MAX_LENGTH = 200


def checked_file(upload, field: str = "file"):
    """Return an uploaded document checked, and its name; (None, "") for none.

    Supervision's files (a handling report, evidence of rectification, a filed
    document, an item's materials, some of them published) take what
    suggestions' attachments take: PDF, pictures (re-encoded) and Office files
    whose first bytes are what their name says, never any file at all. A long
    name is cut to 200 characters keeping its extension.
    """
    if not upload:
        return None, ""
    checked, message = check_upload(upload)
    if checked is None:
        raise invalid(message, field)
    name = checked.name
    if len(name) > FILE_NAME_MAX_LENGTH:
        stem, extension = os.path.splitext(name)
        name = stem[: FILE_NAME_MAX_LENGTH - len(extension)] + extension
    return checked.upload, name
