"""A voter rates a deputy's report (述职) on a phone, and the deputy reads it.

The voter scans the report's QR code (opens its address), taps a rating for
every dimension, writes a comment, solves the captcha read from the page and
sees the thanks; staff register the report as held; the deputy logs in, opens
“我的履职” (/duty/me/), follows the report's entry and sees the share of 满意
and the comment. Screenshots go to /tmp/duty-rate-*.png.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from renda.duty.models import VoterRating
from renda.duty.services import reports as services
from renda.duty.tests.factories_reports import plan

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "希望代表多到社区走走，听听老年人的意见。"


def _new_phone(browser):
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _fits(page):
    assert (
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    ), page.url


def _shot(page, name):
    folder = Path(os.environ.get("RENDA_SCREENSHOT_DIR") or "/tmp")  # noqa: S108 - where the brief asks
    page.screenshot(path=folder / f"duty-rate-{name}.png", full_page=True)


def _solve(question: str) -> str:
    a, op, b = re.match(r"(\d) (加|减) (\d)", question).groups()
    return str(int(a) + int(b) if op == "加" else int(a) - int(b))


def open_report_as_deputy(page, live_server, report):
    """From “我的履职”, follow the held report's entry to its page."""
    page.goto(f"{live_server.url}/duty/me/")
    href = reverse("duty:report_detail", args=[report.pk])
    page.locator(f'a[href="{href}"]').first.click()


def test_a_voter_rates_the_report_and_the_deputy_reads_it(
    browser, live_server, world, committee_staff, deputy, password
):
    report = plan(world, committee_staff)

    # The voter scans the QR code on the phone.
    voter_context, page = _new_phone(browser)
    page.goto(live_server.url + reverse("duty_public:rate", args=[report.token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("请您评议代表履职")
    expect(page.get_by_text("丁照民代表")).to_be_visible()
    _fits(page)
    _shot(page, "1-form")
    for dimension in ("CONTACT", "DUTY", "SUGGESTIONS", "CONDUCT", "OVERALL"):
        group = page.locator(f"#dim-r_{dimension}")
        choice = "基本满意" if dimension == "SUGGESTIONS" else "满意"
        target = group.locator("label").filter(has_text=re.compile(f"^{choice}$"))
        assert target.bounding_box()["height"] >= 56
        target.click()
        expect(target.locator("input")).to_be_checked()
    page.get_by_label("意见建议（可不填）").fill(COMMENT)
    question = page.locator("#captcha-question").inner_text()
    page.get_by_label(re.compile("验证题")).fill(_solve(question))
    _shot(page, "2-filled")
    page.get_by_role("button", name="提交评议").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("感谢您的评议！")
    _fits(page)
    _shot(page, "3-thanks")
    rating = VoterRating.objects.get()
    assert rating.comment == COMMENT
    assert rating.overall == "SATISFIED"
    # The same phone again: refused, in plain words.
    page.goto(live_server.url + reverse("duty_public:rate", args=[report.token]))
    for dimension in ("CONTACT", "DUTY", "SUGGESTIONS", "CONDUCT", "OVERALL"):
        page.locator(f"#dim-r_{dimension} label").first.click()
    page.get_by_label(re.compile("验证题")).fill(
        _solve(page.locator("#captcha-question").inner_text())
    )
    page.get_by_role("button", name="提交评议").click()
    expect(page.locator("#closed-message")).to_contain_text("每部手机只能评议一次")
    _shot(page, "4-again")
    voter_context.close()

    # Staff register the report as held.
    services.report_hold(
        report=report,
        audience=86,
        summary="报告了一年来的履职情况",
        actor=committee_staff,
    )

    # The deputy reads the ratings from 我的履职.
    deputy_context, mine = _new_phone(browser)
    login(mine, live_server, "deputy", password)
    open_report_as_deputy(mine, live_server, report)
    expect(mine.get_by_role("heading", level=1)).to_have_text("丁照民代表述职")
    expect(mine.locator("#report-status")).to_have_text("已述职")
    expect(mine.locator("#satisfaction")).to_have_text("100.0%")
    expect(mine.locator("#comments")).to_contain_text(COMMENT)
    overall = mine.locator('[data-dimension="OVERALL"]')
    expect(overall).to_contain_text("满意 1票（100.0%）")
    _fits(mine)
    _shot(mine, "5-deputy")
    deputy_context.close()
