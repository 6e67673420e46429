"""The staff desk and a member's sign-in, on a phone.

A member signs in with the big 签到 button on the meeting's day; staff mark
the others on the desk, the quorum banner follows without a reload (htmx), and
the meeting opens once more than half of all members are present.
"""

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renda.meetings.choices import MeetingStatus
from renda.meetings.tests.factories import (
    PASSWORD,
    add_members,
    meeting,
    standing_committee_of,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("RENDA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fits(page):
    assert (
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    ), page.url


def test_a_member_signs_in_and_staff_open_the_meeting_at_quorum(
    phone, live_server, world, committee_staff, shots
):
    committee = standing_committee_of(world)
    members = add_members(committee, 5, prefix="desk")
    session = meeting(committee, actor=committee_staff, date=timezone.localdate())
    page = phone

    # A member signs in on their phone.
    login(page, live_server, members[0].user.username, PASSWORD)
    page.goto(f"{live_server.url}/meetings/mine/")
    button = page.locator('form[data-action="sign-in"] button')
    expect(button).to_be_visible()
    _fits(page)
    page.screenshot(path=shots / "meetings-1-member-sign-in.png", full_page=True)
    with page.expect_navigation():
        button.click()
    expect(page.locator("#my-meetings")).to_contain_text("已签到")
    page.context.clear_cookies()

    # Staff mark two more present on the desk; the banner follows.
    login(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/meetings/{session.pk}/desk/")
    expect(page.locator("#quorum")).to_contain_text(
        "出席 1 人 / 组成人员 5 人，需 3 人"
    )
    page.locator("#desk-live li", has_text="委员2").get_by_role(
        "button", name="出席"
    ).click()
    expect(page.locator("#quorum")).to_contain_text("出席 2 人")
    page.locator("#desk-live li", has_text="委员3").get_by_role(
        "button", name="出席"
    ).click()
    expect(page.locator("#quorum")).to_contain_text("出席 3 人")
    expect(page.locator("#quorum")).to_contain_text("已过半数")
    _fits(page)
    page.screenshot(path=shots / "meetings-2-desk.png", full_page=True)

    # A refusal htmx would not swap (a 403 page, then no network) is shown above
    # the row, and the typed leave reason stays (js/forms.js).
    row = page.locator("#desk-live li", has_text="委员4")
    reason = row.get_by_label("委员4的请假事由")
    reason.fill("出差在外地")
    attendance = f"**/meetings/{session.pk}/attendance/"
    page.route(
        attendance,
        lambda route: route.fulfill(
            status=403,
            content_type="text/html; charset=utf-8",
            body="<!doctype html><html><body><main><h1>无权访问</h1>"
            '<p role="alert">您的账号没有查看或办理此页面的权限。</p></main></body></html>',
        ),
    )
    row.get_by_role("button", name="请假").click()
    refusal = row.locator("[data-htmx-refusal]")
    expect(refusal).to_contain_text("您的账号没有查看或办理此页面的权限")
    expect(reason).to_have_value("出差在外地")
    page.unroute(attendance)
    page.route(attendance, lambda route: route.abort())
    row.get_by_role("button", name="请假").click()
    expect(refusal).to_contain_text("网络连接中断")
    expect(row.locator("[data-htmx-refusal]")).to_have_count(1)
    expect(reason).to_have_value("出差在外地")
    page.screenshot(path=shots / "meetings-3-desk-refused.png", full_page=True)
    page.unroute(attendance)
    row.get_by_role("button", name="请假").click()
    expect(row).to_contain_text("请假（出差在外地）")
    expect(row.locator("[data-htmx-refusal]")).to_have_count(0)
    with page.expect_navigation():
        page.locator('button[data-action="open"]').click()
    expect(page.locator(".badge").first).to_contain_text("会议进行中")
    session.refresh_from_db()
    assert session.status == MeetingStatus.OPEN
    assert session.opened_present == 3

    # The session ends (logged out elsewhere): the next mark loads the log-in
    # page as a page, instead of swapping it into the desk.
    page.goto(f"{live_server.url}/meetings/{session.pk}/desk/")
    page.context.clear_cookies(name="sessionid")
    page.locator("#desk-live li", has_text="委员5").get_by_role(
        "button", name="出席"
    ).click()
    page.wait_for_url("**/accounts/login/**")
    expect(page.get_by_label("账号")).to_be_visible()
    expect(page.locator("#desk-live")).to_have_count(0)
