"""Each source of the duty archive, built through the other apps' real services:
listed once, in the right kind, pending until confirmed where the app says so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from renda.deputies.tests.factories import MandateFactory
from renda.duty.archive import archives_for, deputy_archive
from renda.duty.choices import ArchiveKind, SessionAttendanceStatus
from renda.duty.services.archive import (
    duty_record_add,
    duty_record_confirm,
    duty_record_reject,
    session_attendance_record,
)
from renda.duty.tests.factories_archive import (
    TODAY,
    YEAR,
    alerts_url_or_stub,
    inspection_joined,
    leadership_member,
    moment,
    reception_day_held,
    session_of,
    standing_committee,
)
from renda.liaison import services as liaison
from renda.meetings.choices import Attendance
from renda.meetings.services.meetings import attendance_record, meeting_create
from renda.receptions.choices import RequestSource
from renda.receptions.services.intake import public_request_create
from renda.suggestions.tests.factories import submitted
from renda.supervision.choices import Attendance as Took
from renda.supervision.choices import SupervisionKind
from renda.supervision.services.items import (
    item_create,
    participant_attendance_set,
    participants_invite,
    site_visit_record,
)

K = ArchiveKind


def _archive(world, deputy=None, congress=None, year=YEAR):
    return deputy_archive(
        deputy=deputy or world.deputy_city_a,
        congress=congress or world.city_congress,
        year=year,
    )


def _kinds(archive):
    return sorted((e.kind, e.pending) for e in archive.entries)


def test_sessions_list_attendance_leave_and_half_days_absent(
    world, committee_staff, monkeypatch
):
    alerts_url_or_stub(monkeypatch)
    first = session_of(world, number=1, start=dt.date(YEAR, 1, 10), days=3)
    session_attendance_record(
        session=first,
        deputy=world.deputy_city_a,
        status=SessionAttendanceStatus.PARTIAL,
        absent_half_days=2,
        actor=committee_staff,
    )
    session_attendance_record(
        session=first,
        deputy=world.deputy_city_b,
        status=SessionAttendanceStatus.LEAVE,
        reason="因公出国",
        actor=committee_staff,
    )

    archives = archives_for(
        congress=world.city_congress,
        year=YEAR,
        deputy_ids=[world.deputy_city_a.pk, world.deputy_city_b.pk],
    )

    a = archives[world.deputy_city_a.pk]
    assert _kinds(a) == [(K.SESSION_ABSENT, False), (K.SESSION_ATTENDED, False)]
    assert a.counts() == {K.SESSION_ATTENDED: 1, K.SESSION_ABSENT: Decimal(2)}
    b = archives[world.deputy_city_b.pk]
    assert [(e.kind, e.detail) for e in b.entries] == [(K.SESSION_LEAVE, "因公出国")]


def test_committee_meetings_attended_by_a_member_are_in_their_archive(
    world, committee_staff
):
    member = leadership_member(world)
    meeting = meeting_create(
        standing_committee=standing_committee(world),
        date=dt.date(YEAR, 2, 20),
        actor=committee_staff,
    )
    attendance_record(
        meeting=meeting, member=member, status=Attendance.PRESENT, actor=committee_staff
    )

    archive = _archive(world, world.deputy_city_b)

    assert _kinds(archive) == [(K.MEETING_ATTENDED, False)]


def test_a_meeting_observed_after_the_fact_is_pending_until_confirmed(
    world, committee_staff
):
    meeting = liaison.committee_meeting_create(
        standing_committee=standing_committee(world),
        number=3,
        date=dt.date(YEAR, 3, 1),
        agenda="审议报告",
        actor=committee_staff,
    )
    [observer] = liaison.meeting_observers_invite(
        meeting=meeting,
        deputies=[world.deputy_city_a],
        actor=committee_staff,
        now=moment(3, 5),
    )
    liaison.meeting_attendance_record(
        meeting=meeting,
        attended_deputy_ids=[world.deputy_city_a.pk],
        actor=committee_staff,
        today=dt.date(YEAR, 3, 5),
    )
    assert _kinds(_archive(world)) == [(K.MEETING_OBSERVED, True)]
    assert _archive(world).counts() == {}

    liaison.late_entry_confirm(
        kind="observer", entry=observer, reason="会前电话邀请", actor=committee_staff
    )

    assert _kinds(_archive(world)) == [(K.MEETING_OBSERVED, False)]


def test_suggestions_led_and_cosigned_are_each_listed_once(world, deputy):
    suggestion = submitted(
        world, deputy, now=moment(3, 3), cosigners=[world.deputy_city_b]
    )

    led = _archive(world)
    cosigned = _archive(world, world.deputy_city_b)

    assert [(e.kind, e.source) for e in led.entries] == [
        (K.SUGGESTION_LED, f"suggestions.suggestion:{suggestion.pk}")
    ]
    assert [(e.kind, e.source) for e in cosigned.entries] == [
        (K.SUGGESTION_COSIGNED, f"suggestions.suggestion:{suggestion.pk}")
    ]


def test_a_reception_day_and_a_request_received(world, committee_staff):
    day = reception_day_held(world, committee_staff, world.deputy_city_a)
    public_request_create(
        station=world.station_longshan,
        source=RequestSource.DEPUTY,
        resident_name="李大爷",
        resident_phone="13912340000",
        consent=True,
        content="小区路灯不亮，晚上出行不便",
        received_by=world.deputy_city_a,
        actor=committee_staff,
        now=moment(5, 10, 10),
    )

    archive = _archive(world)

    assert _kinds(archive) == [(K.RECEPTION_DAY, False), (K.REQUEST_RECEIVED, False)]
    assert archive.entries[0].source == f"receptions.receptionday:{day.pk}"


def test_a_reception_day_of_a_closed_year_is_pending(world, committee_staff):
    from renda.receptions.services.reception_days import (
        reception_day_hold,
        reception_day_plan,
    )

    day = reception_day_plan(
        station=world.station_longshan,
        date=dt.date(YEAR, 12, 20),
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站",
        deputies=[world.deputy_city_a],
        actor=committee_staff,
        now=moment(12, 1),
    )
    reception_day_hold(
        day=day,
        attendees=[world.deputy_city_a],
        actor=committee_staff,
        now=moment(3, 1, year=YEAR + 1),
    )

    assert _kinds(_archive(world)) == [(K.RECEPTION_DAY, True)]


def test_a_group_activity_attended(world, committee_staff):
    liaison.group_activity_record(
        group=world.group_longshan,
        date=dt.date(YEAR, 6, 1),
        topic="调研社区养老服务",
        attendees=[world.deputy_city_a],
        actor=committee_staff,
        today=dt.date(YEAR, 6, 2),
    )

    assert _kinds(_archive(world)) == [(K.GROUP_ACTIVITY, False)]


def test_supervision_on_a_site_visit_is_dated_by_the_visit(world, committee_staff):
    inspection_joined(world, committee_staff, world.deputy_city_a, visit=True)

    [entry] = _archive(world).entries

    assert (entry.kind, entry.date) == (K.SUPERVISION, dt.date(YEAR, 6, 15))


def test_a_member_invited_both_as_member_and_deputy_is_listed_once(
    world, committee_staff
):
    member = leadership_member(world)
    item = item_create(
        congress=world.city_congress,
        year=YEAR,
        kind=SupervisionKind.RESEARCH,
        title="优化营商环境专题调研",
        meeting_date=dt.date(YEAR, 8, 1),
        actor=committee_staff,
    )
    rows = participants_invite(
        item=item,
        member_ids=[member.pk],
        deputy_ids=[world.deputy_city_b.pk],
        actor=committee_staff,
    )
    for row in rows:
        participant_attendance_set(
            participant=row, attendance=Took.ATTENDED, actor=committee_staff
        )

    assert _kinds(_archive(world, world.deputy_city_b)) == [(K.SUPERVISION, False)]


def test_an_invitation_declined_is_not_listed(world, committee_staff):
    item = item_create(
        congress=world.city_congress,
        year=YEAR,
        kind=SupervisionKind.FIELD_INSPECTION,
        title="城市供水专项视察",
        meeting_date=dt.date(YEAR, 8, 1),
        actor=committee_staff,
    )
    [row] = participants_invite(
        item=item, deputy_ids=[world.deputy_city_a.pk], actor=committee_staff
    )
    participant_attendance_set(
        participant=row, attendance=Took.LEAVE, reason="出差", actor=committee_staff
    )
    assert _archive(world).entries == []
    site_visit_record(
        item=item,
        date=dt.date(YEAR, 7, 1),
        place="水厂",
        participant_ids=[],
        actor=committee_staff,
        today=TODAY,
    )
    assert _archive(world).entries == []


def test_a_city_inspection_joined_by_a_district_deputy_is_in_their_archive(
    world, committee_staff
):
    item = item_create(
        congress=world.city_congress,
        year=YEAR,
        kind=SupervisionKind.LAW_INSPECTION,
        title="执法检查",
        meeting_date=dt.date(YEAR, 9, 1),
        actor=committee_staff,
    )
    [row] = participants_invite(
        item=item, deputy_ids=[world.deputy_longshan.pk], actor=committee_staff
    )
    participant_attendance_set(
        participant=row, attendance=Took.ATTENDED, actor=committee_staff
    )

    archive = _archive(world, world.deputy_longshan, world.longshan_congress)

    assert _kinds(archive) == [(K.SUPERVISION, False)]


def test_an_item_of_another_congress_of_theirs_stays_in_that_archive(
    world, committee_staff
):
    # 甲 also sits in a second congress: the city item is only in the city archive.
    other = world.longshan_congress
    MandateFactory(deputy=world.deputy_city_a, term=other.terms.get())
    inspection_joined(world, committee_staff, world.deputy_city_a)

    assert _kinds(_archive(world)) == [(K.SUPERVISION, False)]
    assert _archive(world, congress=other).entries == []


def test_hand_added_records_count_once_confirmed_never_when_refused(
    world, committee_staff, deputy
):
    def add(title):
        return duty_record_add(
            congress=world.city_congress,
            deputy=world.deputy_city_a,
            kind=K.SUPERVISION,
            date=dt.date(YEAR, 10, 1),
            title=title,
            organiser="吉林省人大常委会",
            actor=deputy,
            today=TODAY,
        )

    confirmed, refused, waiting = add("省人大调研"), add("重复"), add("待定")
    duty_record_confirm(record=confirmed, actor=committee_staff)
    duty_record_reject(record=refused, note="与已有记录重复", actor=committee_staff)

    archive = _archive(world)

    assert sorted((e.source, e.pending) for e in archive.entries) == sorted(
        [
            (f"duty.dutyrecord:{confirmed.pk}", False),
            (f"duty.dutyrecord:{waiting.pk}", True),
        ]
    )
    assert archive.counts() == {K.SUPERVISION: 1}
