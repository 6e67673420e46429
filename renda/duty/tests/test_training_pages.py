"""Training's pages and API: the deputy's check-in page, the certificate, the
statistics from the records (page, .xlsx and API alike), page-vs-API agreement."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from renda.duty.choices import CheckInMethod, TrainingKind, TrainingTarget
from renda.duty.services import training as services

from .factories_training import DAY, at, lecture, training

pytestmark = pytest.mark.django_db


def _today_training(world, staff, **overrides):
    today = timezone.localdate()
    return training(world, staff, starts_on=today, ends_on=today, **overrides)


def test_the_check_in_page_has_one_big_button_and_confirms(
    client, world, committee_staff, deputy
):
    made = _today_training(world, committee_staff)
    url = reverse("duty:training_checkin", args=[made.pk, made.checkin_token])
    client.force_login(deputy)
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-action="checkin"' in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    row = made.enrollments.get(deputy=world.deputy_city_a)
    shown = client.get(url).content.decode()
    assert f"已签到 {timezone.localtime(row.attended_at):%H:%M}" in shown
    assert row.method == CheckInMethod.QR


def test_the_check_in_page_refuses_another_day(client, world, committee_staff, deputy):
    future = timezone.localdate() + dt.timedelta(days=3)
    made = training(world, committee_staff, starts_on=future, ends_on=future)
    url = reverse("duty:training_checkin", args=[made.pk, made.checkin_token])
    client.force_login(deputy)
    assert "不在签到时间" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert "今天不能扫码签到" in response.content.decode()
    assert not made.enrollments.filter(attended_at__isnull=False).exists()


def test_a_wrong_token_is_404_on_the_page_and_the_api(
    client, world, committee_staff, deputy
):
    made = _today_training(world, committee_staff)
    client.force_login(deputy)
    assert (
        client.post(reverse("duty:training_checkin", args=[made.pk, "x"])).status_code
        == 404
    )
    response = client.post(
        f"/api/v1/duty/training/{made.pk}/checkin/qr",
        {"token": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not made.enrollments.exists()


def test_the_api_qr_check_in_twice_keeps_the_first_time(
    client, world, committee_staff, deputy
):
    made = _today_training(world, committee_staff)
    client.force_login(deputy)
    url = f"/api/v1/duty/training/{made.pk}/checkin/qr"
    first = client.post(
        url, {"token": made.checkin_token}, content_type="application/json"
    )
    again = client.post(
        url, {"token": made.checkin_token}, content_type="application/json"
    )
    assert first.status_code == again.status_code == 200
    assert first.json()["attended_at"] == again.json()["attended_at"]
    assert first.json()["certificate_number"] == f"{made.starts_on.year}-{made.pk}-1"


def test_the_door_poster_carries_the_check_in_address(client, world, committee_staff):
    made = _today_training(world, committee_staff)
    client.force_login(committee_staff)
    html = client.get(reverse("duty:training_door", args=[made.pk])).content.decode()
    assert "<svg" in html
    assert reverse("duty:training_checkin", args=[made.pk, made.checkin_token]) in html


def test_the_certificate_names_the_deputy_training_hours_and_issuer(
    client, world, committee_staff, deputy
):
    made = training(world, committee_staff)
    services.enrollment_by_target(training=made, actor=committee_staff)
    row = services.enrollment_check_in(
        training=made,
        deputy=world.deputy_city_a,
        method=CheckInMethod.STAFF,
        actor=committee_staff,
        now=at(DAY),
    )
    client.force_login(deputy)
    response = client.get(reverse("duty:training_certificate", args=[row.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "结业证书" in text
    assert "丁照民" in text
    assert "代表履职能力培训班" in text
    assert "2020年6月10日至2020年6月11日" in text
    assert "12学时" in text
    assert row.certificate_number in text
    assert "辽源市人民代表大会常务委员会" in text
    # Not yet attended: no certificate.
    other = made.enrollments.get(deputy=world.deputy_city_b)
    client.force_login(committee_staff)
    assert (
        client.get(reverse("duty:training_certificate", args=[other.pk])).status_code
        == 404
    )


def _year_of_records(world, staff):
    """Two trainings of 2020: the course attended by both city deputies (12 h),
    a lecture by one (3 h): 3 person-times, 27 hours, coverage 2/2."""
    course = training(world, staff)
    services.enrollment_by_target(training=course, actor=staff)
    talk = lecture(world, staff)
    services.enrollment_add(training=talk, deputies=[world.deputy_city_a], actor=staff)
    for deputy in (world.deputy_city_a, world.deputy_city_b):
        services.enrollment_check_in(
            training=course,
            deputy=deputy,
            method=CheckInMethod.STAFF,
            actor=staff,
            now=at(DAY),
        )
    services.enrollment_check_in(
        training=talk,
        deputy=world.deputy_city_a,
        method=CheckInMethod.STAFF,
        actor=staff,
        now=at(DAY),
    )
    # Enrolled but absent, and another year: neither counts.
    later = training(
        world, staff, starts_on=dt.date(2021, 3, 1), ends_on=dt.date(2021, 3, 1)
    )
    services.enrollment_by_target(training=later, actor=staff)
    return course, talk


def test_stats_come_from_the_attended_enrolments(client, world, committee_staff):
    _year_of_records(world, committee_staff)
    client.force_login(committee_staff)
    query = f"?congress={world.city_congress.pk}&year=2020"
    page = client.get(reverse("duty:training_stats") + query)
    stats = page.context["stats"]
    assert stats.person_times == 3
    assert stats.hours == Decimal(27)
    assert stats.trainings == 2
    assert {k.kind: k.person_times for k in stats.by_kind} == {
        TrainingKind.COURSE: 2,
        TrainingKind.LECTURE: 1,
        TrainingKind.STUDY_TRIP: 0,
    }
    assert (stats.total.deputies, stats.total.attended, stats.total.coverage) == (
        2,
        2,
        100.0,
    )
    group = next(g for g in stats.by_group if g.name == "向阳街道代表小组")
    assert (group.deputies, group.attended, group.person_times) == (1, 1, 2)
    assert [(d.name, d.hours) for d in stats.by_deputy] == [
        ("丁照民", Decimal(15)),
        ("白玉晶", Decimal(12)),
    ]
    api = client.get("/api/v1/duty/training/stats" + query).json()
    assert api["person_times"] == 3
    assert Decimal(api["hours"]) == Decimal(27)
    assert api["total"]["coverage"] == 100.0
    xlsx = client.get(reverse("duty:training_stats_xlsx") + query)
    sheet = load_workbook(io.BytesIO(xlsx.content))["总体"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["参训人次"] == 3
    assert values["学时合计"] == 27


def test_the_form_shows_its_errors_with_400(client, world, committee_staff):
    client.force_login(committee_staff)
    response = client.post(
        reverse("duty:training_new"),
        {
            "kind": "COURSE",
            "title": "培训",
            "starts_on": "2020-06-10",
            "ends_on": "2020-06-01",
            "hours": "3",
            "target": "NEW_DEPUTIES",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "结束日期不能早于开始日期" in html
    assert "请填写地点" in html
    assert "请选择届次" in html


def test_a_cancel_refused_keeps_the_reason_and_does_not_cancel(
    client, world, committee_staff
):
    made = training(world, committee_staff)
    client.force_login(committee_staff)
    url = reverse("duty:training_cancel", args=[made.pk])
    too_long = "因疫情防控需要，培训延期举行。" * 40  # over 500 characters

    refused = client.post(url, {"reason": too_long})

    made.refresh_from_db()
    html = refused.content.decode()
    assert refused.status_code == 400
    assert f'value="{too_long}"' in html
    assert made.status != "CANCELLED"
    cancelled = client.post(url, {"reason": "因疫情防控需要，培训延期举行。"})
    made.refresh_from_db()
    assert cancelled.status_code == 302
    assert made.status == "CANCELLED"


def test_a_cancel_refused_after_the_training_was_held_keeps_the_reason(
    client, world, committee_staff
):
    made = training(world, committee_staff)
    client.force_login(committee_staff)
    # Another tab closed the enrolment (held) meanwhile.
    services.training_hold(training=made, actor=committee_staff)
    reason = "主讲人临时有事，培训改期举行。"

    refused = client.post(
        reverse("duty:training_cancel", args=[made.pk]), {"reason": reason}
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该培训当前状态为“已举办”，不能取消。" in html
    assert f'value="{reason}"' in html
    made.refresh_from_db()
    assert made.status == "HELD"


def test_a_refused_material_keeps_its_title_and_names_the_file_to_choose_again(
    client, world, committee_staff
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    made = training(world, committee_staff)
    client.force_login(committee_staff)
    # Another tab cancelled the training meanwhile.
    services.training_cancel(training=made, actor=committee_staff, reason="改期")

    refused = client.post(
        reverse("duty:training_material_add", args=[made.pk]),
        {
            "title": "宪法学习讲义",
            "file": SimpleUploadedFile("讲义.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "不能上传材料" in html
    assert 'value="宪法学习讲义"' in html
    # The page asks for the file again (core.context_processors.dropped_files).
    assert "讲义.pdf" in html.split('data-dropped-files="', 1)[1].split('"', 1)[0]
    assert not made.materials.exists()


def test_staff_tick_deputies_present(client, world, committee_staff):
    made = _today_training(world, committee_staff)
    services.enrollment_by_target(training=made, actor=committee_staff)
    client.force_login(committee_staff)
    url = reverse("duty:training_attendance", args=[made.pk])
    response = client.post(url, {"deputies": [world.deputy_city_b.pk]})
    assert response.status_code == 302
    attended = made.enrollments.filter(attended_at__isnull=False)
    assert [e.deputy for e in attended] == [world.deputy_city_b]


def test_a_refused_enrolment_keeps_the_ticked_deputies_and_enrols_no_one(
    client, world, committee_staff
):
    made = training(world, committee_staff)
    client.force_login(committee_staff)
    url = reverse("duty:training_enrol", args=[made.pk])
    page = client.get(url).content.decode()
    picked = [world.deputy_city_a.pk, world.deputy_city_b.pk]
    for pk in picked:
        assert f'value="{pk}">' in page
    # Another tab cancelled the training meanwhile.
    services.training_cancel(training=made, actor=committee_staff, reason="改期")

    refused = client.post(url, {"action": "pick", "deputies": picked})

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该培训当前状态为“已取消”，不能报名。" in html
    for pk in picked:
        assert f'value="{pk}" checked>' in html
    assert not made.enrollments.exists()


def test_a_refused_check_in_keeps_the_ticks_and_checks_in_no_one(
    client, world, committee_staff
):
    future = timezone.localdate() + dt.timedelta(days=3)
    made = training(world, committee_staff, starts_on=future, ends_on=future)
    services.enrollment_by_target(training=made, actor=committee_staff)
    client.force_login(committee_staff)
    url = reverse("duty:training_attendance", args=[made.pk])
    ticked = [world.deputy_city_a.pk, world.deputy_city_b.pk]

    refused = client.post(url, {"deputies": ticked})

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "培训尚未开始，不能登记签到。" in html
    for pk in ticked:
        assert f'value="{pk}" checked>' in html
    assert not made.enrollments.filter(attended_at__isnull=False).exists()


def test_a_check_in_refused_for_one_deputy_checks_in_none_of_them(
    client, world, committee_staff, monkeypatch
):
    from renda.core.errors import ApplicationError

    made = _today_training(world, committee_staff)
    services.enrollment_by_target(training=made, actor=committee_staff)
    real = services.enrollment_check_in
    refused_for = world.deputy_city_b

    def check_in(**kwargs):
        if kwargs["deputy"] == refused_for:
            raise ApplicationError("该代表不能登记签到。", field="deputy")
        return real(**kwargs)

    monkeypatch.setattr(services, "enrollment_check_in", check_in)
    client.force_login(committee_staff)
    url = reverse("duty:training_attendance", args=[made.pk])
    ticked = [world.deputy_city_a.pk, refused_for.pk]

    refused = client.post(url, {"deputies": ticked})

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "该代表不能登记签到。" in html
    for pk in ticked:
        assert f'value="{pk}" checked>' in html
    assert not made.enrollments.filter(attended_at__isnull=False).exists()


def test_my_training_lists_hours_and_certificates(
    client, world, committee_staff, deputy
):
    _year_of_records(world, committee_staff)
    client.force_login(deputy)
    page = client.get(reverse("duty:my_training"))
    assert page.context["attended"] == 2
    assert page.context["hours"] == Decimal(15)
    api = client.get("/api/v1/duty/training/me").json()
    assert api["attended"] == 2
    assert Decimal(api["hours"]) == Decimal(15)
    assert [t["enrollment_id"] for t in api["trainings"]] == [
        r.pk for r in page.context["rows"]
    ]


@pytest.mark.parametrize("role", ["committee_staff", "leader", "deputy"])
def test_the_page_and_the_api_agree(client, request, world, committee_staff, role):
    _year_of_records(world, committee_staff)
    training(world, committee_staff, title="只为指定代表", target=TrainingTarget.CHOSEN)
    user = request.getfixturevalue(role)
    client.force_login(user)
    for query in ("", "?year=2020", "?kind=LECTURE", "?q=讲坛"):
        page = client.get(reverse("duty:trainings") + query)
        api = client.get("/api/v1/duty/training" + query).json()
        assert [t.pk for t in page.context["page"].object_list] == [
            r["id"] for r in api["results"]
        ], query
    for row in api["results"]:
        detail = client.get(reverse("duty:training_detail", args=[row["id"]]))
        api_detail = client.get(f"/api/v1/duty/training/{row['id']}").json()
        assert detail.context["detail"].actions == api_detail["actions"]
        assert [e.pk for e in detail.context["detail"].enrollments] == [
            e["id"] for e in api_detail["enrollments"]
        ]


def test_list_and_detail_cost_does_not_grow_with_rows(
    client, world, committee_staff, django_assert_max_num_queries
):
    for number in range(8):
        made = training(world, committee_staff, title=f"培训{number}")
        services.enrollment_by_target(training=made, actor=committee_staff)
    client.force_login(committee_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("duty:trainings")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/duty/training").status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("duty:training_detail", args=[made.pk])).status_code
            == 200
        )
