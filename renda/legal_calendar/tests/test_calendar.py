"""The legal calendar engine: Civil Code periods over the State Council schedule."""

import datetime as dt
import itertools

import chinese_calendar
import pytest
from django.core.cache import cache

from renda.core.errors import ApplicationError
from renda.legal_calendar.calendar import (
    MAX_DAYS,
    MAX_MONTHS,
    MAX_WORKING_DAYS,
    DueDate,
    HolidayEntry,
    WorkingDay,
    add_days,
    add_months,
    add_working_days,
    due_date,
    holiday_day_add,
    holiday_year_publish,
    is_working_day,
    library_knows_year,
    year_is_known,
)
from renda.legal_calendar.models import HolidayKind

pytestmark = pytest.mark.django_db

D = dt.date
HOLIDAY = HolidayKind.HOLIDAY
MAKEUP = HolidayKind.MAKEUP_WORKDAY


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # Staff rows roll back after each test; their cached copies must go too.
    cache.clear()
    yield
    cache.clear()


def _first_year_library_lacks() -> int:
    return next(year for year in itertools.count(2020) if not library_knows_year(year))


# The library data these tests rely on -----------------------------------------


def test_library_has_the_2020_national_day_schedule():
    for day in range(1, 9):
        assert not chinese_calendar.is_workday(D(2020, 10, day))
    assert chinese_calendar.is_workday(D(2020, 9, 27))  # Sunday, make-up
    assert chinese_calendar.is_workday(D(2020, 10, 10))  # Saturday, make-up


def test_library_covers_2004_to_at_least_2025_and_not_2099():
    assert library_knows_year(2004)
    assert library_knows_year(2020)
    assert library_knows_year(2025)
    assert not library_knows_year(2003)
    assert not library_knows_year(2099)
    assert not library_knows_year(1)
    assert not library_knows_year(9999)


# is_working_day ----------------------------------------------------------------


def test_weekday_is_working_and_known():
    assert is_working_day(D(2024, 3, 13)) == WorkingDay(working=True, provisional=False)


def test_plain_weekend_is_rest_day():
    assert is_working_day(D(2024, 3, 16)) == (False, False)


def test_public_holiday_on_weekday_is_rest_day():
    assert is_working_day(D(2020, 10, 5)) == (False, False)  # Monday


def test_makeup_saturday_and_sunday_are_working_days():
    assert is_working_day(D(2020, 10, 10)) == (True, False)
    assert is_working_day(D(2020, 9, 27)) == (True, False)


def test_result_unpacks_as_a_pair():
    working, provisional = is_working_day(D(2020, 10, 1))
    assert (working, provisional) == (False, False)


def test_unknown_year_counts_weekends_only_and_is_provisional():
    # 2099-10-01 is a Thursday: no holiday is known, so it is a working day.
    assert is_working_day(D(2099, 10, 1)) == (True, True)
    assert is_working_day(D(2099, 10, 3)) == (False, True)  # Saturday


@pytest.mark.parametrize(
    "day", [D(1, 1, 1), D(1900, 1, 1), D(2003, 12, 31), D(9999, 12, 31)]
)
def test_dates_the_library_lacks_never_crash(day):
    working, provisional = is_working_day(day)
    assert working is (day.weekday() < 5)
    assert provisional is True


def test_datetime_is_refused_because_its_day_depends_on_the_zone():
    with pytest.raises(TypeError):
        is_working_day(dt.datetime(2024, 3, 13, 12, 0, tzinfo=dt.UTC))


# add_days ---------------------------------------------------------------------


def test_day_period_starts_the_day_after():
    # Civil Code art. 201: 2024-03-11 (Monday) + 1 day ends Tuesday 03-12.
    assert add_days(D(2024, 3, 11), 1) == DueDate(D(2024, 3, 12), False)


def test_day_period_ending_on_saturday_moves_to_monday():
    # 2024-03-01 + 15 days = Saturday 2024-03-16.
    assert add_days(D(2024, 3, 1), 15) == DueDate(D(2024, 3, 18), False)


def test_day_period_ending_on_sunday_moves_to_monday():
    assert add_days(D(2024, 3, 2), 15) == DueDate(D(2024, 3, 18), False)


def test_day_period_ending_in_national_day_week_moves_past_it():
    # 2020-09-16 + 15 days = 2020-10-01; the holiday runs to 10-08 (Thursday).
    assert add_days(D(2020, 9, 16), 15) == DueDate(D(2020, 10, 9), False)


def test_day_period_ending_on_last_holiday_moves_to_next_day():
    assert add_days(D(2020, 10, 1), 7) == DueDate(D(2020, 10, 9), False)


def test_makeup_saturday_is_a_valid_last_day():
    # 2020-09-25 + 15 days = Saturday 2020-10-10, a make-up workday.
    assert add_days(D(2020, 9, 25), 15) == DueDate(D(2020, 10, 10), False)


def test_makeup_sunday_is_a_valid_last_day():
    assert add_days(D(2020, 9, 12), 15) == DueDate(D(2020, 9, 27), False)


def test_day_period_ending_on_new_year_crosses_the_year():
    # 2024-12-25 + 7 days = 2025-01-01 (holiday) -> Thursday 01-02.
    assert add_days(D(2024, 12, 25), 7) == DueDate(D(2025, 1, 2), False)


def test_day_period_in_national_day_2024():
    # 2024-09-16 + 15 = 2024-10-01; holiday to 10-07, 10-08 Tuesday works.
    assert add_days(D(2024, 9, 16), 15) == DueDate(D(2024, 10, 8), False)


def test_day_period_with_only_intermediate_days_unknown_is_not_provisional():
    # Only the last day matters for a day period: the start may be anything.
    assert add_days(D(2003, 12, 31), 2) == DueDate(D(2004, 1, 2), False)


def test_day_period_ending_in_unknown_year_is_provisional():
    # 2099-09-16 + 15 = Thursday 2099-10-01: no National Day known, stays.
    assert add_days(D(2099, 9, 16), 15) == DueDate(D(2099, 10, 1), True)


def test_day_period_ending_on_saturday_of_unknown_year_moves_to_monday():
    assert add_days(D(2099, 9, 18), 15) == DueDate(D(2099, 10, 5), True)


def test_day_period_may_be_the_maximum():
    result = add_days(D(2020, 1, 1), MAX_DAYS)
    assert result.due >= D(2020, 1, 1) + dt.timedelta(days=MAX_DAYS)


# add_months -------------------------------------------------------------------


def test_month_period_ends_on_the_same_numbered_day():
    # 2024-03-15 + 1 month = Monday 2024-04-15.
    assert add_months(D(2024, 3, 15), 1) == DueDate(D(2024, 4, 15), False)


def test_month_period_from_january_31_ends_february_28():
    assert add_months(D(2023, 1, 31), 1) == DueDate(D(2023, 2, 28), False)


def test_month_period_from_january_31_ends_february_29_in_leap_year():
    assert add_months(D(2024, 1, 31), 1) == DueDate(D(2024, 2, 29), False)


def test_month_period_from_leap_day_ends_february_28_next_year():
    assert add_months(D(2024, 2, 29), 12) == DueDate(D(2025, 2, 28), False)


def test_month_period_ending_on_sunday_month_end_moves_to_monday():
    # 2020-02-29 + 12 months -> 2021-02-28, a Sunday -> Monday 03-01.
    assert add_months(D(2020, 2, 29), 12) == DueDate(D(2021, 3, 1), False)


def test_month_end_on_sunday_then_labour_day_moves_past_both():
    # 2023-03-31 + 1 month -> 2023-04-30 (Sunday), 05-01..03 holiday -> 05-04.
    assert add_months(D(2023, 3, 31), 1) == DueDate(D(2023, 5, 4), False)


def test_month_period_crosses_the_year_into_spring_festival():
    # 2024-11-30 + 2 months -> 2025-01-30, inside Spring Festival (to 02-04).
    assert add_months(D(2024, 11, 30), 2) == DueDate(D(2025, 2, 5), False)


def test_month_period_from_december_31_into_october():
    # 2019-12-31 + 10 months -> 2020-10-31 is a Saturday -> Monday 11-02.
    assert add_months(D(2019, 12, 31), 10) == DueDate(D(2020, 11, 2), False)


def test_month_period_into_national_day_moves_to_first_working_day():
    assert add_months(D(2020, 9, 1), 1) == DueDate(D(2020, 10, 9), False)


def test_month_period_ending_on_makeup_saturday_stays():
    assert add_months(D(2020, 9, 10), 1) == DueDate(D(2020, 10, 10), False)


def test_month_period_ending_in_unknown_year_is_provisional():
    # 2099-02-28 is a Saturday: weekends still move the last day.
    assert add_months(D(2099, 1, 31), 1) == DueDate(D(2099, 3, 2), True)


def test_month_period_of_120_months():
    assert add_months(D(2015, 6, 15), MAX_MONTHS) == DueDate(D(2025, 6, 16), False)


# add_working_days -----------------------------------------------------------------


def test_working_days_skip_the_weekend():
    # Friday 2024-03-15 + 1 working day = Monday 03-18.
    assert add_working_days(D(2024, 3, 15), 1) == DueDate(D(2024, 3, 18), False)


def test_working_days_start_the_day_after_even_on_a_weekend_start():
    assert add_working_days(D(2024, 3, 16), 1) == DueDate(D(2024, 3, 18), False)


def test_working_days_across_spring_festival_2025():
    # 2025-01-26 (Sunday) and 02-08 (Saturday) are make-up days; 01-28..02-04 off.
    start = D(2025, 1, 24)  # Friday
    assert add_working_days(start, 1) == DueDate(D(2025, 1, 26), False)
    assert add_working_days(start, 2) == DueDate(D(2025, 1, 27), False)
    assert add_working_days(start, 3) == DueDate(D(2025, 2, 5), False)
    assert add_working_days(start, 5) == DueDate(D(2025, 2, 7), False)
    assert add_working_days(start, 6) == DueDate(D(2025, 2, 8), False)
    assert add_working_days(start, 7) == DueDate(D(2025, 2, 10), False)


def test_working_days_across_spring_festival_2024():
    # 02-09 is a working Friday, 02-10..17 off, Sunday 02-18 a make-up day.
    start = D(2024, 2, 8)
    assert add_working_days(start, 1) == DueDate(D(2024, 2, 9), False)
    assert add_working_days(start, 2) == DueDate(D(2024, 2, 18), False)
    assert add_working_days(start, 3) == DueDate(D(2024, 2, 19), False)


def test_fifteen_working_days_across_national_day_2020():
    # Working days after 2020-09-21: 22-25 (4), Sunday 27 (5), 28-30 (8),
    # 10-09 (9), Saturday 10-10 (10), 10-12..16 (15).
    assert add_working_days(D(2020, 9, 21), 15) == DueDate(D(2020, 10, 16), False)


def test_working_days_cross_the_year_with_new_year_holiday():
    # 2025-12-31 (1), 2026-01-01..03 off, Sunday 01-04 make-up (2), 01-05 (3).
    assert add_working_days(D(2025, 12, 30), 3) == DueDate(D(2026, 1, 5), False)


def test_working_days_into_a_year_the_library_lacks_are_provisional():
    year = _first_year_library_lacks()
    assert add_working_days(D(year - 1, 12, 1), 1).provisional is False
    result = add_working_days(D(year - 1, 12, 31), 1)
    assert result.provisional is True
    assert result.due.year == year
    assert result.due.weekday() < 5


def test_working_days_in_unknown_year_count_weekdays_only():
    # Wednesday 2099-09-30 + 3 working days: Thu 10-01, Fri 10-02, Mon 10-05.
    assert add_working_days(D(2099, 9, 30), 3) == DueDate(D(2099, 10, 5), True)


def test_working_days_maximum_runs_across_many_years():
    result = add_working_days(D(2015, 1, 1), MAX_WORKING_DAYS)
    assert result.due.year == 2025
    assert is_working_day(result.due) == (True, False)


# Staff entries ----------------------------------------------------------------------


def _national_day_2099() -> list[HolidayEntry]:
    holidays = [
        HolidayEntry(day=D(2099, 10, day), kind=HOLIDAY, name="国庆节")
        for day in range(1, 8)
    ]
    return [
        HolidayEntry(day=D(2099, 1, 1), kind=HOLIDAY, name="元旦"),
        *holidays,
        HolidayEntry(day=D(2099, 10, 10), kind=MAKEUP, name="国庆节调休"),
    ]


def test_published_staff_year_is_known_and_not_provisional(committee_staff):
    assert not year_is_known(2099)
    holiday_year_publish(year=2099, days=_national_day_2099(), actor=committee_staff)

    assert year_is_known(2099)
    assert is_working_day(D(2099, 10, 1)) == (False, False)
    assert is_working_day(D(2099, 10, 10)) == (True, False)  # make-up Saturday
    assert is_working_day(D(2099, 10, 3)) == (False, False)  # ordinary Saturday
    assert add_days(D(2099, 9, 16), 15) == DueDate(D(2099, 10, 8), False)
    assert add_days(D(2099, 9, 25), 15) == DueDate(D(2099, 10, 10), False)


def test_working_days_across_staff_national_day(committee_staff):
    holiday_year_publish(year=2099, days=_national_day_2099(), actor=committee_staff)
    # Wed 09-30: Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 make-up (3), Mon 10-12 (4).
    assert add_working_days(D(2099, 9, 30), 4) == DueDate(D(2099, 10, 12), False)


def test_published_year_makes_only_that_year_known(committee_staff):
    holiday_year_publish(year=2099, days=_national_day_2099(), actor=committee_staff)
    assert add_working_days(D(2099, 12, 30), 1) == DueDate(D(2099, 12, 31), False)
    assert add_working_days(D(2099, 12, 31), 1) == DueDate(D(2100, 1, 1), True)


def test_single_staff_day_in_unknown_year_applies_but_stays_provisional(
    committee_staff,
):
    holiday_day_add(
        day=D(2099, 10, 1), kind=HOLIDAY, name="国庆节", actor=committee_staff
    )
    assert is_working_day(D(2099, 10, 1)) == (False, True)
    assert add_days(D(2099, 9, 16), 15) == DueDate(D(2099, 10, 2), True)


def test_staff_day_overrides_the_library_day_by_day(committee_staff):
    # 2025-03-03 is an ordinary Monday in the library.
    assert add_days(D(2025, 3, 2), 1) == DueDate(D(2025, 3, 3), False)
    holiday_day_add(
        day=D(2025, 3, 3), kind=HOLIDAY, name="临时放假", actor=committee_staff
    )
    assert is_working_day(D(2025, 3, 3)) == (False, False)
    assert add_days(D(2025, 3, 2), 1) == DueDate(D(2025, 3, 4), False)
    # The rest of the library's year still applies.
    assert is_working_day(D(2025, 10, 1)) == (False, False)


def test_staff_makeup_day_overrides_a_library_saturday(committee_staff):
    holiday_day_add(
        day=D(2025, 3, 8), kind=MAKEUP, name="调休上班", actor=committee_staff
    )
    assert add_days(D(2025, 3, 1), 7) == DueDate(D(2025, 3, 8), False)


def test_published_year_replaces_the_library_for_that_year(committee_staff):
    # Staff publish a 2024 schedule with New Year's Day only: the library's
    # National Day week no longer counts for 2024, but 2025 still follows it.
    holiday_year_publish(
        year=2024,
        days=[HolidayEntry(day=D(2024, 1, 1), kind=HOLIDAY, name="元旦")],
        actor=committee_staff,
    )
    assert is_working_day(D(2024, 10, 1)) == (True, False)
    assert is_working_day(D(2024, 10, 12)) == (False, False)  # library make-up
    assert is_working_day(D(2024, 1, 1)) == (False, False)
    assert is_working_day(D(2025, 10, 1)) == (False, False)


# Caching -------------------------------------------------------------------------------


def test_staff_entries_are_read_once_per_year_then_cached(django_assert_num_queries):
    with django_assert_num_queries(2):  # published flag + days, for 2024
        add_days(D(2024, 3, 1), 15)
    with django_assert_num_queries(0):
        add_days(D(2024, 3, 1), 15)
        add_working_days(D(2024, 1, 2), 100)


def test_a_long_computation_reads_each_year_once(django_assert_num_queries):
    with django_assert_num_queries(2 * 4):  # 2020, 2021, 2022, 2023
        add_working_days(D(2019, 12, 31), 800)


def test_service_write_invalidates_the_cached_year(committee_staff):
    assert is_working_day(D(2025, 3, 3)) == (True, False)  # now cached
    holiday_day_add(day=D(2025, 3, 3), kind=HOLIDAY, actor=committee_staff)
    assert is_working_day(D(2025, 3, 3)) == (False, False)


def test_cache_is_invalidated_again_on_commit(
    committee_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        holiday_day_add(day=D(2025, 3, 3), kind=HOLIDAY, actor=committee_staff)
    # Another process cached the old answer before the commit...
    cache.set("renda:calendar:staff-year:v1:2025", (False, ()))
    assert is_working_day(D(2025, 3, 3)) == (True, False)
    for callback in callbacks:
        callback()
    # ...and the commit drops it.
    assert is_working_day(D(2025, 3, 3)) == (False, False)


# Invalid input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "n", "message"),
    [
        (add_days, 0, "天数（days）必须是 1 到 3650 之间的整数。"),
        (add_days, -3, "天数（days）必须是 1 到 3650 之间的整数。"),
        (add_days, MAX_DAYS + 1, "天数（days）必须是 1 到 3650 之间的整数。"),
        (add_months, 0, "月数（months）必须是 1 到 120 之间的整数。"),
        (add_months, MAX_MONTHS + 1, "月数（months）必须是 1 到 120 之间的整数。"),
        (
            add_working_days,
            0,
            "工作日数（working_days）必须是 1 到 2500 之间的整数。",
        ),
        (
            add_working_days,
            MAX_WORKING_DAYS + 1,
            "工作日数（working_days）必须是 1 到 2500 之间的整数。",
        ),
    ],
)
def test_period_length_out_of_range_is_refused(function, n, message):
    with pytest.raises(ValueError, match=message):
        function(D(2024, 3, 1), n)


@pytest.mark.parametrize("n", [True, 1.0, "3", None])
def test_period_length_must_be_an_int(n):
    with pytest.raises(TypeError):
        add_days(D(2024, 3, 1), n)


def test_start_must_be_a_date():
    with pytest.raises(TypeError):
        add_months("2024-03-01", 1)
    with pytest.raises(TypeError):
        add_working_days(dt.datetime(2024, 3, 1, tzinfo=dt.UTC), 1)


def test_period_past_year_9999_is_refused_not_crashed():
    with pytest.raises(ValueError, match="超出了可计算的日期范围"):
        add_days(D(9999, 12, 30), 5)
    with pytest.raises(ValueError, match="超出了可计算的日期范围"):
        add_months(D(9999, 12, 1), 1)
    with pytest.raises(ValueError, match="超出了可计算的日期范围"):
        add_working_days(D(9999, 12, 31), 1)
    # Friday 9999-12-31 itself is still reachable.
    assert add_days(D(9999, 12, 30), 1) == DueDate(D(9999, 12, 31), True)


# due_date ------------------------------------------------------------------------------


def test_due_date_dispatches_to_each_period():
    assert due_date(D(2020, 9, 16), days=15) == DueDate(D(2020, 10, 9), False)
    assert due_date(D(2023, 1, 31), months=1) == DueDate(D(2023, 2, 28), False)
    assert due_date(D(2025, 1, 24), working_days=3) == DueDate(D(2025, 2, 5), False)


def test_due_date_without_a_period_is_refused():
    with pytest.raises(ApplicationError) as caught:
        due_date(D(2024, 3, 1))
    assert caught.value.code == "calendar.bad_period"
    assert caught.value.message == (
        "请填写期限：天数（days）、月数（months）或工作日数（working_days），三者选一。"
    )


def test_due_date_with_two_periods_names_both():
    with pytest.raises(ApplicationError) as caught:
        due_date(D(2024, 3, 1), days=15, working_days=10)
    assert caught.value.code == "calendar.bad_period"
    assert caught.value.message == (
        "期限只能填写一项，现在同时填写了天数（days）、工作日数（working_days）。"
    )
    assert caught.value.field == "days,working_days"


def test_due_date_out_of_range_names_the_field():
    with pytest.raises(ApplicationError) as caught:
        due_date(D(2024, 3, 1), months=0)
    assert caught.value.code == "calendar.bad_period"
    assert caught.value.field == "months"
    assert caught.value.message == "月数（months）必须是 1 到 120 之间的整数。"


def test_due_date_with_non_integer_period_is_refused():
    with pytest.raises(ApplicationError) as caught:
        due_date(D(2024, 3, 1), days="15")
    assert caught.value.code == "calendar.bad_period"
    assert caught.value.field == "days"


def test_due_date_with_bad_start_is_refused():
    with pytest.raises(ApplicationError) as caught:
        due_date("2024-03-01", days=1)
    assert caught.value.code == "calendar.bad_start"
    assert caught.value.field == "start"


def test_due_date_past_year_9999_is_an_application_error():
    with pytest.raises(ApplicationError) as caught:
        due_date(D(9999, 12, 30), days=10)
    assert caught.value.code == "calendar.out_of_range"
    assert caught.value.field == "start"
