"""Services of 双联 records: happy paths and refusals that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.congresses.choices import Level, MemberRole
from renda.congresses.tests.factories import CongressFactory, TermFactory
from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.core.models import ActionLog
from renda.deputies.tests.factories import DeputyFactory, MandateFactory
from renda.liaison import services
from renda.liaison.choices import ContactKind
from renda.liaison.models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
)
from renda.liaison.selectors import leader_contacts
from renda.meetings.models import CommitteeMeeting
from renda.regions.choices import RegionKind
from renda.regions.tests.factories import RegionFactory

from .factories import TODAY, contact, meeting, member

pytestmark = pytest.mark.django_db


def _outsider():
    """A deputy of a congress outside 辽源市 (通化市)."""
    region = RegionFactory(code="220500", name="通化市", kind=RegionKind.CITY)
    congress = CongressFactory(name="通化市人民代表大会", region=region)
    deputy = DeputyFactory(name="外地代表")
    MandateFactory(deputy=deputy, term=TermFactory(congress=congress))
    return deputy


# Contacts -------------------------------------------------------------------------


def test_staff_assigns_a_contact_and_it_is_audited(world, committee_staff):
    director = member(world)

    found = contact(director, world.deputy_longshan, committee_staff)

    assert found.leader == director
    assert found.deputy == world.deputy_longshan
    assert found.until is None
    log = ActionLog.objects.get(action="liaison.contact_assign")
    assert log.actor == committee_staff
    assert log.object_id == str(found.pk)


def test_leader_assigns_own_contact(world, leader):
    director = member(world, user=leader)

    found = contact(director, world.deputy_city_a, leader)

    assert found.leader_id == director.pk


def test_a_committee_member_who_is_not_leadership_is_refused(world, committee_staff):
    plain = member(world, role=MemberRole.MEMBER)

    with pytest.raises(ApplicationError) as caught:
        contact(plain, world.deputy_city_a, committee_staff)

    assert caught.value.field == "leader"
    assert "不是常委会班子成员" in caught.value.message
    assert not DeputyContact.objects.exists()


def test_a_deputy_outside_the_congress_area_is_refused(world, committee_staff):
    director = member(world)
    stranger = _outsider()

    with pytest.raises(ApplicationError) as caught:
        contact(director, stranger, committee_staff)

    assert caught.value.field == "deputy"
    assert (
        "外地代表不是辽源市人民代表大会或其区域内人大的在任代表" in caught.value.message
    )
    assert not DeputyContact.objects.exists()
    assert not ActionLog.objects.filter(action="liaison.contact_assign").exists()


def test_a_duplicate_active_contact_is_refused_clearly(world, committee_staff):
    director = member(world)
    contact(director, world.deputy_city_a, committee_staff)

    with pytest.raises(Conflict) as caught:
        contact(director, world.deputy_city_a, committee_staff)

    assert caught.value.code == "liaison.duplicate_contact"
    assert caught.value.message == (
        "丁照民已是白玉晶的联系代表（自 2024-01-02 起），不能重复添加。"
    )
    assert DeputyContact.objects.count() == 1


def test_an_ended_contact_may_be_taken_up_again(world, committee_staff):
    director = member(world)
    first = contact(director, world.deputy_city_a, committee_staff)
    services.deputy_contact_end(
        contact=first, actor=committee_staff, until=dt.date(2024, 3, 1), today=TODAY
    )

    again = contact(
        director, world.deputy_city_a, committee_staff, since=dt.date(2024, 4, 1)
    )

    assert again.pk != first.pk
    first.refresh_from_db()
    assert first.until == dt.date(2024, 3, 1)


def test_staff_of_another_congress_may_not_assign(world, district_staff):
    director = member(world)

    with pytest.raises(PermissionDenied):
        contact(director, world.deputy_city_a, district_staff)

    assert not DeputyContact.objects.exists()


def test_another_leader_may_not_assign_for_a_colleague(world, leader):
    director = member(world)  # not linked to the leader's account

    with pytest.raises(PermissionDenied):
        contact(director, world.deputy_city_a, leader)

    assert not DeputyContact.objects.exists()


def test_a_future_start_is_refused(world, committee_staff):
    director = member(world)

    with pytest.raises(ApplicationError) as caught:
        contact(
            director, world.deputy_city_a, committee_staff, since=TODAY.replace(day=21)
        )

    assert caught.value.field == "since"
    assert not DeputyContact.objects.exists()


def test_ending_before_the_start_is_refused(world, committee_staff):
    found = contact(member(world), world.deputy_city_a, committee_staff)

    with pytest.raises(ApplicationError) as caught:
        services.deputy_contact_end(
            contact=found,
            actor=committee_staff,
            until=dt.date(2023, 12, 1),
            today=TODAY,
        )

    assert caught.value.field == "until"
    found.refresh_from_db()
    assert found.until is None


def test_the_count_against_the_rule(world, committee_staff):
    director = member(world)
    for deputy in (world.deputy_city_a, world.deputy_longshan, world.deputy_xian):
        contact(director, deputy, committee_staff)

    summary = leader_contacts(director, on_date=TODAY)

    assert summary.count == 3
    assert summary.label == "3/5 未达到"
    assert not summary.meets_rule


# Contact logs -------------------------------------------------------------------


def test_leader_logs_a_visit(world, leader):
    director = member(world, user=leader)
    found = contact(director, world.deputy_city_a, leader)

    log = services.contact_log_record(
        contact=found,
        date=dt.date(2024, 6, 1),
        kind=ContactKind.VISIT,
        opinions="建议增设公交站点",
        actor=leader,
        today=TODAY,
    )

    assert log.recorded_by == leader
    assert log.opinions == "建议增设公交站点"
    assert ActionLog.objects.filter(
        action="liaison.contact_log", object_id=str(log.pk)
    ).exists()
    summary = leader_contacts(director, on_date=TODAY)
    assert summary.contacts[0].last_contact == dt.date(2024, 6, 1)


def test_a_log_dated_in_the_future_is_refused(world, leader):
    found = contact(member(world, user=leader), world.deputy_city_a, leader)

    with pytest.raises(ApplicationError) as caught:
        services.contact_log_record(
            contact=found,
            date=dt.date(2024, 6, 21),
            kind=ContactKind.CALL,
            actor=leader,
            today=TODAY,
        )

    assert caught.value.field == "date"
    assert caught.value.message == "联系日期不能晚于今天（2024-06-20）。"
    assert not ContactLog.objects.exists()


def test_a_log_with_an_unknown_kind_is_refused(world, leader):
    found = contact(member(world, user=leader), world.deputy_city_a, leader)

    with pytest.raises(ApplicationError) as caught:
        services.contact_log_record(
            contact=found,
            date=dt.date(2024, 6, 1),
            kind="EMAIL",
            actor=leader,
            today=TODAY,
        )

    assert caught.value.field == "kind"
    assert not ContactLog.objects.exists()


def test_the_contacted_deputy_may_not_log(world, committee_staff, deputy):
    found = contact(member(world), world.deputy_city_a, committee_staff)

    with pytest.raises(PermissionDenied):
        services.contact_log_record(
            contact=found,
            date=dt.date(2024, 6, 1),
            kind="CALL",
            actor=deputy,
            today=TODAY,
        )

    assert not ContactLog.objects.exists()


# Group activities ---------------------------------------------------------------


def test_station_chief_records_an_activity_of_a_group_at_the_station(
    world, station_chief
):
    director = member(world)

    activity = services.group_activity_record(
        group=world.group_longshan,
        date=dt.date(2024, 5, 10),
        topic="社区养老服务调研",
        place="向阳街道联络站",
        attendees=[world.deputy_city_a],
        committee_members=[director],
        summary="走访三处养老服务中心",
        actor=station_chief,
        today=TODAY,
    )

    assert list(activity.attendees.all()) == [world.deputy_city_a]
    assert list(activity.committee_members.all()) == [director]
    assert ActionLog.objects.filter(action="liaison.group_activity_record").count() == 1


def test_the_group_leader_records_the_group_activity(world, deputy):
    activity = services.group_activity_record(
        group=world.group_longshan,
        date=dt.date(2024, 5, 10),
        topic="小组学习",
        actor=deputy,
        today=TODAY,
    )

    assert activity.recorded_by == deputy


def test_station_staff_of_another_station_may_not_record(world, liaison_officer):
    with pytest.raises(PermissionDenied):
        services.group_activity_record(
            group=world.group_longshan,
            date=dt.date(2024, 5, 10),
            topic="小组学习",
            actor=liaison_officer,
            today=TODAY,
        )

    assert not GroupActivity.objects.exists()


def test_an_attendee_outside_the_group_is_refused(world, committee_staff):
    with pytest.raises(ApplicationError) as caught:
        services.group_activity_record(
            group=world.group_longshan,
            date=dt.date(2024, 5, 10),
            topic="小组学习",
            attendees=[world.deputy_city_b],
            actor=committee_staff,
            today=TODAY,
        )

    assert caught.value.field == "attendees"
    assert "白玉晶不是向阳街道代表小组的成员" in caught.value.message
    assert not GroupActivity.objects.exists()


def test_a_committee_member_of_another_congress_is_refused(world, district_staff):
    outsider = member(world)  # of the city committee; the group is 西安区's

    with pytest.raises(ApplicationError) as caught:
        services.group_activity_record(
            group=world.group_xian,
            date=dt.date(2024, 5, 10),
            topic="小组学习",
            committee_members=[outsider],
            actor=district_staff,
            today=TODAY,
        )

    assert caught.value.field == "committee_members"
    assert not GroupActivity.objects.exists()


def test_an_activity_in_the_future_or_without_topic_is_refused(world, committee_staff):
    with pytest.raises(ApplicationError) as future:
        services.group_activity_record(
            group=world.group_longshan,
            date=dt.date(2024, 7, 1),
            topic="小组学习",
            actor=committee_staff,
            today=TODAY,
        )
    with pytest.raises(ApplicationError) as blank:
        services.group_activity_record(
            group=world.group_longshan,
            date=dt.date(2024, 5, 1),
            topic="   ",
            actor=committee_staff,
            today=TODAY,
        )

    assert future.value.field == "date"
    assert blank.value.field == "topic"
    assert blank.value.message == "请填写活动主题。"
    assert not GroupActivity.objects.exists()


# Committee meetings --------------------------------------------------------------


def test_staff_create_a_meeting_invite_observers_and_record_attendance(
    world, committee_staff
):
    found = meeting(world, committee_staff)
    services.meeting_observers_invite(
        meeting=found,
        deputies=[world.deputy_city_a, world.deputy_city_b],
        actor=committee_staff,
    )

    services.meeting_attendance_record(
        meeting=found,
        attended_deputy_ids=[world.deputy_city_a.pk],
        actor=committee_staff,
        today=TODAY,
    )

    attended = dict(
        MeetingObserver.objects.filter(meeting=found).values_list(
            "deputy_id", "attended"
        )
    )
    assert attended == {world.deputy_city_a.pk: True, world.deputy_city_b.pk: False}
    assert set(
        ActionLog.objects.filter(action__startswith="liaison.").values_list(
            "action", flat=True
        )
    ) == {
        "liaison.meeting_create",
        "liaison.observers_invite",
        "liaison.attendance_record",
    }


def test_a_duplicate_meeting_number_is_refused(world, committee_staff):
    meeting(world, committee_staff, number=12)

    with pytest.raises(Conflict) as caught:
        meeting(world, committee_staff, number=12, date=dt.date(2024, 4, 1))

    assert caught.value.field == "number"
    assert "第12次会议已经登记" in caught.value.message
    assert CommitteeMeeting.objects.count() == 1


def test_a_district_deputy_may_not_observe_a_city_meeting(world, committee_staff):
    found = meeting(world, committee_staff)

    with pytest.raises(ApplicationError) as caught:
        services.meeting_observers_invite(
            meeting=found, deputies=[world.deputy_xian], actor=committee_staff
        )

    assert caught.value.field == "deputies"
    assert "王芳不是辽源市人民代表大会的在任代表" in caught.value.message
    assert not MeetingObserver.objects.exists()


def test_inviting_the_same_deputy_twice_is_refused(world, committee_staff):
    found = meeting(world, committee_staff)
    services.meeting_observers_invite(
        meeting=found, deputies=[world.deputy_city_a], actor=committee_staff
    )

    with pytest.raises(Conflict) as caught:
        services.meeting_observers_invite(
            meeting=found,
            deputies=[world.deputy_city_a, world.deputy_city_b],
            actor=committee_staff,
        )

    assert caught.value.message == "丁照民已在列席名单中。"
    assert MeetingObserver.objects.count() == 1


def test_attendance_before_the_meeting_is_refused(world, committee_staff):
    found = meeting(world, committee_staff, date=dt.date(2024, 7, 1))
    services.meeting_observers_invite(
        meeting=found, deputies=[world.deputy_city_a], actor=committee_staff
    )

    with pytest.raises(ApplicationError) as caught:
        services.meeting_attendance_record(
            meeting=found,
            attended_deputy_ids=[world.deputy_city_a.pk],
            actor=committee_staff,
            today=TODAY,
        )

    assert "会后才能登记出席情况" in caught.value.message
    assert MeetingObserver.objects.get().attended is None


def test_leaders_and_other_staff_may_not_create_meetings(world, leader, district_staff):
    for actor in (leader, district_staff):
        with pytest.raises(PermissionDenied):
            meeting(world, actor)

    assert not CommitteeMeeting.objects.exists()


def test_an_observer_is_removed_before_attendance(world, committee_staff):
    found = meeting(world, committee_staff)
    [observer] = services.meeting_observers_invite(
        meeting=found, deputies=[world.deputy_city_a], actor=committee_staff
    )

    services.meeting_observer_remove(observer=observer, actor=committee_staff)

    assert not MeetingObserver.objects.exists()


# Coordination meetings -----------------------------------------------------------


def test_staff_record_a_coordination_meeting(world, committee_staff):
    found = services.coordination_meeting_record(
        congress=world.city_congress,
        year=2024,
        quarter=2,
        date=dt.date(2024, 4, 15),
        participants=[world.longshan_congress, world.xian_congress],
        minutes="部署二季度接待日",
        actor=committee_staff,
        today=TODAY,
    )

    assert set(found.participants.all()) == {
        world.longshan_congress,
        world.xian_congress,
    }
    assert found.levels_present == ["设区的市", "县"]


def test_a_coordination_meeting_outside_its_quarter_is_refused(world, committee_staff):
    with pytest.raises(ApplicationError) as caught:
        services.coordination_meeting_record(
            congress=world.city_congress,
            year=2024,
            quarter=1,
            date=dt.date(2024, 4, 15),
            actor=committee_staff,
            today=TODAY,
        )

    assert caught.value.field == "date"
    assert caught.value.message == "会议日期 2024-04-15 不在2024年第一季度内。"
    assert not CoordinationMeeting.objects.exists()


def test_a_second_meeting_in_the_quarter_is_refused(world, committee_staff):
    values = {
        "congress": world.city_congress,
        "year": 2024,
        "quarter": 2,
        "date": dt.date(2024, 4, 15),
        "actor": committee_staff,
        "today": TODAY,
    }
    services.coordination_meeting_record(**values)

    with pytest.raises(Conflict):
        services.coordination_meeting_record(**values)

    assert CoordinationMeeting.objects.count() == 1


def test_a_same_level_participant_is_refused(world, district_staff):
    with pytest.raises(ApplicationError) as caught:
        services.coordination_meeting_record(
            congress=world.xian_congress,
            year=2024,
            quarter=2,
            date=dt.date(2024, 4, 15),
            participants=[world.longshan_congress],
            actor=district_staff,
            today=TODAY,
        )

    assert caught.value.field == "participants"
    assert not CoordinationMeeting.objects.exists()


def test_the_city_may_be_a_participant_of_a_district_meeting(world, district_staff):
    found = services.coordination_meeting_record(
        congress=world.xian_congress,
        year=2024,
        quarter=2,
        date=dt.date(2024, 4, 15),
        participants=[world.city_congress],
        actor=district_staff,
        today=TODAY,
    )

    assert list(found.participants.all()) == [world.city_congress]
    assert world.city_congress.level == Level.MUNICIPAL
