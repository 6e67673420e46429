"""Pages of the station's working side, and the panel on the suggestion page."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from renda.core.models import ActionLog
from renda.core.receipts import format_receipt_number
from renda.core.tests.form_html import form_fields
from renda.core.tests.images import PNG_BYTES
from renda.receptions.choices import PublicRequestStatus, ReceptionDayStatus
from renda.receptions.models import PublicRequest, ReceptionDay
from renda.receptions.services import (
    public_request_answer_on_the_spot,
    public_request_convert_to_suggestion,
)
from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.receptions.tests.work_helpers import (
    recorded_request,
    township_government,
    unit_user,
)


def test_reception_days_page_counts_held_against_the_rule(client, world, station_chief):
    year = timezone.localdate().year
    ReceptionDayFactory(
        station=world.station_longshan,
        date=dt.date(year, 1, 15),
        status=ReceptionDayStatus.HELD,
    )
    ReceptionDayFactory(station=world.station_longshan, date=dt.date(year, 2, 15))
    client.force_login(station_chief)
    response = client.get(
        reverse("stations:reception_days", args=[world.station_longshan.pk])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert '已举行 <strong class="num">1</strong> 次' in text
    assert "还差 5 次" in text
    assert (
        reverse("stations:reception_day_create", args=[world.station_longshan.pk])
        in text
    )


def test_plan_form_creates_a_day_and_shows_errors_in_chinese(
    client, world, station_chief
):
    client.force_login(station_chief)
    url = reverse("stations:reception_day_create", args=[world.station_longshan.pk])
    bad = client.post(
        url,
        {
            "date": "2025-06-10",
            "start_time": "10:00",
            "end_time": "09:00",
            "place": "站里",
        },
    )
    assert bad.status_code == 400
    assert "结束时间须晚于开始时间" in bad.content.decode()
    assert not ReceptionDay.objects.exists()
    response = client.post(
        url,
        {
            "date": "2025-06-10",
            "start_time": "09:00",
            "end_time": "11:00",
            "place": "站里",
            "deputies": [world.deputy_city_a.pk],
        },
    )
    assert response.status_code == 302
    day = ReceptionDay.objects.get()
    assert list(day.deputies.all()) == [world.deputy_city_a]


def test_postpone_and_cancel_forms(client, world, station_chief):
    day = ReceptionDayFactory(station=world.station_longshan)
    client.force_login(station_chief)
    response = client.post(
        reverse("stations:reception_day_postpone", args=[day.pk]),
        {"new_date": "2025-06-20", "reason": "暴雨"},
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.date == dt.date(2025, 6, 20)
    response = client.post(
        reverse("stations:reception_day_cancel", args=[day.pk]), {"reason": ""}
    )
    assert "请填写此项" in response.content.decode()
    day.refresh_from_db()
    assert day.status == ReceptionDayStatus.PLANNED


def test_record_form_needs_consent_and_masks_afterwards(client, world, station_chief):
    day = ReceptionDayFactory(station=world.station_longshan)
    client.force_login(station_chief)
    url = reverse("stations:request_create", args=[world.station_longshan.pk])
    data = {
        "reception_day": day.pk,
        "received_by": world.deputy_city_a.pk,
        "resident_name": "张三",
        "resident_phone": "13512345678",
        "content": "<script>alert(1)</script>路灯不亮",
    }
    refused = client.post(url, data)
    assert "须经群众同意" in refused.content.decode()
    assert not PublicRequest.objects.exists()

    response = client.post(url, {**data, "consent": "on"})
    request = PublicRequest.objects.get()
    assert response.status_code == 302
    detail = client.get(reverse("stations:request_detail", args=[request.pk]))
    text = detail.content.decode()
    assert "张*" in text
    assert "135****5678" in text
    assert "13512345678" not in text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text

    revealed = client.post(reverse("stations:request_reveal", args=[request.pk]))
    assert "13512345678" in revealed.content.decode()
    assert ActionLog.objects.filter(action="public_request.reveal_resident").exists()


def test_route_button_and_unit_inbox_and_answer(client, world, station_chief):
    unit = township_government(world.station_longshan)
    township = unit_user(unit)
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)
    detail = client.get(reverse("stations:request_detail", args=[request.pk]))
    assert f"转{unit.name}办理" in detail.content.decode()
    client.post(reverse("stations:request_route", args=[request.pk]), {"unit": unit.pk})
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.ROUTED

    client.force_login(township)
    inbox = client.get(reverse("stations:unit_requests"))
    assert format_receipt_number(request.receipt_number) in inbox.content.decode()
    assert "张*" in inbox.content.decode()
    response = client.post(
        reverse("stations:unit_request_answer", args=[request.pk]),
        {"answer": "已安排维修"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.ANSWERED


def test_a_unit_answer_refused_after_a_colleague_answered_keeps_the_text(
    client, world, station_chief
):
    unit = township_government(world.station_longshan)
    township = unit_user(unit)
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)
    client.post(reverse("stations:request_route", args=[request.pk]), {"unit": unit.pk})
    client.force_login(township)
    url = reverse("stations:unit_request_answer", args=[request.pk])
    assert client.post(url, {"answer": "已安排维修"}).status_code == 302
    answer = "经现场查看，路灯线路老化，已列入本月维修计划，预计20日前修复。"

    refused = client.post(url, {"answer": answer})

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "不能答复" in html
    assert answer in html
    request.refresh_from_db()
    assert request.answer == "已安排维修"


def test_wrong_state_action_says_so(client, world, station_chief):
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)
    response = client.post(reverse("stations:request_close", args=[request.pk]))
    assert response.status_code == 409
    assert "不能办结" in response.content.decode()


def test_a_spot_answer_refused_after_a_colleague_answered_keeps_the_text(
    client, world, station_chief
):
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)
    # A colleague answered it on the spot in another tab meanwhile.
    public_request_answer_on_the_spot(
        request=request, answer="已当场解释政策。", actor=station_chief
    )
    answer = "经联络站协调，物业已承诺本周内修复小区路灯，并留下维修负责人电话。"

    refused = client.post(
        reverse("stations:request_answer_on_the_spot", args=[request.pk]),
        {"answer": answer},
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该诉求当前状态为“已办结”，不能当场答复。" in html
    assert answer in html
    request.refresh_from_db()
    assert request.answer == "已当场解释政策。"


def test_suggestion_page_shows_the_requests_it_came_from(
    client, world, station_chief, deputy
):
    request = recorded_request(world, station_chief)
    public_request_convert_to_suggestion(request=request, actor=deputy)
    request.refresh_from_db()
    client.force_login(deputy)
    response = client.get(reverse("suggestions:detail", args=[request.suggestion_id]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "来自群众诉求" in text
    assert request.receipt_number in text
    assert "张*" in text
    assert "13512345678" not in text
    back = client.get(reverse("stations:request_detail", args=[request.pk]))
    assert reverse("suggestions:detail", args=[request.suggestion_id]) in (
        back.content.decode()
    )


def test_my_requests_lists_the_deputys_own(client, world, station_chief, deputy):
    mine = recorded_request(world, station_chief)
    other = recorded_request(world, station_chief, received_by=world.deputy_city_b)
    client.force_login(deputy)
    text = client.get(reverse("stations:my_requests")).content.decode()
    assert format_receipt_number(mine.receipt_number) in text
    assert format_receipt_number(other.receipt_number) not in text


def test_station_page_links_the_working_pages(client, world, station_chief, deputy):
    client.force_login(station_chief)
    text = client.get(
        reverse("stations:detail", args=[world.station_longshan.pk])
    ).content.decode()
    assert reverse("stations:requests", args=[world.station_longshan.pk]) in text
    client.force_login(deputy)
    text = client.get(
        reverse("stations:detail", args=[world.station_longshan.pk])
    ).content.decode()
    requests_link = reverse("stations:requests", args=[world.station_longshan.pk])
    assert f'href="{requests_link}"' not in text
    assert reverse("stations:request_create", args=[world.station_longshan.pk]) in text


def test_an_old_edit_link_of_a_held_day_goes_back_to_the_list(
    client, world, station_chief
):
    # Given a day that has been held: its edit page must not crash or change it.
    day = ReceptionDayFactory(
        station=world.station_longshan, status=ReceptionDayStatus.HELD, place="原地点"
    )
    client.force_login(station_chief)
    url = reverse("stations:reception_day_edit", args=[day.pk])

    shown = client.get(url)

    assert shown.status_code == 302
    assert shown["Location"].startswith(
        reverse("stations:reception_days", args=[world.station_longshan.pk])
    )
    day.refresh_from_db()
    assert day.place == "原地点"


def test_an_edit_posted_after_the_day_was_held_keeps_what_was_typed(
    client, world, station_chief
):
    # Given the edit form open in one tab while the day was held in another.
    day = ReceptionDayFactory(
        station=world.station_longshan, status=ReceptionDayStatus.HELD, place="原地点"
    )
    client.force_login(station_chief)
    url = reverse("stations:reception_day_edit", args=[day.pk])
    topic = "听取居民对老旧小区改造的意见和建议"

    posted = client.post(
        url,
        {
            "date": f"{day.date:%Y-%m-%d}",
            "start_time": "09:00",
            "end_time": "11:00",
            "place": "新地点",
            "topic": topic,
            "deputies": [world.deputy_city_a.pk],
        },
    )

    html = posted.content.decode()
    assert posted.status_code == 409
    assert "该接待日当前状态为“已举行”，不能修改。" in html
    assert 'value="新地点"' in html
    assert topic in html
    day.refresh_from_db()
    assert day.place == "原地点"
    assert day.topic != topic


def test_request_photos_are_shown_to_those_who_see_the_request(
    client, world, station_chief, liaison_officer
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = PNG_BYTES
    request = recorded_request(
        world,
        station_chief,
        photos=[SimpleUploadedFile("现场.png", png, content_type="image/png")],
    )
    photo = request.photos.get()
    url = reverse("stations:request_photo", args=[photo.pk])

    client.force_login(station_chief)
    detail = client.get(reverse("stations:request_detail", args=[request.pk]))
    shown = client.get(url)

    assert url in detail.content.decode()
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert b"".join(shown.streaming_content) == png
    # The officer of another station does not see the request, nor its photo.
    client.force_login(liaison_officer)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("stations:request_photo", args=[999999])).status_code == 404
    )


def test_an_unchanged_edit_form_saves_with_its_iso_date(client, world, station_chief):
    # Given a planned day: its edit page shows the date as the date input needs it.
    day = ReceptionDayFactory(
        station=world.station_longshan, date=dt.date(2026, 12, 10)
    )
    client.force_login(station_chief)
    url = reverse("stations:reception_day_edit", args=[day.pk])

    shown = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    data, inputs = form_fields(shown.content.decode(), having="date")
    posted = client.post(url, data)

    assert inputs["date"]["value"] == "2026-12-10"
    assert posted.status_code == 302
    day.refresh_from_db()
    assert day.date == dt.date(2026, 12, 10)


def test_the_postpone_form_keeps_an_iso_date_it_shows_again(
    client, world, station_chief
):
    day = ReceptionDayFactory(
        station=world.station_longshan, date=dt.date(2026, 12, 10)
    )
    client.force_login(station_chief)
    url = reverse("stations:reception_day_postpone", args=[day.pk])

    refused = client.post(url, {"new_date": "2026-12-20", "reason": ""})
    data, inputs = form_fields(refused.content.decode(), having="new_date")

    assert refused.status_code == 400
    assert inputs["new_date"]["value"] == "2026-12-20"
    assert client.post(url, {**data, "reason": "暴雨"}).status_code == 302
    day.refresh_from_db()
    assert day.date == dt.date(2026, 12, 20)
