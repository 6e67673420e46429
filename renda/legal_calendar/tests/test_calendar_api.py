"""GET /calendar/due-date, mounted on a throwaway API (calendar_test_urls)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("renda.legal_calendar.tests.calendar_test_urls"),
]


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    cache.clear()
    yield
    cache.clear()


def _get(client, **params):
    return client.get(reverse("calendar_test:calendar_due_date"), params)


def test_url_is_the_documented_path():
    assert reverse("calendar_test:calendar_due_date") == "/api/calendar/due-date"


def test_days_period_moves_past_national_day(client):
    response = _get(client, start="2020-09-16", days="15")
    assert response.status_code == 200
    assert response.json() == {"due": "2020-10-09", "provisional": False}


def test_months_period_ends_at_month_end(client):
    response = _get(client, start="2024-01-31", months="1")
    assert response.status_code == 200
    assert response.json() == {"due": "2024-02-29", "provisional": False}


def test_working_days_period_counts_makeup_days(client):
    response = _get(client, start="2025-01-24", working_days="1")
    assert response.status_code == 200
    assert response.json() == {"due": "2025-01-26", "provisional": False}


def test_unknown_year_is_provisional(client):
    response = _get(client, start="2099-09-18", days="15")
    assert response.status_code == 200
    assert response.json() == {"due": "2099-10-05", "provisional": True}


def test_empty_period_parameters_count_as_absent(client):
    response = _get(client, start="2020-09-16", days="15", months="", working_days="")
    assert response.status_code == 200
    assert response.json()["due"] == "2020-10-09"


@pytest.mark.parametrize(
    ("params", "field", "code", "message"),
    [
        (
            {"days": "15"},
            "start",
            "calendar.bad_start",
            "请填写起算日期（start），格式为 YYYY-MM-DD。",
        ),
        (
            {"start": "2024-02-30", "days": "15"},
            "start",
            "calendar.bad_start",
            "起算日期（start）“2024-02-30”无效，应为存在的日期，格式 YYYY-MM-DD，例如 2024-10-01。",
        ),
        (
            {"start": "2024/03/01", "days": "15"},
            "start",
            "calendar.bad_start",
            "起算日期（start）“2024/03/01”无效，应为存在的日期，格式 YYYY-MM-DD，例如 2024-10-01。",
        ),
        (
            {"start": "20240301", "days": "15"},
            "start",
            "calendar.bad_start",
            "起算日期（start）“20240301”无效，应为存在的日期，格式 YYYY-MM-DD，例如 2024-10-01。",
        ),
        (
            {"start": "2024-03-01", "months": "2", "days": "3"},
            "days,months",
            "calendar.bad_period",
            "期限只能填写一项，现在同时填写了天数（days）、月数（months）。",
        ),
        (
            {"start": "2024-03-01", "days": "0"},
            "days",
            "calendar.bad_period",
            "天数（days）必须是 1 到 3650 之间的整数。",
        ),
        (
            {"start": "2024-03-01", "days": "3651"},
            "days",
            "calendar.bad_period",
            "天数（days）必须是 1 到 3650 之间的整数。",
        ),
        (
            {"start": "2024-03-01", "months": "121"},
            "months",
            "calendar.bad_period",
            "月数（months）必须是 1 到 120 之间的整数。",
        ),
        (
            {"start": "2024-03-01", "working_days": "2501"},
            "working_days",
            "calendar.bad_period",
            "工作日数（working_days）必须是 1 到 2500 之间的整数。",
        ),
        (
            {"start": "2024-03-01", "working_days": "9" * 5000},
            "working_days",
            "calendar.bad_period",
            "工作日数（working_days）必须是 1 到 2500 之间的整数。",
        ),
        (
            {"start": "2024-03-01", "days": "-1"},
            "days",
            "calendar.bad_period",
            "天数（days）必须是正整数。",
        ),
        (
            {"start": "2024-03-01", "months": "1.5"},
            "months",
            "calendar.bad_period",
            "月数（months）必须是正整数。",
        ),
        (
            {"start": "2024-03-01", "working_days": "十"},
            "working_days",
            "calendar.bad_period",
            "工作日数（working_days）必须是正整数。",
        ),
        (
            {"start": "9999-12-30", "days": "10"},
            "start",
            "calendar.out_of_range",
            "起算日期过晚，期限的截止日超出了可计算的日期范围。",
        ),
    ],
)
def test_bad_input_answers_400_naming_the_field(client, params, field, code, message):
    response = _get(client, **params)
    assert response.status_code == 400
    assert response.json() == {"code": code, "message": message, "field": field}


def test_no_period_answers_400_naming_all_three(client):
    response = _get(client, start="2024-03-01")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "calendar.bad_period"
    assert body["message"] == (
        "请填写期限：天数（days）、月数（months）或工作日数（working_days），三者选一。"
    )


def test_operation_is_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/calendar/due-date"]["get"]
    assert operation["tags"] == ["calendar"]
    assert {param["name"] for param in operation["parameters"]} == {
        "start",
        "days",
        "months",
        "working_days",
    }
    assert set(operation["responses"]) == {"200", "400", "401", "403", "422"}
