"""The 双联 rules as the source words them (issue 7, section 7).

- “固定与5名以上代表保持经常性联系”: a contact counts for a half-year only with a
  contact logged in it;
- “每个季度召开一次代表工作调度会”: on the rules dashboard and in its API;
- a 委员 named as a leader hears that they are not a leadership member.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.congresses.choices import MemberRole
from renda.liaison import rules
from renda.liaison.compliance import liaison_rules_report
from renda.liaison.models import DeputyContact
from renda.liaison.tests import dashboard_factories as make

from .factories import member

pytestmark = pytest.mark.django_db

AFTER_2020 = dt.date(2021, 3, 1)


def _report(world, *, half="H2", today=AFTER_2020):
    return liaison_rules_report(
        congress=world.city_congress, year=2020, half=half, today=today
    )


# 保持经常性联系 -------------------------------------------------------------------


def test_an_assigned_contact_without_a_log_in_the_half_year_does_not_count(world):
    logged = make.leader_member(world, role=MemberRole.DIRECTOR)
    silent = make.leader_member(world)
    make.kept_contacts(logged, 5, logged_on=dt.date(2020, 9, 1))
    # Five assigned, but only four contacted in the second half of 2020; the
    # fifth was contacted only in the first half.
    contacts = make.kept_contacts(silent, 4, logged_on=dt.date(2020, 9, 1))
    [fifth] = make.contacts(silent, 1)
    make.contact_log(fifth, dt.date(2020, 3, 1))

    rule = _report(world).rule(rules.LEADER_CONTACTS)

    assert rule.broken_ids() == {silent.pk}
    [item] = rule.broken
    assert (item.value, item.extra) == (4, 5)
    assert "有联系记录的4名" in item.note
    assert len(contacts) == 4
    assert _report(world, half="H1").rule(rules.LEADER_CONTACTS).broken_ids() == {
        logged.pk,
        silent.pk,
    }


def test_while_the_half_year_runs_unlogged_contacts_put_a_leader_at_risk(world):
    leader = make.leader_member(world)
    make.contacts(leader, 5)

    rule = _report(world, today=dt.date(2020, 9, 1)).rule(rules.LEADER_CONTACTS)

    assert rule.broken == []
    assert rule.at_risk_ids() == {leader.pk}


def test_a_late_contact_log_counts_only_once_confirmed(world, committee_staff):
    from renda.liaison import services

    leader = make.leader_member(world)
    contacts = make.kept_contacts(leader, 4, logged_on=dt.date(2020, 9, 1))
    [fifth] = make.contacts(leader, 1)
    late = make.contact_log(fifth, dt.date(2020, 12, 1), late=True)

    before = _report(world).rule(rules.LEADER_CONTACTS)
    services.late_entry_confirm(
        kind="contact-log",
        entry=late,
        reason="年底走访，记录迟交",
        actor=committee_staff,
    )
    after = _report(world).rule(rules.LEADER_CONTACTS)

    assert before.broken_ids() == {leader.pk}
    assert [item.confirmed for item in before.late] == [False]
    assert after.broken == []
    assert [item.confirmed for item in after.late] == [True]
    assert len(contacts) == 4


# 工作调度会 -------------------------------------------------------------------------


def test_a_quarter_without_its_coordination_meeting_breaks_the_rule(world):
    make.standing_committee(world)
    make.coordination(world.city_congress, 2020, 3, dt.date(2020, 9, 10))

    h2 = _report(world).rule(rules.COORDINATION_MEETINGS)
    h1 = _report(world, half="H1").rule(rules.COORDINATION_MEETINGS)
    running = _report(world, today=dt.date(2020, 11, 1)).rule(
        rules.COORDINATION_MEETINGS
    )

    assert h2.broken_ids() == {4}
    assert (h2.total, h2.kept) == (2, 1)
    assert h1.broken_ids() == {1, 2}
    assert running.broken == []
    assert running.at_risk_ids() == {4}


def test_a_congress_without_a_standing_committee_convenes_none(world):
    rule = liaison_rules_report(
        congress=world.longshan_congress, year=2020, half="H2", today=AFTER_2020
    ).rule(rules.COORDINATION_MEETINGS)

    assert (rule.total, rule.broken) == (0, [])


def test_the_coordination_rule_is_on_the_dashboard_page_and_in_its_api(
    client, committee_staff, world
):
    make.standing_committee(world)
    make.coordination(world.city_congress, 2020, 3, dt.date(2020, 9, 10))
    client.force_login(committee_staff)
    query = {"congress": world.city_congress.pk, "year": 2020, "half": "H2"}

    page = client.get(reverse("liaison:dashboard"), query)
    api = client.get("/api/v1/liaison/rules", query)

    html = page.content.decode()
    assert 'id="rule-coordination_meetings"' in html
    assert "2020年第四季度未召开代表工作调度会" in html
    [rule] = [r for r in api.json()["rules"] if r["key"] == "coordination_meetings"]
    assert [item["object_id"] for item in rule["broken"]] == [4]
    assert rule["broken"][0]["label"] == "2020年第四季度"
    assert rule["threshold"] == 1


# 委员 named as a leader --------------------------------------------------------------


def test_a_committee_member_named_as_leader_in_the_api_hears_why(
    client, world, committee_staff
):
    plain = member(world, role=MemberRole.MEMBER)
    client.force_login(committee_staff)

    response = client.post(
        "/api/v1/liaison/contacts",
        {"leader": plain.pk, "deputy": world.deputy_city_a.pk},
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "leader"
    assert "不是常委会班子成员" in body["message"]
    assert "不存在" not in body["message"]
    assert not DeputyContact.objects.exists()


def test_a_seat_outside_the_scope_is_still_unknown(client, world, district_staff):
    plain = member(world, role=MemberRole.MEMBER)
    client.force_login(district_staff)

    response = client.post(
        "/api/v1/liaison/contacts",
        {"leader": plain.pk, "deputy": world.deputy_city_a.pk},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "不在您的工作范围内" in response.json()["message"]


def test_the_leaders_page_counts_only_contacts_logged_in_the_half_year(
    client, world, leader, monkeypatch
):
    from renda.liaison import services
    from renda.liaison.tests.factories import TODAY, contact

    from .test_records_pages import _city_deputies

    seat = member(world, user=leader)
    deputies = [world.deputy_city_a, world.deputy_longshan, world.deputy_xian]
    found = [contact(seat, d, leader) for d in deputies + _city_deputies(world, 2)]
    services.contact_log_record(
        contact=found[0],
        date=dt.date(2024, 6, 3),
        kind="CALL",
        actor=leader,
        today=TODAY,
    )
    monkeypatch.setattr("renda.liaison.views.contacts.today", lambda: TODAY)
    client.force_login(leader)

    response = client.get(reverse("liaison:my_contacts"))

    [summary] = response.context["summaries"]
    assert (summary.count, summary.kept) == (5, 1)
    html = response.content.decode()
    assert "5/5 ✓" in html
    assert "本半年有联系记录 1/5 未达到" in html
    assert "达到要求" not in html
