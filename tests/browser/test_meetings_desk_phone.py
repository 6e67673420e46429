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
    with page.expect_navigation():
        page.locator('button[data-action="open"]').click()
    expect(page.locator(".badge").first).to_contain_text("会议进行中")
    session.refresh_from_db()
    assert session.status == MeetingStatus.OPEN
    assert session.opened_present == 3
