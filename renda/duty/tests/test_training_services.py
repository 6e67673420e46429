"""Training's services: the rules they enforce and the refusals, target
resolution, check-in by QR code and by staff, certificates, materials."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from PIL import Image

from renda.congresses.tests.factories import TermFactory
from renda.core.errors import ApplicationError, InvalidTransition, NotFound
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.models import ActionLog
from renda.deputies.tests.factories import DeputyFactory, MandateFactory
from renda.duty.choices import (
    CheckInMethod,
    DutyEventKind,
    TrainingStatus,
    TrainingTarget,
)
from renda.duty.models import DutyEvent, Enrollment
from renda.duty.services import training as services
from renda.notifications.models import Notification

from .factories_training import DAY, at, lecture, training

pytestmark = pytest.mark.django_db


def _refused(call, field, message):
    with pytest.raises(ApplicationError) as info:
        call()
    assert info.value.field == field
    assert message in info.value.message


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"ends_on": DAY - dt.timedelta(days=1)},
            "ends_on",
            "结束日期不能早于开始日期",
        ),
        ({"hours": 0}, "hours", "学时应大于 0"),
        ({"hours": 201}, "hours", "不超过 200"),
        ({"hours": "abc"}, "hours", "学时应为数字"),
        ({"place": "", "online": False}, "place", "请填写地点"),
        ({"target": TrainingTarget.NEW_DEPUTIES}, "term", "请选择届次"),
        ({"title": " "}, "title", "请填写名称"),
        ({"kind": "PARTY"}, "kind", "请选择有效的类别"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(
    world, committee_staff, overrides, field, message
):
    _refused(lambda: training(world, committee_staff, **overrides), field, message)
    assert not services.Training.objects.exists()


def test_create_refuses_a_term_of_another_congress(world, committee_staff):
    other = world.xian_congress.terms.first()
    _refused(
        lambda: training(
            world, committee_staff, target=TrainingTarget.NEW_DEPUTIES, term=other
        ),
        "term",
        "本级人大的届次",
    )


def test_online_needs_no_place(world, committee_staff):
    made = training(world, committee_staff, place="", online=True)
    assert made.online
    assert made.checkin_token


def test_hours_cap_is_a_setting(world, committee_staff):
    with override_settings(RENDA_DUTY_TRAINING_MAX_HOURS=10):
        _refused(lambda: training(world, committee_staff, hours=12), "hours", "10")


def test_only_staff_of_the_congress_create(world, district_staff, leader, deputy):
    for actor in (district_staff, leader, deputy):
        with pytest.raises(ServiceDenied):
            training(world, actor)


def test_create_records_an_event_and_an_audit_row(world, committee_staff):
    made = training(world, committee_staff)
    event = DutyEvent.objects.get(subject=f"duty.training:{made.pk}")
    assert event.kind == DutyEventKind.TRAINING
    assert event.payload["change"] == "created"
    assert ActionLog.objects.filter(action="duty.training_create").count() == 1


def test_edit_changes_only_what_is_given_and_not_after_hold(world, committee_staff):
    made = training(world, committee_staff)
    services.training_edit(
        training=made, place="市人大常委会会议室", actor=committee_staff
    )
    made.refresh_from_db()
    assert made.place == "市人大常委会会议室"
    assert made.title == "代表履职能力培训班"
    _refused(
        lambda: services.training_edit(
            training=made, ends_on=DAY - dt.timedelta(days=3), actor=committee_staff
        ),
        "ends_on",
        "结束日期",
    )
    services.training_hold(training=made, actor=committee_staff)
    with pytest.raises(InvalidTransition):
        services.training_edit(training=made, title="新名称", actor=committee_staff)


def test_cancel_and_hold_follow_the_state_table(world, committee_staff):
    held = training(world, committee_staff)
    services.training_hold(training=held, actor=committee_staff)
    held.refresh_from_db()
    assert held.status == TrainingStatus.HELD
    with pytest.raises(InvalidTransition):
        services.training_cancel(training=held, actor=committee_staff)
    cancelled = training(world, committee_staff)
    services.training_cancel(
        training=cancelled, reason="天气原因", actor=committee_staff
    )
    cancelled.refresh_from_db()
    assert cancelled.status == TrainingStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        services.enrollment_by_target(training=cancelled, actor=committee_staff)


# Enrolment and targets -----------------------------------------------------------------


def test_enrollment_add_is_idempotent(world, committee_staff):
    made = training(world, committee_staff, target=TrainingTarget.CHOSEN)
    first = services.enrollment_add(
        training=made, deputies=[world.deputy_city_a], actor=committee_staff
    )
    again = services.enrollment_add(
        training=made,
        deputies=[world.deputy_city_a, world.deputy_city_b],
        actor=committee_staff,
    )
    assert len(first) == 1
    assert [e.deputy for e in again] == [world.deputy_city_b]
    assert made.enrollments.count() == 2


def test_enrollment_refuses_deputies_of_another_congress(world, committee_staff):
    made = training(world, committee_staff)
    _refused(
        lambda: services.enrollment_add(
            training=made, deputies=[world.deputy_xian], actor=committee_staff
        ),
        "deputies",
        "本级人大的在任代表",
    )
    assert not made.enrollments.exists()


def test_all_deputies_are_the_sitting_deputies_of_the_current_term(
    world, committee_staff
):
    MandateFactory(
        deputy=DeputyFactory(name="离任者"),
        term=world.city_term,
        end_date=dt.date(2019, 1, 1),
        end_reason="RESIGNED",
    )
    made = training(world, committee_staff)
    rows = services.enrollment_by_target(training=made, actor=committee_staff)
    assert {e.deputy for e in rows} == {world.deputy_city_a, world.deputy_city_b}
    assert services.enrollment_by_target(training=made, actor=committee_staff) == []


def test_new_deputies_are_those_without_an_earlier_mandate(world, committee_staff):
    seventh = TermFactory(
        congress=world.city_congress,
        number=7,
        start_date=dt.date(2012, 1, 1),
        end_date=dt.date(2016, 12, 31),
    )
    MandateFactory(
        deputy=world.deputy_city_b, term=seventh, start_date=dt.date(2012, 1, 1)
    )
    made = training(
        world, committee_staff, target=TrainingTarget.NEW_DEPUTIES, term=world.city_term
    )
    rows = services.enrollment_by_target(training=made, actor=committee_staff)
    assert [e.deputy for e in rows] == [world.deputy_city_a]


def test_group_leaders_are_the_leaders_of_the_congress_groups(world, committee_staff):
    made = training(world, committee_staff, target=TrainingTarget.GROUP_LEADERS)
    rows = services.enrollment_by_target(training=made, actor=committee_staff)
    assert [e.deputy for e in rows] == [world.deputy_city_a]


def test_chosen_enrols_no_one_by_target(world, committee_staff):
    made = training(world, committee_staff, target=TrainingTarget.CHOSEN)
    assert services.enrollment_by_target(training=made, actor=committee_staff) == []


def test_enrolled_deputies_are_told_after_the_commit(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    made = training(world, committee_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_by_target(training=made, actor=committee_staff)
    notice = Notification.objects.get(recipient=deputy)
    assert "市委党校" in notice.body
    assert "代表证" in notice.body
    assert "2020年6月10日" in notice.body


def test_remove_refuses_one_who_came(world, committee_staff):
    made = training(world, committee_staff)
    (row, other) = services.enrollment_by_target(training=made, actor=committee_staff)
    services.enrollment_check_in(
        training=made,
        deputy=row.deputy,
        method=CheckInMethod.STAFF,
        actor=committee_staff,
        now=at(DAY),
    )
    _refused(
        lambda: services.enrollment_remove(enrollment=row, actor=committee_staff),
        "enrollment",
        "已签到",
    )
    services.enrollment_remove(enrollment=other, actor=committee_staff)
    assert made.enrollments.count() == 1


# Check-in ------------------------------------------------------------------------------------


def test_qr_check_in_needs_the_right_token(world, committee_staff, deputy):
    made = training(world, committee_staff)
    with pytest.raises(NotFound):
        services.enrollment_check_in(
            training=made,
            deputy=world.deputy_city_a,
            method=CheckInMethod.QR,
            token="wrong",
            actor=deputy,
            now=at(DAY),
        )
    assert not Enrollment.objects.exists()


def test_qr_check_in_only_on_a_day_of_the_training(world, committee_staff, deputy):
    made = training(world, committee_staff)
    for day in (DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=2)):
        _refused(
            lambda day=day: services.enrollment_check_in(
                training=made,
                deputy=world.deputy_city_a,
                method=CheckInMethod.QR,
                token=made.checkin_token,
                actor=deputy,
                now=at(day),
            ),
            "token",
            "今天不能扫码签到",
        )
    # The local day counts: 00:30 in Shanghai on the first day is 16:30 UTC before.
    row = services.enrollment_check_in(
        training=made,
        deputy=world.deputy_city_a,
        method=CheckInMethod.QR,
        token=made.checkin_token,
        actor=deputy,
        now=at(DAY, 0, 30),
    )
    assert row.attended


def test_qr_check_in_only_for_oneself(world, committee_staff, deputy):
    made = training(world, committee_staff)
    with pytest.raises(ServiceDenied):
        services.enrollment_check_in(
            training=made,
            deputy=world.deputy_city_b,
            method=CheckInMethod.QR,
            token=made.checkin_token,
            actor=deputy,
            now=at(DAY),
        )


def test_qr_check_in_twice_keeps_the_first_time_and_enrols_on_the_spot(
    world, committee_staff, deputy
):
    made = training(world, committee_staff)
    first = services.enrollment_check_in(
        training=made,
        deputy=world.deputy_city_a,
        method=CheckInMethod.QR,
        token=made.checkin_token,
        actor=deputy,
        now=at(DAY, 8, 52),
    )
    again = services.enrollment_check_in(
        training=made,
        deputy=world.deputy_city_a,
        method=CheckInMethod.QR,
        token=made.checkin_token,
        actor=deputy,
        now=at(DAY, 9, 30),
    )
    assert again.pk == first.pk
    assert again.attended_at == at(DAY, 8, 52)
    assert again.hours == Decimal(12)
    assert again.method == CheckInMethod.QR
    assert made.enrollments.count() == 1


def test_qr_check_in_refuses_one_the_training_is_not_for(
    world, committee_staff, deputy
):
    made = training(world, committee_staff, target=TrainingTarget.CHOSEN)
    with pytest.raises(ServiceDenied):
        services.enrollment_check_in(
            training=made,
            deputy=world.deputy_city_a,
            method=CheckInMethod.QR,
            token=made.checkin_token,
            actor=deputy,
            now=at(DAY),
        )
    # A lecture of the 人大讲坛 is open to every deputy of its congress.
    talk = lecture(world, committee_staff)
    row = services.enrollment_check_in(
        training=talk,
        deputy=world.deputy_city_a,
        method=CheckInMethod.QR,
        token=talk.checkin_token,
        actor=deputy,
        now=at(DAY),
    )
    assert row.attended


def test_staff_check_in_after_the_start_even_once_held(world, committee_staff):
    made = training(world, committee_staff)
    services.enrollment_by_target(training=made, actor=committee_staff)
    _refused(
        lambda: services.enrollment_check_in(
            training=made,
            deputy=world.deputy_city_a,
            method=CheckInMethod.STAFF,
            actor=committee_staff,
            now=at(DAY - dt.timedelta(days=1)),
        ),
        "deputy",
        "尚未开始",
    )
    services.training_hold(training=made, actor=committee_staff)
    row = services.enrollment_check_in(
        training=made,
        deputy=world.deputy_city_a,
        method=CheckInMethod.STAFF,
        actor=committee_staff,
        now=at(DAY + dt.timedelta(days=5)),
        hours=6,
    )
    assert row.method == CheckInMethod.STAFF
    assert row.hours == Decimal(6)


def test_staff_of_another_congress_may_not_check_in(
    world, committee_staff, district_staff
):
    made = training(world, committee_staff)
    with pytest.raises(ServiceDenied):
        services.enrollment_check_in(
            training=made,
            deputy=world.deputy_city_a,
            method=CheckInMethod.STAFF,
            actor=district_staff,
            now=at(DAY),
        )


def test_certificate_numbers_are_year_training_and_order(world, committee_staff):
    made = training(world, committee_staff)
    services.enrollment_by_target(training=made, actor=committee_staff)
    numbers = [
        services.enrollment_check_in(
            training=made,
            deputy=deputy,
            method=CheckInMethod.STAFF,
            actor=committee_staff,
            now=at(DAY),
        ).certificate_number
        for deputy in (world.deputy_city_b, world.deputy_city_a)
    ]
    assert numbers == [f"2020-{made.pk}-1", f"2020-{made.pk}-2"]


# Materials -------------------------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_material_accepts_pdf_and_reencoded_images(world, committee_staff):
    made = training(world, committee_staff)
    pdf = services.material_add(
        training=made,
        upload=SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 test"),
        title="",
        actor=committee_staff,
    )
    image = services.material_add(
        training=made,
        upload=SimpleUploadedFile("合影.png", _png() + b"<script>"),
        title="合影",
        actor=committee_staff,
    )
    assert pdf.title == "讲义"
    assert image.file.read().endswith(b"IEND\xaeB`\x82")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.exe", b"MZ", "只能上传"),
        ("a.pdf", b"", "文件是空的"),
        ("a.pdf", b"PK\x03\x04xx", "内容与扩展名不符"),
        ("a.jpg", b"not an image", "不是可以识别的图片"),
    ],
)
def test_material_refuses_other_files(world, committee_staff, name, content, message):
    made = training(world, committee_staff)
    _refused(
        lambda: services.material_add(
            training=made,
            upload=SimpleUploadedFile(name, content),
            title="",
            actor=committee_staff,
        ),
        "file",
        message,
    )
    assert not made.materials.exists()


def test_material_size_limit_is_a_setting(world, committee_staff):
    made = training(world, committee_staff)
    with override_settings(RENDA_DUTY_MATERIAL_MAX_MB=0):
        _refused(
            lambda: services.material_add(
                training=made,
                upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
                title="",
                actor=committee_staff,
            ),
            "file",
            "不能超过",
        )


def test_a_rolled_back_enrolment_tells_no_one(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    made = training(world, committee_staff)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        services.enrollment_by_target(training=made, actor=committee_staff)
        transaction.set_rollback(True)
    assert callbacks == []
    assert not Notification.objects.filter(recipient=deputy).exists()
    assert not made.enrollments.exists()
