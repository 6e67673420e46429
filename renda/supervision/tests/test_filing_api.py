"""/api/v1/supervision/filing: filings and reviews through the API, errors
naming the field, roles, and one page-vs-API agreement."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from renda.supervision.choices import ReviewOutcome, Standard
from renda.supervision.services.filing import review_suggest

from .factories_filing import accepted_document, file_document

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision/filing"


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_unit_files_through_the_api_and_staff_return_it(
    client, world, unit_staff, committee_staff
):
    client.force_login(unit_staff)
    response = _post(
        client,
        f"{API}/filings",
        {
            "document_type": "NORMATIVE_DOCUMENT",
            "title": "辽源市物业管理办法",
            "document_number": "辽住建发〔2020〕8号",
            "published_on": "2020-03-02",
            "text": "第一条",
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["late"] is True
    assert data["status"] == "FILED"
    assert data["congress_id"] == world.city_congress.pk
    filing_id = data["id"]
    # The unit may not accept its own filing.
    assert _post(client, f"{API}/filings/{filing_id}/accept").status_code == 403
    client.force_login(committee_staff)
    response = _post(client, f"{API}/filings/{filing_id}/return", {"reason": " "})
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    response = _post(
        client, f"{API}/filings/{filing_id}/return", {"reason": "缺备案报告"}
    )
    assert response.status_code == 200
    assert response.json()["refile_due"]
    assert _post(client, f"{API}/filings/{filing_id}/accept").status_code == 409
    client.force_login(unit_staff)
    response = _post(
        client, f"{API}/filings/{filing_id}/refile", {"filing_report": "备案报告"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "FILED"


def test_bad_input_names_the_field_and_never_500(client, world, unit_staff):
    client.force_login(unit_staff)
    response = _post(
        client,
        f"{API}/filings",
        {
            "document_type": "NORMATIVE_DOCUMENT",
            "title": "办法",
            "document_number": "X",
            "published_on": "2020-03-02",
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "text"
    response = _post(
        client,
        f"{API}/filings",
        {
            "document_type": "NOPE",
            "title": "办法",
            "document_number": "X",
            "published_on": "2020-03-02",
            "text": "x",
            "surprise": 1,
        },
    )
    assert response.status_code == 422
    assert client.get(f"{API}/filings/999999999999999999999").status_code == 422


def test_a_suggestion_reviewed_and_the_proposer_told_through_the_api(
    client, world, unit_staff, committee_staff, leader
):
    filing = accepted_document(world, unit_staff, committee_staff)
    case = review_suggest(
        congress=world.city_congress,
        proposer_name="李明",
        proposer_phone="13800001234",
        subject=filing.document.title,
        request_text="理由",
    )
    client.force_login(leader)
    data = client.get(f"{API}/reviews/{case.pk}").json()
    assert data["proposer_phone"] == "138****1234"
    assert data["actions"] == []
    assert _post(client, f"{API}/reviews/{case.pk}/start", {}).status_code == 403
    client.force_login(committee_staff)
    data = client.get(f"{API}/reviews/{case.pk}").json()
    assert data["proposer_phone"] == "13800001234"
    assert data["actions"] == ["start", "refer"]
    url = f"{API}/reviews/{case.pk}"
    assert (
        _post(client, f"{url}/start", {"documents": [filing.document.pk]}).status_code
        == 200
    )
    checks = [{"standard": s, "passed": True, "note": ""} for s in Standard.values]
    assert _post(client, f"{url}/check", {"checks": checks}).status_code == 200
    response = _post(client, f"{url}/conclude", {"outcome": ReviewOutcome.NO_PROBLEM})
    assert response.status_code == 200
    data = response.json()
    assert data["status_label"] == "待告知"
    assert data["to_tell"] is True
    assert "tell_proposer" in data["actions"]
    listed = client.get(f"{API}/reviews?to_tell=true").json()
    assert [r["id"] for r in listed["results"]] == [case.pk]
    response = _post(client, f"{url}/tell-proposer", {"reply": "未发现问题。"})
    assert response.status_code == 200
    assert response.json()["to_tell"] is False
    assert _post(client, f"{url}/tell-proposer", {"reply": "再次"}).status_code == 409


def test_the_year_report_as_json(client, world, unit_staff, committee_staff, deputy):
    accepted_document(world, unit_staff, committee_staff)
    client.force_login(committee_staff)
    response = client.get(f"{API}/report?congress={world.city_congress.pk}&year=2020")
    assert response.status_code == 200
    data = response.json()
    assert data["accepted"] == 1
    assert data["filed"] == 1
    client.force_login(deputy)
    assert (
        client.get(
            f"{API}/report?congress={world.city_congress.pk}&year=2020"
        ).status_code
        == 403
    )


def test_the_filing_list_page_and_the_api_agree(
    client, world, unit_staff, committee_staff
):
    accepted_document(world, unit_staff, committee_staff)
    file_document(world, unit_staff)
    file_document(world, unit_staff, today=dt.date(2020, 6, 1))
    client.force_login(committee_staff)
    for query in ("", "?status=ACCEPTED", "?late=1", "?q=第2号"):
        page = client.get(reverse("supervision:filings") + query).content.decode()
        page_ids = [int(pk) for pk in re.findall(r'data-filing="(\d+)"', page)]
        api = client.get(f"{API}/filings" + query.replace("late=1", "late=true")).json()
        assert [row["id"] for row in api["results"]] == page_ids, query
        count = re.search(r'data-figure="count">(\d+)<', page).group(1)
        assert api["count"] == int(count)
