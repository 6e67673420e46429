"""A notice from staff to deputies through read receipts and a reminder, on a phone.

Staff write a notice to the city congress's deputies with a 确认收到 answer and
publish it; a deputy logs in, finds it under 通知公告, opens it and confirms;
staff see the receipt (已读 1 / 2, 收到 1, the other deputy unread) and remind
the rest with one tap, which reaches only the deputy who has not read it.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renda.notices.models import Notice
from renda.notices.tests.factories import deputy_user
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好疫情防控工作的通知"
BODY = "请各位代表带头执行疫情防控各项规定，收到后点击“确认收到”。"


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


@pytest.fixture
def shots(tmp_path):
    """Where the screenshots go (RENDA_SCREENSHOT_DIR, to look at them)."""
    folder = Path(os.environ.get("RENDA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_staff_publish_a_deputy_confirms_staff_remind_the_rest(
    browser, live_server, world, committee_staff, deputy, password, shots
):

    other = deputy_user(world.deputy_city_b, "baiyujing")

    # Staff write the notice to all the city's deputies and publish it.
    staff_context, page = _new_phone(browser)
    login(page, live_server, "staff", password)
    # On a phone: the bottom bar's 更多 sheet holds every entry, grouped.
    page.locator(".tabbar .more > summary").click()
    page.locator(".tabbar .sheet").get_by_role("link", name="通知公告").click()
    page.get_by_role("link", name="写通知").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill(BODY)
    page.get_by_label("辽源市人民代表大会全体代表").check()
    expect(page.get_by_label("确认收到")).to_be_checked()
    _fits(page)
    page.screenshot(path=shots / "notices-1-staff-form.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="保存并发布").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#summary")).to_contain_text("已读0 / 2")
    notice = Notice.objects.get()
    assert notice.receipts.count() == 2

    # The deputy finds it under 通知公告, opens it and confirms.
    deputy_context, phone = _new_phone(browser)
    login(phone, live_server, "deputy", password)
    # A deputy's 通知公告 is one of the bottom bar's places.
    phone.get_by_role("navigation", name="常用").get_by_role(
        "link", name="通知公告"
    ).click()
    expect(phone.locator("#inbox")).to_contain_text("未读")
    phone.get_by_role("link", name=TITLE).click()
    confirm = phone.get_by_role("button", name="确认收到")
    expect(confirm).to_be_visible()
    box = confirm.bounding_box()
    # A big target for an older deputy's thumb.
    assert box["height"] >= 52
    assert box["width"] >= 150
    _fits(phone)
    phone.screenshot(path=shots / "notices-2-deputy-notice.png", full_page=True)
    with phone.expect_navigation():
        confirm.click()
    expect(phone.locator("#answer")).to_contain_text("✓ 已确认收到")
    expect(phone.get_by_role("button", name="确认收到")).to_have_count(0)
    phone.screenshot(path=shots / "notices-3-deputy-confirmed.png", full_page=True)
    deputy_context.close()

    # Staff see the receipt and remind the one who has not read it.
    page.reload()
    summary = page.locator("#summary")
    expect(summary).to_contain_text("已读1 / 2")
    expect(summary).to_contain_text("收到1")
    expect(summary).to_contain_text("白玉晶")
    _fits(page)
    page.screenshot(path=shots / "notices-4-staff-receipts.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="一键提醒未读或未回复的 1 人").click()
    expect(page.get_by_text("已提醒 1 人。")).to_be_visible()
    # Once an hour at most: the button gives way to when the next round may go.
    expect(summary).to_contain_text("后可再次提醒")
    expect(page.get_by_role("button", name="一键提醒")).to_have_count(0)
    page.screenshot(path=shots / "notices-5-staff-reminded.png", full_page=False)
    staff_context.close()

    reminders = Notification.objects.filter(kind=NotificationKind.NOTICE_REMINDER)
    assert list(reminders.values_list("recipient", flat=True)) == [other.pk]
