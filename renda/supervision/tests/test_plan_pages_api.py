"""The plan's pages and API: the staff's year, proposers' pages, masking, agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.supervision.choices import PlanVersionStatus, ProposalStatus, SupervisionKind
from renda.supervision.models import PlanVersion, SupervisionItem, TopicProposal
from renda.supervision.services import plan as services

from .factories_plan import (
    IN_CALL,
    adopt_and_publish,
    committee,
    open_call,
    plan_with_entries,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/supervision/plans"


def test_staff_draft_adopt_publish_and_adjust_through_the_pages(
    client, world, committee_staff
):
    client.force_login(committee_staff)
    response = client.post(reverse("supervision:plans"), {"year": 2020, "title": ""})
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    response = client.post(
        reverse("supervision:plans"), {"year": 2020, "title": "2020年度监督工作计划"}
    )
    assert response.status_code == 302
    plan = world.city_congress.supervision_plans.get()
    new_url = reverse("supervision:plan_entry_new", args=[plan.pk])
    assert client.get(new_url).status_code == 200
    response = client.post(
        new_url,
        {
            "kind": SupervisionKind.WORK_REPORT,
            "title": "关于疫情防控工作情况的报告",
            "planned_month": "4",
            "lead_committee": committee(world).pk,
            "target_units": [world.unit_city.pk],
            "participants": "常委会组成人员、部分市人大代表",
        },
    )
    assert response.status_code == 302
    detail_url = reverse("supervision:plan_detail", args=[plan.pk])
    page = client.get(detail_url)
    body = page.content.decode()
    for verb in ("adopt", "remove"):
        assert f'data-action="{verb}"' in body
    assert 'data-action="publish"' not in body
    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2020, 2, 20), actor=committee_staff
    )
    # The form offers the held chairpersons' meetings, labelled with their date.
    body = client.get(detail_url).content.decode()
    assert f"第{held.number}次主任会议（2020-02-20）" in body
    response = client.post(
        reverse("supervision:plan_adopt", args=[plan.pk]), {"chairpersons_meeting": ""}
    )
    assert response.status_code == 400
    assert "请选择主任会议" in response.content.decode()
    response = client.post(
        reverse("supervision:plan_adopt", args=[plan.pk]),
        {"chairpersons_meeting": held.pk},
    )
    assert response.status_code == 302
    page = client.get(detail_url).content.decode()
    assert 'data-action="publish"' in page
    assert reverse("meetings:decisions", args=[held.pk]) in page
    assert (
        client.post(reverse("supervision:plan_publish", args=[plan.pk])).status_code
        == 302
    )
    assert SupervisionItem.objects.filter(title="关于疫情防控工作情况的报告").exists()
    response = client.post(
        reverse("supervision:plan_adjust", args=[plan.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("supervision:plan_adjust", args=[plan.pk]), {"reason": "增加调研"}
    )
    assert response.status_code == 302
    assert plan.versions.latest("number").status == PlanVersionStatus.DRAFT
    # Earlier versions stay readable on the page.
    old = client.get(detail_url, {"version": 1})
    assert old.status_code == 200
    assert "已被调整" not in old.content.decode()  # v1 stays PUBLISHED until v2 is
    assert client.get(detail_url, {"version": 7}).status_code == 404


def test_a_deputy_proposes_and_sees_the_decline_reason(
    client, world, committee_staff, deputy
):
    today = dt.date.today()
    call = open_call(
        world,
        committee_staff,
        year=today.year + 1,
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=3),
    )
    client.force_login(deputy)
    url = reverse("supervision:topic_propose", args=[call.pk])
    response = client.post(url, {"title": "", "reason": "理由"})
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    response = client.post(url, {"title": "农村饮水安全专题调研", "reason": "群众关心"})
    assert response.status_code == 302
    proposal = TopicProposal.objects.get()
    services.proposal_decline(
        proposal=proposal, reason="与已列入的调研重复", actor=committee_staff
    )
    page = client.get(reverse("supervision:topic_my_proposals"))
    assert "与已列入的调研重复" in page.content.decode()
    page = client.get(reverse("supervision:topic_proposal_detail", args=[proposal.pk]))
    assert page.status_code == 200
    assert 'data-action="adopt"' not in page.content.decode()


def test_residents_contact_is_masked_except_for_staff(
    client, world, committee_staff, committee_member
):
    call = open_call(world, committee_staff)
    services.topic_propose_public(
        call=call,
        name="李群众",
        phone="13911112222",
        title="城市管理",
        reason="占道经营",
        client_ip="10.0.0.1",
        now=dt.datetime(2019, 9, 20, 10, tzinfo=dt.UTC),
    )
    client.force_login(committee_member)
    body = client.get(reverse("supervision:topic_proposals")).content.decode()
    assert "城市管理" in body
    assert "李群众" not in body
    data = client.get(f"{API}/proposals").json()["results"]
    assert data[0]["proposer_phone"] != "13911112222"
    assert "李群众" not in data[0]["proposer"]
    client.force_login(committee_staff)
    data = client.get(f"{API}/proposals").json()["results"]
    assert data[0]["proposer_phone"] == "13911112222"
    assert "李群众" in data[0]["proposer"]


def test_screening_through_the_pages(client, world, committee_staff, deputy):
    call = open_call(world, committee_staff)
    proposal = services.topic_propose(
        call=call, title="议题", reason="理由", actor=deputy, today=IN_CALL
    )
    client.force_login(committee_staff)
    detail = reverse("supervision:topic_proposal_detail", args=[proposal.pk])
    body = client.get(detail).content.decode()
    assert 'data-action="decline"' in body
    response = client.post(
        reverse("supervision:topic_proposal_decline", args=[proposal.pk]),
        {"reason": ""},
    )
    assert response.status_code == 400
    assert "请填写不予采纳的理由" in response.content.decode()
    response = client.post(
        reverse("supervision:topic_proposal_adopt", args=[proposal.pk]), {"entry": ""}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED


def test_screening_a_proposal_already_decided_answers_409_and_says_why(
    client, world, committee_staff, deputy
):
    # Given the proposal's page open while a colleague adopted it elsewhere.
    call = open_call(world, committee_staff)
    proposal = services.topic_propose(
        call=call, title="议题", reason="理由", actor=deputy, today=IN_CALL
    )
    client.force_login(committee_staff)
    services.proposal_adopt(proposal=proposal, actor=committee_staff)

    refused = client.post(
        reverse("supervision:topic_proposal_decline", args=[proposal.pk]),
        {"reason": "与已列入的调研重复"},
    )

    assert refused.status_code == 409
    assert "该议题建议当前状态为“已采纳”，不能不予采纳。" in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert proposal.decision_reason == ""


def test_the_api_year(client, world, committee_staff, deputy, district_staff):
    client.force_login(committee_staff)
    response = client.post(
        API, {"year": 2020, "title": "计划"}, content_type="application/json"
    )
    assert response.status_code == 201
    plan_id = response.json()["id"]
    assert response.json()["version"]["status"] == PlanVersionStatus.DRAFT
    bad = client.post(
        f"{API}/{plan_id}/entries",
        {"kind": "NOPE", "title": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "kind"
    unknown = client.post(
        f"{API}/{plan_id}/entries",
        {"kind": SupervisionKind.RESEARCH, "title": "x", "colour": "red"},
        content_type="application/json",
    )
    assert unknown.status_code in (400, 422)
    entry = client.post(
        f"{API}/{plan_id}/entries",
        {
            "kind": SupervisionKind.RESEARCH,
            "title": "复工复产专题调研",
            "planned_month": 5,
            "target_unit_ids": [world.unit_city.pk],
        },
        content_type="application/json",
    )
    assert entry.status_code == 201
    assert entry.json()["target_units"] == [world.unit_city.name]
    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2020, 2, 20), actor=committee_staff
    )
    refused = client.post(
        f"{API}/{plan_id}/adopt",
        {"chairpersons_meeting_id": 999999},
        content_type="application/json",
    )
    assert refused.status_code == 400
    adopt = client.post(
        f"{API}/{plan_id}/adopt",
        {"chairpersons_meeting_id": held.pk},
        content_type="application/json",
    )
    assert adopt.status_code == 200
    assert "publish" in adopt.json()["actions"]
    adopted = adopt.json()["version"]
    assert adopted["chairpersons_meeting_id"] == held.pk
    assert adopted["chairpersons_decision_id"]
    assert adopted["adopted_on"] == "2020-02-20"
    published = client.post(f"{API}/{plan_id}/publish")
    assert published.status_code == 200
    assert published.json()["entries"][0]["item_id"]
    again = client.post(f"{API}/{plan_id}/publish")
    assert again.status_code == 409
    adjusted = client.post(
        f"{API}/{plan_id}/adjust", {"reason": "调整"}, content_type="application/json"
    )
    assert adjusted.status_code == 201
    assert adjusted.json()["version"]["number"] == 2
    version = client.get(f"{API}/{plan_id}/versions/1")
    assert version.status_code == 200
    assert version.json()["version"]["status"] == PlanVersionStatus.PUBLISHED
    # Wrong role, other congress.
    client.force_login(deputy)
    assert (
        client.post(
            API, {"year": 2021, "title": "计划"}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(district_staff)
    assert client.get(f"{API}/{plan_id}").status_code == 404


def test_page_and_api_agree(client, world, committee_staff, deputy, leader):
    call = open_call(world, committee_staff)
    for n in range(3):
        services.topic_propose(
            call=call, title=f"议题{n}", reason="理由", actor=deputy, today=IN_CALL
        )
    plan, version = plan_with_entries(world, committee_staff)
    adopt_and_publish(version, committee_staff)
    client.force_login(leader)
    page = client.get(reverse("supervision:topic_proposals"), {"status": "SUBMITTED"})
    api = client.get(f"{API}/proposals", {"status": "SUBMITTED"}).json()["results"]
    assert [p.pk for p in page.context["proposals"]] == [p["id"] for p in api]
    assert len(api) == 3
    page = client.get(reverse("supervision:plan_detail", args=[plan.pk]))
    api = client.get(f"{API}/{plan.pk}").json()
    assert [e.title for e in page.context["detail"].entries] == [
        e["title"] for e in api["entries"]
    ]
    assert page.context["detail"].actions == api["actions"] == []


def test_plan_detail_queries_stay_flat(
    client, world, committee_staff, django_assert_max_num_queries
):
    plan, version = plan_with_entries(
        world, committee_staff, titles=[f"议题{n}" for n in range(8)]
    )
    client.force_login(committee_staff)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("supervision:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert PlanVersion.objects.count() == 1
