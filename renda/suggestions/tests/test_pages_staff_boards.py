"""The overdue board, extension requests, the congress's list and the leader's key items."""

import datetime as dt

import pytest
from django.urls import reverse

from renda.congresses.choices import MemberRole
from renda.core.errors import ApplicationError
from renda.legal_calendar.calendar import due_date
from renda.suggestions import rules, services
from renda.suggestions.choices import (
    AssignmentRole,
    Channel,
    ExtensionStatus,
    SuggestionStatus,
)
from renda.suggestions.models import Assignment
from renda.suggestions.views import staff as views_staff

from .factories import (
    START,
    accepted,
    assigned,
    committee_member,
    moment,
    reply,
    snapshot,
    submitted,
    unit_user,
)

OVERDUE = reverse("suggestions:staff_overdue")
EXTENSIONS = reverse("suggestions:staff_extensions")
LIST = reverse("suggestions:staff_list")
LEADER_KEY = reverse("suggestions:leader_key")
REFUSED = ["deputy", "unit_staff", "station_chief", "liaison_officer"]


def text(response) -> str:
    return response.content.decode()


def set_today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(views_staff, "today", lambda: day)


# Overdue board --------------------------------------------------------------------


@pytest.fixture
def board(world, deputy, committee_staff, unit_staff, monkeypatch):
    """One item 1 day overdue (city unit), one due soon (西安区), others not shown."""
    late, [late_assignment] = assigned(world, deputy, committee_staff, title="已超期")
    soon, [soon_assignment] = assigned(
        world,
        deputy,
        committee_staff,
        title="即将到期",
        now=moment(2025, 3, 5),
        units=[(world.unit_xian, AssignmentRole.LEAD)],
    )
    assigned(world, deputy, committee_staff, title="期限还早", now=moment(2025, 4, 1))
    _answered, [answered] = assigned(world, deputy, committee_staff, title="已答复")
    reply(answered, unit_staff, now=moment(2025, 3, 10))
    day = late_assignment.due_at + dt.timedelta(days=1)
    assert 0 <= (soon_assignment.due_at - day).days <= rules.due_soon_days()
    set_today(monkeypatch, day)
    return {"late": late_assignment, "soon": soon_assignment, "today": day}


def test_overdue_board_groups_by_unit_with_days_and_counts(
    client, board, world, committee_staff
):
    client.force_login(committee_staff)

    response = client.get(OVERDUE)

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g["unit"] for g in groups] == [world.unit_city, world.unit_xian]
    [late_row] = groups[0]["rows"]
    [soon_row] = groups[1]["rows"]
    assert late_row["assignment"] == board["late"]
    assert (late_row["overdue"], late_row["days_overdue"]) == (True, 1)
    assert soon_row["overdue"] is False
    assert soon_row["days_left"] == (board["soon"].due_at - board["today"]).days
    assert (response.context["overdue_count"], response.context["soon_count"]) == (1, 1)
    body = text(response)
    assert "超期 1 天" in body
    assert "期限还早" not in body
    assert "已答复" not in body


def test_overdue_board_sorts_by_due_date_either_way(client, board, committee_staff):
    client.force_login(committee_staff)

    latest_first = client.get(OVERDUE, {"sort": "-due"})

    titles = [
        row["suggestion"].title
        for group in latest_first.context["groups"]
        for row in group["rows"]
    ]
    assert titles == ["即将到期", "已超期"]


def test_overdue_board_for_leaders_and_refused_roles(
    request, client, board, district_staff, leader
):
    client.force_login(leader)
    assert len(client.get(OVERDUE).context["groups"]) == 2
    client.force_login(district_staff)
    assert client.get(OVERDUE).context["groups"] == []
    for role in REFUSED:
        client.force_login(request.getfixturevalue(role))
        assert client.get(OVERDUE).status_code == 403


# Extension requests ---------------------------------------------------------------


@pytest.fixture
def pending(world, deputy, committee_staff, unit_staff):
    _item, [assignment] = assigned(world, deputy, committee_staff)
    return services.extension_request(
        assignment=assignment,
        months=2,
        reason="需协调省级资金",
        actor=unit_staff,
        now=moment(2025, 4, 1),
    )


def test_extension_requests_are_listed_for_staff(client, pending, committee_staff):
    client.force_login(committee_staff)

    response = client.get(EXTENSIONS)

    assert response.status_code == 200
    [row] = response.context["pending"]
    assert row["extension"] == pending
    assert row["months"] == [1, 2]
    assert "需协调省级资金" in text(response)


def test_approve_fewer_months_than_requested(client, pending, committee_staff):
    old_due = pending.assignment.due_at
    client.force_login(committee_staff)

    response = client.post(
        EXTENSIONS, {"extension": pending.pk, "decision": "approve", "months": 1}
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assignment = Assignment.objects.get(pk=pending.assignment_id)
    assert pending.status == ExtensionStatus.APPROVED
    assert pending.months == 1
    assert pending.old_due_at == old_due
    assert assignment.due_at == due_date(old_due, months=1).due
    assert client.get(EXTENSIONS).context["pending"] == []


def test_approve_more_than_requested_is_refused(client, pending, committee_staff):
    client.force_login(committee_staff)
    before = snapshot(pending.assignment.suggestion)

    response = client.post(
        EXTENSIONS, {"extension": pending.pk, "decision": "approve", "months": 3}
    )

    assert response.status_code == 400
    assert "批准的延期月数不能超过申请的 2 个月。" in text(response)
    pending.refresh_from_db()
    assert (pending.status, pending.months) == (ExtensionStatus.PENDING, 2)
    assert snapshot(pending.assignment.suggestion) == before


def test_refuse_needs_a_reason(client, pending, committee_staff):
    client.force_login(committee_staff)
    before = snapshot(pending.assignment.suggestion)

    refused = client.post(EXTENSIONS, {"extension": pending.pk, "decision": "refuse"})

    assert refused.status_code == 400
    assert "不批准延期时请填写理由。" in text(refused)
    assert snapshot(pending.assignment.suggestion) == before

    done = client.post(
        EXTENSIONS,
        {"extension": pending.pk, "decision": "refuse", "note": "请按期办理"},
    )

    assert done.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == (
        ExtensionStatus.DECLINED,
        "请按期办理",
    )


def test_deciding_twice_shows_the_conflict(client, pending, committee_staff):
    client.force_login(committee_staff)
    client.post(EXTENSIONS, {"extension": pending.pk, "decision": "approve"})
    before = snapshot(pending.assignment.suggestion)

    again = client.post(
        EXTENSIONS, {"extension": pending.pk, "decision": "refuse", "note": "不同意"}
    )

    assert again.status_code == 409
    assert "该延期申请已审批。" in text(again)
    pending.refresh_from_db()
    assert pending.status == ExtensionStatus.APPROVED
    assert snapshot(pending.assignment.suggestion) == before


def test_extension_of_another_congress_is_404_and_others_403(
    request, client, pending, district_staff, leader
):
    client.force_login(district_staff)
    assert client.get(EXTENSIONS).context["pending"] == []
    response = client.post(EXTENSIONS, {"extension": pending.pk, "decision": "approve"})
    assert response.status_code == 404
    assert client.post(EXTENSIONS, {"extension": "x"}).status_code == 404
    for role in ["leader", *REFUSED]:
        client.force_login(request.getfixturevalue(role))
        assert client.get(EXTENSIONS).status_code == 403
        assert (
            client.post(
                EXTENSIONS, {"extension": pending.pk, "decision": "approve"}
            ).status_code
            == 403
        )
    pending.refresh_from_db()
    assert pending.status == ExtensionStatus.PENDING


def test_extension_decide_service_checks_the_months(pending, committee_staff):
    for months, message in [
        (4, "延期月数须为 1 到 3 之间的整数。"),
        (3, "批准的延期月数不能超过申请的 2 个月。"),
    ]:
        with pytest.raises(ApplicationError) as error:
            services.extension_decide(
                extension=pending, approve=True, months=months, actor=committee_staff
            )
        assert (error.value.field, error.value.message) == ("months", message)
    pending.refresh_from_db()
    assert (pending.status, pending.months) == (ExtensionStatus.PENDING, 2)


# The congress's list --------------------------------------------------------------


@pytest.fixture
def listed(world, deputy, committee_staff, leader, monkeypatch):
    old = submitted(world, deputy, title="去年的建议", now=moment(2024, 5, 6))
    hotline = submitted(world, deputy, title="热线事项", channel=Channel.HOTLINE)
    late, [late_assignment] = assigned(world, deputy, committee_staff, title="超期的")
    key = accepted(world, deputy, committee_staff, title="重点的")
    director = committee_member(world, role=MemberRole.DIRECTOR, user=leader)
    services.suggestion_mark_key(
        suggestion=key, overseer=director, actor=committee_staff, now=START
    )
    set_today(monkeypatch, late_assignment.due_at + dt.timedelta(days=5))
    return {"old": old, "hotline": hotline, "late": late, "key": key}


def list_titles(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(s.title for s in response.context["page"].object_list)


def test_list_filters(client, world, listed, committee_staff):
    client.force_login(committee_staff)

    assert list_titles(client) == ["去年的建议", "热线事项", "超期的", "重点的"]
    assert list_titles(client, year=2024) == ["去年的建议"]
    assert list_titles(client, channel=Channel.HOTLINE) == ["热线事项"]
    assert list_titles(client, status=SuggestionStatus.ASSIGNED) == ["超期的"]
    assert list_titles(client, key_only="on") == ["重点的"]
    assert list_titles(client, overdue_only="on") == ["超期的"]
    assert list_titles(client, unit=world.unit_city.pk) == ["超期的"]
    assert list_titles(client, q="热线") == ["热线事项"]


def test_list_shows_overdue_and_key_badges_and_pages(
    client, listed, committee_staff, settings
):
    settings.RENDA_PAGE_SIZE = 2
    client.force_login(committee_staff)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == 2
    body = text(first) + text(second)
    assert '<span class="badge staff-badge-overdue">超期</span>' in body
    assert "重点建议 · 白玉晶督办" in body


def test_list_bad_filters_are_named_in_chinese(client, listed, committee_staff):
    client.force_login(committee_staff)

    response = client.get(LIST, {"year": "二〇二五", "unit": "999999"})

    body = text(response)
    assert "年度：请输入四位数的年份，如 2025。" in body
    assert "承办单位：所选承办单位无效或不在该人大的行政区域内。" in body


def test_list_for_leaders_other_congress_and_refused_roles(
    request, client, world, listed, leader, district_staff
):
    client.force_login(leader)
    assert len(list_titles(client)) == 4
    client.force_login(district_staff)
    assert list_titles(client) == []
    assert list_titles(client, congress=world.city_congress.pk) == []
    for role in REFUSED:
        client.force_login(request.getfixturevalue(role))
        assert client.get(LIST).status_code == 403


# Leader's key suggestions ---------------------------------------------------------


def test_leader_sees_the_key_items_they_oversee(
    client, world, listed, deputy, committee_staff, leader
):
    other_member = committee_member(
        world, role=MemberRole.DEPUTY_DIRECTOR, deputy=world.deputy_city_a
    )
    someone_elses = accepted(world, deputy, committee_staff, title="别人督办的")
    services.suggestion_mark_key(
        suggestion=someone_elses, overseer=other_member, actor=committee_staff
    )
    client.force_login(leader)

    response = client.get(LEADER_KEY)

    assert response.status_code == 200
    assert [s.title for s in response.context["items"]] == ["重点的"]
    assert reverse("suggestions:stats") in text(response)


def test_leader_key_page_refuses_other_roles(request, client, world, committee_staff):
    for role in ["committee_staff", *REFUSED]:
        client.force_login(request.getfixturevalue(role))
        assert client.get(LEADER_KEY).status_code == 403


def test_a_unit_clerk_is_refused_every_staff_page(client, world, deputy):
    clerk = unit_user(world.unit_xian, "xian_unit")
    client.force_login(clerk)

    for url in (OVERDUE, EXTENSIONS, LIST, LEADER_KEY):
        assert client.get(url).status_code == 403
