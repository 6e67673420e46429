"""Attendance at plenary sessions (代表大会会议出席): checks, idempotent writes,
and the committee's alert at the second session missed without approval."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import ActionLog
from renda.deputies.models import Mandate
from renda.duty.choices import AlertKind, DutyEventKind, SessionAttendanceStatus
from renda.duty.models import DutyAlert, DutyEvent, SessionAttendance
from renda.duty.services.archive import (
    session_attendance_record,
    session_attendance_record_many,
)
from renda.duty.tests.factories_archive import YEAR, alerts_url_or_stub, session_of
from renda.notifications.models import Notification

S = SessionAttendanceStatus


@pytest.fixture
def session(world):
    return session_of(world, number=1, start=dt.date(YEAR, 1, 10), days=3)


def test_recording_the_same_values_twice_changes_nothing(
    world, committee_staff, session
):
    for _ in range(2):
        session_attendance_record(
            session=session,
            deputy=world.deputy_city_a,
            status=S.LEAVE,
            reason="住院治疗",
            actor=committee_staff,
        )

    row = SessionAttendance.objects.get()
    assert (row.status, row.leave_half_days, row.absent_half_days) == (S.LEAVE, 6, 0)
    assert DutyEvent.objects.filter(kind=DutyEventKind.ATTENDANCE).count() == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"status": "LATE"}, "status", "请选择有效的出席情况。"),
        ({"status": S.LEAVE}, "reason", "请填写请假事由。"),
        (
            {"status": S.PRESENT, "absent_half_days": 1},
            "status",
            "全程出席不应登记请假或缺席的半天数。",
        ),
        (
            {"status": S.ABSENT, "absent_half_days": 7},
            "absent_half_days",
            "无故缺席半天数不能超过会期（6个半天）。",
        ),
        (
            {"status": S.PARTIAL},
            "leave_half_days",
            "部分出席请填写请假或无故缺席的半天数。",
        ),
        (
            {"status": S.PARTIAL, "absent_half_days": 6},
            "absent_half_days",
            "部分出席时请假与缺席合计应少于会期（6个半天）；全部未出席请选择“请假”或“未经批准缺席”。",
        ),
        (
            {"status": S.PRESENT, "leave_half_days": -1},
            "leave_half_days",
            "请假半天数不能为负数。",
        ),
        (
            {"status": S.PRESENT, "leave_half_days": "x"},
            "leave_half_days",
            "请假半天数应为整数。",
        ),
    ],
)
def test_bad_attendance_is_refused_naming_the_field(
    world, committee_staff, session, values, field, message
):
    with pytest.raises(ApplicationError) as caught:
        session_attendance_record(
            session=session, deputy=world.deputy_city_a, actor=committee_staff, **values
        )

    assert (caught.value.field, caught.value.message) == (field, message)
    assert not SessionAttendance.objects.exists()


def test_only_the_congress_staff_record_attendance(
    world, district_staff, leader, session
):
    for user in (district_staff, leader):
        with pytest.raises(PermissionDenied):
            session_attendance_record(
                session=session,
                deputy=world.deputy_city_a,
                status=S.PRESENT,
                actor=user,
            )
    assert not SessionAttendance.objects.exists()


def test_a_deputy_of_another_term_is_refused(world, committee_staff, session):
    with pytest.raises(ApplicationError) as caught:
        session_attendance_record(
            session=session,
            deputy=world.deputy_xian,
            status=S.PRESENT,
            actor=committee_staff,
        )
    assert caught.value.field == "deputy"


def test_a_session_not_yet_opened_is_refused(world, committee_staff, session):
    with pytest.raises(ApplicationError) as caught:
        session_attendance_record(
            session=session,
            deputy=world.deputy_city_a,
            status=S.PRESENT,
            actor=committee_staff,
            today=dt.date(YEAR, 1, 9),
        )
    assert caught.value.field == "session"


def test_the_second_unexcused_absence_raises_one_alert_and_ends_nothing(
    world, committee_staff, session, monkeypatch, django_capture_on_commit_callbacks
):
    alerts_url_or_stub(monkeypatch)
    second = session_of(world, number=2, start=dt.date(YEAR + 1, 1, 8), days=2)
    deputy = world.deputy_city_a

    session_attendance_record(
        session=session, deputy=deputy, status=S.ABSENT, actor=committee_staff
    )
    assert not DutyAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        session_attendance_record(
            session=second,
            deputy=deputy,
            status=S.ABSENT,
            actor=committee_staff,
            today=dt.date(YEAR + 1, 1, 9),
        )
        # Recorded again (a correction of the reason): still one alert.
        session_attendance_record(
            session=second,
            deputy=deputy,
            status=S.ABSENT,
            reason="未请假",
            actor=committee_staff,
            today=dt.date(YEAR + 1, 1, 9),
        )

    alert = DutyAlert.objects.get()
    assert (alert.kind, alert.deputy, alert.term) == (
        AlertKind.SESSION_ABSENCES,
        deputy,
        world.city_term,
    )
    assert Notification.objects.filter(recipient=committee_staff).count() == 1
    mandate = Mandate.objects.get(deputy=deputy, term=world.city_term)
    assert mandate.end_date is None


def test_the_bulk_form_checks_every_row_before_writing_any(
    world, committee_staff, session
):
    rows = [
        {"deputy_id": world.deputy_city_a.pk, "status": S.PRESENT},
        {"deputy_id": world.deputy_city_b.pk, "status": S.LEAVE},
    ]
    with pytest.raises(ApplicationError) as caught:
        session_attendance_record_many(
            session=session, rows=rows, actor=committee_staff
        )
    assert caught.value.field == "rows.1.reason"
    assert caught.value.message == "白玉晶：请填写请假事由。"
    assert not SessionAttendance.objects.exists()

    rows[1]["reason"] = "出差"
    written = session_attendance_record_many(
        session=session, rows=rows, actor=committee_staff
    )

    assert [r.status for r in written] == [S.PRESENT, S.LEAVE]


@pytest.mark.usefixtures("lock_order_checked")
def test_correcting_the_roll_locks_every_row_before_its_audit_rows(
    world, committee_staff, session
):
    """A roll corrected in one go used to lock each deputy's row after the audit
    row of the deputy before: a single mark made meanwhile could deadlock with
    it (decision 0017). Now the rows are locked first, the audit rows written last."""
    deputies = [world.deputy_city_a, world.deputy_city_b]
    for deputy in deputies:
        session_attendance_record(
            session=session, deputy=deputy, status=S.PRESENT, actor=committee_staff
        )
    written = session_attendance_record_many(
        session=session,
        rows=[
            {"deputy_id": deputies[0].pk, "status": S.ABSENT},
            {"deputy_id": deputies[1].pk, "status": S.LEAVE, "reason": "出差"},
        ],
        actor=committee_staff,
    )
    assert [(r.deputy_id, r.status) for r in written] == [
        (deputies[0].pk, S.ABSENT),
        (deputies[1].pk, S.LEAVE),
    ]
    logged = ActionLog.objects.filter(action="duty.session_attendance").order_by("pk")
    assert [entry.summary for entry in logged][-2:] == [
        f"{deputies[0].name} {session} {S.ABSENT.label}",
        f"{deputies[1].name} {session} {S.LEAVE.label}",
    ]
    assert logged.count() == 4
