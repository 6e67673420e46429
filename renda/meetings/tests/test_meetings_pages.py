"""The meetings' pages: list, new, detail, the staff desk with its live quorum,
a member's phone page with the sign-in button, papers and the notice .docx."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from renda.meetings import services
from renda.meetings.choices import (
    AgendaKind,
    Attendance,
    MeetingStatus,
    VoteKind,
    VoteMode,
)
from renda.meetings.models import CommitteeMeeting, MeetingPaper, PaperReceipt

from .factories import add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def committee(world):
    return standing_committee_of(world)


@pytest.fixture
def members(committee):
    return add_members(committee, 5)


@pytest.fixture
def today(committee, members, committee_staff):
    session = meeting(committee, actor=committee_staff, date=timezone.localdate())
    services.agenda_item_add(
        meeting=session,
        kind=AgendaKind.WORK_REPORT,
        title="关于全市教育工作情况的报告",
        reporter="市政府",
        actor=committee_staff,
    )
    return session


def test_the_list_shows_the_meetings_and_the_new_button_to_staff(
    client, committee_staff, today
):
    client.force_login(committee_staff)
    response = client.get(reverse("meetings:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(today) in html
    assert 'data-action="create"' in html


def test_a_leader_reads_the_list_without_the_new_button(client, leader, today):
    client.force_login(leader)
    response = client.get(reverse("meetings:list"))
    assert str(today) in response.content.decode()
    assert 'data-action="create"' not in response.content.decode()


def test_staff_create_a_meeting_numbered_next(client, committee_staff, today):
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:new"),
        {"kind": "STANDING", "date": "2030-03-01", "place": "会议室"},
    )
    created = CommitteeMeeting.objects.get(date=dt.date(2030, 3, 1))
    assert response.status_code == 302
    assert created.number == 2


def test_the_new_form_refused_answers_400_and_creates_nothing(
    client, committee_staff, today
):
    client.force_login(committee_staff)
    response = client.post(reverse("meetings:new"), {"kind": "STANDING", "date": ""})
    assert response.status_code == 400
    assert CommitteeMeeting.objects.count() == 1


def test_a_duplicate_number_is_refused_on_the_form(client, committee_staff, today):
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:new"),
        {"kind": "STANDING", "number": "1", "date": "2030-03-01"},
    )
    assert response.status_code == 409
    assert "本届已有第1次" in response.content.decode()


def test_the_new_form_offers_the_presidium_kinds_by_the_committee(
    client, committee_staff, today
):
    client.force_login(committee_staff)
    html = client.get(reverse("meetings:new")).content.decode()
    assert "常委会会议" in html
    assert "主任会议" in html
    assert 'value="PRESIDIUM"' not in html


def test_the_detail_shows_agenda_attendance_and_actions(
    client, committee_staff, today, members
):
    client.force_login(committee_staff)
    response = client.get(reverse("meetings:detail", args=[today.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于全市教育工作情况的报告" in html
    assert "未签到" in html
    assert 'data-action="desk"' in html
    assert 'data-action="notice_docx"' in html


def test_staff_add_an_agenda_item_and_a_bad_one_answers_400(
    client, committee_staff, today
):
    client.force_login(committee_staff)
    url = reverse("meetings:agenda_add", args=[today.pk])
    assert (
        client.post(
            url, {"kind": "RESOLUTION", "title": "关于某事项的决定"}
        ).status_code
        == 302
    )
    assert client.post(url, {"kind": "RESOLUTION", "title": ""}).status_code == 400
    assert today.agenda_items.count() == 2


def test_the_desk_shows_the_quorum_and_polls_it(client, committee_staff, today):
    client.force_login(committee_staff)
    response = client.get(reverse("meetings:desk", args=[today.pk]))
    html = response.content.decode()
    assert "出席 0 人 / 组成人员 5 人，需 3 人" in html
    # Polled every 5 s, except while a leave reason is being typed (static
    # actions.js cancels the poll then: no htmx trigger filter, which needs eval).
    assert 'hx-trigger="every 5s" data-poll-pause-on-focus' in html
    live = client.get(reverse("meetings:desk_live", args=[today.pk]))
    assert "出席 0 人" in live.content.decode()


def test_the_desk_marks_attendance_by_htmx_and_returns_the_live_part(
    client, committee_staff, today, members
):
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:attendance", args=[today.pk]),
        {"member": members[0].pk, "status": "PRESENT", "next": "desk"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "出席 1 人 / 组成人员 5 人，需 3 人" in response.content.decode()


def test_leave_without_a_reason_is_refused(client, committee_staff, today, members):
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:attendance", args=[today.pk]),
        {"member": members[0].pk, "status": "LEAVE", "reason": ""},
    )
    assert response.status_code == 400
    assert not today.attendances.exists()


def test_a_refused_mark_by_htmx_shows_why_and_keeps_the_reason(
    client, committee_staff, today, members
):
    """htmx does not swap a 4xx answer: the refusal comes back as the live part with
    the message on top and the reason the clerk typed still in its row."""
    client.force_login(committee_staff)
    too_long = "外出参加省人大常委会组织的专题调研" * 15  # over 200 characters
    response = client.post(
        reverse("meetings:attendance", args=[today.pk]),
        {"member": members[1].pk, "status": "LEAVE", "reason": too_long},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "200" in html[html.index('role="alert"') : html.index("</p>")]
    row = html[html.index(f'data-member="{members[1].pk}"') :]
    assert f'value="{too_long}"' in row[: row.index("</li>")]
    assert not today.attendances.exists()


def test_opening_without_quorum_is_refused_with_the_reason(
    client, committee_staff, today, members
):
    sign_in(today, members[:2], actor=committee_staff)
    client.force_login(committee_staff)
    response = client.post(reverse("meetings:open", args=[today.pk]), {"next": "desk"})
    assert response.status_code == 409
    assert "不能开会" in response.content.decode()
    today.refresh_from_db()
    assert today.status == MeetingStatus.PLANNED
    sign_in(today, members[2:3], actor=committee_staff)
    response = client.post(reverse("meetings:open", args=[today.pk]), {"next": "desk"})
    assert response.status_code == 302
    today.refresh_from_db()
    assert today.status == MeetingStatus.OPEN


def test_the_desk_lists_each_vote_with_its_status(
    client, committee_staff, today, members
):
    item = today.agenda_items.get()
    services.vote_create(
        meeting=today,
        agenda_item=item,
        kind=VoteKind.RESOLUTION,
        mode=VoteMode.IN_MEETING,
        title="关于教育工作报告的决议",
        actor=committee_staff,
    )
    client.force_login(committee_staff)
    html = client.get(reverse("meetings:desk", args=[today.pk])).content.decode()
    assert "关于教育工作报告的决议" in html
    assert "待表决" in html


def test_a_member_signs_in_on_the_phone(client, today, members):
    client.force_login(members[0].user)
    html = client.get(reverse("meetings:mine")).content.decode()
    assert 'data-action="sign-in"' in html
    assert reverse("meetings:sign_in", args=[today.pk]) in html
    response = client.post(reverse("meetings:sign_in", args=[today.pk]))
    assert response.status_code == 302
    assert today.attendances.get(member=members[0]).status == Attendance.PRESENT
    html = client.get(reverse("meetings:mine")).content.decode()
    assert 'data-action="sign-in"' not in html
    assert "已签到" in html


def test_a_member_cannot_sign_in_another_day(
    client, committee, members, committee_staff
):
    later = meeting(
        committee,
        actor=committee_staff,
        date=timezone.localdate() + dt.timedelta(days=3),
    )
    client.force_login(members[0].user)
    assert (
        'data-action="sign-in"'
        not in client.get(reverse("meetings:mine")).content.decode()
    )
    client.post(reverse("meetings:sign_in", args=[later.pk]))
    assert not later.attendances.exists()


def test_papers_uploaded_sent_and_read_by_a_member(
    client, committee_staff, today, members
):
    item = today.agenda_items.get()
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:paper_add", args=[today.pk]),
        {"item": item.pk, "title": "", "file": SimpleUploadedFile("报告.pdf", PDF)},
    )
    assert response.status_code == 302
    paper = MeetingPaper.objects.get()
    response = client.post(reverse("meetings:papers_send", args=[today.pk]))
    assert response.status_code == 302
    assert PaperReceipt.objects.filter(paper=paper).count() == 5
    client.force_login(members[1].user)
    html = client.get(reverse("meetings:papers", args=[today.pk])).content.decode()
    assert "未读" in html
    download = client.get(reverse("meetings:paper", args=[paper.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert PaperReceipt.objects.get(paper=paper, member=members[1]).read_at
    html = client.get(reverse("meetings:mine")).content.decode()
    assert "份未读" not in html


def test_a_bad_upload_answers_400(client, committee_staff, today):
    item = today.agenda_items.get()
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:paper_add", args=[today.pk]),
        {"item": item.pk, "file": SimpleUploadedFile("病毒.exe", b"MZ")},
    )
    assert response.status_code == 400
    assert "只能上传" in response.content.decode()


def test_an_unsent_paper_is_hidden_from_members(
    client, committee_staff, today, members
):
    item = today.agenda_items.get()
    client.force_login(committee_staff)
    client.post(
        reverse("meetings:paper_add", args=[today.pk]),
        {"item": item.pk, "file": SimpleUploadedFile("报告.pdf", PDF)},
    )
    paper = MeetingPaper.objects.get()
    client.force_login(members[0].user)
    assert client.get(reverse("meetings:paper", args=[paper.pk])).status_code == 404


def test_the_notice_docx_names_the_meeting_and_its_agenda(
    client, committee_staff, today
):
    client.force_login(committee_staff)
    response = client.get(reverse("meetings:notice_docx", args=[today.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "第一次会议" in text
    assert "1. 关于全市教育工作情况的报告（市政府）" in text
    assert "请假" in text


def test_query_counts_do_not_grow_with_members(
    client, committee, committee_staff, today, members, django_assert_max_num_queries
):
    sign_in(today, members[:3], actor=committee_staff)
    client.force_login(committee_staff)
    with django_assert_max_num_queries(25):
        client.get(reverse("meetings:desk", args=[today.pk]))
    add_members(committee, 20, prefix="more")
    sign_in(today, list(committee.members.all())[5:15], actor=committee_staff)
    for name in ("meetings:desk", "meetings:detail"):
        with django_assert_max_num_queries(25):
            assert client.get(reverse(name, args=[today.pk])).status_code == 200
    for _ in range(5):
        meeting(committee, actor=committee_staff, date=dt.date(2025, 1, 1))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:list")).status_code == 200
    client.force_login(members[0].user)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("meetings:mine")).status_code == 200
