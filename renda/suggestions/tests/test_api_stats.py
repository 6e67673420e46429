"""GET /api/v1/suggestions/stats: the selector's figures, as JSON numbers."""

import datetime as dt

import pytest
from django.test import Client

from renda.suggestions.selectors import stats as stats_selectors
from renda.suggestions.selectors import suggestion_stats

from .test_stats import year_2025  # noqa: F401 - the 83 accepted / 58 closed year

URL = "/api/v1/suggestions/stats"
TODAY = dt.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Read the figures on the fixture's day (as test_stats does).

    An item whose rating window has passed counts as closed, so the year's
    figures depend on the day they are read.
    """
    monkeypatch.setattr(stats_selectors, "_today", lambda today: today or TODAY)


def _as(client, user):
    client.force_login(user)
    return client


def _number(value):
    return None if value is None else float(value)


def _figures(stats) -> dict:
    return {
        "submitted": stats.submitted,
        "accepted": stats.accepted,
        "closed": stats.closed,
        "completion_rate": _number(stats.completion_rate),
        "replies": stats.replies,
        "on_time_replies": stats.on_time_replies,
        "on_time_rate": _number(stats.on_time_rate),
        "outcomes": stats.outcomes,
        "outcome_shares": {k: _number(v) for k, v in stats.outcome_shares.items()},
        "rated": stats.rated,
        "satisfied": stats.satisfied,
        "satisfaction_rate": _number(stats.satisfaction_rate),
        "overdue_now": stats.overdue_now,
    }


def test_stats_match_the_selector_figures(client, world, year_2025, committee_staff):  # noqa: F811
    response = _as(client, committee_staff).get(
        URL, {"congress": world.city_congress.pk, "year": 2025}
    )

    assert response.status_code == 200, response.content
    data = response.json()
    total = data["total"]
    assert (total["accepted"], total["closed"]) == (83, 58)
    assert total["completion_rate"] == 69.9
    assert '"completion_rate": 69.9' in response.content.decode()
    expected = suggestion_stats(
        user=committee_staff, congress=world.city_congress, year=2025
    )
    assert total == _figures(expected.total)
    assert data["groups"] == []
    assert (data["congress_id"], data["year"], data["group_by"]) == (
        world.city_congress.pk,
        2025,
        None,
    )


def test_stats_grouped_by_channel_and_filtered_by_unit(
    client,
    world,
    year_2025,  # noqa: F811
    committee_staff,
):
    client = _as(client, committee_staff)

    by_channel = client.get(
        URL, {"congress": world.city_congress.pk, "year": 2025, "group_by": "channel"}
    ).json()
    by_unit = client.get(
        URL,
        {
            "congress": world.city_congress.pk,
            "year": 2025,
            "group_by": "unit",
            "channel": "FORMAL",
        },
    ).json()
    one_unit = client.get(
        URL,
        {"congress": world.city_congress.pk, "year": 2025, "unit": world.unit_xian.pk},
    ).json()

    groups = {group["key"]: group for group in by_channel["groups"]}
    assert set(groups) == {"FORMAL", "VOICE"}
    assert groups["FORMAL"]["label"] == "代表建议"
    assert groups["FORMAL"]["stats"]["completion_rate"] == 79.5
    assert groups["VOICE"]["stats"]["completion_rate"] == 0.0
    assert {group["label"] for group in by_unit["groups"]} == {
        "辽源市住房和城乡建设局",
        "辽源市西安区人民政府",
    }
    assert str(world.unit_xian.pk) in {group["key"] for group in by_unit["groups"]}
    assert (one_unit["total"]["accepted"], one_unit["total"]["closed"]) == (5, 0)


def test_a_units_staff_may_not_see_statistics(client, world, unit_staff):
    response = _as(client, unit_staff).get(
        URL, {"congress": world.city_congress.pk, "year": 2025}
    )

    assert response.status_code == 403
    assert response.json()["message"] == "您无权查看代表建议统计。"


@pytest.mark.parametrize("role", ["deputy", "station_chief", "liaison_officer"])
def test_other_roles_may_not_see_statistics(client, world, role, request):
    response = _as(client, request.getfixturevalue(role)).get(
        URL, {"congress": world.city_congress.pk, "year": 2025}
    )

    assert response.status_code == 403


def test_a_congress_outside_scope_is_a_404(client, world, district_staff):
    response = _as(client, district_staff).get(
        URL, {"congress": world.city_congress.pk, "year": 2025}
    )

    assert response.status_code == 404
    assert response.json()["code"] == "core.not_found"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": 2025}, "congress"),
        ({"congress": 1}, "year"),
        ({"congress": 1, "year": 2025, "group_by": "deputy"}, "group_by"),
        ({"congress": 1, "year": 2025, "channel": "EMAIL"}, "channel"),
        ({"congress": 1, "year": "今年"}, "year"),
    ],
)
def test_bad_parameters_are_a_422_naming_the_field(
    client, world, committee_staff, params, field
):
    params = {
        key: world.city_congress.pk if key == "congress" else value
        for key, value in params.items()
    }

    response = _as(client, committee_staff).get(URL, params)

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert "请求参数有误" in response.json()["message"]


def test_a_unit_outside_scope_is_a_422(client, world, district_staff):
    response = _as(client, district_staff).get(
        URL,
        {"congress": world.xian_congress.pk, "year": 2025, "unit": world.unit_city.pk},
    )

    assert response.status_code == 422
    assert response.json()["field"] == "unit"


def test_leaders_see_statistics(client, world, leader):
    response = _as(Client(), leader).get(
        URL, {"congress": world.city_congress.pk, "year": 2025}
    )

    assert response.status_code == 200
    assert response.json()["total"]["completion_rate"] is None
