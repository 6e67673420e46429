"""The kind panel and the step pages and endpoints."""

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.supervision.choices import SupervisionKind
from renda.supervision.models import InspectedLaw, InterpellationFiler, ResolutionRecord

from .conftest import seat_members
from .factories_kinds import kind_item

pytestmark = pytest.mark.django_db
API = "/api/v1/supervision/items"


def test_the_panel_page_shows_the_laws_and_the_staff_actions(
    client, world, committee_staff, django_assert_max_num_queries
):
    item = kind_item(world, committee_staff, SupervisionKind.LAW_INSPECTION)
    InspectedLaw.objects.create(item=item, name="中华人民共和国森林法", law_kind="LAW")
    client.force_login(committee_staff)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("supervision:kind_panel", args=[item.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "中华人民共和国森林法" in html
    assert 'data-action="set_laws"' in html
    assert 'data-action="save_report"' in html


def test_the_panel_template_draws_for_the_item_in_context(
    rf, world, committee_staff, leader
):
    from django.template.loader import render_to_string

    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    request = rf.get("/")
    request.user = committee_staff
    html = render_to_string(
        "supervision/kinds/_panel.html", {"item": item}, request=request
    )
    assert 'data-action="record_resolution"' in html
    request.user = leader
    html = render_to_string(
        "supervision/kinds/_panel.html", {"item": item}, request=request
    )
    assert "尚未登记表决结果" in html
    assert "data-action" not in html


def test_laws_page_saves_three_kinds_and_shows_errors(client, world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.LAW_INSPECTION)
    client.force_login(committee_staff)
    url = reverse("supervision:kind_laws", args=[item.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"laws": "", "administrative": "", "local": ""})
    assert response.status_code == 400
    assert "请至少填写一部" in response.content.decode()
    response = client.post(
        url,
        {
            "laws": "中华人民共和国森林法\n中华人民共和国渔业法",
            "administrative": "重大动物疫情应急条例",
            "local": "吉林省野生动物保护条例",
        },
    )
    assert response.status_code == 302
    assert InspectedLaw.objects.filter(item=item).count() == 4
    assert InspectedLaw.objects.get(name="吉林省野生动物保护条例").law_kind == (
        "LOCAL_REGULATION"
    )


def test_a_step_of_another_kind_sends_back_to_the_panel(client, world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.INQUIRY)
    client.force_login(committee_staff)
    response = client.get(reverse("supervision:kind_laws", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:kind_panel", args=[item.pk])


def test_lodge_page_refuses_four_members_on_the_field(client, world, committee_staff):
    members = seat_members(world.city_congress, 5)
    item = kind_item(world, committee_staff, SupervisionKind.INTERPELLATION)
    client.force_login(committee_staff)
    url = reverse("supervision:kind_interpellation_lodge", args=[item.pk])
    data = {"text": "质询案", "lodged_on": "2020-09-01"}
    response = client.post(url, {**data, "filers": [m.pk for m in members[:4]]})
    assert response.status_code == 400
    assert response.context["form"].errors["filers"]
    response = client.post(url, {**data, "filers": [m.pk for m in members]})
    assert response.status_code == 302
    assert InterpellationFiler.objects.filter(item=item).count() == 5


def test_resolution_page_records_the_vote(client, world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    client.force_login(committee_staff)
    url = reverse("supervision:kind_resolution", args=[item.pk])
    data = {
        "text": "决定全文",
        "meeting_name": "第二十一次会议",
        "adopted_on": "2020-02-10",
        "online_vote": "on",
        "members_total": "76",
        "votes_for": "70",
        "votes_against": "0",
        "votes_abstain": "0",
        "not_voting": "7",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["members_total"]
    response = client.post(url, {**data, "not_voting": "6"})
    assert response.status_code == 302
    assert ResolutionRecord.objects.get(item=item).online_vote is True


def test_api_interpellation_four_refused_five_accepted(client, world, committee_staff):
    members = seat_members(world.city_congress, 5)
    item = kind_item(world, committee_staff, SupervisionKind.INTERPELLATION)
    client.force_login(committee_staff)
    url = f"{API}/{item.pk}/interpellation/lodge"
    body = {"text": "质询案", "lodged_on": "2020-09-01"}
    response = client.post(
        url,
        {**body, "filers": [m.pk for m in members[:4]]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "filer_member_ids"
    response = client.post(
        url,
        {**body, "filers": [m.pk for m in members]},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["interpellation"]["filers_count"] == 5
    assert data["interpellation"]["min_filers"] == 5
    assert data["actions"] == ["decide_answer"]


def test_api_resolution_and_panel(client, world, committee_staff, unit_staff):
    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    client.force_login(committee_staff)
    response = client.post(
        f"{API}/{item.pk}/resolution",
        {
            "text": "决定全文",
            "meeting_name": "第二十一次会议",
            "adopted_on": "2020-02-10",
            "online_vote": True,
            "members_total": 76,
            "votes_for": 38,
            "votes_against": 30,
            "votes_abstain": 2,
            "not_voting": 6,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["resolution"]["outcome"] == "REJECTED"
    response = client.post(
        f"{API}/{item.pk}/resolution",
        {
            "text": "x",
            "meeting_name": "y",
            "adopted_on": "2020-13-10",
            "votes_for": 1,
            "votes_against": 0,
            "votes_abstain": 0,
            "not_voting": 0,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    client.force_login(unit_staff)
    response = client.get(f"{API}/{item.pk}/kind-panel")
    assert response.status_code == 200
    assert response.json()["actions"] == []


def test_api_questions_add_answer_remove(client, world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.INQUIRY)
    client.force_login(committee_staff)
    response = client.post(
        f"{API}/{item.pk}/questions",
        {"question": "占道经营如何治理？", "answering_unit": world.unit_city.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    question = response.json()["questions"][0]
    response = client.post(
        f"{API}/{item.pk}/questions/{question['id']}/answer",
        {
            "answered_by": "市城管局局长",
            "answer": "年内整治",
            "answered_on": "2020-08-27",
        },
        content_type="application/json",
    )
    assert response.json()["questions"][0]["answer"] == "年内整治"
    response = client.post(f"{API}/{item.pk}/questions/{question['id']}/remove")
    assert response.status_code == 200
    assert response.json()["questions"] == []
    response = client.post(f"{API}/{item.pk}/questions/{question['id']}/remove")
    assert response.status_code == 404


def test_page_and_api_agree_on_the_panel(client, world, committee_staff, leader):
    item = kind_item(world, committee_staff, SupervisionKind.SPECIAL_INVESTIGATION)
    for user in (committee_staff, leader):
        client.force_login(user)
        page = client.get(reverse("supervision:kind_panel", args=[item.pk]))
        api = client.get(f"{API}/{item.pk}/kind-panel").json()
        assert page.context["panel"].actions == api["actions"]
        assert (
            page.context["panel"].investigation.min_proposers
            == api["investigation"]["min_proposers"]
        )


def test_date_in_the_future_is_refused_naming_the_field(client, world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    client.force_login(committee_staff)
    response = client.post(
        reverse("supervision:kind_resolution", args=[item.pk]),
        {"adopted_on": "1900-01-01"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["adopted_on"]
    assert dt.date  # the module's import is used by the other tests' data


def test_satisfaction_page_records_each_filer_and_shows_the_second_answer(
    client, world, committee_staff
):
    from renda.supervision.services import kinds as services

    members = seat_members(world.city_congress, 5)
    item = kind_item(world, committee_staff, SupervisionKind.INTERPELLATION)
    services.interpellation_lodge(
        item=item,
        filer_member_ids=[m.pk for m in members],
        lodged_on=dt.date(2020, 9, 1),
        actor=committee_staff,
    )
    services.interpellation_answer_decide(
        item=item,
        unit_ids=[world.unit_city.pk],
        mode="ORAL",
        chairpersons_meeting=chairpersons_meeting_on(
            item.congress, dt.date(2020, 9, 2), actor=committee_staff
        ),
        actor=committee_staff,
    )
    services.interpellation_answer_record(
        item=item,
        answer="答复",
        answered_on=dt.date(2020, 9, 20),
        actor=committee_staff,
    )
    client.force_login(committee_staff)
    url = reverse("supervision:kind_interpellation_satisfaction", args=[item.pk])
    page = client.get(url)
    assert members[0].deputy.name in page.content.decode()
    response = client.post(
        url, {f"filer_{m.pk}": "1" if i < 2 else "0" for i, m in enumerate(members)}
    )
    assert response.status_code == 302
    panel_page = client.get(reverse("supervision:kind_panel", args=[item.pk]))
    html = panel_page.content.decode()
    assert 'data-state="second_answer_required"' in html
    assert 'data-action="record_interpellation_answer"' in html
    response = client.post(
        reverse("supervision:kind_question_new", args=[item.pk]),
        {"question": "x", "asked_by_deputy": "99999999999999999999999"},
    )
    assert response.status_code == 302  # not an inquiry: back to the panel


def test_an_absurd_id_on_a_form_is_a_field_error(client, world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.INQUIRY)
    client.force_login(committee_staff)
    response = client.post(
        reverse("supervision:kind_question_new", args=[item.pk]),
        {"question": "问题", "asked_by_deputy": "99999999999999999999999"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["asked_by_deputy"]
