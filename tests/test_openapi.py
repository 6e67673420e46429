"""The committed OpenAPI schema matches the code; the docs page loads nothing from outside."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from renda.core.management.commands.export_openapi import render_schema

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def test_committed_schema_matches_the_code():
    committed = SCHEMA_PATH.read_text(encoding="utf-8")

    assert committed == render_schema(), (
        "docs/openapi.json is out of date: run `make schema` and commit it."
    )


def test_check_passes_on_the_committed_file():
    out = StringIO()

    call_command("export_openapi", str(SCHEMA_PATH), "--check", stdout=out)

    assert "up to date" in out.getvalue()


def test_check_fails_with_a_diff_when_the_file_differs(tmp_path):
    stale = tmp_path / "openapi.json"
    schema = json.loads(render_schema())
    schema["info"]["title"] = "Stale title"
    stale.write_text(
        json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    err = StringIO()

    with pytest.raises(SystemExit) as excinfo:
        call_command("export_openapi", str(stale), "--check", stderr=err)

    assert excinfo.value.code == 1
    assert "out of date" in err.getvalue()
    assert '-    "title": "Stale title"' in err.getvalue()


def test_export_writes_sorted_pretty_utf8_json(tmp_path):
    target = tmp_path / "schema" / "openapi.json"

    call_command("export_openapi", str(target), stdout=StringIO())

    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "人大代表列表" in text  # not \\u escaped
    assert json.loads(text)["info"]["title"] == "Renda API"


# Operations anyone may call without logging in (published supervision work).
PUBLIC_OPERATIONS = {
    ("get", "/api/v1/supervision/open/items"),
    ("get", "/api/v1/supervision/open/items/{item_id}"),
    # A closed vote's bulletin and its recount: anyone may check them.
    ("get", "/api/v1/meetings/votes/{vote_id}/bulletin"),
    ("get", "/api/v1/meetings/votes/{vote_id}/verify"),
    # Open data: the deputies' public pages and the Popolo export.
    ("get", "/api/v1/open/popolo.json"),
    ("get", "/api/v1/open/deputies/{deputy_id}"),
}
# Lists short by nature, returned whole: a congress's themes, its plans and
# topic calls (one a year), one item's tests, the boards (one row per unit).
SHORT_LISTS = {
    "/api/v1/supervision/items/themes",
    "/api/v1/supervision/plans",
    "/api/v1/supervision/plans/calls",
    "/api/v1/supervision/opinions/tests",
    "/api/v1/supervision/opinions/boards/units",
    # A congress's chairpersons' meetings, the choices of a form (a few dozen a term).
    "/api/v1/meetings/decisions/chairpersons-meetings",
    # One meeting's appointments and removals (meeting_id is required).
    "/api/v1/meetings/personnel/appointments",
    # The votes just created for some appointments (one each, or one merged).
    "/api/v1/meetings/personnel/appointments/vote",
    # A member's open votes (a meeting's few at most).
    "/api/v1/meetings/votes/mine",
    # A congress's scoring rule versions (one or two a term).
    "/api/v1/duty/scores/rules",
    # A congress's plenary sessions (one a year).
    "/api/v1/duty/archive/sessions",
    # The government's sign-off times, one row per channel (three at most).
    "/api/v1/suggestions/government/stats",
}


def test_every_operation_documents_its_responses_in_chinese():
    schema = json.loads(render_schema())

    operations = [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]
    assert len(operations) >= 16
    for path, method, op in operations:
        assert method in {"get", "post", "patch"}, (path, method)
        assert re.search(r"[\u4e00-\u9fff]", op["summary"]), path
        success = "201" if "201" in op["responses"] else "200"
        body = op["responses"][success]["content"]["application/json"]["schema"]
        if (method, path) in PUBLIC_OPERATIONS:
            # What the law requires published: no log-in, nothing to refuse.
            assert {success, "422"} <= set(op["responses"]), path
            assert "$ref" in body, path
            assert not op.get("security"), path
            continue
        assert {success, "401", "403", "422"} <= set(op["responses"]), path
        if "$ref" not in body:
            # A bare array only for the parts of one object (a path with an
            # id) or a short list named below; other lists are paginated.
            assert body.get("type") == "array", path
            assert "$ref" in body["items"], path
            assert "{" in path or path in SHORT_LISTS, path
        if method != "get":
            # Writes also document the services' refusals: a rule of the
            # input (400) and a wrong state or a lost race (409).
            assert {"400", "409"} <= set(op["responses"]), (path, method)
        assert op["security"] == [{"ApiTokenAuth": []}, {"SessionAuth": []}], path


def test_every_list_is_paginated():
    schema = json.loads(render_schema())
    components = schema["components"]["schemas"]

    for path, item in schema["paths"].items():
        op = item.get("get")
        if op is None:
            continue
        ref = op["responses"]["200"]["content"]["application/json"]["schema"].get(
            "$ref", ""
        )
        name = ref.rsplit("/", 1)[-1]
        if not name.startswith("Paged"):
            continue
        params = {p["name"] for p in op["parameters"]}
        assert {"cursor", "page", "page_size"} <= params, path
        assert set(components[name]["properties"]) == {
            "count",
            "count_exact",
            "page",
            "page_size",
            "next",
            "results",
        }
    paged = [
        path
        for path, item in schema["paths"].items()
        if "get" in item
        and "Paged"
        in item["get"]["responses"]["200"]["content"]["application/json"]["schema"].get(
            "$ref", ""
        )
    ]
    assert set(paged) == {
        "/api/v1/regions",
        "/api/v1/congresses",
        "/api/v1/congresses/{congress_id}/terms",
        "/api/v1/deputies",
        "/api/v1/deputies/{deputy_id}/mandates",
        "/api/v1/groups",
        "/api/v1/stations",
        "/api/v1/units",
        "/api/v1/suggestions",
        "/api/v1/hotline/partners",
        "/api/v1/stations/work/{station_id}/requests",
        "/api/v1/stations/work/requests/mine",
        "/api/v1/stations/work/unit/requests",
        "/api/v1/liaison/contacts",
        "/api/v1/liaison/contact-logs",
        "/api/v1/liaison/group-activities",
        "/api/v1/liaison/committee-meetings",
        "/api/v1/meetings/votes",
        "/api/v1/meetings/personnel/evaluations",
        "/api/v1/meetings/personnel/evaluations/mine",
        "/api/v1/liaison/coordination-meetings",
        "/api/v1/liaison/late-entries",
        "/api/v1/supervision/plans/proposals",
        "/api/v1/supervision/items",
        "/api/v1/supervision/filing/filings",
        "/api/v1/supervision/filing/reviews",
        "/api/v1/supervision/opinions",
        "/api/v1/supervision/open/items",
        "/api/v1/notices",
        "/api/v1/notices/inbox",
        "/api/v1/notices/{notice_id}/receipts",
        "/api/v1/meetings",
        "/api/v1/duty/reports",
        "/api/v1/duty/training",
        "/api/v1/duty/scores",
        "/api/v1/duty/scores/corrections",
        "/api/v1/duty/scores/alerts",
        "/api/v1/duty/stories",
        "/api/v1/duty/stories/donations",
        "/api/v1/duty/archive/deputies",
        "/api/v1/duty/archive/records",
        "/api/v1/hotline/tickets",
    }


def test_docs_page_loads_assets_only_from_this_site(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/static/") for url in urls), urls
    assert "cdn" not in html.lower()
    settings_json = re.search(
        r'id="swagger-settings">(.*?)</script>', html, re.DOTALL
    ).group(1)
    # No validator badge: it would send the schema to validator.swagger.io.
    assert json.loads(settings_json)["validatorUrl"] is None


def test_swagger_assets_are_shipped_with_the_code():
    from django.contrib.staticfiles import finders

    for name in ("ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js"):
        assert finders.find(name), name
