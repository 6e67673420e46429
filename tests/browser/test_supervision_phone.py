"""One 专项工作报告 from the year's plan to the public page, on a phone.

Staff draft the year's plan, add the entry, record the chairpersons' meeting
and publish it (the item is created); they record the hearing, add the report
and an internal draft, compile the review opinions for the city's housing
bureau, approve and send them; the bureau files its handling report from its
queue; a committee member reads it; staff record the satisfaction test and
publish the item, the report, the opinions, the handling report and the test;
an anonymous visitor reads all of it on /open/ and sees no draft and no phone.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.supervision.models import ReviewOpinion, SatisfactionTest, SupervisionItem

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于全市老旧小区改造工作情况的报告"
REPORT_TEXT = "全市今年开工改造老旧小区42个，惠及居民1.3万户。"
DRAFT_TEXT = "内部征求意见稿：此句不得公开。"
OPINION_TEXT = "加快推进加装电梯工作，完善小区长效管理机制。"
HANDLING_TEXT = "已制定加装电梯三年行动方案，今年完成加装电梯86部。"


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
    ), page.url


def _submit(page, form, name):
    """Tap a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        form.get_by_role("button", name=name).click()


def test_work_report_from_plan_to_public_page(
    browser,
    live_server,
    world,
    committee_staff,
    unit_staff,
    committee_member,
    password,
):
    base = live_server.url
    today = timezone.localdate()
    day = today.isoformat()
    unit_name = world.unit_city.name

    # Staff draft the year's plan, add the work report and publish the plan.
    context, page = _new_phone(browser)
    login(page, live_server, "staff", password)
    page.goto(f"{base}/supervision/plans/")
    form = page.locator("form[data-action=create]")
    form.get_by_label("年度").fill(str(today.year))
    form.get_by_label("标题").fill(f"{today.year}年度监督工作计划")
    _submit(page, form, "起草（第1版草案）")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{today.year}年度监督工作计划"
    )
    plan_url = page.url
    page.get_by_role("link", name="增加议题").click()
    page.wait_for_load_state()
    form = page.locator("form[data-action=add]")
    form.get_by_label("监督方式").select_option(label="专项工作报告")
    form.get_by_label("议题名称").fill(TITLE)
    form.get_by_label(unit_name).check()
    _no_sideways_scroll(page)
    _submit(page, form, "保存")
    assert page.url == plan_url
    expect(page.locator("main")).to_contain_text(TITLE)
    # The chairpersons' meeting that adopts the plan is a meetings' record.
    held = chairpersons_meeting_on(world.city_congress, today, actor=committee_staff)
    page.reload()
    form = page.locator("form[data-action=adopt]")
    form.get_by_label("通过计划的主任会议").select_option(
        label=f"第{held.number}次主任会议（{day}）"
    )
    _submit(page, form, "登记通过")
    _submit(page, page.locator("form[data-action=publish]"), "公布第1版")
    expect(page.locator("main")).to_contain_text("公开页面")
    item = SupervisionItem.objects.get(title=TITLE)
    assert item.kind == "WORK_REPORT"

    # The item is in the list; staff add the report and a draft, then record
    # the hearing at the standing committee's meeting.
    page.goto(f"{base}/supervision/?year={today.year}")
    _no_sideways_scroll(page)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    item_url = page.url
    for kind, title, text in [
        ("专项工作报告", "老旧小区改造工作情况的报告", REPORT_TEXT),
        ("报告稿", "报告征求意见稿", DRAFT_TEXT),
    ]:
        form = page.locator("form[data-action=add_document]")
        form.get_by_label("材料类别").select_option(label=kind)
        form.get_by_label("标题").fill(title)
        form.get_by_label("正文").fill(text)
        _submit(page, form, "上传")
    form = page.locator("form[data-action=complete]")
    form.get_by_label("完成日期").fill(day)
    form.get_by_label("审议会议").fill("市人大常委会第三十次会议")
    _submit(page, form, "登记完成")
    item.refresh_from_db()
    assert item.status == "DONE"
    assert item.done_on == today
    _no_sideways_scroll(page)

    # Staff compile the review opinions for the bureau, approve and send them.
    page.goto(item_url)
    page.locator("#followup-panel").get_by_role("link", name="整理审议意见").click()
    page.wait_for_load_state()
    form = page.locator("form[data-action=create]")
    form.get_by_label("交办机关").select_option(label=unit_name)
    form.get_by_label("审议意见").fill(OPINION_TEXT)
    form.get_by_label("整理完成日期").fill(day)
    _submit(page, form, "保存")
    expect(page.get_by_role("heading", level=1)).to_have_text("审议意见")
    opinion = ReviewOpinion.objects.get(item=item)
    assert opinion.status == "DRAFT"
    form = page.locator("form[data-action=approve]")
    form.get_by_label("通过审议意见的主任会议").select_option(
        label=f"第{held.number}次主任会议（{day}）"
    )
    _submit(page, form, "登记主任会议通过")
    form = page.locator("form[data-action=send]")
    form.get_by_label("交办日期").fill(day)
    _submit(page, form, "交办")
    expect(page.locator("main")).to_contain_text("已交办")
    opinion.refresh_from_db()
    assert opinion.status == "SENT"
    assert opinion.report_due
    _no_sideways_scroll(page)
    context.close()

    # The bureau opens its queue on the phone and files its handling report.
    context, page = _new_phone(browser)
    login(page, live_server, "unit", password)
    page.goto(f"{base}/supervision/unit/")
    card = page.locator(f"[data-opinion='{opinion.pk}']")
    expect(card).to_contain_text(TITLE)
    expect(card).to_contain_text(opinion.report_due.strftime("%Y-%m-%d"))
    _no_sideways_scroll(page)
    card.get_by_role("link", name="报送研究处理情况报告").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(OPINION_TEXT)
    form = page.locator("form[data-action=file_report]")
    form.get_by_label("研究处理情况").fill(HANDLING_TEXT)
    form.get_by_label("报送日期").fill(day)
    _no_sideways_scroll(page)
    _submit(page, form, "报送研究处理情况报告")
    opinion.refresh_from_db()
    assert opinion.status == "REPORTED"
    expect(page.locator("main")).to_contain_text(HANDLING_TEXT)
    page.goto(f"{base}/supervision/unit/")
    expect(card).to_contain_text("已报送研究处理情况")
    expect(card.get_by_role("link", name="报送研究处理情况报告")).to_have_count(0)
    context.close()

    # A committee member opens the item and reads the handling report.
    context, page = _new_phone(browser)
    login(page, live_server, "member", password)
    page.goto(item_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert page.locator("form[data-action]").count() == 0
    panel = page.locator("#followup-panel")
    expect(panel).to_contain_text(unit_name)
    panel.get_by_role("link", name=re.compile("审议意见")).first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(HANDLING_TEXT)
    assert page.locator("form[data-action]").count() == 0
    _no_sideways_scroll(page)
    context.close()

    # Staff record the satisfaction test on the opinion's page, then publish.
    context, page = _new_phone(browser)
    login(page, live_server, "staff", password)
    page.goto(f"{base}/supervision/opinions/{opinion.pk}/")
    form = page.locator("form[data-action=test]")
    form.get_by_label("测评日期").fill(day)
    form.get_by_label("会议").fill("市人大常委会第三十二次会议")
    form.get_by_label("组成人员总数", exact=False).fill("30")
    form.get_by_label("出席人数").fill("27")
    form.get_by_label(re.compile(r"^满意\s*\*?$")).fill("20")
    form.get_by_label("基本满意").fill("5")
    form.get_by_label("不满意").fill("2")
    _submit(page, form, "登记满意度测评")
    test = SatisfactionTest.objects.get(opinion=opinion)
    result = test.get_result_display()
    expect(page.locator("main")).to_contain_text(f"{result}：满意 20，基本满意 5")

    page.goto(f"{item_url}publication/")
    form = page.locator("form[data-action=publish]")
    form.get_by_role("textbox").fill(
        "市人大常委会听取审议了市政府关于老旧小区改造工作情况的报告。"
    )
    _submit(page, form, "公开该监督事项")
    for action in [
        "publish_document",
        "publish_opinion",
        "publish_handling_report",
        "publish_test",
    ]:
        forms = page.locator(f"form[data-action={action}]")
        expect(forms).to_have_count(1)  # the draft has no publish button
        _submit(page, forms, "公开")
        expect(page.locator(f"form[data-action={action}]")).to_have_count(0)
    _no_sideways_scroll(page)
    context.close()

    # Anyone, without logging in, finds the item and reads what was published.
    context, page = _new_phone(browser)
    page.goto(f"{base}/open/supervision/")
    _no_sideways_scroll(page)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert page.url == f"{base}/open/supervision/{item.pk}/"
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main).to_contain_text(REPORT_TEXT)
    expect(page.locator("#opinions")).to_contain_text(OPINION_TEXT)
    expect(page.locator("#handling-reports")).to_contain_text(HANDLING_TEXT)
    expect(page.locator(f"[data-test='{test.pk}']")).to_contain_text(result)
    text = main.inner_text()
    assert DRAFT_TEXT not in text
    assert "报告征求意见稿" not in text
    assert not re.search(r"1[3-9]\d{9}", page.content())
    _no_sideways_scroll(page)
    context.close()
