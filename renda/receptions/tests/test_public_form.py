"""The resident's QR form: consent, captcha, limits, escaping, photos, floods."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from renda.core.captcha import (
    CAPTCHA_MAX_PENDING,
    SESSION_KEY,
    captcha_check,
    captcha_issue,
    parse_answer,
)
from renda.core.models import ActionLog, RateLimitBucket
from renda.core.receipts import format_receipt_number
from renda.core.tests.images import JPEG_BYTES, PNG_BYTES
from renda.receptions.choices import RequestSource
from renda.receptions.forms import PUBLIC_CONSENT_TEXT as CONSENT_TEXT
from renda.receptions.models import PublicRequest, PublicRequestPhoto
from renda.receptions.rules import PUBLIC_FORM_MAX_PER_HOUR
from renda.receptions.selectors import client_hash_for
from renda.receptions.views.public import NEW_RECEIPT_SESSION_KEY

from .public_helpers import captcha_of, form_data, solve, submit

pytestmark = pytest.mark.django_db

JPEG = JPEG_BYTES
PNG = PNG_BYTES


def test_anonymous_resident_sees_the_form_with_consent_and_captcha(client, world):
    response = client.get(reverse("public:form", args=[world.station_longshan.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert world.station_longshan.name in html
    assert CONSENT_TEXT in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'enctype="multipart/form-data"' in html
    token, answer = captcha_of(html)
    assert token
    assert 0 <= answer <= 18
    # Nothing in the page cuts a long text silently.
    assert "maxlength" not in html


def test_unknown_station_has_no_form(client, world):
    response = client.get(reverse("public:form", args=[999999]))

    assert response.status_code == 404
    assert "未找到" in response.content.decode()


def test_a_resident_leaves_a_request_and_gets_a_receipt(client, world):
    before = timezone.now()

    response = submit(client, world.station_longshan)

    request = PublicRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "public:receipt", args=[request.receipt_number]
    )
    assert request.station == world.station_longshan
    assert request.source == RequestSource.QR_FORM
    assert request.resident_name == "刘淑芬"
    assert request.resident_phone == "13512345678"
    assert request.location == "向阳小区3号楼前"
    assert request.consent_at >= before
    assert request.client_hash == client_hash_for("127.0.0.1")
    assert request.client_hash != "127.0.0.1"
    assert request.recorded_by is None
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "提交成功" in html
    assert "请记下回执编号" in html
    shown = format_receipt_number(request.receipt_number)
    assert f'id="receipt-number">{shown}<' in html
    assert reverse("public:receipt", args=[request.receipt_number]) in html
    # The "just submitted" banner is shown once; later visits show progress.
    assert NEW_RECEIPT_SESSION_KEY not in client.session
    again = client.get(response["Location"]).content.decode()
    assert "提交成功" not in again
    assert "已受理" in again


def test_the_phone_is_optional_and_checked_when_given(client, world):
    response = submit(client, world.station_longshan, resident_phone="12345")

    assert response.status_code == 400
    assert "联系电话格式不正确" in response.content.decode()
    assert PublicRequest.objects.count() == 0

    response = submit(client, world.station_longshan, resident_phone="")
    assert response.status_code == 302
    assert PublicRequest.objects.get().resident_phone == ""


def test_full_width_phone_digits_are_accepted(client, world):
    response = submit(
        client, world.station_longshan, resident_phone="１３５ １２３４ ５６７８"
    )

    assert response.status_code == 302
    assert PublicRequest.objects.get().resident_phone == "13512345678"


def test_without_consent_nothing_is_stored_and_the_text_is_kept(client, world):
    response = submit(client, world.station_longshan, consent=None)

    assert response.status_code == 400
    html = response.content.decode()
    assert "请阅读并勾选同意" in html
    assert "向阳小区3号楼前路灯坏了两个多月" in html
    assert 'value="刘淑芬"' in html
    assert PublicRequest.objects.count() == 0


def test_a_wrong_captcha_answer_stores_nothing_and_asks_a_new_question(client, world):
    url = reverse("public:form", args=[world.station_longshan.pk])
    token, right = captcha_of(client.get(url).content.decode())
    data = {**form_data(), "captcha_token": token, "captcha_answer": str(right + 1)}

    response = client.post(url, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "验证题答案不对" in html
    assert PublicRequest.objects.count() == 0
    new_token, _answer = captcha_of(html)
    assert new_token != token
    # The answer box is empty again; the rest of what was typed stays.
    assert 'name="captcha_answer" value=' not in html
    assert 'value="刘淑芬"' in html
    # A used question cannot be answered again, even rightly.
    data["captcha_answer"] = str(right)
    replay = client.post(url, data)
    assert replay.status_code == 400
    assert "验证题已过期" in replay.content.decode()
    assert PublicRequest.objects.count() == 0


def test_a_missing_or_forged_captcha_token_is_refused(client, world):
    url = reverse("public:form", args=[world.station_longshan.pk])
    client.get(url)

    response = client.post(
        url, {**form_data(), "captcha_token": "forged", "captcha_answer": "3"}
    )

    assert response.status_code == 400
    assert "验证题已过期" in response.content.decode()
    assert PublicRequest.objects.count() == 0


def test_captcha_rules():
    session = {}
    challenge = captcha_issue(session, now=1000.0)
    answer = solve(challenge.question)

    # Expired after its time to live.
    assert captcha_check(
        session, token=challenge.token, answer=str(answer), now=1000.0 + 31 * 60
    )
    challenge = captcha_issue(session, now=2000.0)
    assert (
        captcha_check(
            session,
            token=challenge.token,
            answer=str(solve(challenge.question)),
            now=2001.0,
        )
        is None
    )
    # Only the newest few stay open.
    tokens = [captcha_issue(session, now=3000.0 + i).token for i in range(8)]
    assert set(session[SESSION_KEY]) == set(tokens[-CAPTCHA_MAX_PENDING:])
    assert parse_answer("１２") == 12
    assert parse_answer(" 7 ") == 7
    assert parse_answer("七") is None
    assert parse_answer("٣") is None
    assert parse_answer("-3") is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("resident_name", "张" * 51, "姓名不能超过50个字"),
        ("content", "路" * 2001, "反映的问题或建议不能超过2000个字"),
        ("location", "街" * 201, "涉及地点不能超过200个字"),
        ("resident_phone", "1" * 41, "联系电话太长"),
    ],
)
def test_oversized_fields_are_named_and_nothing_is_stored(
    client, world, field, value, message
):
    response = submit(client, world.station_longshan, **{field: value})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # What was typed comes back whole, not cut.
    assert value in html
    assert PublicRequest.objects.count() == 0


def test_text_at_the_limits_is_stored_whole(client, world):
    response = submit(
        client,
        world.station_longshan,
        resident_name="张" * 50,
        content="路" * 2000,
        location="街" * 200,
    )

    assert response.status_code == 302
    request = PublicRequest.objects.get()
    assert len(request.resident_name) == 50
    assert len(request.content) == 2000
    assert len(request.location) == 200


def test_script_is_stored_as_text_and_shown_escaped(client, world, station_chief):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = submit(
        client,
        world.station_longshan,
        resident_name="<b>王</b>",
        content=f"路灯坏了{script}",
        location=script,
    )

    request = PublicRequest.objects.get()
    assert request.content == f"路灯坏了{script}"
    assert request.location == script
    html = client.get(response["Location"]).content.decode()
    html += client.get(response["Location"]).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>王</b>" not in html
    # The station's own pages show it as text as well.
    client.force_login(station_chief)
    staff = client.get(reverse("stations:request_detail", args=[request.pk]))
    staff_html = staff.content.decode()
    staff_html += client.get(
        reverse("stations:requests", args=[world.station_longshan.pk])
    ).content.decode()
    assert staff.status_code == 200
    assert "<script>alert" not in staff_html
    assert "<img src=x" not in staff_html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in staff_html


def test_script_is_escaped_on_the_form_after_an_error(client, world):
    script = "<script>alert(1)</script>"
    response = submit(client, world.station_longshan, content=script, consent=None)

    html = response.content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_photos_are_stored(client, world):
    photos = [
        SimpleUploadedFile("路灯.jpg", JPEG, content_type="image/jpeg"),
        SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
    ]

    response = submit(client, world.station_longshan, photos=photos)

    assert response.status_code == 302
    stored = PublicRequestPhoto.objects.filter(request=PublicRequest.objects.get())
    assert sorted(stored.values_list("original_name", flat=True)) == [
        "现场.png",
        "路灯.jpg",
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("说明.pdf", b"%PDF-1.4 xx"), "只能上传 JPG 或 PNG"),
        (SimpleUploadedFile("动图.gif", b"GIF89a" + b"0" * 20), "只能上传 JPG 或 PNG"),
        (
            SimpleUploadedFile("伪装.jpg", b"MZ\x90\x00" + b"0" * 20),
            "内容不是 JPG 或 PNG",
        ),
        (SimpleUploadedFile("空.png", b""), "空文件"),
    ],
    ids=["pdf", "gif", "exe-as-jpg", "empty"],
)
def test_photos_of_a_wrong_type_are_refused(client, world, upload, message):
    response = submit(client, world.station_longshan, photos=[upload])

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "照片需要重新选择" in html
    assert PublicRequest.objects.count() == 0
    assert PublicRequestPhoto.objects.count() == 0


def test_more_than_three_photos_are_refused(client, world):
    photos = [SimpleUploadedFile(f"{i}.jpg", JPEG) for i in range(4)]

    response = submit(client, world.station_longshan, photos=photos)

    assert response.status_code == 400
    assert "最多上传3张照片" in response.content.decode()
    assert PublicRequest.objects.count() == 0


def test_a_flood_from_one_address_gets_429_and_nothing_is_stored(client, world):
    for index in range(PUBLIC_FORM_MAX_PER_HOUR):
        content = f"第{index}条：路灯坏了"
        assert (
            submit(client, world.station_longshan, content=content).status_code == 302
        )
    logs_before = ActionLog.objects.count()

    response = submit(
        client, world.station_longshan, content="第六条<script>x</script>"
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "操作过于频繁" in html
    assert "内容没有保存" in html
    # What the resident wrote is offered back, escaped, to copy.
    assert "第六条&lt;script&gt;x&lt;/script&gt;" in html
    # The fixed window ends on the hour (renda.core.ratelimit).
    assert 0 < int(response["Retry-After"]) <= 3600
    assert PublicRequest.objects.count() == PUBLIC_FORM_MAX_PER_HOUR
    assert ActionLog.objects.count() == logs_before
    # Another address is not held back, and the form page itself stays open.
    assert (
        submit(client, world.station_longshan_2, remote_addr="10.0.0.9").status_code
        == 302
    )
    assert (
        client.get(reverse("public:form", args=[world.station_longshan.pk])).status_code
        == 200
    )


def test_the_flood_limit_counts_the_last_hour_only(client, world):
    for index in range(PUBLIC_FORM_MAX_PER_HOUR):
        submit(client, world.station_longshan, content=f"第{index}条：路灯坏了")
    # The counters are per hour (renda.core.ratelimit): move them to the last one.
    RateLimitBucket.objects.update(
        window_start=F("window_start") - dt.timedelta(hours=1)
    )

    response = submit(client, world.station_longshan)

    assert response.status_code == 302
    assert PublicRequest.objects.count() == PUBLIC_FORM_MAX_PER_HOUR + 1


def test_the_form_needs_csrf(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    url = reverse("public:form", args=[world.station_longshan.pk])
    token, answer = captcha_of(strict.get(url).content.decode())

    response = strict.post(
        url, {**form_data(), "captcha_token": token, "captcha_answer": str(answer)}
    )

    assert response.status_code == 403
    assert PublicRequest.objects.count() == 0


def test_the_form_refuses_other_methods(client, world):
    url = reverse("public:form", args=[world.station_longshan.pk])

    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_requests_without_an_address_share_one_limit(client, world):
    # Behind a proxy that passes no address, the limit must not switch off.
    for index in range(PUBLIC_FORM_MAX_PER_HOUR):
        content = f"第{index}条：路灯坏了"
        response = submit(
            client, world.station_longshan, remote_addr="", content=content
        )
        assert response.status_code == 302

    response = submit(client, world.station_longshan, remote_addr="")

    assert response.status_code == 429
    assert PublicRequest.objects.count() == PUBLIC_FORM_MAX_PER_HOUR
