"""Dates and times typed by users: strict ISO parsing and sensible bounds, in one place.

A reception day on 9999-12-31 or 1900-01-01, a 双联 contact since 0001-01-01 or
since the integer 0 (read as 1970-01-01) are typing mistakes, not facts. Every
date a user enters, on a page or through the API, goes through one of:

- ``EventDate`` / ``FilterDate`` (or ``bounded_date(kind)``): the API schemas'
  type. It accepts only a ``YYYY-MM-DD`` string (or a date object from Python),
  never a number, a date-time or another format, and refuses a date outside the
  bounds of its kind.
- ``BoundedDateField(kind=...)``: the form field, with the same bounds and
  Chinese messages naming the field.

Kinds and their bounds (settings, read at call time):

- ``event``: the day something happens or happened (a reception day, a meeting, a
  contact, an activity): from ``RENDA_EVENT_DATE_EARLIEST`` to today plus
  ``RENDA_EVENT_DATE_DAYS_AHEAD`` days.
- ``filter``: a date that selects records (a report's range, the audit log, the
  day ages are counted on): from ``RENDA_FILTER_DATE_EARLIEST`` to today plus
  ``RENDA_FILTER_DATE_DAYS_AHEAD`` days.

Services keep their own finer rules ("not later than today", "in the quarter").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from django import forms
from django.conf import settings
from django.utils import timezone
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from .forms import IsoDateInput

DateKind = Literal["event", "filter"]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMAT_MESSAGE = "日期格式应为 YYYY-MM-DD，如 2025-06-10。"


def date_bounds(
    kind: DateKind, *, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """Return the earliest and latest date a user may enter for this kind of date."""
    today = today or timezone.localdate()
    if kind == "event":
        earliest = settings.RENDA_EVENT_DATE_EARLIEST
        ahead = settings.RENDA_EVENT_DATE_DAYS_AHEAD
    elif kind == "filter":
        earliest = settings.RENDA_FILTER_DATE_EARLIEST
        ahead = settings.RENDA_FILTER_DATE_DAYS_AHEAD
    else:
        raise ValueError(f"Unknown date kind {kind!r}")
    return dt.date.fromisoformat(earliest), today + dt.timedelta(days=ahead)


def bounds_error(value: dt.date, kind: DateKind, label: str = "日期") -> str | None:
    """Return the Chinese message for a date outside its bounds, or None."""
    earliest, latest = date_bounds(kind)
    if value < earliest:
        return f"{label}不能早于 {earliest:%Y-%m-%d}。"
    if value > latest:
        return f"{label}不能晚于 {latest:%Y-%m-%d}。"
    return None


def parse_iso_date(value) -> dt.date:
    """Return the date of a ``YYYY-MM-DD`` string; refuse numbers and other formats."""
    if isinstance(value, dt.datetime):
        raise ValueError(FORMAT_MESSAGE)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(FORMAT_MESSAGE)


# API schemas (pydantic) ------------------------------------------------------------


def _strict(value):
    try:
        return parse_iso_date(value)
    except ValueError:
        raise PydanticCustomError("date_parsing", FORMAT_MESSAGE) from None


def _within(kind: DateKind):
    def check(value: dt.date) -> dt.date:
        message = bounds_error(value, kind)
        if message:
            raise ValueError(message)
        return value

    return check


def bounded_date(kind: DateKind):
    """Return the API type of a date of this kind: strict ``YYYY-MM-DD``, bounded."""
    return Annotated[dt.date, BeforeValidator(_strict), AfterValidator(_within(kind))]


EventDate = bounded_date("event")
FilterDate = bounded_date("filter")
BoundedDate = EventDate

LOCAL_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?")
TIME_FORMAT_MESSAGE = "时间格式应为 HH:MM，如 09:30。"


def _strict_time(value):
    # Pydantic would read the number 0 as midnight UTC, an aware time that the
    # services' naive times cannot be compared with.
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and LOCAL_TIME.fullmatch(value):
        return dt.time.fromisoformat(value)
    raise PydanticCustomError("time_parsing", TIME_FORMAT_MESSAGE)


# A local time of day in the API: "09:30" or "09:30:00", never a number or an offset.
LocalTime = Annotated[dt.time, BeforeValidator(_strict_time)]


# Forms -----------------------------------------------------------------------------


class BoundedDateField(forms.DateField):
    """A form's date, bounded by its kind (the date input sends ``YYYY-MM-DD``).

    Messages name the field by its label: “日期不能早于 2000-01-01。”.
    """

    def __init__(self, *, kind: DateKind = "event", **kwargs):
        self.kind = kind
        label = kwargs.get("label") or "日期"
        kwargs["error_messages"] = {
            "required": f"请填写{label}。",
            "invalid": f"{label}格式应为 YYYY-MM-DD。",
            **(kwargs.get("error_messages") or {}),
        }
        kwargs.setdefault("widget", IsoDateInput())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        message = bounds_error(value, self.kind, str(self.label or "日期"))
        if message:
            raise forms.ValidationError(message, code="out_of_range")


__all__ = [
    "BoundedDate",
    "BoundedDateField",
    "EventDate",
    "FilterDate",
    "LocalTime",
    "bounded_date",
    "bounds_error",
    "date_bounds",
    "parse_iso_date",
]
