"""One 《代表之声》 item through every role, on a phone.

A deputy writes and submits it, staff accept and assign it to a unit, the unit
replies with class A, the deputy rates the reply 满意, and the statistics count
it closed.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renda.suggestions.models import Suggestion

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "人民大街向阳路段绿化带缺株断垄，请及时补植"


def _new_phone(browser):
    from .conftest import PHONE

    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _no_sideways_scroll(page):
    assert (
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    )


def test_voice_item_walks_through_every_role(
    browser, live_server, world, deputy, committee_staff, unit_staff, password
):
    base = live_server.url

    # A deputy writes the item on a phone and submits it.
    context, page = _new_phone(browser)
    login(page, live_server, "deputy", password)
    page.goto(f"{base}/suggestions/new/")
    page.get_by_label("《代表之声》").check()
    page.get_by_label("闭会期间").check()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("建议内容").fill(
        "人民大街向阳路段绿化带多处苗木枯死、缺株断垄，影响市容，建议园林部门尽快补植并加强管护。"
    )
    page.get_by_label("类别").select_option(label="城乡建设")
    page.get_by_label("涉及地区").select_option(label="辽源市")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    suggestion = Suggestion.objects.get(title=TITLE)
    assert suggestion.status == "SUBMITTED"
    context.close()

    # Staff accept it and assign it to the city's housing bureau as lead unit.
    context, page = _new_phone(browser)
    login(page, live_server, "staff", password)
    page.goto(f"{base}/suggestions/staff/inbox/")
    page.get_by_role("link", name=TITLE).click()
    # 立案 takes two taps (no script dialog): the question, then the button.
    page.locator("[data-action=accept] summary").click()
    page.get_by_role("button", name="确认立案").click()
    page.wait_for_load_state()
    page.get_by_label(world.unit_city.name).select_option(label="主办")
    page.get_by_role("button", name="确认交办").click()
    page.wait_for_load_state()
    suggestion.refresh_from_db()
    assert suggestion.status == "ASSIGNED"
    context.close()

    # The unit finds it in its inbox and replies with class A.
    context, page = _new_phone(browser)
    login(page, live_server, "unit", password)
    page.goto(f"{base}/suggestions/unit/")
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("link", name="写答复").click()
    page.get_by_label("答复内容").fill(
        "已组织园林绿化队补植紫叶李120株，并纳入日常养护巡查。"
    )
    page.get_by_label("A类：已解决或采纳").check()
    page.get_by_label("签发人").fill("刘建国")
    page.get_by_label("是，已先与代表见面沟通").check()
    _no_sideways_scroll(page)
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()
    suggestion.refresh_from_db()
    assert suggestion.status == "REPLIED"
    context.close()

    # The deputy reads the reply and rates it 满意; the item is closed.
    context, page = _new_phone(browser)
    login(page, live_server, "deputy", password)
    page.goto(f"{base}/suggestions/my/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("main")).to_contain_text("已组织园林绿化队补植")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    # A rating is final: the page asks once more before recording it.
    expect(page.locator("[data-confirm=rate]")).to_contain_text("确认提交评价？")
    suggestion.refresh_from_db()
    assert suggestion.status == "REPLIED"
    page.get_by_role("button", name="确认提交评价").click()
    page.wait_for_load_state()
    suggestion.refresh_from_db()
    assert suggestion.status == "CLOSED"
    context.close()

    # The statistics count it: one accepted this year, one closed, 100.0%.
    context, page = _new_phone(browser)
    login(page, live_server, "staff", password)
    year = timezone.localdate().year
    page.goto(
        f"{base}/suggestions/stats/?congress={world.city_congress.pk}&year={year}"
    )
    tiles = page.locator(".tiles")
    expect(tiles).to_contain_text("1立案")
    expect(tiles).to_contain_text("1办结")
    expect(page.locator("[data-figure=completion]")).to_have_text("100.0%")
    context.close()
