"""The staff's review inbox and the review / routing panel, through the test client."""

import datetime as dt

import pytest
from django.urls import reverse

from renda.accounts.choices import Role
from renda.congresses.choices import Level, MemberRole
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.regions.choices import RegionKind
from renda.regions.tests.factories import RegionFactory
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Channel,
    KeySource,
    SuggestionStatus,
)
from renda.suggestions.models import Assignment, Suggestion
from renda.units.tests.factories import HandlingUnitFactory

from .factories import (
    accepted,
    assigned,
    committee_member,
    draft,
    moment,
    snapshot,
    submitted,
    unit_user,
    user_with,
)

INBOX = reverse("suggestions:staff_inbox")


def review_url(suggestion) -> str:
    return reverse("suggestions:staff_review", args=[suggestion.pk])


def titles(response) -> list[str]:
    return [s.title for s in response.context["page"].object_list]


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def transport_unit(world):
    """The unit routing proposes for a city transport matter."""
    return HandlingUnitFactory(
        name="辽源市交通运输局", level=Level.MUNICIPAL, region=world.city
    )


# Inbox ------------------------------------------------------------------------------


def test_inbox_lists_submitted_items_oldest_first(
    client, world, deputy, committee_staff
):
    submitted(world, deputy, now=moment(2025, 3, 5), title="第二件")
    submitted(world, deputy, now=moment(2025, 3, 3), title="第一件")
    accepted(world, deputy, committee_staff, title="已立案的")
    draft(world, deputy, title="草稿")
    client.force_login(committee_staff)

    response = client.get(INBOX)

    assert response.status_code == 200
    assert titles(response) == ["第一件", "第二件"]
    assert response.context["counts"] == {"submitted": 2, "accepted": 1}
    first = Suggestion.objects.get(title="第一件")
    assert review_url(first) in text(response)


def test_inbox_accepted_tab_flags_items_returned_by_a_unit(
    client, world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff, title="退回的")
    services.assignment_return(
        assignment=assignment,
        reason="不属于本单位职责",
        actor=unit_staff,
        now=moment(2025, 3, 4),
    )
    client.force_login(committee_staff)

    response = client.get(INBOX, {"state": "accepted"})

    assert titles(response) == ["退回的"]
    assert "单位退回 1" in text(response)


def test_inbox_filters_by_channel_and_searches_title_and_pinyin_initials(
    client, world, deputy, committee_staff
):
    submitted(world, deputy, title="关于公交线路的建议")
    submitted(world, deputy, title="关于12345热线的建议", channel=Channel.HOTLINE)
    by_b = draft(
        world,
        committee_staff,
        lead_deputy=world.deputy_city_b,
        title="白代表的建议",
    )
    services.suggestion_submit(suggestion=by_b, actor=committee_staff)
    client.force_login(committee_staff)

    assert titles(client.get(INBOX, {"channel": Channel.HOTLINE})) == [
        "关于12345热线的建议"
    ]
    assert titles(client.get(INBOX, {"q": "公交"})) == ["关于公交线路的建议"]
    assert titles(client.get(INBOX, {"q": "byj"})) == ["白代表的建议"]
    assert titles(client.get(INBOX, {"q": "白玉"})) == ["白代表的建议"]
    assert len(titles(client.get(INBOX, {"q": "dzm"}))) == 2


def test_inbox_reports_a_bad_filter_in_chinese(client, world, committee_staff):
    client.force_login(committee_staff)

    response = client.get(INBOX, {"channel": "FAX", "congress": "abc"})

    assert response.status_code == 200
    body = text(response)
    assert "渠道：" in body
    assert "所选人大无效或不在您的工作范围内" in body


def test_district_staff_sees_only_their_congress(
    client, world, deputy, committee_staff, district_staff
):
    city_item = submitted(world, deputy)
    client.force_login(district_staff)

    assert titles(client.get(INBOX)) == []
    assert titles(client.get(INBOX, {"congress": world.city_congress.pk})) == []
    assert client.get(review_url(city_item)).status_code == 404
    before = snapshot(city_item)
    response = client.post(review_url(city_item), {"action": "accept"})
    assert response.status_code == 404
    assert snapshot(city_item) == before


@pytest.mark.parametrize(
    "role", ["leader", "deputy", "unit_staff", "station_chief", "liaison_officer"]
)
def test_refused_roles_get_403_on_inbox_and_review(
    request, client, world, deputy, committee_staff, role
):
    item = submitted(world, deputy)
    client.force_login(request.getfixturevalue(role))
    before = snapshot(item)

    assert client.get(INBOX).status_code == 403
    assert client.get(review_url(item)).status_code == 403
    assert client.post(review_url(item), {"action": "accept"}).status_code == 403
    assert snapshot(item) == before


def test_anonymous_is_sent_to_login(client, world, deputy):
    item = submitted(world, deputy)
    for url in (INBOX, review_url(item)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# Review actions ---------------------------------------------------------------------


def test_accept_then_routing_panel_proposes_units(
    client, world, deputy, committee_staff, transport_unit
):
    item = submitted(world, deputy)
    client.force_login(committee_staff)

    page = client.get(review_url(item))
    assert page.status_code == 200
    assert "立案" in text(page)
    assert "不予立案的建议转作来信处理" in text(page)

    response = client.post(review_url(item), {"action": "accept"}, follow=True)

    item.refresh_from_db()
    assert item.status == SuggestionStatus.ACCEPTED
    assert "已立案" in text(response)
    rows = response.context["assign"]["proposed_rows"]
    assert [(row["unit"], row["role"]) for row in rows] == [
        (transport_unit, AssignmentRole.LEAD)
    ]
    assert f'name="role_{transport_unit.pk}"' in text(response)


def test_accept_in_wrong_state_shows_the_reason_and_changes_nothing(
    client, world, deputy, committee_staff
):
    item = accepted(world, deputy, committee_staff)
    client.force_login(committee_staff)
    before = snapshot(item)

    response = client.post(review_url(item), {"action": "accept"})

    assert response.status_code == 409
    assert "该建议当前状态为“已立案”，不能立案。" in text(response)
    assert snapshot(item) == before


def test_unknown_action_is_refused(client, world, deputy, committee_staff):
    item = submitted(world, deputy)
    client.force_login(committee_staff)
    before = snapshot(item)

    response = client.post(review_url(item), {"action": "delete"})

    assert response.status_code == 400
    assert "无法识别的操作" in text(response)
    assert snapshot(item) == before


def test_return_for_clarification_needs_a_reason(
    client, world, deputy, committee_staff
):
    item = submitted(world, deputy)
    client.force_login(committee_staff)
    before = snapshot(item)

    refused = client.post(review_url(item), {"action": "return", "reason": "  "})

    assert refused.status_code == 400
    assert "请填写退回修改的说明。" in text(refused)
    assert snapshot(item) == before

    done = client.post(
        review_url(item), {"action": "return", "reason": "请补充具体路段。"}
    )

    assert done.status_code == 302
    assert done["Location"].startswith(INBOX)
    item.refresh_from_db()
    assert item.status == SuggestionStatus.RETURNED_FOR_CLARIFICATION
    assert item.clarification_note == "请补充具体路段。"


def test_reject_needs_a_reason_and_goes_on_as_a_letter(
    client, world, deputy, committee_staff
):
    item = submitted(world, deputy)
    client.force_login(committee_staff)
    before = snapshot(item)

    refused = client.post(review_url(item), {"action": "reject", "reason": ""})

    assert refused.status_code == 400
    assert "请填写不予立案的理由。" in text(refused)
    assert snapshot(item) == before

    done = client.post(
        review_url(item),
        {"action": "reject", "reason": "属于个人诉求，转信访渠道。"},
        follow=True,
    )

    item.refresh_from_db()
    assert item.status == SuggestionStatus.REJECTED
    assert item.reject_reason == "属于个人诉求，转信访渠道。"
    assert "不予立案，已转来信处理" in text(done)


def test_reject_after_another_clerk_accepted_is_a_conflict(
    client, world, deputy, committee_staff
):
    item = accepted(world, deputy, committee_staff)
    client.force_login(committee_staff)
    before = snapshot(item)

    response = client.post(review_url(item), {"action": "reject", "reason": "重复"})

    assert response.status_code == 409
    assert "不能不予立案" in text(response)
    assert snapshot(item) == before


def test_merge_into_an_accepted_item_found_by_search(
    client, world, deputy, committee_staff
):
    primary = accepted(world, deputy, committee_staff, title="关于东吉大路拥堵的建议")
    accepted(world, deputy, committee_staff, title="关于学校食堂的建议")
    item = submitted(world, deputy, title="东吉大路早高峰堵车")
    client.force_login(committee_staff)

    found = client.get(review_url(item), {"merge_q": "东吉"})

    assert [c.title for c in found.context["merge_candidates"]] == [primary.title]

    response = client.post(review_url(item), {"action": "merge", "primary": primary.pk})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.merged_into_id == primary.pk


def test_merge_refuses_an_item_not_offered(client, world, deputy, committee_staff):
    not_accepted = submitted(world, deputy, title="还未立案的")
    item = submitted(world, deputy)
    client.force_login(committee_staff)
    before = snapshot(item)

    for primary in ("", not_accepted.pk, item.pk, 999999):
        response = client.post(
            review_url(item), {"action": "merge", "primary": primary}
        )
        assert response.status_code == 400
        assert "主建议" in text(response)
    assert snapshot(item) == before


def test_mark_key_with_a_leadership_overseer(
    client, world, deputy, committee_staff, leader
):
    director = committee_member(world, role=MemberRole.DIRECTOR, user=leader)
    plain = committee_member(world, role=MemberRole.MEMBER, deputy=world.deputy_city_a)
    item = accepted(world, deputy, committee_staff)
    client.force_login(committee_staff)
    before = snapshot(item)

    refused = client.post(
        review_url(item),
        {"action": "key", "overseer": plain.pk, "source": KeySource.STAFF},
    )

    assert refused.status_code == 400
    assert "须为本级人大常委会班子成员" in text(refused)
    assert snapshot(item) == before

    without_meeting = client.post(
        review_url(item),
        {
            "action": "key",
            "overseer": director.pk,
            "source": KeySource.CHAIRPERSONS_MEETING,
        },
    )

    assert without_meeting.status_code == 400
    assert "请选择确定重点建议的主任会议" in text(without_meeting)
    assert snapshot(item) == before

    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 3, 1), actor=committee_staff
    )
    done = client.post(
        review_url(item),
        {
            "action": "key",
            "overseer": director.pk,
            "source": KeySource.CHAIRPERSONS_MEETING,
            "chairpersons_meeting": held.pk,
        },
    )

    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.is_key, item.oversight, item.key_source) == (
        True,
        director,
        KeySource.CHAIRPERSONS_MEETING,
    )
    assert item.chairpersons_decision.meeting == held
    assert item.chairpersons_decision.subject == item
    page = text(client.get(review_url(item)))
    assert reverse("meetings:decisions", args=[held.pk]) in page


def test_key_panel_says_when_no_leadership_is_recorded(
    client, world, deputy, committee_staff
):
    item = accepted(world, deputy, committee_staff)
    client.force_login(committee_staff)

    response = client.get(review_url(item))

    assert "尚未录入班子成员" in text(response)


# Routing and assignment ---------------------------------------------------------------


def test_assign_to_a_proposed_lead_and_a_joint_unit(
    client, world, deputy, committee_staff, transport_unit
):
    item = accepted(world, deputy, committee_staff)
    client.force_login(committee_staff)

    response = client.post(
        review_url(item),
        {
            "action": "assign",
            f"role_{transport_unit.pk}": AssignmentRole.LEAD,
            f"role_{world.unit_city.pk}": AssignmentRole.JOINT,
            f"role_{world.unit_xian.pk}": "",
        },
        follow=True,
    )

    item.refresh_from_db()
    assert item.status == SuggestionStatus.ASSIGNED
    assert set(item.assignments.values_list("handling_unit_id", "role", "status")) == {
        (transport_unit.pk, AssignmentRole.LEAD, AssignmentStatus.ASSIGNED),
        (world.unit_city.pk, AssignmentRole.JOINT, AssignmentStatus.ASSIGNED),
    }
    body = text(response)
    assert "已交办" in body
    assert "交办情况" in body


def test_assign_without_an_answering_unit_is_refused(
    client, world, deputy, committee_staff
):
    item = accepted(world, deputy, committee_staff)
    client.force_login(committee_staff)
    before = snapshot(item)

    nothing = client.post(review_url(item), {"action": "assign"})
    joint_only = client.post(
        review_url(item),
        {"action": "assign", f"role_{world.unit_city.pk}": AssignmentRole.JOINT},
    )

    assert nothing.status_code == 400
    assert "请选择承办单位。" in text(nothing)
    assert joint_only.status_code == 400
    assert "请至少指定一个主办（或分办）单位。" in text(joint_only)
    # The refused picks are shown again.
    assert joint_only.context["assign"]["region_groups"][0]["picked"] == 1
    assert snapshot(item) == before


def test_assign_refuses_a_unit_outside_the_congress_area_or_a_bad_role(
    client, world, deputy, committee_staff
):
    other_city = RegionFactory(
        code="220200", name="吉林市", kind=RegionKind.CITY, parent=world.province
    )
    outside = HandlingUnitFactory(
        name="吉林市交通运输局", level=Level.MUNICIPAL, region=other_city
    )
    item = accepted(world, deputy, committee_staff)
    client.force_login(committee_staff)
    before = snapshot(item)

    outside_unit = client.post(
        review_url(item), {"action": "assign", f"role_{outside.pk}": "LEAD"}
    )
    bad_role = client.post(
        review_url(item), {"action": "assign", f"role_{world.unit_city.pk}": "BOSS"}
    )

    assert outside_unit.status_code == 400
    assert "不在该人大的行政区域内" in text(outside_unit)
    assert bad_role.status_code == 400
    assert "承办方式无效" in text(bad_role)
    assert snapshot(item) == before


def test_concurrent_assignment_loser_sees_conflict_and_current_assignments(
    client, world, deputy, committee_staff, transport_unit
):
    other_clerk = user_with(
        Role.COMMITTEE_STAFF, "staff2", congress=world.city_congress
    )
    item = accepted(world, deputy, committee_staff)
    # Both clerks open the routing panel while the item is accepted.
    client.force_login(other_clerk)
    assert "确认交办" in text(client.get(review_url(item)))
    client.force_login(committee_staff)
    won = client.post(
        review_url(item),
        {"action": "assign", f"role_{world.unit_city.pk}": AssignmentRole.LEAD},
    )
    assert won.status_code == 302

    client.force_login(other_clerk)
    before = snapshot(item)
    lost = client.post(
        review_url(item),
        {"action": "assign", f"role_{transport_unit.pk}": AssignmentRole.LEAD},
    )

    assert lost.status_code == 409
    body = text(lost)
    assert "该建议已由其他工作人员交办，请刷新页面查看交办情况。" in body
    assert "辽源市交通运输局（主办）" in body  # what the loser picked, not saved
    assert [a.handling_unit for a in lost.context["assignments"]] == [world.unit_city]
    assert snapshot(item) == before


def test_item_returned_as_misrouted_comes_back_with_the_reason(
    client, world, deputy, committee_staff, unit_staff
):
    item, [assignment] = assigned(world, deputy, committee_staff)
    services.assignment_return(
        assignment=assignment,
        reason="应由交通部门办理",
        actor=unit_staff,
        now=moment(2025, 3, 4),
    )
    client.force_login(committee_staff)

    response = client.get(review_url(item))

    body = text(response)
    assert "承办单位退回" in body
    assert "应由交通部门办理" in body
    assert "确认交办" in body
    # The unit that returned it is not pre-picked again.
    rows = [
        row
        for group in response.context["assign"]["region_groups"]
        for row in group["rows"]
    ]
    returned_row = next(row for row in rows if row["unit"] == world.unit_city)
    assert returned_row["returned"]
    assert returned_row["role"] == ""

    again = client.post(
        review_url(item),
        {"action": "assign", f"role_{world.unit_xian.pk}": AssignmentRole.LEAD},
    )
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.status == SuggestionStatus.ASSIGNED
    assert Assignment.objects.filter(
        suggestion=item, handling_unit=world.unit_xian, status=AssignmentStatus.ASSIGNED
    ).exists()


def test_admin_may_act_on_any_congress(client, world, deputy, system_admin):
    item = submitted(world, deputy)
    client.force_login(system_admin)

    assert client.get(INBOX).status_code == 200
    response = client.post(review_url(item), {"action": "accept"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == SuggestionStatus.ACCEPTED


def test_success_redirects_to_a_safe_next_page_only(
    client, world, deputy, committee_staff
):
    first = submitted(world, deputy)
    second = submitted(world, deputy)
    client.force_login(committee_staff)
    detail = reverse("suggestions:detail", args=[first.pk])

    safe = client.post(review_url(first), {"action": "accept", "next": detail})
    unsafe = client.post(
        review_url(second), {"action": "accept", "next": "https://evil.example/"}
    )

    assert safe["Location"] == detail
    assert unsafe["Location"] == review_url(second)


def test_staff_panel_is_registered_for_the_detail_page(
    world, deputy, committee_staff, leader
):
    from renda.suggestions.panels import panels_for

    item = submitted(world, deputy)

    staff_panels = [p.template_name for p in panels_for(committee_staff, item)]
    leader_panels = [p.template_name for p in panels_for(leader, item)]

    assert "suggestions/staff_panel.html" in staff_panels
    assert "suggestions/staff_panel.html" not in leader_panels


def test_unit_staff_of_the_item_still_may_not_review(
    client, world, deputy, committee_staff
):
    item, _assignments = assigned(world, deputy, committee_staff)
    clerk = unit_user(world.unit_city, "city_unit")
    client.force_login(clerk)

    assert client.get(review_url(item)).status_code == 403


def test_detail_page_carries_the_staff_panel_and_acts_from_it(
    client, world, deputy, committee_staff, leader
):
    item = submitted(world, deputy)
    detail = reverse("suggestions:detail", args=[item.pk])
    client.force_login(committee_staff)

    page = client.get(detail)

    assert page.status_code == 200
    body = text(page)
    assert f'action="{review_url(item)}"' in body
    assert f'<input type="hidden" name="next" value="{detail}">' in body

    done = client.post(review_url(item), {"action": "accept", "next": detail})

    assert done["Location"] == detail
    item.refresh_from_db()
    assert item.status == SuggestionStatus.ACCEPTED
    client.force_login(leader)
    assert review_url(item) not in text(client.get(detail))


def test_unicode_digits_in_posted_ids_answer_without_a_500(
    client, committee_staff, deputy, world
):
    # "²".isdigit() is true, but it is no id: the forms must say so, not crash.
    from renda.suggestions.tests import factories

    client.force_login(committee_staff)
    suggestion = factories.accepted(world, deputy, committee_staff)

    assign = client.post(
        reverse("suggestions:staff_review", args=[suggestion.pk]),
        {"action": "assign", "role_²": "LEAD"},
    )
    extension = client.post(reverse("suggestions:staff_extensions"), {"extension": "²"})

    assert assign.status_code in (200, 400)
    assert extension.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == "ACCEPTED"
