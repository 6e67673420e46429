"""Pages of reports to voters: the public rating form, the staff pages, the
QR code and the report's draft."""

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from docx import Document

from renda.core.captcha import SESSION_KEY
from renda.duty.choices import Rating, RatingDimension
from renda.duty.models import VoterRating
from renda.duty.services import reports as services
from renda.duty.tests.factories_reports import plan, rate
from renda.duty.views.public_reports import DEVICE_COOKIE
from renda.suggestions.tests.factories import moment, submitted

pytestmark = pytest.mark.django_db


def _answer(client, content: str) -> tuple[str, str]:
    """Solve the page's captcha from its question."""
    question = re.search(r'id="captcha-question">(\d) (加|减) (\d)', content)
    a, op, b = int(question[1]), question[2], int(question[3])
    token = re.search(r'name="captcha_token" value="([^"]+)"', content)[1]
    return token, str(a + b if op == "加" else a - b)


def _post(client, report, *, comment="", skip=None, solve=True):
    url = reverse("duty_public:rate", args=[report.token])
    page = client.get(url)
    token, answer = _answer(client, page.content.decode())
    data = {f"r_{d}": Rating.SATISFIED for d in RatingDimension.values if d != skip}
    data.update(
        comment=comment, captcha_token=token, captcha_answer=answer if solve else "99"
    )
    return client.post(url, data)


def test_a_voter_rates_on_the_public_form(client, world, committee_staff):
    report = plan(world, committee_staff)
    page = client.get(reverse("duty_public:rate", args=[report.token]))
    assert page.status_code == 200
    assert "丁照民代表" in page.content.decode()
    cookie = page.cookies[DEVICE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 364 * 24 * 3600
    response = _post(client, report, comment="希望多走访社区")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    rating = VoterRating.objects.get()
    assert rating.comment == "希望多走访社区"
    assert rating.device_hash == services.device_hash_for(cookie.value)


def test_a_phone_without_the_device_cookie_is_asked_to_allow_cookies(
    client, world, committee_staff
):
    report = plan(world, committee_staff)
    url = reverse("duty_public:rate", args=[report.token])
    page = client.get(url)
    token, answer = _answer(client, page.content.decode())
    del client.cookies[DEVICE_COOKIE]
    data = {f"r_{d}": Rating.SATISFIED for d in RatingDimension.values}
    response = client.post(
        url, {**data, "captcha_token": token, "captcha_answer": answer}
    )
    assert response.status_code == 400
    assert "请允许浏览器保存 Cookie" in response.content.decode()
    assert not VoterRating.objects.exists()


def test_the_captcha_is_required(client, world, committee_staff):
    report = plan(world, committee_staff)
    response = _post(client, report, solve=False)
    assert response.status_code == 400
    assert "验证题答案不对" in response.content.decode()
    assert not VoterRating.objects.exists()


def test_a_missing_dimension_is_named(client, world, committee_staff):
    report = plan(world, committee_staff)
    response = _post(client, report, skip=RatingDimension.CONDUCT)
    assert response.status_code == 400
    assert "请对“作风形象”作出评价" in response.content.decode()


def test_a_second_answer_from_the_same_phone_is_refused(client, world, committee_staff):
    report = plan(world, committee_staff)
    assert _post(client, report).status_code == 302
    again = _post(client, report)
    assert again.status_code == 409
    assert "每部手机只能评议一次" in again.content.decode()
    assert VoterRating.objects.count() == 1


@override_settings(RENDA_DUTY_RATING_MAX_PER_HOUR=2)
def test_the_rate_limit_on_the_page(client, world, committee_staff):
    report = plan(world, committee_staff)
    rate(report, "x", ip="127.0.0.1")
    rate(report, "y", ip="127.0.0.1")
    response = _post(client, report)
    assert response.status_code == 429
    assert VoterRating.objects.count() == 2


def test_closed_and_unknown_pages(client, world, committee_staff):
    later = plan(
        world, committee_staff, date=timezone.localdate() + timezone.timedelta(days=3)
    )
    page = client.get(reverse("duty_public:rate", args=[later.token]))
    assert page.status_code == 200
    assert "评议还没有开始" in page.content.decode()
    services.report_cancel(report=later, reason="改期", actor=committee_staff)
    page = client.get(reverse("duty_public:rate", args=[later.token]))
    assert page.status_code == 200
    assert "已取消" in page.content.decode()
    assert client.get(reverse("duty_public:rate", args=["nope"])).status_code == 404


def test_public_pages_never_show_voters_data(client, world, committee_staff):
    report = plan(world, committee_staff)
    rate(report, "other-phone", comment="另一位选民的意见很私密")
    page = client.get(reverse("duty_public:rate", args=[report.token])).content.decode()
    assert "另一位选民的意见" not in page
    assert services.device_hash_for("other-phone") not in page
    response = _post(client, report)
    thanks = client.get(response["Location"]).content.decode()
    assert "另一位选民的意见" not in thanks
    assert "13812345678" not in page + thanks  # the deputy's phone neither
    assert SESSION_KEY  # the captcha lives in the session only


def test_staff_see_the_summary_and_comments_without_device_data(
    client, world, committee_staff
):
    report = plan(world, committee_staff)
    rate(report, "a", comment="讲得实在")
    rate(report, "b", ratings=dict.fromkeys(RatingDimension.values, Rating.BASICALLY))
    client.force_login(committee_staff)
    page = client.get(reverse("duty:report_detail", args=[report.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "讲得实在" in content
    assert "100.0%" in content
    assert services.device_hash_for("a") not in content
    assert "<svg" in content
    assert page.context["detail"].actions == ["edit", "hold", "cancel"]


def test_staff_hold_on_the_page_and_errors_answer_400(client, world, committee_staff):
    report = plan(world, committee_staff)
    client.force_login(committee_staff)
    url = reverse("duty:report_detail", args=[report.pk])
    bad = client.post(url, {"action": "hold", "audience": "", "summary": "讲了"})
    assert bad.status_code == 400
    ok = client.post(url, {"action": "hold", "audience": "66", "summary": "讲了"})
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.audience == 66
    again = client.post(url, {"action": "cancel", "reason": "晚了"})
    assert again.status_code == 409


def test_plan_on_the_page(client, world, deputy):
    client.force_login(deputy)
    from renda.duty.tests.factories_reports import mandate_of

    mandate = mandate_of(world.deputy_city_a, world.city_congress)
    data = {
        "mandate": mandate.pk,
        "date": timezone.localdate().isoformat(),
        "start_time": "09:30",
        "place": "社区礼堂",
        "expected_audience": "20",
        "year": str(timezone.localdate().year),
    }
    refused = client.post(reverse("duty:report_new"), data)
    assert refused.status_code == 400
    assert "不少于50人" in refused.content.decode()
    data["expected_audience"] = "80"
    assert client.post(reverse("duty:report_new"), data).status_code == 302


def test_qr_svg_and_poster(client, world, committee_staff):
    report = plan(world, committee_staff)
    client.force_login(committee_staff)
    svg = client.get(reverse("duty:report_qr", args=[report.pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert b"<path" in svg.content
    poster = client.get(
        reverse("duty:report_poster", args=[report.pk])
    ).content.decode()
    assert "扫码评议代表履职" in poster
    assert report.token in poster


def test_the_draft_docx_lists_the_archives_suggestions(
    client, world, committee_staff, deputy
):
    report = plan(world, committee_staff)
    submitted(
        world,
        deputy,
        now=moment(report.year, 3, 3),
        title="关于加快老旧小区改造的建议",
    )
    client.force_login(committee_staff)
    response = client.get(reverse("duty:report_draft", args=[report.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"丁照民代表{report.year}年度履职情况报告" in text
    assert "关于加快老旧小区改造的建议" in text
    assert "谢谢大家" in text


def test_the_list_and_the_summary_cost_does_not_grow_with_the_rows(
    client, world, committee_staff, django_assert_max_num_queries
):
    from renda.duty.selectors.reports import deputy_reports_summary

    for day in range(4):
        report = plan(
            world,
            committee_staff,
            date=timezone.localdate() - timezone.timedelta(days=day),
        )
        rate(report, f"p{day}")
    client.force_login(committee_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("duty:reports")).status_code == 200
    with django_assert_max_num_queries(2):
        rows = deputy_reports_summary(
            deputy=world.deputy_city_a,
            congress=world.city_congress,
            year=timezone.localdate().year,
        )
    assert sum(r.summary.total for r in rows) >= 1
