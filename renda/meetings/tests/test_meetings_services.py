"""The services of meetings' pages: editing, agenda, guests, papers; refusals
change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renda.congresses.choices import MemberRole
from renda.core.errors import ApplicationError, Conflict, InvalidTransition
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.meetings import services
from renda.meetings.choices import AgendaKind, Attendance, MeetingKind, MeetingStatus
from renda.meetings.models import MeetingEvent, MeetingPaper, PaperReceipt
from renda.meetings.selectors.meetings import (
    meeting_detail,
    my_meetings,
    quorum_state,
)
from renda.meetings.services import papers as paper_services
from renda.notifications.models import Notification

from .factories import add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="报告.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def committee(world):
    return standing_committee_of(world)


@pytest.fixture
def members(committee):
    return add_members(committee, 5)


@pytest.fixture
def session(committee, members, committee_staff):
    return meeting(
        committee,
        actor=committee_staff,
        date=timezone.localdate() + dt.timedelta(days=10),
    )


def _item(session, staff, title="关于某工作情况的报告", kind=AgendaKind.WORK_REPORT):
    return services.agenda_item_add(
        meeting=session, kind=kind, title=title, reporter="市政府", actor=staff
    )


def test_meeting_update_changes_place_and_records_an_event(session, committee_staff):
    services.meeting_update(meeting=session, place="第一会议室", actor=committee_staff)
    session.refresh_from_db()
    assert session.place == "第一会议室"
    assert session.timeline.filter(kind="EDITED").exists()


def test_meeting_update_refused_for_a_closed_meeting_changes_nothing(
    session, members, committee_staff
):
    sign_in(session, members, actor=committee_staff)
    services.meeting_open(meeting=session, actor=committee_staff)
    services.meeting_close(meeting=session, actor=committee_staff)
    with pytest.raises(InvalidTransition):
        services.meeting_update(meeting=session, place="别处", actor=committee_staff)
    session.refresh_from_db()
    assert session.place == "市人大常委会会议室"


def test_meeting_update_refused_to_a_leader(session, leader):
    with pytest.raises(ServiceDenied):
        services.meeting_update(meeting=session, place="别处", actor=leader)


def test_agenda_items_move_and_remove_keep_positions(session, committee_staff):
    first = _item(session, committee_staff, "一")
    second = _item(session, committee_staff, "二")
    third = _item(session, committee_staff, "三")
    services.agenda_item_move(item=third, direction="up", actor=committee_staff)
    order = list(
        session.agenda_items.order_by("position").values_list("title", flat=True)
    )
    assert order == ["一", "三", "二"]
    services.agenda_item_remove(item=first, actor=committee_staff)
    rows = list(
        session.agenda_items.order_by("position").values_list("position", "title")
    )
    assert rows == [(1, "三"), (2, "二")]
    with pytest.raises(ApplicationError):
        services.agenda_item_move(
            item=second.__class__.objects.get(pk=second.pk),
            direction="down",
            actor=committee_staff,
        )


def test_agenda_item_update_refuses_an_empty_title(session, committee_staff):
    item = _item(session, committee_staff)
    with pytest.raises(ApplicationError) as refused:
        services.agenda_item_update(item=item, title=" ", actor=committee_staff)
    assert refused.value.field == "title"
    item.refresh_from_db()
    assert item.title == "关于某工作情况的报告"


def test_guests_are_added_marked_and_removed(session, members, committee_staff):
    guest = services.guest_add(
        meeting=session,
        name="王某",
        organisation="市政府",
        post="副市长",
        actor=committee_staff,
    )
    services.guest_mark(guest=guest, attended=True, actor=committee_staff)
    guest.refresh_from_db()
    assert guest.attended is True
    services.guest_remove(guest=guest, actor=committee_staff)
    assert not session.guests.exists()


def test_a_paper_is_due_seven_days_before_for_a_report(session, committee_staff):
    item = _item(session, committee_staff)
    paper = paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)
    assert paper.due_on == session.date - dt.timedelta(days=7)
    assert paper.title == "报告"
    assert paper.size == len(PDF)


@pytest.mark.parametrize(
    ("name", "content"),
    [("报告.exe", PDF), ("报告.pdf", b"MZ not a pdf"), ("空.pdf", b"")],
)
def test_a_bad_paper_is_refused_and_nothing_is_written(
    session, committee_staff, name, content
):
    item = _item(session, committee_staff)
    with pytest.raises(ApplicationError) as refused:
        paper_services.paper_add(
            item=item, file=pdf(name, content), actor=committee_staff
        )
    assert refused.value.field == "file"
    assert not MeetingPaper.objects.exists()


def test_a_paper_too_big_is_refused(session, committee_staff, settings):
    settings.RENDA_MEETING_PAPER_MAX_BYTES = 10
    item = _item(session, committee_staff)
    with pytest.raises(ApplicationError, match="不能超过"):
        paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)


def test_papers_sent_make_receipts_and_messages_and_say_which_are_late(
    session, members, committee_staff, django_capture_on_commit_callbacks
):
    item = _item(session, committee_staff)
    paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)
    late_now = timezone.now() + dt.timedelta(days=5)  # 5 days on: 5 days before
    with django_capture_on_commit_callbacks(execute=True):
        sent = paper_services.papers_send(
            meeting=session, actor=committee_staff, now=late_now
        )
    assert len(sent.late) == 1
    assert "晚于应送达日期" in sent.message
    assert PaperReceipt.objects.count() == len(members)
    assert Notification.objects.filter(kind="MEETING").count() == len(members)
    assert MeetingEvent.objects.filter(kind="PAPERS_SENT").count() == 1
    with pytest.raises(Conflict):
        paper_services.papers_send(meeting=session, actor=committee_staff)


def test_a_rolled_back_sending_tells_no_one(
    session, members, committee_staff, django_capture_on_commit_callbacks
):
    item = _item(session, committee_staff)
    paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)
    with django_capture_on_commit_callbacks() as callbacks:
        paper_services.papers_send(meeting=session, actor=committee_staff)
    assert len(callbacks) == 1
    assert not Notification.objects.exists()


def test_paper_open_records_the_first_read_only(session, members, committee_staff):
    item = _item(session, committee_staff)
    paper = paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)
    paper_services.papers_send(meeting=session, actor=committee_staff)
    paper.refresh_from_db()
    first = paper_services.paper_open(paper=paper, user=members[0].user)
    read_at = first.read_at
    again = paper_services.paper_open(
        paper=paper, user=members[0].user, now=timezone.now() + dt.timedelta(hours=1)
    )
    assert again.read_at == read_at
    # Staff opening it leave no receipt.
    assert paper_services.paper_open(paper=paper, user=committee_staff) is None


def test_a_sent_paper_cannot_be_removed(session, members, committee_staff):
    item = _item(session, committee_staff)
    paper = paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)
    paper_services.papers_send(meeting=session, actor=committee_staff)
    with pytest.raises(Conflict):
        paper_services.paper_remove(paper=paper, actor=committee_staff)
    assert MeetingPaper.objects.filter(pk=paper.pk).exists()


def test_detail_lists_every_member_with_unmarked_ones_not_signed_in(
    session, members, committee_staff
):
    sign_in(session, members[:3], actor=committee_staff)
    detail = meeting_detail(committee_staff, session.pk)
    assert [r.status_label for r in detail.attendance] == [
        "出席",
        "出席",
        "出席",
        "未签到",
        "未签到",
    ]
    assert (detail.quorum.present, detail.quorum.members, detail.quorum.needed) == (
        3,
        5,
        3,
    )
    assert detail.quorum.met
    assert quorum_state(session) == detail.quorum
    assert "open" in detail.actions
    assert "sign_in" not in detail.actions


def test_a_member_signs_in_on_the_day(committee, members, committee_staff):
    today = meeting(committee, actor=committee_staff, date=timezone.localdate())
    rows = my_meetings(members[0].user)
    assert rows[0].may_sign_in
    assert "sign_in" in meeting_detail(members[0].user, today.pk).actions
    services.meeting_sign_in(meeting=today, user=members[0].user)
    rows = my_meetings(members[0].user)
    assert rows[0].signed_in
    assert not rows[0].may_sign_in
    assert today.attendances.get(member=members[0]).status == Attendance.PRESENT


def test_cancel_is_only_before_opening(session, members, committee_staff):
    sign_in(session, members, actor=committee_staff)
    services.meeting_open(meeting=session, actor=committee_staff)
    with pytest.raises(InvalidTransition):
        services.meeting_cancel(meeting=session, reason="改期", actor=committee_staff)
    session.refresh_from_db()
    assert session.status == MeetingStatus.OPEN


def test_the_papers_rule_is_read_at_call_time(session, committee_staff, settings):
    settings.RENDA_MEETING_RULES = {"default": {"papers_days_before": {"default": 3}}}
    item = _item(session, committee_staff, kind=AgendaKind.RESOLUTION)
    paper = paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)
    assert paper.due_on == session.date - dt.timedelta(days=3)
    detail = meeting_detail(committee_staff, session.pk)
    assert detail.agenda[0].papers[0].paper.due_on == paper.due_on
    assert not detail.agenda[0].papers[0].late


def test_an_unsent_paper_past_its_day_is_shown_late(
    committee, members, committee_staff
):
    soon = meeting(
        committee,
        actor=committee_staff,
        date=timezone.localdate() + dt.timedelta(days=2),
    )
    item = _item(soon, committee_staff)
    paper_services.paper_add(item=item, file=pdf(), actor=committee_staff)
    detail = meeting_detail(committee_staff, soon.pk)
    assert detail.agenda[0].papers[0].late
    sent = paper_services.papers_send(meeting=soon, actor=committee_staff)
    assert "晚于应送达日期" in sent.message


def test_a_member_is_not_asked_to_the_chairpersons_meetings(
    committee, members, committee_staff
):
    meeting(
        committee,
        actor=committee_staff,
        date=timezone.localdate(),
        kind=MeetingKind.CHAIRPERSONS,
    )
    assert my_meetings(members[0].user) == []
    members[1].role = MemberRole.DEPUTY_DIRECTOR
    members[1].save(update_fields=["role"])
    assert len(my_meetings(members[1].user)) == 1
