"""双联 record pages per role: what each sees, what a write does, what a refusal says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.deputies.tests.factories import DeputyFactory, MandateFactory
from renda.liaison import services
from renda.liaison.models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
)

from .factories import TODAY, contact, meeting, member

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _city_deputies(world, count):
    """``count`` more sitting city deputies."""
    names = ["李明", "赵刚", "钱红", "孙丽", "周强"]
    deputies = []
    for name in names[:count]:
        deputy = DeputyFactory(name=name)
        MandateFactory(deputy=deputy, term=world.city_term)
        deputies.append(deputy)
    return deputies


# Contacts -----------------------------------------------------------------------


def test_leader_sees_own_contacts_against_the_rule(client, world, leader):
    seat = member(world, user=leader)
    found = contact(seat, world.deputy_city_a, leader)
    contact(seat, world.deputy_longshan, leader)
    contact(seat, world.deputy_xian, leader)
    services.contact_log_record(
        contact=found, date=dt.date(2024, 6, 3), kind="CALL", actor=leader, today=TODAY
    )
    client.force_login(leader)

    response = client.get(reverse("liaison:my_contacts"))

    text = _text(response)
    assert response.status_code == 200
    assert "3/5 未达到" in text
    assert "丁照民" in text
    assert "上次联系 2024-06-03" in text
    assert "尚无联系记录" in text


def test_five_contacts_show_the_rule_met(client, world, leader):
    seat = member(world, user=leader)
    for deputy in [world.deputy_city_a, world.deputy_longshan, world.deputy_xian]:
        contact(seat, deputy, leader)
    for deputy in _city_deputies(world, 2):
        contact(seat, deputy, leader)
    client.force_login(leader)

    text = _text(client.get(reverse("liaison:my_contacts")))

    assert "5/5 ✓" in text


def test_leader_without_a_seat_gets_an_explanation(client, world, leader):
    client.force_login(leader)

    response = client.get(reverse("liaison:my_contacts"))

    assert response.status_code == 200
    assert "尚未关联常委会班子成员" in _text(response)


def test_leader_logs_a_contact_from_the_phone(client, world, leader):
    seat = member(world, user=leader)
    found = contact(seat, world.deputy_city_a, leader)
    client.force_login(leader)
    day = timezone.localdate()

    response = client.post(
        reverse("liaison:contact_detail", args=[found.pk]),
        {"kind": "VISIT", "date": day.isoformat(), "opinions": "希望改善小区路灯"},
    )

    assert response.status_code == 302
    log = ContactLog.objects.get()
    assert (log.contact, log.date, log.kind) == (found, day, "VISIT")
    assert log.opinions == "希望改善小区路灯"


def test_a_log_dated_tomorrow_is_refused_on_the_page(client, world, leader):
    found = contact(member(world, user=leader), world.deputy_city_a, leader)
    client.force_login(leader)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client.post(
        reverse("liaison:contact_detail", args=[found.pk]),
        {"kind": "CALL", "date": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    assert "联系日期不能晚于今天" in _text(response)
    assert not ContactLog.objects.exists()


def test_a_malformed_date_names_the_field(client, world, leader):
    found = contact(member(world, user=leader), world.deputy_city_a, leader)
    client.force_login(leader)

    response = client.post(
        reverse("liaison:contact_detail", args=[found.pk]),
        {"kind": "CALL", "date": "2024-13-45"},
    )

    assert response.status_code == 400
    assert "联系日期格式应为 YYYY-MM-DD。" in _text(response)
    assert not ContactLog.objects.exists()


def test_the_contacted_deputy_reads_but_may_not_log(
    client, world, committee_staff, deputy
):
    found = contact(member(world), world.deputy_city_a, committee_staff)
    client.force_login(deputy)

    page = client.get(reverse("liaison:contact_detail", args=[found.pk]))
    post = client.post(
        reverse("liaison:contact_detail", args=[found.pk]),
        {"kind": "CALL", "date": "2024-06-01"},
    )

    assert page.status_code == 200
    assert "记录一次联系" not in _text(page)
    assert post.status_code == 403
    assert not ContactLog.objects.exists()


def test_deputy_sees_the_leaders_in_contact(client, world, committee_staff, deputy):
    contact(member(world), world.deputy_city_a, committee_staff)
    client.force_login(deputy)

    text = _text(client.get(reverse("liaison:my_leaders")))

    assert "白玉晶" in text
    assert "副主任" in text


def test_staff_see_all_leaders_with_counts(client, world, committee_staff):
    seat = member(world)
    contact(seat, world.deputy_city_a, committee_staff)
    client.force_login(committee_staff)

    response = client.get(reverse("liaison:contacts"))

    text = _text(response)
    assert "白玉晶" in text
    assert "1/5 未达到" in text
    assert "未达到不少于 5 名联系代表要求的 <strong>1</strong> 名" in text


def test_staff_assign_a_contact_found_by_initials(client, world, committee_staff):
    seat = member(world)
    client.force_login(committee_staff)

    options = client.get(
        reverse("liaison:contact_deputy_options", args=[seat.pk]), {"q": "dzm"}
    )
    response = client.post(
        reverse("liaison:leader_contacts", args=[seat.pk]),
        {"deputy": world.deputy_city_a.pk, "since": "2024-03-01"},
    )

    assert f'value="{world.deputy_city_a.pk}"' in _text(options)
    assert response.status_code == 302
    assert DeputyContact.objects.get().deputy == world.deputy_city_a


def test_a_duplicate_contact_gets_a_clear_message(client, world, committee_staff):
    seat = member(world)
    contact(seat, world.deputy_city_a, committee_staff)
    client.force_login(committee_staff)

    response = client.post(
        reverse("liaison:leader_contacts", args=[seat.pk]),
        {"deputy": world.deputy_city_a.pk, "since": "2024-03-01"},
    )

    assert response.status_code == 409
    assert "丁照民已是白玉晶的联系代表（自 2024-01-02 起），不能重复添加。" in _text(
        response
    )
    assert DeputyContact.objects.count() == 1


def test_a_garbled_deputy_id_is_a_form_error(client, world, committee_staff):
    seat = member(world)
    client.force_login(committee_staff)

    response = client.post(
        reverse("liaison:leader_contacts", args=[seat.pk]),
        {"deputy": "²", "since": "2024-03-01"},
    )

    assert response.status_code == 400
    assert "请从查找结果中选择一名代表。" in _text(response)
    assert not DeputyContact.objects.exists()


def test_staff_end_a_contact(client, world, committee_staff):
    found = contact(member(world), world.deputy_city_a, committee_staff)
    client.force_login(committee_staff)

    response = client.post(
        reverse("liaison:contact_end", args=[found.pk]), {"until": "2024-05-01"}
    )

    assert response.status_code == 302
    found.refresh_from_db()
    assert found.until == dt.date(2024, 5, 1)


def test_a_refused_end_keeps_the_date_typed(client, world, committee_staff):
    found = contact(member(world), world.deputy_city_a, committee_staff)
    client.force_login(committee_staff)
    # Another tab ended it meanwhile.
    services.deputy_contact_end(
        contact=found, until=dt.date(2024, 4, 1), actor=committee_staff
    )

    refused = client.post(
        reverse("liaison:contact_end", args=[found.pk]), {"until": "2024-05-01"}
    )

    html = _text(refused)
    assert refused.status_code == 409
    assert 'value="2024-05-01"' in html
    assert "该联系已于 2024-04-01 结束。" in html
    found.refresh_from_db()
    assert found.until == dt.date(2024, 4, 1)


def test_a_log_refused_after_the_contact_ended_keeps_the_opinions(
    client, world, committee_staff
):
    found = contact(member(world), world.deputy_city_a, committee_staff)
    client.force_login(committee_staff)
    # Another tab ended it meanwhile.
    services.deputy_contact_end(
        contact=found, until=dt.date(2024, 4, 1), actor=committee_staff
    )
    opinions = "代表反映辖区老旧小区加装电梯资金缺口较大，建议市级财政给予补助。"

    refused = client.post(
        reverse("liaison:contact_detail", args=[found.pk]),
        {"kind": "CALL", "date": "2024-05-01", "opinions": opinions},
    )

    html = _text(refused)
    assert refused.status_code == 400
    assert "该联系已于 2024-04-01 结束，联系日期不能晚于结束日期。" in html
    assert opinions in html
    assert not ContactLog.objects.exists()


# Group activities ---------------------------------------------------------------


def test_station_chief_records_an_activity_with_committee_members(
    client, world, station_chief
):
    director = member(world)
    client.force_login(station_chief)

    form = client.get(
        reverse("liaison:activity_new"), {"group": world.group_longshan.pk}
    )
    response = client.post(
        reverse("liaison:activity_new"),
        {
            "group": world.group_longshan.pk,
            "date": "2024-05-10",
            "topic": "社区养老服务调研",
            "place": "向阳街道联络站",
            "attendees": [world.deputy_city_a.pk],
            "committee_members": [director.pk],
            "summary": "",
        },
    )

    assert "白玉晶（副主任）" in _text(form)
    assert response.status_code == 302
    activity = GroupActivity.objects.get()
    assert list(activity.committee_members.all()) == [director]


def test_an_activity_without_topic_names_the_field(client, world, deputy):
    client.force_login(deputy)

    response = client.post(
        reverse("liaison:activity_new"),
        {"group": world.group_longshan.pk, "date": "2024-05-10", "topic": ""},
    )

    assert response.status_code == 400
    assert "请填写活动主题。" in _text(response)
    assert not GroupActivity.objects.exists()


def test_an_officer_of_another_station_may_not_record(client, world, liaison_officer):
    client.force_login(liaison_officer)

    response = client.post(
        reverse("liaison:activity_new"),
        {"group": world.group_longshan.pk, "date": "2024-05-10", "topic": "学习"},
    )

    assert response.status_code == 404
    assert not GroupActivity.objects.exists()


def test_activities_per_group_and_per_leader(client, world, committee_staff, leader):
    seat = member(world, user=leader)
    services.group_activity_record(
        group=world.group_longshan,
        date=dt.date(2024, 5, 10),
        topic="养老调研",
        committee_members=[seat],
        actor=committee_staff,
        today=TODAY,
    )
    services.group_activity_record(
        group=world.group_longshan,
        date=dt.date(2024, 5, 11),
        topic="小组学习",
        actor=committee_staff,
        today=TODAY,
    )
    client.force_login(leader)

    per_group = _text(
        client.get(reverse("liaison:activities"), {"group": world.group_longshan.pk})
    )
    mine = _text(client.get(reverse("liaison:my_activities")))

    assert "养老调研" in per_group
    assert "小组学习" in per_group
    assert "养老调研" in mine
    assert "小组学习" not in mine


def test_deputy_sees_only_activities_attended_or_led(
    client, world, district_staff, deputy
):
    services.group_activity_record(
        group=world.group_xian,
        date=dt.date(2024, 5, 10),
        topic="西安区活动",
        actor=district_staff,
        today=TODAY,
    )
    client.force_login(deputy)

    text = _text(client.get(reverse("liaison:activities")))

    assert "西安区活动" not in text


# Committee meetings -------------------------------------------------------------


def test_staff_create_invite_and_see_the_rule_warning(client, world, committee_staff):
    member(world)  # the city committee exists
    client.force_login(committee_staff)

    created = client.post(
        reverse("liaison:meeting_new"),
        {"number": "15", "date": "2024-03-01", "agenda": "审议年度计划"},
    )
    found = world.city_term.standing_committee.meetings.get()
    invited = client.post(
        reverse("liaison:meeting_invite", args=[found.pk]),
        {"deputies": [world.deputy_city_a.pk]},
    )
    listing = _text(client.get(reverse("liaison:meetings")))

    assert created.status_code == 302
    assert invited.status_code == 302
    assert MeetingObserver.objects.get().deputy == world.deputy_city_a
    assert "列席代表 1 名（规则：不少于 3 名）" in listing
    assert "不足 3 名" in listing


def test_the_observer_search_finds_deputies_of_the_congress_only(
    client, world, committee_staff
):
    found = meeting(world, committee_staff)
    client.force_login(committee_staff)

    by_initials = _text(
        client.get(
            reverse("liaison:meeting_observer_options", args=[found.pk]), {"q": "byj"}
        )
    )
    district = _text(
        client.get(
            reverse("liaison:meeting_observer_options", args=[found.pk]), {"q": "wf"}
        )
    )

    assert f'value="{world.deputy_city_b.pk}"' in by_initials
    assert f'value="{world.deputy_xian.pk}"' not in district


def test_the_observer_search_keeps_the_deputies_already_ticked(
    client, world, committee_staff
):
    # Ticking deputies found by two searches: the second search keeps the
    # first one's ticks (each search used to replace the list, ticks and all).
    found = meeting(world, committee_staff)
    client.force_login(committee_staff)
    url = reverse("liaison:meeting_observer_options", args=[found.pk])

    second = client.get(url, {"q": "byj", "deputies": [world.deputy_city_a.pk]})
    outsider = client.get(url, {"q": "", "deputies": [world.deputy_xian.pk]})

    html = second.content.decode()
    assert f'value="{world.deputy_city_a.pk}" checked' in html
    assert f'value="{world.deputy_city_b.pk}">' in html
    # A deputy who may not observe this meeting is not made ticked by the query.
    assert f'value="{world.deputy_xian.pk}"' not in outsider.content.decode()


def test_staff_record_attendance_and_deputy_sees_the_invitation(
    client, world, committee_staff, deputy
):
    found = meeting(world, committee_staff)
    services.meeting_observers_invite(
        meeting=found,
        deputies=[world.deputy_city_a, world.deputy_city_b],
        actor=committee_staff,
    )
    client.force_login(committee_staff)

    response = client.post(
        reverse("liaison:meeting_attendance", args=[found.pk]),
        {"attended": [world.deputy_city_a.pk]},
    )
    client.force_login(deputy)
    mine = _text(client.get(reverse("liaison:my_meetings")))

    assert response.status_code == 302
    assert MeetingObserver.objects.get(deputy=world.deputy_city_a).attended is True
    assert MeetingObserver.objects.get(deputy=world.deputy_city_b).attended is False
    assert "常委会第1次会议" in mine
    assert "已出席" in mine


def test_a_refused_attendance_roll_keeps_the_ticks_and_records_nothing(
    client, world, committee_staff
):
    found = meeting(world, committee_staff)
    services.meeting_observers_invite(
        meeting=found,
        deputies=[world.deputy_city_a, world.deputy_city_b],
        actor=committee_staff,
    )
    withdrawn = MeetingObserver.objects.get(deputy=world.deputy_city_b)
    client.force_login(committee_staff)
    # Another tab withdrew one invitation while the roll was being ticked.
    services.meeting_observer_remove(observer=withdrawn, actor=committee_staff)

    refused = client.post(
        reverse("liaison:meeting_attendance", args=[found.pk]),
        {"attended": [world.deputy_city_a.pk, world.deputy_city_b.pk]},
    )

    html = _text(refused)
    assert refused.status_code == 400
    assert "出席名单中有未被邀请列席的代表。" in html
    assert f'name="attended" value="{world.deputy_city_a.pk}" checked>' in html
    assert MeetingObserver.objects.get().attended is None


def test_a_bad_attendance_roll_keeps_the_valid_ticks(client, world, committee_staff):
    found = meeting(world, committee_staff)
    services.meeting_observers_invite(
        meeting=found, deputies=[world.deputy_city_a], actor=committee_staff
    )
    client.force_login(committee_staff)

    refused = client.post(
        reverse("liaison:meeting_attendance", args=[found.pk]),
        {"attended": [world.deputy_city_a.pk, "99999999999999999999"]},
    )

    html = _text(refused)
    assert refused.status_code == 400
    assert "出席名单中有无效的选择，请重新勾选。" in html
    assert f'name="attended" value="{world.deputy_city_a.pk}" checked>' in html
    assert MeetingObserver.objects.get().attended is None


def test_a_roll_refused_for_a_meeting_without_observers_says_why(
    client, world, committee_staff
):
    found = meeting(world, committee_staff)
    client.force_login(committee_staff)

    refused = client.post(reverse("liaison:meeting_attendance", args=[found.pk]), {})

    assert refused.status_code == 400
    assert "该会议还没有邀请列席代表。" in _text(refused)


def test_a_refused_invitation_keeps_the_deputies_ticked_and_invites_no_one(
    client, world, committee_staff
):
    found = meeting(world, committee_staff)
    client.force_login(committee_staff)
    # Another tab invited one of them meanwhile.
    services.meeting_observers_invite(
        meeting=found, deputies=[world.deputy_city_b], actor=committee_staff
    )
    picked = [world.deputy_city_a, world.deputy_city_b]

    refused = client.post(
        reverse("liaison:meeting_invite", args=[found.pk]),
        {"deputies": [d.pk for d in picked]},
    )

    html = _text(refused)
    assert refused.status_code == 409
    assert f"{world.deputy_city_b.name}已在列席名单中。" in html
    for deputy in picked:
        assert f'name="deputies" value="{deputy.pk}" checked>' in html
    assert list(MeetingObserver.objects.values_list("deputy", flat=True)) == [
        world.deputy_city_b.pk
    ]


def test_an_invitation_with_no_one_ticked_says_so_on_the_page(
    client, world, committee_staff
):
    found = meeting(world, committee_staff)
    client.force_login(committee_staff)

    refused = client.post(reverse("liaison:meeting_invite", args=[found.pk]), {})

    assert refused.status_code == 400
    assert "请先查找并勾选要邀请列席的代表。" in _text(refused)
    assert not MeetingObserver.objects.exists()


def test_a_duplicate_meeting_number_is_a_form_error(client, world, committee_staff):
    meeting(world, committee_staff, number=3)
    client.force_login(committee_staff)

    response = client.post(
        reverse("liaison:meeting_new"),
        {"number": "3", "date": "2024-04-01", "agenda": "议程"},
    )

    assert response.status_code == 409
    assert "第3次会议已经登记，请核对会次。" in _text(response)


# Coordination meetings -----------------------------------------------------------


def test_coordination_by_year_shows_missing_quarters(client, world, committee_staff):
    client.force_login(committee_staff)

    created = client.post(
        reverse("liaison:coordination_new"),
        {
            "year": "2024",
            "quarter": "2",
            "date": "2024-04-15",
            "participants": [world.longshan_congress.pk],
            "minutes": "部署接待日",
        },
    )
    text = _text(client.get(reverse("liaison:coordination"), {"year": "2024"}))

    assert created.status_code == 302
    assert CoordinationMeeting.objects.get().quarter == 2
    assert "2024年尚未召开调度会的季度：第一季度、第三季度、第四季度" in text
    assert "2024-04-15" in text


def test_a_coordination_date_outside_the_quarter_is_refused(
    client, world, committee_staff
):
    client.force_login(committee_staff)

    response = client.post(
        reverse("liaison:coordination_new"),
        {"year": "2024", "quarter": "1", "date": "2024-04-15"},
    )

    assert response.status_code == 400
    assert "会议日期 2024-04-15 不在2024年第一季度内。" in _text(response)
    assert not CoordinationMeeting.objects.exists()


def test_a_quarter_recorded_meanwhile_answers_409_and_keeps_the_minutes(
    client, world, committee_staff
):
    # Given the form open while a colleague recorded the quarter's meeting.
    client.force_login(committee_staff)
    posted = {
        "year": "2024",
        "quarter": "2",
        "date": "2024-04-15",
        "participants": [world.longshan_congress.pk],
        "minutes": "部署接待日",
    }
    assert client.post(reverse("liaison:coordination_new"), posted).status_code == 302

    refused = client.post(
        reverse("liaison:coordination_new"), {**posted, "minutes": "通报联络站建设"}
    )

    assert refused.status_code == 409
    assert "2024年第二季度的调度会已经登记。" in _text(refused)
    assert "通报联络站建设" in _text(refused)
    assert CoordinationMeeting.objects.get().minutes == "部署接待日"


def test_district_staff_see_a_city_meeting_their_congress_attended(
    client, world, committee_staff, district_staff
):
    services.coordination_meeting_record(
        congress=world.city_congress,
        year=2024,
        quarter=2,
        date=dt.date(2024, 4, 15),
        participants=[world.xian_congress],
        actor=committee_staff,
        today=TODAY,
    )
    client.force_login(district_staff)

    text = _text(client.get(reverse("liaison:coordination"), {"year": "2024"}))

    assert "本级参加的其他人大调度会" in text
    assert "辽源市人大" in text
