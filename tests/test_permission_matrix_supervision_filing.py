"""Filing review (备案审查) against every role: pages, public pages and
/api/v1/supervision/filing endpoints.

The objects live in the city congress (辽源市): a document of the city's
住建局 (the ``unit_staff`` account) filed and not yet checked, and a citizen's
审查建议 just received. City staff check and review; leaders and members read;
the 西安区 staff see neither (404); the public pages answer everyone, anonymous
included.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

# The world and every role's user are built once for this module (tests/matrix.py).
module_data(globals())

API = "/api/v1/supervision/filing"

COVERED_PAGES = {
    "supervision:filing_unit",
    "supervision:filings",
    "supervision:filing_detail",
    "supervision:filing_accept",
    "supervision:filing_return",
    "supervision:filing_refile",
    "supervision:reviews",
    "supervision:review_new",
    "supervision:review_detail",
    "supervision:review_action",
    "supervision:filing_report",
    "open:filings",
    "open:filing_suggest",
    "open:filing_receipt",
}

COVERED_API = {
    f"{API}/filings",
    f"{API}/filings/{{filing_id}}",
    f"{API}/filings/{{filing_id}}/accept",
    f"{API}/filings/{{filing_id}}/return",
    f"{API}/filings/{{filing_id}}/refile",
    f"{API}/reviews",
    f"{API}/reviews/{{review_id}}",
    f"{API}/reviews/{{review_id}}/start",
    f"{API}/reviews/{{review_id}}/check",
    f"{API}/reviews/{{review_id}}/suspend",
    f"{API}/reviews/{{review_id}}/request-correction",
    f"{API}/reviews/{{review_id}}/conclude",
    f"{API}/reviews/{{review_id}}/refer",
    f"{API}/reviews/{{review_id}}/tell-proposer",
    f"{API}/report",
}

PUBLIC = dict.fromkeys(ROLES, 200)
FILERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "unit_staff": 200,
    "committee_member": 403,
}
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
}
CITY_READERS = {**READERS, "district_staff": 404}
# Checks of a city filing: city staff; readers refused; outside the scope 404.
CHECK = {
    "system_admin": 302,
    "committee_staff": 302,
    "leader": 403,
    "committee_member": 403,
    "unit_staff": 403,
    "district_staff": 404,
    "deputy": 404,
}


def _url(name, *keys, query=""):
    def build(world, objects):
        return reverse(name, args=[objects[k].pk for k in keys]) + query

    return build


def _action(verb):
    def build(world, objects):
        return reverse("supervision:review_action", args=[objects["case"].pk, verb])

    return build


def _api(path, *keys):
    def build(world, objects):
        return API + path.format(*[objects[k].pk for k in keys])

    return build


PAGES = [
    Row("the unit's filing page", _url("supervision:filing_unit"), 403, FILERS),
    Row(
        "file with nothing filled in",
        _url("supervision:filing_unit"),
        403,
        {role: 400 for role in FILERS if FILERS[role] == 200}
        | {"committee_member": 403},
        method="post",
    ),
    Row("staff list of filings", _url("supervision:filings"), 403, READERS),
    Row(
        "one filing, not yet checked",
        _url("supervision:filing_detail", "filing"),
        403,
        {**CITY_READERS, "unit_staff": 200, "deputy": 404},
    ),
    Row(
        "accept a filing",
        _url("supervision:filing_accept", "filing"),
        403,
        CHECK,
        method="post",
    ),
    Row(
        "return a filing without a reason",
        _url("supervision:filing_return", "filing"),
        403,
        {**CHECK, "system_admin": 400, "committee_staff": 400},
        method="post",
    ),
    Row(
        "refile a filing not returned",
        _url("supervision:filing_refile", "filing"),
        403,
        {
            "system_admin": 403,
            "committee_staff": 403,
            "district_staff": 404,
            # The filing is not returned: the step is refused as the API refuses it.
            "unit_staff": 409,
            "committee_member": 403,
        },
        method="post",
    ),
    Row("staff list of reviews", _url("supervision:reviews"), 403, READERS),
    Row(
        "open a review (form)",
        _url("supervision:review_new"),
        403,
        {
            "system_admin": 200,
            "committee_staff": 200,
            "district_staff": 200,
            "committee_member": 403,
        },
    ),
    Row(
        "open a review with nothing filled in",
        _url("supervision:review_new"),
        403,
        {
            "system_admin": 400,
            "committee_staff": 400,
            "district_staff": 400,
            "committee_member": 403,
        },
        method="post",
    ),
    Row(
        "one review",
        _url("supervision:review_detail", "case"),
        403,
        CITY_READERS,
    ),
    Row(
        "start a review",
        _action("start"),
        403,
        {
            "system_admin": 302,
            "committee_staff": 302,
            "leader": 403,
            "committee_member": 403,
            "district_staff": 404,
        },
        method="post",
    ),
    Row("the year report", _url("supervision:filing_report"), 403, READERS),
    Row("public list of filed documents", _url("open:filings"), 200, PUBLIC),
    Row(
        "public list, searched",
        _url("open:filings", query="?q=办法&year=2020&type=NORMATIVE_DOCUMENT"),
        200,
        PUBLIC,
    ),
    Row("public 审查建议 form", _url("open:filing_suggest"), 200, PUBLIC),
    Row(
        "public 审查建议 with nothing filled in",
        _url("open:filing_suggest"),
        400,
        dict.fromkeys(ROLES, 400),
        method="post",
    ),
    Row("receipt look-up form", _url("open:filing_receipt"), 200, PUBLIC),
    Row(
        "receipt look-up",
        lambda w, o: (
            reverse("open:filing_receipt") + f"?number={o['case'].receipt_number}"
        ),
        200,
        PUBLIC,
    ),
]

API_READ = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
}
API_CHECK = {
    "system_admin": 200,
    "committee_staff": 200,
    "leader": 403,
    "committee_member": 403,
    "unit_staff": 403,
    "district_staff": 404,
    "deputy": 404,
    "station_chief": 404,
    "liaison_officer": 404,
}
API_REVIEW_STEP = {
    "system_admin": 409,
    "committee_staff": 409,
    "leader": 403,
    "committee_member": 403,
    "district_staff": 404,
}

API_ROWS = [
    Row(
        "list filings",
        _api("/filings"),
        403,
        {**API_READ, "unit_staff": 200, "deputy": 200},
        api=True,
    ),
    Row(
        "one filing",
        _api("/filings/{}", "filing"),
        403,
        {**API_READ, "district_staff": 404, "unit_staff": 200, "deputy": 404},
        api=True,
    ),
    Row(
        "file a document",
        _api("/filings"),
        403,
        {
            "system_admin": 400,  # no unit of their own: the field is named
            "committee_staff": 400,
            "district_staff": 400,
            "unit_staff": 201,
            "committee_member": 403,
        },
        method="post",
        api=True,
        body=lambda w, o: {
            "document_type": "NORMATIVE_DOCUMENT",
            "title": "辽源市供热管理办法",
            "document_number": "辽住建发〔2020〕77号",
            "published_on": "2020-03-02",
            "text": "第一条",
        },
    ),
    Row(
        "accept a filing",
        _api("/filings/{}/accept", "filing"),
        403,
        API_CHECK,
        method="post",
        api=True,
    ),
    Row(
        "return a filing",
        _api("/filings/{}/return", "filing"),
        403,
        API_CHECK,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "缺备案报告"},
    ),
    Row(
        "refile a filing not returned",
        _api("/filings/{}/refile", "filing"),
        403,
        {
            **API_CHECK,
            "system_admin": 403,
            "committee_staff": 403,
            "unit_staff": 409,
        },
        method="post",
        api=True,
    ),
    Row("list reviews", _api("/reviews"), 403, API_READ, api=True),
    Row(
        "one review",
        _api("/reviews/{}", "case"),
        403,
        {**API_READ, "district_staff": 404},
        api=True,
    ),
    Row(
        "open a review",
        _api("/reviews"),
        403,
        {
            "system_admin": 201,
            "committee_staff": 201,
            "leader": 403,
            "committee_member": 403,
            "district_staff": 400,  # not their congress: the field is named
        },
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "kind": "REFERRAL",
            "subject": "属于省人大常委会审查范围",
        },
    ),
    Row(
        "start a review",
        _api("/reviews/{}/start", "case"),
        403,
        {**API_REVIEW_STEP, "system_admin": 200, "committee_staff": 200},
        method="post",
        api=True,
    ),
    Row(
        "check a review not started",
        _api("/reviews/{}/check", "case"),
        403,
        API_REVIEW_STEP,
        method="post",
        api=True,
        body=lambda w, o: {
            "checks": [{"standard": "LEGALITY", "passed": True, "note": ""}]
        },
    ),
    Row(
        "suspend a review not started",
        _api("/reviews/{}/suspend", "case"),
        403,
        API_REVIEW_STEP,
        method="post",
        api=True,
    ),
    Row(
        "request correction of a review not started",
        _api("/reviews/{}/request-correction", "case"),
        403,
        API_REVIEW_STEP,
        method="post",
        api=True,
    ),
    Row(
        "conclude a review not started",
        _api("/reviews/{}/conclude", "case"),
        403,
        API_REVIEW_STEP,
        method="post",
        api=True,
        body=lambda w, o: {"outcome": "NO_PROBLEM"},
    ),
    Row(
        "refer a review",
        _api("/reviews/{}/refer", "case"),
        403,
        {**API_REVIEW_STEP, "system_admin": 200, "committee_staff": 200},
        method="post",
        api=True,
        body=lambda w, o: {"organ": "吉林省人大常委会法工委"},
    ),
    Row(
        "tell the proposer of a review not concluded",
        _api("/reviews/{}/tell-proposer", "case"),
        403,
        API_REVIEW_STEP,
        method="post",
        api=True,
        body=lambda w, o: {"reply": "审查结果"},
    ),
    Row(
        "the year report",
        lambda w, o: f"{API}/report?congress={w.city_congress.pk}&year=2020",
        403,
        {**API_READ, "district_staff": 404},
        api=True,
    ),
]


@pytest.fixture(scope="module")
def objects(world, unit_staff):
    from renda.supervision.choices import DocumentType
    from renda.supervision.services.filing import document_file, review_suggest

    filing = document_file(
        actor=unit_staff,
        unit=world.unit_city,
        document_type=DocumentType.NORMATIVE_DOCUMENT,
        title="辽源市住房保障管理办法",
        document_number="辽住建发〔2020〕1号",
        published_on=dt.date(2020, 3, 2),
        text="第一条",
        today=dt.date(2020, 3, 10),
    )
    case = review_suggest(
        congress=world.city_congress,
        proposer_name="李明",
        proposer_phone="13800001234",
        subject="辽源市住房保障管理办法",
        request_text="理由",
        today=dt.date(2020, 5, 6),
    )
    return {"filing": filing, "case": case}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_filing_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_filing_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.supervision import urls_filing, urls_open_filing

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    declared = {f"supervision:{p.name}" for p in urls_filing.urlpatterns} | {
        f"open:{p.name}" for p in urls_open_filing.urlpatterns
    }
    assert pages == COVERED_PAGES == declared
    documented = {
        path for path in api.get_openapi_schema()["paths"] if path.startswith(API + "/")
    }
    assert documented == COVERED_API
