"""The searchable pickers on a phone (picker.js), and the same forms without it.

A station chief plans a reception day and chooses the deputies on duty by
pinyin initials, as chips; with JavaScript off the same form is a plain
multiple select and still saves. Committee staff find a unit by pinyin in the
assignment form and see the proposed units with their reasons.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from renda.receptions.models import ReceptionDay
from renda.suggestions.choices import Category
from renda.suggestions.tests.factories import accepted
from renda.units.tests.factories import HandlingUnitFactory

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_day(page, date: dt.date):
    page.get_by_label("日期").fill(date.isoformat())
    page.get_by_label("开始时间").fill("09:00")
    page.get_by_label("结束时间").fill("11:30")
    page.get_by_label("地点").fill("向阳街道代表联络站")


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, page.url


def test_chief_picks_deputies_on_duty_by_initials(
    phone, live_server, world, station_chief, password
):
    login(phone, live_server, "chief", password)
    phone.goto(
        f"{live_server.url}/stations/{world.station_longshan.pk}/reception-days/new/"
    )
    _fill_day(phone, dt.date(2026, 12, 10))
    search = phone.get_by_label("查找代表（姓名、拼音或首字母）")
    options = phone.locator(".picker-option:visible")

    # The station's own deputy is listed first, under its heading.
    expect(phone.locator(".picker-group").first).to_have_text("本站代表小组成员")
    assert options.first.inner_text().strip() == "丁照民"
    search.fill("zg")
    expect(options).to_have_count(1)
    options.first.tap()
    search.fill("bai")
    expect(options).to_have_count(1)
    options.first.tap()
    expect(phone.locator(".picker-chip")).to_have_count(2)
    # A chip tapped again removes that deputy.
    phone.locator(".picker-chip", has_text="白玉晶").tap()
    expect(phone.locator(".picker-chip")).to_have_count(1)
    expect(phone.locator(".picker-status")).to_have_text("已选 1 人")
    _no_sideways_scroll(phone)
    with phone.expect_navigation():
        phone.get_by_role("button", name="保存").tap()

    day = ReceptionDay.objects.get()
    assert list(day.deputies.all()) == [world.deputy_longshan]


def test_without_javascript_the_duty_form_is_a_multiple_select(
    browser, live_server, world, station_chief, password
):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    page = context.new_page()
    login(page, live_server, "chief", password)
    page.goto(
        f"{live_server.url}/stations/{world.station_longshan.pk}/reception-days/new/"
    )
    _fill_day(page, dt.date(2026, 12, 11))

    assert page.locator(".picker").count() == 0
    page.locator("select[name=deputies]").select_option(
        [str(world.deputy_city_a.pk), str(world.deputy_city_b.pk)]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    context.close()

    day = ReceptionDay.objects.get()
    assert set(day.deputies.all()) == {world.deputy_city_a, world.deputy_city_b}


def test_staff_see_the_named_unit_proposed_and_find_others_by_pinyin(
    phone, live_server, world, deputy, committee_staff, password
):
    world.unit_city.short_name = "市住建局"
    world.unit_city.save()
    HandlingUnitFactory(name="辽源市公安局", short_name="市公安局", region=world.city)
    item = accepted(
        world,
        deputy,
        committee_staff,
        title="关于东吉大路积水的建议",
        body="请市住建局改造排水管网。",
        category=Category.OTHER,
    )
    login(phone, live_server, "staff", password)
    phone.goto(f"{live_server.url}/suggestions/staff/{item.pk}/review/")

    proposals = phone.locator("[data-proposals] .staff-unit-row")
    expect(proposals).to_have_count(1)
    assert "按文中单位" in proposals.first.inner_text()
    assert phone.locator(f"#id_role_{world.unit_city.pk}").input_value() == "LEAD"
    finder = phone.get_by_label("查找承办单位（名称、简称、拼音或首字母）")
    finder.fill("gaj")
    visible = phone.locator(".staff-unit-finder .staff-unit-row:visible")
    expect(visible).to_have_count(1)
    assert "辽源市公安局" in visible.first.inner_text()
    _no_sideways_scroll(phone)
