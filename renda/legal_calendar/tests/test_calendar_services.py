"""Staff-entered holiday schedules: services, their checks and their audit rows."""

import datetime as dt

import pytest
from django.core.cache import cache

from renda.core.errors import ApplicationError, Conflict
from renda.core.models import ActionLog
from renda.legal_calendar.calendar import (
    HolidayEntry,
    holiday_day_add,
    holiday_day_remove,
    holiday_year_publish,
    is_working_day,
    parse_schedule_text,
    schedule_text_for,
)
from renda.legal_calendar.models import (
    HolidayCalendarDay,
    HolidayCalendarYear,
    HolidayKind,
)

pytestmark = pytest.mark.django_db

D = dt.date
HOLIDAY = HolidayKind.HOLIDAY
MAKEUP = HolidayKind.MAKEUP_WORKDAY


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    cache.clear()
    yield
    cache.clear()


def _snapshot():
    return (
        list(HolidayCalendarDay.objects.values_list("date", "kind", "name")),
        list(HolidayCalendarYear.objects.values_list("year", "published", "source")),
        ActionLog.objects.count(),
    )


# holiday_day_add ------------------------------------------------------------------


def test_day_add_creates_the_day_its_year_and_an_audit_row(committee_staff):
    calendar_day = holiday_day_add(
        day=D(2027, 10, 1), kind=HOLIDAY, name=" 国庆节 ", actor=committee_staff
    )

    calendar_day.refresh_from_db()
    assert (calendar_day.date, calendar_day.kind, calendar_day.name) == (
        D(2027, 10, 1),
        HOLIDAY,
        "国庆节",
    )
    assert calendar_day.created_by == committee_staff
    calendar_year = HolidayCalendarYear.objects.get(year=2027)
    assert calendar_year.published is False
    log = ActionLog.objects.get(action="calendar.day_add")
    assert log.actor == committee_staff
    assert log.object_type == "legal_calendar.holidaycalendarday"
    assert log.object_id == str(calendar_day.pk)
    assert log.data == {"date": "2027-10-01", "kind": "HOLIDAY", "name": "国庆节"}
    assert log.summary == "添加法定节假日 2027-10-01 国庆节"


def test_day_add_twice_is_a_conflict_and_changes_nothing(committee_staff):
    holiday_day_add(day=D(2027, 10, 1), kind=HOLIDAY, actor=committee_staff)
    before = _snapshot()

    with pytest.raises(Conflict) as caught:
        holiday_day_add(
            day=D(2027, 10, 1), kind=HOLIDAY, name="另一条", actor=committee_staff
        )

    assert caught.value.code == "calendar.day_exists"
    assert caught.value.message == "2027-10-01（周五）已有记录，请先删除原记录再添加。"
    assert _snapshot() == before


def test_makeup_workday_on_a_weekday_is_refused(committee_staff):
    before = _snapshot()
    with pytest.raises(ApplicationError) as caught:
        holiday_day_add(day=D(2027, 10, 11), kind=MAKEUP, actor=committee_staff)
    assert caught.value.code == "calendar.makeup_not_weekend"
    assert caught.value.message == (
        "2027-10-11（周一）本来就是工作日，调休上班日应在周六或周日。"
    )
    assert caught.value.field == "day"
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"day": D(1999, 10, 1), "kind": HOLIDAY}, "calendar.bad_day", "day"),
        ({"day": D(2101, 1, 1), "kind": HOLIDAY}, "calendar.bad_day", "day"),
        ({"day": "2027-10-01", "kind": HOLIDAY}, "calendar.bad_day", "day"),
        ({"day": D(2027, 10, 1), "kind": "REST"}, "calendar.bad_kind", "kind"),
        (
            {"day": D(2027, 10, 1), "kind": HOLIDAY, "name": "节" * 51},
            "calendar.bad_name",
            "name",
        ),
    ],
)
def test_day_add_refuses_bad_input_and_changes_nothing(
    committee_staff, kwargs, code, field
):
    before = _snapshot()
    with pytest.raises(ApplicationError) as caught:
        holiday_day_add(actor=committee_staff, **kwargs)
    assert caught.value.code == code
    assert caught.value.field == field
    assert _snapshot() == before


def test_day_remove_restores_the_library_and_is_audited(committee_staff):
    calendar_day = holiday_day_add(
        day=D(2025, 3, 3), kind=HOLIDAY, name="临时", actor=committee_staff
    )
    assert is_working_day(D(2025, 3, 3)) == (False, False)
    pk = calendar_day.pk

    holiday_day_remove(calendar_day=calendar_day, actor=committee_staff)

    assert not HolidayCalendarDay.objects.filter(pk=pk).exists()
    assert is_working_day(D(2025, 3, 3)) == (True, False)
    log = ActionLog.objects.get(action="calendar.day_remove")
    assert log.object_id == str(pk)
    assert log.data["date"] == "2025-03-03"


# holiday_year_publish --------------------------------------------------------------


def _schedule_2027() -> list[HolidayEntry]:
    return [
        HolidayEntry(day=D(2027, 1, 1), kind=HOLIDAY, name="元旦"),
        HolidayEntry(day=D(2027, 10, 1), kind=HOLIDAY, name="国庆节"),
        HolidayEntry(day=D(2027, 10, 9), kind=MAKEUP, name="国庆节调休"),
    ]


def test_year_publish_replaces_earlier_days_and_is_audited(committee_staff):
    holiday_day_add(day=D(2027, 5, 3), kind=HOLIDAY, actor=committee_staff)
    holiday_day_add(day=D(2028, 1, 1), kind=HOLIDAY, actor=committee_staff)

    calendar_year = holiday_year_publish(
        year=2027,
        days=_schedule_2027(),
        source="国办发明电〔2026〕1号",
        actor=committee_staff,
    )

    calendar_year.refresh_from_db()
    assert calendar_year.published is True
    assert calendar_year.source == "国办发明电〔2026〕1号"
    assert list(
        HolidayCalendarDay.objects.filter(date__year=2027).values_list("date", "kind")
    ) == [
        (D(2027, 1, 1), HOLIDAY),
        (D(2027, 10, 1), HOLIDAY),
        (D(2027, 10, 9), MAKEUP),
    ]
    # Another year's day is untouched.
    assert HolidayCalendarDay.objects.filter(date=D(2028, 1, 1)).exists()
    log = ActionLog.objects.get(action="calendar.year_publish")
    assert log.object_id == str(calendar_year.pk)
    assert log.data == {
        "year": 2027,
        "source": "国办发明电〔2026〕1号",
        "holidays": 2,
        "makeup_workdays": 1,
        "replaced": 1,
    }
    assert is_working_day(D(2027, 5, 3)) == (True, False)
    assert is_working_day(D(2027, 10, 1)) == (False, False)


def test_year_publish_twice_keeps_one_year_row(committee_staff):
    holiday_year_publish(year=2027, days=_schedule_2027(), actor=committee_staff)
    holiday_year_publish(
        year=2027,
        days=[HolidayEntry(day=D(2027, 1, 1), kind=HOLIDAY)],
        actor=committee_staff,
    )
    assert HolidayCalendarYear.objects.filter(year=2027).count() == 1
    assert HolidayCalendarDay.objects.filter(date__year=2027).count() == 1
    assert is_working_day(D(2027, 10, 1)) == (True, False)


@pytest.mark.parametrize(
    ("year", "days", "code", "message"),
    [
        (1999, [], "calendar.bad_year", "年份必须在 2000 到 2100 之间。"),
        ("2027", [], "calendar.bad_year", "年份无效。"),
        (
            2027,
            [HolidayEntry(day=D(2028, 1, 1), kind=HOLIDAY)],
            "calendar.bad_day",
            "第 1 项：2028-01-01 不在 2027 年。",
        ),
        (
            2027,
            [
                HolidayEntry(day=D(2027, 1, 1), kind=HOLIDAY),
                HolidayEntry(day=D(2027, 1, 1), kind=HOLIDAY),
            ],
            "calendar.bad_day",
            "第 2 项：2027-01-01 重复填写。",
        ),
        (
            2027,
            [
                HolidayEntry(day=D(2027, 1, 1), kind=HOLIDAY),
                HolidayEntry(day=D(2027, 1, 4), kind=MAKEUP),
            ],
            "calendar.makeup_not_weekend",
            "第 2 项：2027-01-04（周一）本来就是工作日，调休上班日应在周六或周日。",
        ),
        (
            2027,
            [HolidayEntry(day=D(2027, 10, 9), kind=MAKEUP)],
            "calendar.empty_year",
            "全年安排至少应包含一天法定节假日。",
        ),
    ],
)
def test_year_publish_refuses_bad_schedules_and_changes_nothing(
    committee_staff, year, days, code, message
):
    holiday_day_add(day=D(2027, 5, 3), kind=HOLIDAY, actor=committee_staff)
    before = _snapshot()

    with pytest.raises(ApplicationError) as caught:
        holiday_year_publish(year=year, days=days, actor=committee_staff)

    assert caught.value.code == code
    assert caught.value.message == message
    assert _snapshot() == before


def test_year_publish_refuses_an_overlong_source(committee_staff):
    with pytest.raises(ApplicationError) as caught:
        holiday_year_publish(
            year=2027, days=_schedule_2027(), source="号" * 301, actor=committee_staff
        )
    assert caught.value.code == "calendar.bad_source"
    assert not HolidayCalendarYear.objects.exists()


# Schedule text (admin input) -----------------------------------------------------


def test_schedule_text_parses_ranges_and_single_days():
    entries = parse_schedule_text(
        "# 2027 年安排\n"
        "2027-01-01 休 元旦\n"
        "\n"
        "2027-10-01~2027-10-03 休 国庆节\n"
        "2027-10-9 班 国庆节调休\n"
        "2027-05-01 至 2027-05-02 假\n"
    )
    assert entries == [
        HolidayEntry(day=D(2027, 1, 1), kind=HOLIDAY, name="元旦"),
        HolidayEntry(day=D(2027, 10, 1), kind=HOLIDAY, name="国庆节"),
        HolidayEntry(day=D(2027, 10, 2), kind=HOLIDAY, name="国庆节"),
        HolidayEntry(day=D(2027, 10, 3), kind=HOLIDAY, name="国庆节"),
        HolidayEntry(day=D(2027, 10, 9), kind=MAKEUP, name="国庆节调休"),
        HolidayEntry(day=D(2027, 5, 1), kind=HOLIDAY, name=""),
        HolidayEntry(day=D(2027, 5, 2), kind=HOLIDAY, name=""),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-01-01 休\n国庆 休", "第 2 行无法识别"),
        ("2027-01-01 放 元旦", "第 1 行：类型应为“休”或“班”。"),
        ("2027-02-30 休", "第 1 行：日期 2027-02-30 不存在。"),
        ("2027-10-07~2027-10-01 休", "第 1 行：日期范围应从早到晚"),
        ("2027-01-01~2027-03-01 休", "不超过 31 天"),
    ],
)
def test_schedule_text_names_the_bad_line(text, message):
    with pytest.raises(ApplicationError) as caught:
        parse_schedule_text(text)
    assert caught.value.code == "calendar.bad_schedule"
    assert message in caught.value.message


def test_schedule_text_round_trips(committee_staff):
    holiday_year_publish(year=2027, days=_schedule_2027(), actor=committee_staff)
    text = schedule_text_for(2027)
    assert text == "2027-01-01 休 元旦\n2027-10-01 休 国庆节\n2027-10-09 班 国庆节调休"
    assert parse_schedule_text(text) == _schedule_2027()
