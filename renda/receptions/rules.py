"""The rules of reception days and residents' requests, read from settings at call time.

Services, forms, pages, the API and daily jobs ask these functions, so that a
setting changed (in a deployment, or by ``override_settings`` in a test) changes
every surface at once. The module-level constants are only the defaults.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from renda.core.ratelimit import UNKNOWN_ADDRESS, Limit, address_value
from renda.core.repeats import same_text as core_same_text

from .choices import RequestSource

# "6" of the 126 model: reception days a station holds at least, each year.
MIN_RECEPTION_DAYS_PER_YEAR = 6
# A 街道/乡镇 government answers a resident's request routed to it within this
# many (legal-calendar) days.
PUBLIC_REQUEST_REPLY_DAYS = 15
# The public QR form: at most this many requests from one address per hour.
PUBLIC_FORM_MAX_PER_HOUR = 5
# The QR form: the same text from the same client to the same station within
# this many minutes is one request sent twice; no second record is made.
PUBLIC_FORM_DUPLICATE_MINUTES = 10
# The QR form across all addresses, per station (settings RENDA_PUBLIC_FORM_STATION_*,
# config/settings/base.py says why these figures).
PUBLIC_FORM_STATION_MAX_PER_HOUR = 60
PUBLIC_FORM_STATION_MAX_PER_DAY = 200
# Receipt look-ups (found or not) from one address in one hour.
PUBLIC_LOOKUP_MAX_PER_HOUR = 30
# Photos: one limit per surface. Station staff and deputies attach up to
# REQUEST_PHOTO_MAX_COUNT to a request (recording it, or later); a resident
# attaches up to PUBLIC_FORM_PHOTO_MAX_COUNT on the QR form.
REQUEST_PHOTO_MAX_COUNT = 6
PUBLIC_FORM_PHOTO_MAX_COUNT = 3
PHOTO_MAX_BYTES = 5 * 1024 * 1024
# A year of reception days is closed this many days after 31 December: the
# station's annual summary and the committee's assessment (年度考核) are made in
# January. See docs/decisions/0005-reception-days-closed-years.md.
RECEPTION_YEAR_CLOSES_AFTER_DAYS = 31


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def reception_days_required() -> int:
    """Return how many reception days a station holds at least in a year."""
    return _setting("RENDA_MIN_RECEPTION_DAYS_PER_YEAR", MIN_RECEPTION_DAYS_PER_YEAR)


def public_request_reply_days() -> int:
    """Return the days a routed unit has to answer a resident's request."""
    return _setting("RENDA_PUBLIC_REQUEST_REPLY_DAYS", PUBLIC_REQUEST_REPLY_DAYS)


def public_form_max_per_hour() -> int:
    """Return how many requests one address may send through the QR form an hour."""
    return _setting("RENDA_PUBLIC_FORM_MAX_PER_HOUR", PUBLIC_FORM_MAX_PER_HOUR)


def public_form_duplicate_window() -> dt.timedelta:
    """Return how long the same text from the same client counts as sent twice."""
    return dt.timedelta(
        minutes=_setting(
            "RENDA_PUBLIC_FORM_DUPLICATE_MINUTES", PUBLIC_FORM_DUPLICATE_MINUTES
        )
    )


def is_repeated_submission(
    *, earlier_at: dt.datetime, earlier_text: str, text: str, at: dt.datetime
) -> bool:
    """Tell whether ``text`` sent at ``at`` repeats a request sent at ``earlier_at``.

    The texts are compared normalised (``same_text``): full-width and
    half-width forms, spaces, line breaks and letter case do not count.
    """
    window = public_form_duplicate_window()
    return at - earlier_at <= window and same_text(earlier_text) == same_text(text)


def same_text(text: str) -> str:
    """Return a text folded for comparison: NFKC, no whitespace, case folded."""
    return core_same_text(text)


def public_lookup_max_per_hour() -> int:
    """Return how many receipt look-ups one address may make an hour."""
    return _setting("RENDA_PUBLIC_LOOKUP_MAX_PER_HOUR", PUBLIC_LOOKUP_MAX_PER_HOUR)


def request_photo_limit() -> int:
    """Return how many photos a request may hold when staff or a deputy attach them."""
    return _setting("RENDA_REQUEST_PHOTO_MAX_COUNT", REQUEST_PHOTO_MAX_COUNT)


def public_form_photo_limit() -> int:
    """Return how many photos a resident may attach on the QR form."""
    return _setting("RENDA_PUBLIC_FORM_PHOTO_MAX_COUNT", PUBLIC_FORM_PHOTO_MAX_COUNT)


def photo_limit_for(source: str) -> int:
    """Return the photo limit of the surface a request comes from."""
    if source == RequestSource.QR_FORM:
        return public_form_photo_limit()
    return request_photo_limit()


def photo_max_bytes() -> int:
    """Return the largest photo accepted, in bytes."""
    return _setting("RENDA_PHOTO_MAX_BYTES", PHOTO_MAX_BYTES)


def photo_max_megabytes() -> int:
    """Return the photo size limit in whole megabytes, for messages."""
    return photo_max_bytes() // (1024 * 1024)


def reception_year_closes_on(year: int) -> dt.date:
    """Return the last day on which a year's reception days are entered in time."""
    days = _setting(
        "RENDA_RECEPTION_YEAR_CLOSES_AFTER_DAYS", RECEPTION_YEAR_CLOSES_AFTER_DAYS
    )
    return dt.date(year, 12, 31) + dt.timedelta(days=days)


def reception_year_closed(year: int, today: dt.date) -> bool:
    """Tell whether a year of reception days is closed on ``today``."""
    return today > reception_year_closes_on(year)


def reception_day_entry_is_late(day_date: dt.date, today: dt.date) -> bool:
    """Tell whether planning or recording a day of ``day_date`` on ``today`` is late (补录)."""
    return reception_year_closed(day_date.year, today)


# The QR form's rate limits (renda.core.ratelimit) -------------------------------------

QR_ADDRESS_SCOPE = "receptions.qr_form.address"
QR_STATION_HOUR_SCOPE = "receptions.qr_form.station_hour"
QR_STATION_DAY_SCOPE = "receptions.qr_form.station_day"
# Requests whose address is unknown share one bucket: the limit fails closed.
UNKNOWN_CLIENT = UNKNOWN_ADDRESS


def public_form_station_max_per_hour() -> int:
    """Return how many QR-form requests one station takes an hour, from all addresses."""
    return _setting(
        "RENDA_PUBLIC_FORM_STATION_MAX_PER_HOUR", PUBLIC_FORM_STATION_MAX_PER_HOUR
    )


def public_form_station_max_per_day() -> int:
    """Return how many QR-form requests one station takes a day, from all addresses."""
    return _setting(
        "RENDA_PUBLIC_FORM_STATION_MAX_PER_DAY", PUBLIC_FORM_STATION_MAX_PER_DAY
    )


def public_form_limits(station, address: str | None) -> list[Limit]:
    """Return the QR form's limits for a request from ``address`` to ``station``."""
    hour = dt.timedelta(hours=1)
    busy = "，本次提交没有保存。请稍后再试，或在联络站开放时间到站反映，也可以联系联络站的站长或联络员。"
    return [
        Limit(
            scope=QR_ADDRESS_SCOPE,
            value=address_value(address),
            limit=public_form_max_per_hour(),
            window=hour,
            message="同一网络在一小时内的提交次数已达上限，本次提交没有保存，请一小时后再试。",
        ),
        Limit(
            scope=QR_STATION_HOUR_SCOPE,
            value=str(station.pk),
            limit=public_form_station_max_per_hour(),
            window=hour,
            message=f"{station.name}这一小时内在网上收到的诉求已达上限{busy}",
        ),
        Limit(
            scope=QR_STATION_DAY_SCOPE,
            value=str(station.pk),
            limit=public_form_station_max_per_day(),
            window=dt.timedelta(days=1),
            message=f"{station.name}今天在网上收到的诉求已达上限{busy}",
        ),
    ]
