"""A secret ballot on a phone, from the member's vote to the public bulletin.

A member signs in at the meeting (through services.meeting_sign_in: the
sign-in page belongs to the meetings pages), opens the vote from 我的表决,
taps 赞成, confirms with the login password and gets the receipt with the
tracker; staff close the vote on the desk and see the result by the
all-member rule; the member finds the tracker on the public bulletin, marked
已计入. Screenshots go to /tmp/shots-votes/ (or RENDA_SCREENSHOT_DIR).
"""

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renda.congresses.models import CommitteeMember
from renda.meetings import services
from renda.meetings.choices import VoteKind, VoteMode
from renda.meetings.models import Vote
from renda.meetings.tests.factories import (
    PASSWORD,
    add_members,
    meeting,
    sign_in,
    standing_committee_of,
)

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于进一步加强疫情防控工作的决定（草案）"
MOTION = "为了依法科学有序做好疫情防控工作，保障人民群众生命安全和身体健康，结合本市实际，作如下决定：\n一、……"


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
def shots():
    folder = Path(os.environ.get("RENDA_SCREENSHOT_DIR") or "/tmp/shots-votes")  # noqa: S108 - where the brief asks
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_member_votes_on_the_phone_and_finds_the_ballot_on_the_bulletin(
    browser, live_server, world, committee_staff, committee_member, password, shots
):
    committee = standing_committee_of(world)
    others = add_members(committee, 2, prefix="bw")
    seat = CommitteeMember.objects.get(user=committee_member)
    session = meeting(committee, actor=committee_staff, date=timezone.localdate())
    sign_in(session, others, actor=committee_staff)
    services.meeting_sign_in(meeting=session, user=committee_member)
    services.meeting_open(meeting=session, actor=committee_staff)
    # Staff put the motion to the vote on the phone and open it.
    staff_context, desk = _new_phone(browser)
    login(desk, live_server, "staff", password)
    desk.goto(f"{live_server.url}/meetings/{session.pk}/votes/new/")
    desk.locator("#id_title").fill(TITLE)
    desk.get_by_label("表决事项类别").select_option(VoteKind.RESOLUTION)
    desk.get_by_label("电子表决（会场内）").check()
    desk.get_by_label("议案内容（委员投票时看到的文字）").fill(MOTION)
    _fits(desk)
    desk.screenshot(path=shots / "votes-0-new.png", full_page=True)
    desk.get_by_role("button", name="保存").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(TITLE)
    desk.get_by_role("button", name="开始表决").click()
    expect(desk.locator("#vote-status")).to_have_text("表决中")
    vote = Vote.objects.get(title=TITLE)
    assert vote.mode == VoteMode.IN_MEETING
    assert seat.pk in vote.electors.values_list("member", flat=True)

    # The member votes on the phone.
    member_context, page = _new_phone(browser)
    login(page, live_server, "member", password)
    page.goto(f"{live_server.url}/meetings/votes/mine/")
    expect(page.get_by_text(TITLE)).to_be_visible()
    page.get_by_role("link", name="去投票").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    for label in ("赞成", "反对", "弃权"):
        button = page.get_by_role("button", name=label)
        expect(button).to_be_visible()
        assert button.bounding_box()["height"] >= 70
    _fits(page)
    page.screenshot(path=shots / "votes-1-ballot.png", full_page=True)
    page.get_by_role("button", name="赞成").click()
    expect(page.locator("#picked")).to_have_text("赞成")
    page.get_by_label("请再次输入登录密码确认是您本人投票").fill("错误的密码")
    page.get_by_role("button", name="确认投票").click()
    expect(page.get_by_role("alert")).to_contain_text("密码不正确")
    page.get_by_label("请再次输入登录密码确认是您本人投票").fill(password)
    _fits(page)
    page.screenshot(path=shots / "votes-2-confirm.png", full_page=True)
    page.get_by_role("button", name="确认投票").click()
    expect(page.get_by_text("投票成功")).to_be_visible()
    tracker = page.locator("#tracker").inner_text().strip()
    # Twelve digits in three groups of four, read aloud like a receipt number.
    assert len(tracker) == 14
    assert tracker.replace(" ", "").isdigit()
    _fits(page)
    page.screenshot(path=shots / "votes-3-receipt.png", full_page=True)

    # The others vote; staff close the vote on the desk.
    for member in others:
        services.vote_cast(vote=vote, user=member.user, choice="FOR", password=PASSWORD)
    desk.goto(f"{live_server.url}/meetings/votes/{vote.pk}/")
    expect(desk.locator("#vote-count")).to_contain_text("已投票 3")
    desk.screenshot(path=shots / "votes-4-desk-open.png", full_page=True)
    # A tap by mistake must not end the vote: the desk asks first.
    asked = []
    desk.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    desk.get_by_role("button", name="结束表决并计票").click()
    expect(desk.locator("#vote-result")).to_have_text("通过")
    assert asked == ["确定结束表决并计票吗？结束后委员不能再投票。"]
    expect(desk.locator("#vote-rule")).to_have_text(
        "赞成 3 票，超过全体组成人员 3 人的半数"
    )
    _fits(desk)
    desk.screenshot(path=shots / "votes-5-desk-result.png", full_page=True)
    vote = Vote.objects.get(pk=vote.pk)

    # The member finds the tracker on the public bulletin.
    page.goto(f"{live_server.url}/open/votes/{vote.pk}/")
    expect(page.locator("#chain-head")).to_have_text(vote.chain_head)
    page.get_by_label("输入您的回执码").fill(tracker.replace(" ", "-"))
    page.get_by_role("button", name="查找").click()
    expect(page.locator("#found")).to_contain_text("已计入")
    expect(page.locator("#found")).to_contain_text(tracker)
    expect(page.locator(".vt-mine")).to_contain_text(tracker)
    _fits(page)
    page.screenshot(path=shots / "votes-6-bulletin.png", full_page=True)
    member_context.close()
    staff_context.close()
