"""The archive's pages open, their exports parse, and the pages agree with the API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from renda.duty.choices import ArchiveKind, RecordStatus, SessionAttendanceStatus
from renda.duty.models import DutyRecord, SessionAttendance
from renda.duty.services.archive import duty_record_add, duty_record_confirm
from renda.duty.tests.factories_archive import (
    YEAR,
    inspection_joined,
    png_upload,
    reception_day_held,
    session_of,
    suggestion_led,
)


@pytest.fixture
def year_of_a(world, committee_staff, deputy):
    suggestion_led(world, deputy)
    reception_day_held(world, committee_staff, world.deputy_city_a)
    inspection_joined(world, committee_staff, world.deputy_city_a)
    return duty_record_add(
        congress=world.city_congress,
        deputy=world.deputy_city_a,
        kind=ArchiveKind.OTHER,
        date=dt.date(YEAR, 9, 1),
        title="参加市政协座谈会",
        actor=deputy,
    )


def test_my_archive_lists_each_kind_with_pending_marked(client, deputy, year_of_a):
    client.force_login(deputy)

    response = client.get(reverse("duty:me"), {"year": YEAR})

    page = response.context["page"]
    assert response.status_code == 200
    assert [kind for kind, _label, _entries in page.sections] == [
        ArchiveKind.SUGGESTION_LED,
        ArchiveKind.RECEPTION_DAY,
        ArchiveKind.SUPERVISION,
        ArchiveKind.OTHER,
    ]
    html = response.content.decode()
    assert "待确认" in html
    assert reverse("duty:record_new") in html
    assert reverse("duty:archive_docx", args=[page.deputy.pk]) in html


def test_the_docx_and_xlsx_exports_parse(client, deputy, world, year_of_a):
    client.force_login(deputy)
    a = world.deputy_city_a

    docx = client.get(reverse("duty:archive_docx", args=[a.pk]), {"year": YEAR})
    xlsx = client.get(reverse("duty:archive_xlsx", args=[a.pk]), {"year": YEAR})

    document = Document(io.BytesIO(docx.content))
    assert document.paragraphs[0].text == f"丁照民同志{YEAR}年度履职档案"
    assert "参加市政协座谈会（补充记录）（待确认）" not in docx.content.decode(
        "latin-1"
    )
    texts = [p.text for p in document.paragraphs]
    assert any("参加市政协座谈会" in t and "待确认" in t for t in texts)
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["汇总", "明细"]
    assert workbook["明细"].max_row == 5


def test_the_staff_board_filters_and_exports(client, committee_staff, world, year_of_a):
    client.force_login(committee_staff)

    page = client.get(reverse("duty:archives"), {"year": YEAR, "name": "丁"})
    xlsx = client.get(reverse("duty:archives_xlsx"), {"year": YEAR})

    rows = page.context["board"].rows
    assert [r.deputy.name for r in rows] == ["丁照民"]
    assert rows[0].count(ArchiveKind.SUPERVISION) == 1
    assert rows[0].pending == 1
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3  # the header and the two city deputies


def test_the_board_is_a_page_of_deputies_and_the_export_holds_them_all(
    client, committee_staff, world, year_of_a, settings
):
    """The board builds the archives of the page's deputies only (50 a page);
    its cells follow the columns; the Excel export keeps every deputy."""
    settings.RENDA_PAGE_SIZE = 1
    client.force_login(committee_staff)

    first = client.get(reverse("duty:archives"), {"year": YEAR})
    second = client.get(reverse("duty:archives"), {"year": YEAR, "page": 2})
    xlsx = client.get(reverse("duty:archives_xlsx"), {"year": YEAR})

    names = [
        row.deputy.name
        for page in (first, second)
        for row in page.context["board"].rows
    ]
    assert len(first.context["board"].rows) == 1
    assert len(names) == len(set(names)) == 2
    assert "下一页" in first.content.decode()
    assert "共 2 名代表" in first.content.decode()
    # The wide table scrolls inside its wrapper (renda.css .table-wrap), not the page.
    assert '<div class="table-wrap"><table class="table" id="board">' in (
        first.content.decode()
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3
    for page in (first, second):
        board = page.context["board"]
        for row in board.rows:
            assert row.cells == [row.counts.get(k.value) for k in board.kinds]
    dings = [
        row
        for page in (first, second)
        for row in page.context["board"].rows
        if row.deputy.name == "丁照民"
    ]
    column = first.context["board"].kinds.index(ArchiveKind.SUPERVISION)
    assert dings[0].cells[column] == 1


def test_the_board_page_and_the_api_agree(client, committee_staff, world, year_of_a):
    client.force_login(committee_staff)
    query = {"year": YEAR, "delegation": world.delegation.pk}

    page = client.get(reverse("duty:archives"), query)
    api = client.get(
        "/api/v1/duty/archive/deputies",
        {"year": YEAR, "delegation_id": world.delegation.pk},
    )

    assert [r.deputy.pk for r in page.context["board"].rows] == [
        r["deputy_id"] for r in api.json()["results"]
    ]
    assert [
        {k: float(v) for k, v in r.counts.items()} for r in page.context["board"].rows
    ] == [{k: float(v) for k, v in r["counts"].items()} for r in api.json()["results"]]


def test_my_archive_page_and_api_agree(client, deputy, year_of_a):
    client.force_login(deputy)

    page = client.get(reverse("duty:me"), {"year": YEAR}).context["page"]
    api = client.get("/api/v1/duty/archive/me", {"year": YEAR}).json()

    assert [e["source"] for e in api["entries"]] == [
        e.source for _k, _l, entries in page.sections for e in entries
    ]
    assert api["year"] == YEAR


def test_records_list_pending_first_and_the_page_agrees_with_the_api(
    client, committee_staff, deputy, world, year_of_a
):
    client.force_login(committee_staff)
    older = duty_record_add(
        congress=world.city_congress,
        deputy=world.deputy_city_b,
        kind=ArchiveKind.OTHER,
        date=dt.date(YEAR, 10, 1),
        title="已确认的",
        actor=committee_staff,
    )
    client.post(
        reverse("duty:record_detail", args=[older.pk]),
        {"action": "confirm", "note": ""},
    )

    page = client.get(reverse("duty:records"))
    api = client.get("/api/v1/duty/archive/records").json()

    ids = [r.pk for r in page.context["rows"]]
    assert ids == [year_of_a.pk, older.pk]
    assert [r["id"] for r in api["results"]] == ids
    assert DutyRecord.objects.get(pk=older.pk).status == RecordStatus.CONFIRMED


def test_a_deputy_adds_a_record_with_a_photo_from_the_phone(client, deputy, world):
    client.force_login(deputy)

    response = client.post(
        reverse("duty:record_new"),
        {
            "congress": world.city_congress.pk,
            "kind": ArchiveKind.SUPERVISION,
            "date": "2025-06-01",
            "title": "参加省人大视察",
            "evidence": png_upload(),
        },
    )

    record = DutyRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("duty:record_detail", args=[record.pk])
    evidence = client.get(reverse("duty:record_evidence", args=[record.pk]))
    assert evidence.status_code == 200


def test_a_refused_record_form_answers_400(client, deputy, world):
    client.force_login(deputy)

    response = client.post(
        reverse("duty:record_new"),
        {"kind": ArchiveKind.SUPERVISION, "date": "2999-01-01", "title": "x"},
    )

    assert response.status_code == 400
    assert "活动日期不能晚于今天。" in response.content.decode()


def test_deciding_a_record_a_colleague_decided_answers_409_and_says_why(
    client, deputy, committee_staff, world
):
    # Given the record's page open while a colleague confirmed the record.
    record = duty_record_add(
        congress=world.city_congress,
        deputy=world.deputy_city_a,
        kind=ArchiveKind.OTHER,
        date=dt.date(YEAR, 9, 1),
        title="参加市政协座谈会",
        actor=deputy,
    )
    duty_record_confirm(record=record, actor=committee_staff)
    client.force_login(committee_staff)

    refused = client.post(
        reverse("duty:record_detail", args=[record.pk]),
        {"action": "reject", "note": "无证明材料"},
    )

    assert refused.status_code == 409
    assert "该履职记录当前状态为“已确认”，不能不予确认。" in refused.content.decode()
    record.refresh_from_db()
    assert record.status == RecordStatus.CONFIRMED
    assert record.decision_note == ""


def test_a_refused_roll_keeps_what_the_staff_typed(client, committee_staff, world):
    session = session_of(world, number=1, start=dt.date(YEAR, 1, 10))
    client.force_login(committee_staff)
    a, b = world.deputy_city_a, world.deputy_city_b
    SessionAttendance.objects.create(
        session=session, deputy=b, status=SessionAttendanceStatus.PRESENT
    )

    response = client.post(
        reverse("duty:session_attendance", args=[session.pk]),
        {
            f"d{a.pk}_status": "LEAVE",  # no reason: refused
            f"d{a.pk}_leave": "2",
            f"d{b.pk}_status": "PARTIAL",
            f"d{b.pk}_absent": "1",
            f"d{b.pk}_reason": "身体原因",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写请假事由。" in html
    assert f'name="d{a.pk}_leave" value="2"' in html
    assert f'name="d{b.pk}_absent" value="1"' in html
    assert f'name="d{b.pk}_reason" value="身体原因"' in html
    row_b = html[html.index(f'data-deputy="{b.pk}"') :]
    row_b = row_b[: row_b.index("</tr>")]
    assert '<option value="PARTIAL" selected>' in row_b
    assert '<option value="PRESENT" selected>' not in row_b
    # Nothing was saved.
    assert SessionAttendance.objects.get(deputy=b).status == (
        SessionAttendanceStatus.PRESENT
    )


def test_half_days_typed_without_a_status_are_refused_not_dropped(
    client, committee_staff, world
):
    session = session_of(world, number=1, start=dt.date(YEAR, 1, 10))
    client.force_login(committee_staff)
    a, b = world.deputy_city_a, world.deputy_city_b

    response = client.post(
        reverse("duty:session_attendance", args=[session.pk]),
        {
            f"d{a.pk}_status": "PRESENT",
            f"d{b.pk}_absent": "1",
            f"d{b.pk}_reason": "身体原因",
        },
    )

    assert response.status_code == 400
    assert f"{b.name}：" in response.content.decode()
    assert not SessionAttendance.objects.exists()


def test_the_roll_shows_what_was_saved(client, committee_staff, world):
    session = session_of(world, number=1, start=dt.date(YEAR, 1, 10))
    b = world.deputy_city_b
    SessionAttendance.objects.create(
        session=session,
        deputy=b,
        status=SessionAttendanceStatus.PARTIAL,
        absent_half_days=1,
        reason="身体原因",
    )
    client.force_login(committee_staff)

    html = client.get(reverse("duty:session_attendance", args=[session.pk])).content
    html = html.decode()

    row_b = html[html.index(f'data-deputy="{b.pk}"') :]
    row_b = row_b[: row_b.index("</tr>")]
    assert '<option value="PARTIAL" selected>' in row_b
    assert f'name="d{b.pk}_absent" value="1"' in row_b
    assert 'value="身体原因"' in row_b


def test_staff_save_a_session_roll_and_see_the_counts(client, committee_staff, world):
    session = session_of(world, number=1, start=dt.date(YEAR, 1, 10))
    client.force_login(committee_staff)
    a, b = world.deputy_city_a, world.deputy_city_b

    bad = client.post(
        reverse("duty:session_attendance", args=[session.pk]),
        {f"d{a.pk}_status": "LEAVE"},
    )
    good = client.post(
        reverse("duty:session_attendance", args=[session.pk]),
        {
            f"d{a.pk}_status": "PRESENT",
            f"d{b.pk}_status": "PARTIAL",
            f"d{b.pk}_absent": "1",
        },
    )
    listing = client.get(reverse("duty:sessions"))

    assert bad.status_code == 400
    assert "请填写请假事由。" in bad.content.decode()
    assert good.status_code == 302
    assert SessionAttendance.objects.get(deputy=b).status == (
        SessionAttendanceStatus.PARTIAL
    )
    [row] = listing.context["rows"]
    assert (row.deputies, row.recorded) == (2, 2)
