"""Forms and wide pages at phone size: widths, folded details, one round of errors."""

import pytest
from playwright.sync_api import expect

from renda.suggestions.models import Suggestion
from renda.suggestions.tests.test_attachments import CONTENT

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_liaison_pages_fit_a_phone_and_the_stats_fold_their_details(
    phone, live_server, world, committee_staff, password
):
    login(phone, live_server, "staff", password)

    phone.goto(f"{live_server.url}/liaison/coordination/")
    assert _width(phone) <= 390

    phone.goto(f"{live_server.url}/liaison/stats/")
    assert _width(phone) <= 390
    assert phone.locator("details.stats-fold").count() == 5
    stations = phone.locator("table.stats-table").first
    expect(stations).to_be_hidden()
    folded = _height(phone)
    phone.locator("details.stats-fold > summary").first.click()
    expect(stations).to_be_visible()
    assert _height(phone) > folded


def test_a_refused_suggestion_reports_once_focuses_and_keeps_its_file(
    phone, live_server, world, deputy, password, tmp_path
):
    chosen = tmp_path / "现场照片说明.pdf"
    chosen.write_bytes(CONTENT["pdf"])
    login(phone, live_server, "deputy", password)
    phone.goto(f"{live_server.url}/suggestions/new/")
    phone.get_by_label("《代表之声》").check()
    phone.set_input_files("input[name=attachments]", str(chosen))

    phone.get_by_role("button", name="提交").click()
    phone.wait_for_load_state()

    # One round: the form's and the submit rule's problems together.
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_contain_text("标题：请填写标题。")
    expect(summary).to_contain_text("建议内容：请填写建议内容后再提交。")
    # The first field in error has the focus; no browser bubble (novalidate).
    assert phone.evaluate("document.activeElement.name") == "title"
    assert phone.evaluate("[...document.forms].every((form) => form.noValidate)")
    kept = phone.locator("[data-pending-files]")
    expect(kept).to_contain_text("已选附件：现场照片说明.pdf（保留）")

    phone.get_by_label("标题").fill("关于修缮向阳街道老旧小区路灯的建议")
    phone.get_by_label("建议内容").fill("多个老旧小区路灯损坏，夜间出行不便。")
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_load_state()

    suggestion = Suggestion.objects.get()
    assert suggestion.status == "SUBMITTED"
    assert [a.original_name for a in suggestion.attachments.all()] == [
        "现场照片说明.pdf"
    ]


def test_a_refused_upload_asks_for_its_file_again_beside_the_input(
    phone, live_server, world, committee_staff, password, tmp_path
):
    from renda.supervision.services.items import item_start
    from renda.supervision.tests.factories_items import work_report

    item = item_start(item=work_report(world, committee_staff), actor=committee_staff)
    chosen = tmp_path / "征求意见稿.pdf"
    chosen.write_bytes(CONTENT["pdf"])
    login(phone, live_server, "staff", password)
    phone.goto(f"{live_server.url}/supervision/items/{item.pk}/")
    form = phone.locator('form[data-action="add_document"]')
    form.locator("input[name=file]").set_input_files(str(chosen))

    form.get_by_role("button").last.click()
    phone.wait_for_load_state()

    form = phone.locator('form[data-action="add_document"]')
    note = form.locator("[data-dropped-files]")
    expect(note).to_contain_text("您选择的文件“征求意见稿.pdf”没有上传")
    # Right above the input it is about.
    assert note.evaluate("n => n.nextElementSibling.name") == "file"
    assert _width(phone) <= 390
