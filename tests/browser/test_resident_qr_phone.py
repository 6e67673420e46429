"""A resident's request from the station's QR code to the answer, on phones.

The resident opens the station's notice board, follows the address under the
QR code, leaves a request and gets a receipt number; the station's liaison
officer routes it to the 向阳街道 government; a user of that government answers
it; the resident looks the receipt up and reads the answer.
"""

import re

import pytest
from playwright.sync_api import expect

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.congresses.choices import Level
from renda.receptions.choices import PublicRequestStatus, RequestSource
from renda.receptions.models import PublicRequest
from renda.receptions.tests.public_helpers import solve
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = "向阳小区3号楼前两盏路灯坏了两个多月，晚上老人出行不便，请尽快修复。"
ANSWER = "已安排街道城管科维修，两盏路灯已于本周更换灯具，恢复照明。"


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


def _no_sideways_scroll(page):
    assert (
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    )


def test_a_resident_scans_the_qr_code_and_reads_the_answer(
    browser, live_server, world, password
):
    base = live_server.url
    station = world.station_longshan
    government = HandlingUnitFactory(
        name="向阳街道办事处",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
        region=station.region,
    )
    officer = UserFactory(username="xiangyang_officer")
    RoleAssignmentFactory(user=officer, role=Role.LIAISON_OFFICER, station=station)
    unit_user = UserFactory(username="xiangyang_gov")
    RoleAssignmentFactory(
        user=unit_user, role=Role.UNIT_STAFF, handling_unit=government
    )

    # The resident opens the notice board and follows the address under the QR code.
    context, page = _new_phone(browser)
    page.goto(f"{base}/s/{station.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(station.name)
    qr = page.locator("#qr")
    expect(qr.locator("svg")).to_be_visible()
    _no_sideways_scroll(page)
    link = qr.locator("a.qr-link")
    form_url = link.get_attribute("href")
    assert form_url == f"{base}/s/{station.pk}/form/"
    expect(link).to_have_text(form_url)
    page.goto(form_url)

    # ... fills in the form, solves the sum, agrees, and submits.
    page.get_by_label("您的姓名").fill("刘淑芬")
    page.get_by_label("联系电话（选填）").fill("13512345678")
    page.get_by_label("反映的问题或建议").fill(CONTENT)
    page.get_by_label("涉及地点（选填）").fill("向阳小区3号楼前")
    page.locator("#id_consent").check()
    question = page.locator("#captcha-question").inner_text()
    page.get_by_label("验证题").fill(str(solve(question)))
    _no_sideways_scroll(page)
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("请记下回执编号")
    shown = page.locator("#receipt-number").inner_text().strip()
    # 12 digits in groups of four, read aloud (docs/decisions/0008).
    assert re.fullmatch(r"\d{4} \d{4} \d{4}", shown)
    receipt = shown.replace(" ", "")
    _no_sideways_scroll(page)
    context.close()
    request = PublicRequest.objects.get(receipt_number=receipt)
    assert request.source == RequestSource.QR_FORM
    assert request.consent_at is not None

    # The liaison officer finds it in the station's list and routes it to the 街道.
    context, page = _new_phone(browser)
    login(page, live_server, "xiangyang_officer", password)
    page.goto(f"{base}/stations/{station.pk}/requests/")
    page.locator("a.row-link", has_text=shown).click()
    expect(page.locator("main")).to_contain_text(CONTENT)
    page.get_by_role("button", name="转向阳街道办事处办理").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.ROUTED
    assert request.handling_unit == government
    context.close()

    # The resident checks in between: routed, with the deadline.
    context, page = _new_phone(browser)
    page.goto(f"{base}/s/r/")
    page.get_by_label("回执编号").fill(receipt.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    due = request.due_at
    expect(page.locator("#progress")).to_have_text(
        f"已转向阳街道办事处办理，办理期限{due.year}年{due.month}月{due.day}日。"
    )
    context.close()

    # The 街道 government answers through its page.
    context, page = _new_phone(browser)
    login(page, live_server, "xiangyang_gov", password)
    page.goto(f"{base}/stations/unit/requests/")
    page.get_by_role("link", name="答复", exact=True).click()
    page.get_by_label("答复内容").fill(ANSWER)
    _no_sideways_scroll(page)
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.ANSWERED
    context.close()

    # The resident looks the receipt up again and reads the answer.
    context, page = _new_phone(browser)
    page.goto(f"{base}/s/r/")
    page.get_by_label("回执编号").fill(f" {receipt[:5]} {receipt[5:]} ")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    expect(page.locator(".state")).to_have_text("已答复")
    expect(page.locator("#answer")).to_have_text(ANSWER)
    main = page.locator("main")
    expect(main).to_contain_text("刘**")
    expect(main).to_contain_text("135****5678")
    expect(main).not_to_contain_text("刘淑芬")
    expect(main).not_to_contain_text("13512345678")
    _no_sideways_scroll(page)
    context.close()
