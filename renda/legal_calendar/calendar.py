"""The legal calendar: statutory rest days and legal periods (办理期限).

Periods are counted as the PRC Civil Code counts them (arts. 201-203):

* the start date itself is not counted; counting begins the next day;
* a month period ends on the same-numbered day of the target month, or on that
  month's last day when the month has no such day;
* when the last day is a statutory rest day (a weekend or a public holiday, but
  not a make-up workday 调休), the period ends on the first working day after it.

A working-day period counts only working days: weekdays that are not public
holidays, plus make-up workdays.

Rest days come from the ``chinese_calendar`` package, overridden by what staff
enter (``HolidayCalendarYear`` / ``HolidayCalendarDay``) for years the package
does not know yet. A date in a year known to neither counts weekends alone and
makes the result *provisional* (docs/decisions/0003-legal-calendar.md).
"""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache as memoize
from functools import lru_cache
from typing import NamedTuple

import chinese_calendar
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction

from renda.core.errors import ApplicationError, Conflict
from renda.core.services import action_log_record

from .models import HolidayCalendarDay, HolidayCalendarYear, HolidayKind

# Upper bounds of a single period: anything longer is a typing mistake.
MAX_DAYS = 3650
MAX_MONTHS = 120
MAX_WORKING_DAYS = 2500

# Years staff may enter a schedule for.
STAFF_YEAR_MIN = 2000
STAFF_YEAR_MAX = 2100

# How long a year's staff entries stay cached (seconds). Services invalidate the
# cache on write; the timeout bounds staleness in other processes when the cache
# backend is per process (LocMemCache).
DEFAULT_CACHE_SECONDS = 300
CACHE_KEY = "renda:calendar:staff-year:v1:{year}"

PERIOD_LABELS = {"days": "天数", "months": "月数", "working_days": "工作日数"}
PERIOD_LIMITS = {
    "days": MAX_DAYS,
    "months": MAX_MONTHS,
    "working_days": MAX_WORKING_DAYS,
}

WEEKDAY_NAMES = "一二三四五六日"


class DueDate(NamedTuple):
    """The last day of a period; ``provisional`` if it relied on an unknown year."""

    due: dt.date
    provisional: bool


class WorkingDay(NamedTuple):
    """Whether a day is a working day; ``provisional`` if its year is unknown."""

    working: bool
    provisional: bool


@dataclass(frozen=True)
class HolidayEntry:
    """One day of a staff-entered schedule (input of ``holiday_year_publish``)."""

    day: dt.date
    kind: str
    name: str = ""


@dataclass(frozen=True)
class StaffYear:
    """What staff entered for one year: whether it is complete, and its days."""

    published: bool
    days: dict[dt.date, str]


# Reads ---------------------------------------------------------------------


@memoize
# The installed ``chinese_calendar`` does not change while the process runs, so its
# answers are kept: each of its calls checks the date against the bounds of its whole
# table (min() and max() over every holiday), ≈ 25 µs, and a statistics read that
# works out closing windows for 40 units asked it 1,500 times (issue 13 §3).
@memoize
def library_knows_year(year: int) -> bool:
    """Tell whether the installed ``chinese_calendar`` has the schedule of ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=8192)
def _library_workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


def _cache_seconds() -> int:
    return getattr(settings, "RENDA_CALENDAR_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)


def staff_year(year: int) -> StaffYear:
    """Return the staff entries of ``year``, from the cache when possible."""
    key = CACHE_KEY.format(year=year)
    cached = cache.get(key)
    if cached is None:
        published = HolidayCalendarYear.objects.filter(
            year=year, published=True
        ).exists()
        rows = HolidayCalendarDay.objects.filter(
            date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
        ).values_list("date", "kind")
        cached = (published, tuple((day.isoformat(), kind) for day, kind in rows))
        cache.set(key, cached, _cache_seconds())
    published, days = cached
    return StaffYear(
        published=published,
        days={dt.date.fromisoformat(day): kind for day, kind in days},
    )


def invalidate_staff_year(year: int) -> None:
    """Drop the cached staff entries of ``year``."""
    cache.delete(CACHE_KEY.format(year=year))


def year_is_known(year: int) -> bool:
    """Tell whether rest days of ``year`` are known (library or published by staff)."""
    return library_knows_year(year) or staff_year(year).published


class _Lookup:
    """Answer working-day questions, reading each year's staff entries once."""

    def __init__(self) -> None:
        self._years: dict[int, StaffYear] = {}

    def _staff(self, year: int) -> StaffYear:
        if year not in self._years:
            self._years[year] = staff_year(year)
        return self._years[year]

    def check(self, day: dt.date) -> WorkingDay:
        staff = self._staff(day.year)
        in_library = library_knows_year(day.year)
        kind = staff.days.get(day)
        if kind is not None:
            working = kind == HolidayKind.MAKEUP_WORKDAY
        elif in_library and not staff.published:
            working = _library_workday(day)
        else:
            working = day.weekday() < 5
        return WorkingDay(working, not (in_library or staff.published))


def _check_date(value: object, label: str = "start") -> dt.date:
    # A datetime's calendar day depends on the time zone: the caller decides it
    # (timezone.localdate()), not this module.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{label} must be a datetime.date, not {type(value).__name__}")
    return value


def _check_count(n: object, field: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{field} must be an int, not {type(n).__name__}")
    limit = PERIOD_LIMITS[field]
    if not 1 <= n <= limit:
        raise ValueError(period_range_message(field))
    return n


def period_range_message(field: str) -> str:
    """Return the Chinese message for a period length out of range."""
    return f"{PERIOD_LABELS[field]}（{field}）必须是 1 到 {PERIOD_LIMITS[field]} 之间的整数。"


OUT_OF_RANGE_MESSAGE = "起算日期过晚，期限的截止日超出了可计算的日期范围。"


def _next_day(day: dt.date) -> dt.date:
    try:
        return day + dt.timedelta(days=1)
    except OverflowError:
        raise ValueError(OUT_OF_RANGE_MESSAGE) from None


def _roll_forward(day: dt.date, lookup: _Lookup, provisional: bool) -> DueDate:
    # Civil Code art. 203: a last day on a rest day moves to the next working day.
    answer = lookup.check(day)
    provisional = provisional or answer.provisional
    while not answer.working:
        day = _next_day(day)
        answer = lookup.check(day)
        provisional = provisional or answer.provisional
    return DueDate(day, provisional)


def is_working_day(day: dt.date) -> WorkingDay:
    """Tell whether ``day`` is a working day and whether that answer is provisional."""
    return _Lookup().check(_check_date(day, "day"))


def add_days(start: dt.date, n: int) -> DueDate:
    """Return the last day of an ``n``-day period starting the day after ``start``."""
    start = _check_date(start)
    n = _check_count(n, "days")
    try:
        last = start + dt.timedelta(days=n)
    except OverflowError:
        raise ValueError(OUT_OF_RANGE_MESSAGE) from None
    return _roll_forward(last, _Lookup(), provisional=False)


def add_months(start: dt.date, n: int) -> DueDate:
    """Return the last day of an ``n``-month period starting the day after ``start``."""
    start = _check_date(start)
    n = _check_count(n, "months")
    year, month_index = divmod(start.month - 1 + n, 12)
    year += start.year
    if year > dt.MAXYEAR:
        raise ValueError(OUT_OF_RANGE_MESSAGE)
    month = month_index + 1
    day = min(start.day, std_calendar.monthrange(year, month)[1])
    return _roll_forward(dt.date(year, month, day), _Lookup(), provisional=False)


def add_working_days(start: dt.date, n: int) -> DueDate:
    """Return the ``n``-th working day after ``start`` (make-up workdays count)."""
    start = _check_date(start)
    n = _check_count(n, "working_days")
    lookup = _Lookup()
    day = start
    counted = 0
    provisional = False
    while counted < n:
        day = _next_day(day)
        answer = lookup.check(day)
        provisional = provisional or answer.provisional
        if answer.working:
            counted += 1
    return DueDate(day, provisional)


def due_date(
    start: dt.date,
    *,
    days: int | None = None,
    months: int | None = None,
    working_days: int | None = None,
) -> DueDate:
    """Return the last day of the one period given, raising ApplicationError on bad input."""
    given = {
        field: value
        for field, value in (
            ("days", days),
            ("months", months),
            ("working_days", working_days),
        )
        if value is not None
    }
    if not given:
        raise ApplicationError(
            "请填写期限：天数（days）、月数（months）或工作日数（working_days），三者选一。",
            code="calendar.bad_period",
        )
    if len(given) > 1:
        names = "、".join(f"{PERIOD_LABELS[field]}（{field}）" for field in given)
        raise ApplicationError(
            f"期限只能填写一项，现在同时填写了{names}。",
            code="calendar.bad_period",
            field=",".join(given),
        )
    [(field, value)] = given.items()
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(
            period_range_message(field), code="calendar.bad_period", field=field
        )
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise ApplicationError(
            "起算日期（start）必须是日期。", code="calendar.bad_start", field="start"
        )
    compute = {"days": add_days, "months": add_months, "working_days": add_working_days}
    try:
        return compute[field](start, value)
    except ValueError as error:
        message = str(error)
        if message == OUT_OF_RANGE_MESSAGE:
            raise ApplicationError(
                message, code="calendar.out_of_range", field="start"
            ) from None
        raise ApplicationError(
            message, code="calendar.bad_period", field=field
        ) from None


# Writes --------------------------------------------------------------------


def _format_day(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}（周{WEEKDAY_NAMES[day.weekday()]}）"


def _validate_entry(entry: HolidayEntry, where: str = "") -> None:
    if isinstance(entry.day, dt.datetime) or not isinstance(entry.day, dt.date):
        raise ApplicationError(
            f"{where}日期无效。", code="calendar.bad_day", field="day"
        )
    if not STAFF_YEAR_MIN <= entry.day.year <= STAFF_YEAR_MAX:
        raise ApplicationError(
            f"{where}日期的年份必须在 {STAFF_YEAR_MIN} 到 {STAFF_YEAR_MAX} 之间。",
            code="calendar.bad_day",
            field="day",
        )
    if entry.kind not in HolidayKind.values:
        raise ApplicationError(
            f"{where}类型必须是“法定节假日”或“调休上班日”。",
            code="calendar.bad_kind",
            field="kind",
        )
    if entry.kind == HolidayKind.MAKEUP_WORKDAY and entry.day.weekday() < 5:
        raise ApplicationError(
            f"{where}{_format_day(entry.day)}本来就是工作日，调休上班日应在周六或周日。",
            code="calendar.makeup_not_weekend",
            field="day",
        )
    max_name = HolidayCalendarDay._meta.get_field("name").max_length
    if len(entry.name) > max_name:
        raise ApplicationError(
            f"{where}名称不能超过 {max_name} 个字。",
            code="calendar.bad_name",
            field="name",
        )


def _invalidate_now_and_on_commit(year: int) -> None:
    # Now, so that reads later in this transaction see the new rows; on commit,
    # so that a read in another process between now and the commit, which
    # cached the old rows, does not survive.
    invalidate_staff_year(year)
    transaction.on_commit(lambda: invalidate_staff_year(year))


def holiday_day_check(*, day: dt.date, kind: str, name: str = "") -> HolidayEntry:
    """Check one day staff want to add and return it cleaned, or raise ApplicationError."""
    entry = HolidayEntry(day=day, kind=kind, name=(name or "").strip())
    _validate_entry(entry)
    if HolidayCalendarDay.objects.filter(date=day).exists():
        raise Conflict(
            f"{_format_day(day)}已有记录，请先删除原记录再添加。",
            code="calendar.day_exists",
            field="day",
        )
    return entry


def holiday_day_add(
    *, day: dt.date, kind: str, name: str = "", actor
) -> HolidayCalendarDay:
    """Add one staff-entered holiday or make-up workday, overriding the library."""
    name = holiday_day_check(day=day, kind=kind, name=name).name
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            HolidayCalendarYear.objects.get_or_create(
                year=day.year, defaults={"created_by": actor_user}
            )
            calendar_day = HolidayCalendarDay.objects.create(
                date=day, kind=kind, name=name, created_by=actor_user
            )
            action_log_record(
                actor=actor,
                action="calendar.day_add",
                target=calendar_day,
                summary=f"添加{HolidayKind(kind).label} {day:%Y-%m-%d} {name}".strip(),
                data={"date": day.isoformat(), "kind": kind, "name": name},
            )
    except IntegrityError:
        raise Conflict(
            f"{_format_day(day)}已有记录，请先删除原记录再添加。",
            code="calendar.day_exists",
            field="day",
        ) from None
    _invalidate_now_and_on_commit(day.year)
    return calendar_day


def holiday_day_remove(*, calendar_day: HolidayCalendarDay, actor) -> None:
    """Remove one staff-entered day; the library (or weekends) apply again."""
    day, kind, name = calendar_day.date, calendar_day.kind, calendar_day.name
    with transaction.atomic():
        action_log_record(
            actor=actor,
            action="calendar.day_remove",
            target=calendar_day,
            summary=f"删除{HolidayKind(kind).label} {day:%Y-%m-%d} {name}".strip(),
            data={"date": day.isoformat(), "kind": kind, "name": name},
        )
        calendar_day.delete()
    _invalidate_now_and_on_commit(day.year)


def holiday_year_check(
    *, year: int, days: Iterable[HolidayEntry], source: str = ""
) -> tuple[list[HolidayEntry], str]:
    """Check a year's schedule staff want to publish; return it cleaned, or raise."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise ApplicationError("年份无效。", code="calendar.bad_year", field="year")
    if not STAFF_YEAR_MIN <= year <= STAFF_YEAR_MAX:
        raise ApplicationError(
            f"年份必须在 {STAFF_YEAR_MIN} 到 {STAFF_YEAR_MAX} 之间。",
            code="calendar.bad_year",
            field="year",
        )
    entries = [
        HolidayEntry(day=entry.day, kind=entry.kind, name=(entry.name or "").strip())
        for entry in days
    ]
    seen: set[dt.date] = set()
    for position, entry in enumerate(entries, start=1):
        where = f"第 {position} 项："
        _validate_entry(entry, where)
        if entry.day.year != year:
            raise ApplicationError(
                f"{where}{entry.day:%Y-%m-%d} 不在 {year} 年。",
                code="calendar.bad_day",
                field="days",
            )
        if entry.day in seen:
            raise ApplicationError(
                f"{where}{entry.day:%Y-%m-%d} 重复填写。",
                code="calendar.bad_day",
                field="days",
            )
        seen.add(entry.day)
    if not any(entry.kind == HolidayKind.HOLIDAY for entry in entries):
        raise ApplicationError(
            "全年安排至少应包含一天法定节假日。",
            code="calendar.empty_year",
            field="days",
        )
    source = (source or "").strip()
    max_source = HolidayCalendarYear._meta.get_field("source").max_length
    if len(source) > max_source:
        raise ApplicationError(
            f"依据不能超过 {max_source} 个字。",
            code="calendar.bad_source",
            field="source",
        )
    return entries, source


def holiday_year_publish(
    *,
    year: int,
    days: Iterable[HolidayEntry],
    actor,
    source: str = "",
) -> HolidayCalendarYear:
    """Replace the staff schedule of ``year`` with ``days`` and mark the year known."""
    entries, source = holiday_year_check(year=year, days=days, source=source)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        calendar_year, _created = HolidayCalendarYear.objects.get_or_create(
            year=year, defaults={"created_by": actor_user}
        )
        calendar_year = HolidayCalendarYear.objects.select_for_update().get(
            pk=calendar_year.pk
        )
        replaced = HolidayCalendarDay.objects.filter(
            date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
        ).delete()[0]
        HolidayCalendarDay.objects.bulk_create(
            HolidayCalendarDay(
                date=entry.day, kind=entry.kind, name=entry.name, created_by=actor_user
            )
            for entry in sorted(entries, key=lambda entry: entry.day)
        )
        calendar_year.published = True
        calendar_year.source = source
        calendar_year.save(update_fields=["published", "source", "updated_at"])
        holidays = sum(entry.kind == HolidayKind.HOLIDAY for entry in entries)
        action_log_record(
            actor=actor,
            action="calendar.year_publish",
            target=calendar_year,
            summary=f"录入{year}年节假日安排：节假日{holidays}天，"
            f"调休上班{len(entries) - holidays}天",
            data={
                "year": year,
                "source": source,
                "holidays": holidays,
                "makeup_workdays": len(entries) - holidays,
                "replaced": replaced,
            },
        )
    _invalidate_now_and_on_commit(year)
    return calendar_year


# Input parsing (admin form) --------------------------------------------------

_KIND_WORDS = {
    "休": HolidayKind.HOLIDAY,
    "假": HolidayKind.HOLIDAY,
    "HOLIDAY": HolidayKind.HOLIDAY,
    "班": HolidayKind.MAKEUP_WORKDAY,
    "MAKEUP_WORKDAY": HolidayKind.MAKEUP_WORKDAY,
}
_LINE = re.compile(
    r"^(?P<first>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:\s*(?:~|～|至|--)\s*(?P<last>\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s+(?P<kind>\S+)(?:\s+(?P<name>.+))?$"
)
SCHEDULE_TEXT_HELP = (
    "每行一项：日期或日期范围、类型（休 或 班）、名称。例如：\n"
    "2027-10-01~2027-10-07 休 国庆节\n"
    "2027-10-09 班 国庆节调休"
)


def _parse_iso(text: str, line_number: int) -> dt.date:
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise ApplicationError(
            f"第 {line_number} 行：日期 {text} 不存在。",
            code="calendar.bad_schedule",
            field="days",
        ) from None


def parse_schedule_text(text: str) -> list[HolidayEntry]:
    """Parse a pasted schedule, one date or date range per line, into entries."""
    entries: list[HolidayEntry] = []
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise ApplicationError(
                f"第 {line_number} 行无法识别：{line[:40]}。格式如“2027-10-01~2027-10-07 休 国庆节”。",
                code="calendar.bad_schedule",
                field="days",
            )
        kind = _KIND_WORDS.get(match["kind"])
        if kind is None:
            raise ApplicationError(
                f"第 {line_number} 行：类型应为“休”或“班”。",
                code="calendar.bad_schedule",
                field="days",
            )
        first = _parse_iso(match["first"], line_number)
        last = _parse_iso(match["last"], line_number) if match["last"] else first
        if last < first or (last - first).days > 31:
            raise ApplicationError(
                f"第 {line_number} 行：日期范围应从早到晚，且不超过 31 天。",
                code="calendar.bad_schedule",
                field="days",
            )
        name = (match["name"] or "").strip()
        day = first
        while day <= last:
            entries.append(HolidayEntry(day=day, kind=kind, name=name))
            day += dt.timedelta(days=1)
    return entries


def schedule_text_for(year: int) -> str:
    """Return the staff schedule of ``year`` as text, one line per day."""
    words = {HolidayKind.HOLIDAY: "休", HolidayKind.MAKEUP_WORKDAY: "班"}
    rows = HolidayCalendarDay.objects.filter(
        date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
    ).order_by("date")
    return "\n".join(
        f"{row.date:%Y-%m-%d} {words[HolidayKind(row.kind)]} {row.name}".rstrip()
        for row in rows
    )
