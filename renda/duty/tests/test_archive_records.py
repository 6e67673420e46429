"""Activities added by hand (补充履职记录): who adds, evidence, confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.duty.choices import ArchiveKind, DutyEventKind, RecordStatus
from renda.duty.models import DutyEvent, DutyRecord
from renda.duty.services.archive import (
    duty_record_add,
    duty_record_confirm,
    duty_record_edit,
    duty_record_reject,
    duty_record_withdraw,
)
from renda.duty.tests.factories_archive import TODAY, pdf_upload, png_upload
from renda.notifications.models import Notification

K = ArchiveKind


def add(world, actor, deputy=None, **fields):
    values = {
        "congress": world.city_congress,
        "deputy": deputy or world.deputy_city_a,
        "kind": K.SUPERVISION,
        "date": dt.date(2025, 10, 1),
        "title": "参加省人大常委会执法检查",
        "organiser": "吉林省人大常委会",
        "actor": actor,
        "today": TODAY,
    }
    values.update(fields)
    return duty_record_add(**values)


def test_a_deputy_adds_and_staff_are_told_then_the_deputy_hears_the_decision(
    world, deputy, committee_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = add(world, deputy, evidence=png_upload())
    assert record.status == RecordStatus.PENDING
    assert record.evidence_name == "photo.png"
    assert Notification.objects.filter(recipient=committee_staff).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        duty_record_confirm(record=record, note="材料属实", actor=committee_staff)

    record.refresh_from_db()
    assert (record.status, record.decision_note) == (RecordStatus.CONFIRMED, "材料属实")
    assert Notification.objects.filter(recipient=deputy).count() == 1
    assert list(
        DutyEvent.objects.filter(subject=f"duty.dutyrecord:{record.pk}").values_list(
            "kind", flat=True
        )
    ) == [DutyEventKind.RECORD_ADDED, DutyEventKind.RECORD_DECIDED]


def test_staff_add_for_a_deputy_of_their_congress_only(
    world, committee_staff, district_staff
):
    record = add(world, committee_staff)
    assert record.submitted_by == committee_staff
    with pytest.raises(PermissionDenied):
        add(world, district_staff)
    with pytest.raises(ApplicationError) as caught:
        add(world, committee_staff, deputy=world.deputy_xian)
    assert caught.value.field == "deputy"


def test_a_deputy_cannot_add_for_another(world, deputy):
    with pytest.raises(PermissionDenied):
        add(world, deputy, deputy=world.deputy_city_b)
    assert not DutyRecord.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": K.SUGGESTION_LED}, "kind", "请选择有效的活动类别。"),
        ({"date": dt.date(2025, 11, 21)}, "date", "活动日期不能晚于今天。"),
        ({"title": " "}, "title", "请填写活动名称。"),
        (
            {
                "evidence": SimpleUploadedFile(
                    "a.docx", b"PK\x03\x04word", content_type="application/msword"
                )
            },
            "evidence",
            "证明材料只能是图片（JPG、PNG 等）或 PDF 文件。",
        ),
        (
            {"evidence": SimpleUploadedFile("fake.pdf", b"hello")},
            "evidence",
            "证明材料不是有效的 PDF 文件。",
        ),
    ],
)
def test_bad_records_are_refused_naming_the_field(
    world, deputy, fields, field, message
):
    with pytest.raises(ApplicationError) as caught:
        add(world, deputy, **fields)
    assert (caught.value.field, caught.value.message) == (field, message)
    assert not DutyRecord.objects.exists()


@override_settings(RENDA_DUTY_EVIDENCE_MAX_MB=1)
def test_a_pdf_within_the_limit_is_kept_a_larger_one_refused(world, deputy):
    record = add(world, deputy, evidence=pdf_upload(size=1000))
    assert record.evidence.read().startswith(b"%PDF")

    with pytest.raises(ApplicationError) as caught:
        add(world, deputy, evidence=pdf_upload(size=1024 * 1024 + 1))
    assert caught.value.message == "证明材料不能超过 1 MB。"


def test_refusing_needs_a_reason_and_decided_records_stay_decided(
    world, deputy, committee_staff
):
    record = add(world, deputy)
    with pytest.raises(ApplicationError) as caught:
        duty_record_reject(record=record, note="", actor=committee_staff)
    assert caught.value.field == "note"

    duty_record_reject(record=record, note="无证明材料", actor=committee_staff)

    for call in (
        lambda: duty_record_confirm(record=record, actor=committee_staff),
        lambda: duty_record_withdraw(record=record, actor=deputy),
        lambda: duty_record_edit(record=record, title="改", actor=deputy),
    ):
        with pytest.raises(InvalidTransition):
            call()


def test_only_staff_decide_and_only_the_submitter_withdraws(
    world, deputy, leader, committee_staff
):
    record = add(world, deputy)
    with pytest.raises(PermissionDenied):
        duty_record_confirm(record=record, actor=leader)
    with pytest.raises(PermissionDenied):
        duty_record_confirm(record=record, actor=deputy)
    with pytest.raises(PermissionDenied):
        duty_record_withdraw(record=record, actor=committee_staff)

    duty_record_edit(
        record=record, title="参加省人大执法检查", actor=deputy, today=TODAY
    )
    duty_record_withdraw(record=record, actor=deputy)

    record.refresh_from_db()
    assert (record.title, record.status) == (
        "参加省人大执法检查",
        RecordStatus.WITHDRAWN,
    )
