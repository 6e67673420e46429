"""The chairpersons' decisions (主任会议决定) against every role: the decisions
page of a chairpersons' meeting and its API, and the list of chairpersons'
meetings a form may cite.

The meeting belongs to the city congress (辽源市): its staff, leaders and
members read it; everyone else gets 404 (it does not exist for them). Only
its staff (and the system admin) record a decision there, on the page or
through the API; its leaders and members get 403.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings.choices import DecisionKind
from renda.meetings.services.decisions import decision_record
from renda.meetings.tests.factories_decisions import chairpersons_meeting
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/meetings/decisions"
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "leader": 200,
    "committee_member": 200,
}
# Readers who do not manage the congress (its leaders, its members) see the
# page but may not record a decision: 403; everyone else still gets 404.
RECORDERS = {
    "system_admin": 302,
    "committee_staff": 302,
    "leader": 403,
    "committee_member": 403,
}


def decision_body(w, o):
    return {"kind": DecisionKind.OTHER, "title": "同意召开常委会第二十次会议"}


@pytest.fixture(scope="module")
def objects(world, committee_staff):
    held = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 3, 2)
    )
    decision_record(
        meeting=held,
        kind=DecisionKind.AGENDA,
        title="拟定常委会第二十次会议议程",
        subject=world.unit_city,
        actor=committee_staff,
    )
    return {"meeting": held}


PAGES = [
    Row(
        "decisions of a chairpersons' meeting",
        lambda w, o: reverse("meetings:decisions", args=[o["meeting"].pk]),
        404,
        READERS,
    ),
    Row(
        "record a decision of a chairpersons' meeting",
        lambda w, o: reverse("meetings:decisions", args=[o["meeting"].pk]),
        404,
        RECORDERS,
        method="post",
        body=decision_body,
    ),
]
API_ROWS = [
    Row(
        "decisions of a chairpersons' meeting",
        lambda w, o: f"{API}/{o['meeting'].pk}",
        404,
        READERS,
        api=True,
    ),
    Row(
        "record a decision of a chairpersons' meeting",
        lambda w, o: f"{API}/{o['meeting'].pk}",
        404,
        {**RECORDERS, "system_admin": 201, "committee_staff": 201},
        method="post",
        api=True,
        body=decision_body,
    ),
    Row(
        "chairpersons' meetings of a congress",
        lambda w, o: f"{API}/chairpersons-meetings?congress_id={w.city_congress.pk}",
        403,
        {
            "system_admin": 200,
            "committee_staff": 200,
            "leader": 200,
            "committee_member": 404,
            "district_staff": 404,
        },
        api=True,
    ),
]


COVERED_PAGES = {"meetings:decisions"}
COVERED_API = {f"{API}/{{meeting_id}}", f"{API}/chairpersons-meetings"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_decision_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), body)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_decision_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)
