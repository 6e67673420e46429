"""Admin pages for the holiday schedule: system administrators only, writes via services."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from renda.core.models import ActionLog
from renda.legal_calendar.calendar import holiday_day_add, is_working_day
from renda.legal_calendar.models import (
    HolidayCalendarDay,
    HolidayCalendarYear,
    HolidayKind,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("renda.legal_calendar.tests.calendar_test_urls"),
]

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_client(client, system_admin):
    system_admin.is_staff = True
    system_admin.save(update_fields=["is_staff"])
    client.force_login(system_admin)
    return client


def _writes_logged() -> list[str]:
    # Logging in is audited too (auth.login); only writes matter here.
    return list(
        ActionLog.objects.exclude(action__startswith="auth.").values_list(
            "action", flat=True
        )
    )


SCHEDULE = (
    "2099-01-01 休 元旦\n2099-10-01~2099-10-07 休 国庆节\n2099-10-10 班 国庆节调休"
)


def test_admin_publishes_a_year_from_pasted_text(admin_client, system_admin):
    response = admin_client.post(
        reverse("admin:legal_calendar_holidaycalendaryear_add"),
        {"year": "2099", "source": "国办发明电〔2098〕1号", "schedule": SCHEDULE},
    )

    assert response.status_code == 302
    calendar_year = HolidayCalendarYear.objects.get(year=2099)
    assert calendar_year.published is True
    assert calendar_year.source == "国办发明电〔2098〕1号"
    assert calendar_year.created_by == system_admin
    assert HolidayCalendarDay.objects.filter(kind=HolidayKind.HOLIDAY).count() == 8
    assert HolidayCalendarDay.objects.get(date=D(2099, 10, 10)).kind == (
        HolidayKind.MAKEUP_WORKDAY
    )
    assert _writes_logged() == ["calendar.year_publish"]
    assert is_working_day(D(2099, 10, 1)) == (False, False)


def test_admin_shows_the_bad_line_and_saves_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:legal_calendar_holidaycalendaryear_add"),
        {"year": "2099", "source": "", "schedule": "2099-01-01 休 元旦\n国庆 休"},
    )

    assert response.status_code == 200
    assert "第 2 行无法识别" in response.content.decode()
    assert not HolidayCalendarYear.objects.exists()
    assert not HolidayCalendarDay.objects.exists()
    assert _writes_logged() == []


def test_admin_refuses_a_day_outside_the_year(admin_client):
    response = admin_client.post(
        reverse("admin:legal_calendar_holidaycalendaryear_add"),
        {"year": "2099", "schedule": "2098-01-01 休 元旦"},
    )
    assert response.status_code == 200
    assert "第 1 项：2098-01-01 不在 2099 年。" in response.content.decode()
    assert not HolidayCalendarDay.objects.exists()


def test_admin_change_page_shows_the_schedule_and_republishes(admin_client):
    admin_client.post(
        reverse("admin:legal_calendar_holidaycalendaryear_add"),
        {"year": "2099", "schedule": SCHEDULE},
    )
    calendar_year = HolidayCalendarYear.objects.get(year=2099)
    url = reverse(
        "admin:legal_calendar_holidaycalendaryear_change", args=[calendar_year.pk]
    )

    page = admin_client.get(url).content.decode()
    assert "2099-10-10 班 国庆节调休" in page

    response = admin_client.post(url, {"source": "", "schedule": "2099-01-01 休 元旦"})
    assert response.status_code == 302
    assert list(HolidayCalendarDay.objects.values_list("date", flat=True)) == [
        D(2099, 1, 1)
    ]
    assert HolidayCalendarYear.objects.count() == 1
    assert is_working_day(D(2099, 10, 1)) == (True, False)


def test_admin_adds_a_day_through_the_service(admin_client, system_admin):
    response = admin_client.post(
        reverse("admin:legal_calendar_holidaycalendarday_add"),
        {"date": "2025-03-03", "kind": "HOLIDAY", "name": "临时放假"},
    )

    assert response.status_code == 302
    calendar_day = HolidayCalendarDay.objects.get(date=D(2025, 3, 3))
    assert calendar_day.created_by == system_admin
    assert _writes_logged() == ["calendar.day_add"]
    assert is_working_day(D(2025, 3, 3)) == (False, False)


def test_admin_refuses_a_second_entry_for_a_day(admin_client, system_admin):
    holiday_day_add(day=D(2025, 3, 3), kind=HolidayKind.HOLIDAY, actor=system_admin)

    response = admin_client.post(
        reverse("admin:legal_calendar_holidaycalendarday_add"),
        {"date": "2025-03-03", "kind": "HOLIDAY", "name": "重复"},
    )

    assert response.status_code == 200
    assert "2025-03-03（周一）已有记录" in response.content.decode()
    assert HolidayCalendarDay.objects.count() == 1
    assert ActionLog.objects.filter(action="calendar.day_add").count() == 1


def test_admin_refuses_a_makeup_day_on_a_weekday(admin_client):
    response = admin_client.post(
        reverse("admin:legal_calendar_holidaycalendarday_add"),
        {"date": "2025-03-03", "kind": "MAKEUP_WORKDAY", "name": ""},
    )
    assert response.status_code == 200
    assert "调休上班日应在周六或周日" in response.content.decode()
    assert not HolidayCalendarDay.objects.exists()


def test_admin_deletes_a_day_through_the_service(admin_client, system_admin):
    calendar_day = holiday_day_add(
        day=D(2025, 3, 3), kind=HolidayKind.HOLIDAY, actor=system_admin
    )
    assert is_working_day(D(2025, 3, 3)) == (False, False)

    response = admin_client.post(
        reverse(
            "admin:legal_calendar_holidaycalendarday_delete", args=[calendar_day.pk]
        ),
        {"post": "yes"},
    )

    assert response.status_code == 302
    assert not HolidayCalendarDay.objects.exists()
    assert ActionLog.objects.filter(action="calendar.day_remove").count() == 1
    assert is_working_day(D(2025, 3, 3)) == (True, False)


def test_days_cannot_be_edited_in_place(admin_client, system_admin):
    calendar_day = holiday_day_add(
        day=D(2025, 3, 3), kind=HolidayKind.HOLIDAY, name="原名", actor=system_admin
    )
    url = reverse(
        "admin:legal_calendar_holidaycalendarday_change", args=[calendar_day.pk]
    )

    response = admin_client.post(url, {"date": "2025-03-04", "kind": "HOLIDAY"})

    assert response.status_code == 403
    calendar_day.refresh_from_db()
    assert (calendar_day.date, calendar_day.name) == (D(2025, 3, 3), "原名")


def test_staff_who_are_not_system_admins_are_refused(client, committee_staff):
    committee_staff.is_staff = True
    committee_staff.save(update_fields=["is_staff"])
    client.force_login(committee_staff)

    response = client.post(
        reverse("admin:legal_calendar_holidaycalendaryear_add"),
        {"year": "2099", "schedule": SCHEDULE},
    )

    # The admin site itself turns them back to its log-in; nothing is written.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not HolidayCalendarYear.objects.exists()


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("admin:legal_calendar_holidaycalendaryear_add"))
    assert response.status_code == 302
    assert not HolidayCalendarYear.objects.exists()


def test_old_admin_address_under_core_redirects(client):
    response = client.get("/admin/core/holidaycalendarday/3/change/?x=1")

    assert response.status_code == 302
    assert (
        response["Location"] == "/admin/legal_calendar/holidaycalendarday/3/change/?x=1"
    )
