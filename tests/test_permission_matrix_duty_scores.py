"""履职积分 against every role: pages and endpoints.

The scores belong to the city congress (辽源市): its staff (and the
administrator) manage rules, publication, corrections and alerts; its leader
reads them (a write is 403); district staff (西安区) manage another congress
(404 for these ids); the deputy (甲) sees only their own scores and asks for
corrections of their own (another deputy's request is 404); the other roles
have no access (403).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.duty import rules
from renda.duty.choices import AlertKind
from renda.duty.models import DutyAlert, DutyScore, ScoreCorrection
from renda.duty.services import scores as services
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/duty/scores"

READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
}
MANAGE_PAGE = {**READERS, "leader": 403}
MANAGE_POST = {**MANAGE_PAGE, "system_admin": 302, "committee_staff": 302}
DEPUTY_ONLY = {"deputy": 200}
# A correction of deputy 乙: staff and leaders read it; the deputy 甲 and
# everyone else are told it does not exist.
OTHERS_CORRECTION = {**READERS, "deputy": 404}
DECIDE_PAGE = {**MANAGE_POST, "deputy": 404}
API_CREATE = {**MANAGE_PAGE, "system_admin": 201, "committee_staff": 201}
API_WRITE = {**MANAGE_PAGE}
COVERED_PAGES = {
    "duty:board",
    "duty:board_xlsx",
    "duty:publish",
    "duty:year_close",
    "duty:rules",
    "duty:rules_new",
    "duty:rules_detail",
    "duty:corrections",
    "duty:correction_detail",
    "duty:alerts",
    "duty:alert_detail",
    "duty:my_scores",
}
COVERED_API = {
    API,
    f"{API}/me",
    f"{API}/rules",
    f"{API}/rules/{{rules_id}}",
    f"{API}/publish",
    f"{API}/close",
    f"{API}/corrections",
    f"{API}/corrections/{{correction_id}}",
    f"{API}/corrections/{{correction_id}}/decide",
    f"{API}/alerts",
    f"{API}/alerts/{{alert_id}}/handle",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, deputy):
    congress = world.city_congress
    version = services.rules_in_force(congress, 2020)
    services.scores_publish(
        congress=congress, year=2020, period="YEAR", actor=committee_staff
    )
    own = DutyScore.objects.get(deputy=world.deputy_city_a, year=2020, period="YEAR")
    other = DutyScore.objects.get(deputy=world.deputy_city_b, year=2020, period="YEAR")
    asked = services.correction_ask(score=own, reason="漏记调研", actor=deputy)
    services.correction_decide(
        correction=asked,
        accept=False,
        decision="无证明材料",
        actor=committee_staff,
    )
    others = ScoreCorrection.objects.create(
        score=other, deputy=world.deputy_city_b, reason="漏记接待"
    )
    alert = DutyAlert.objects.create(
        congress=congress,
        deputy=world.deputy_city_b,
        kind=AlertKind.LOW_SCORE,
        year=2020,
        detail="年度履职积分连续2年低于合格线。",
    )
    return {
        "rules": version,
        "own": own,
        "other": other,
        "asked": asked,
        "others": others,
        "alert": alert,
    }


def _city(name):
    def build(world, objects):
        return f"{reverse(name)}?congress={world.city_congress.pk}"

    return build


def _url(name, key):
    def build(world, objects):
        return reverse(name, args=[objects[key].pk])

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


def _api_city(path):
    def build(world, objects):
        return f"{API}{path}?congress={world.city_congress.pk}"

    return build


PAGES = [
    Row("board", _city("duty:board"), 403, READERS),
    Row("board xlsx", _city("duty:board_xlsx"), 403, READERS),
    Row(
        "publish",
        lambda w, o: reverse("duty:publish"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "year": 2021,
            "period": "Q1",
        },
    ),
    Row(
        "close the year (corrections pend)",
        lambda w, o: reverse("duty:year_close"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {"congress": w.city_congress.pk, "year": 2020},
    ),
    Row("rules", _city("duty:rules"), 403, READERS),
    Row("new rules", _city("duty:rules_new"), 403, MANAGE_PAGE),
    Row("a rules version", _url("duty:rules_detail", "rules"), 403, READERS),
    Row("corrections", _city("duty:corrections"), 403, READERS),
    Row(
        "another deputy's correction",
        _url("duty:correction_detail", "others"),
        403,
        OTHERS_CORRECTION,
    ),
    Row(
        "own correction",
        _url("duty:correction_detail", "asked"),
        403,
        {**READERS, "deputy": 200},
    ),
    Row(
        "decide a correction",
        _url("duty:correction_detail", "others"),
        403,
        DECIDE_PAGE,
        method="post",
        body=lambda w, o: {"accept": "1", "points": "2", "decision": "补计接待一次"},
    ),
    Row("alerts", _city("duty:alerts"), 403, READERS),
    Row("an alert", _url("duty:alert_detail", "alert"), 403, READERS),
    Row(
        "handle an alert",
        _url("duty:alert_detail", "alert"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {"note": "已约谈代表"},
    ),
    Row("my scores", lambda w, o: reverse("duty:my_scores"), 403, DEPUTY_ONLY),
    Row(
        "ask for a correction",
        lambda w, o: reverse("duty:my_scores"),
        403,
        {"deputy": 302},
        method="post",
        body=lambda w, o: {"score": o["own"].pk, "reason": "漏记一次调研"},
    ),
]

API_ROWS = [
    Row("ranking", _api_city(""), 403, READERS, api=True),
    Row("rules", _api_city("/rules"), 403, READERS, api=True),
    Row("a rules version", _api("/rules/{}", "rules"), 403, READERS, api=True),
    Row(
        "save rules",
        _api("/rules"),
        403,
        API_CREATE,
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "effective_year": 2021,
            "title": "第二版",
            "data": rules.default_rules(),
        },
    ),
    Row("my scores", _api("/me"), 403, DEPUTY_ONLY, api=True),
    Row(
        "publish",
        _api("/publish"),
        403,
        API_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "year": 2021,
            "period": "Q1",
        },
    ),
    Row(
        "close (corrections pend)",
        _api("/close"),
        403,
        {**API_WRITE, "system_admin": 409, "committee_staff": 409},
        method="post",
        api=True,
        body=lambda w, o: {"congress": w.city_congress.pk, "year": 2020},
    ),
    Row("corrections", _api_city("/corrections"), 403, READERS, api=True),
    Row(
        "ask for a correction",
        _api("/corrections"),
        403,
        {"deputy": 201},
        method="post",
        api=True,
        body=lambda w, o: {"score": o["own"].pk, "reason": "漏记一次调研"},
    ),
    Row(
        "ask about another's score",
        _api("/corrections"),
        403,
        {"deputy": 404},
        method="post",
        api=True,
        body=lambda w, o: {"score": o["other"].pk, "reason": "代他人申请"},
    ),
    Row(
        "another deputy's correction",
        _api("/corrections/{}", "others"),
        404,
        OTHERS_CORRECTION,
        api=True,
    ),
    Row(
        "decide",
        _api("/corrections/{}/decide", "others"),
        404,
        {**API_WRITE, "deputy": 404},
        method="post",
        api=True,
        body=lambda w, o: {"accept": True, "points": 2, "decision": "补计接待一次"},
    ),
    Row("alerts", _api_city("/alerts"), 403, READERS, api=True),
    Row(
        "handle an alert",
        _api("/alerts/{}/handle", "alert"),
        404,
        API_WRITE,
        method="post",
        api=True,
        body=lambda w, o: {"note": "已约谈代表"},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_duty_scores_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_duty_scores_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.duty import urls_scores

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"duty:{p.name}" for p in urls_scores.urlpatterns} == COVERED_PAGES
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path == API or path.startswith(API + "/")
    }
    assert documented == COVERED_API


def test_a_deputy_sees_only_their_own_scores(client, deputy, world, objects):
    client.force_login(deputy)

    mine = client.get(f"{API}/me").json()
    page = client.get(reverse("duty:my_scores"))

    assert {s["id"] for s in mine["scores"]} == {objects["own"].pk}
    assert [item.score.pk for item in page.context["scores"]] == [objects["own"].pk]
    assert world.deputy_city_b.name not in page.content.decode()
    assert client.get(f"{API}?congress={world.city_congress.pk}").status_code == 403
