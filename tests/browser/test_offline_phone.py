"""Renda on a phone without network: the worker, the kept workbench, a kept draft.

A deputy signs in (the service worker installs), opens the workbench and the
suggestion form, loses the network, still opens both, writes a suggestion and
taps 提交: it is kept on the phone with a visible status. When the network
returns it is sent by itself, once; opening pages again sends nothing more. At
log-out the phone forgets the kept pages.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renda.receptions.models import ReceptionDay
from renda.suggestions.models import Suggestion

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(
    os.environ.get("RENDA_SCREENSHOTS", Path(tempfile.gettempdir()) / "renda-shots")
)
TITLE = "关于在向阳街道增设公交站点的建议"
SAVED = "已保存在手机上，联网后自动提交"


def _kept(page, path: str) -> bool:
    return page.evaluate(
        """async (path) => {
            const cache = await caches.open("renda-pages");
            return Boolean(await cache.match(path, {ignoreVary: true}));
        }""",
        path,
    )


def _wait_until(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _no_sideways_scroll(page) -> None:
    assert (
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    )


def _wait_for_the_worker(page) -> None:
    """Wait until the service worker is active and controls the page.

    The worker claims open pages when it activates; on a loaded machine the page
    may miss the claim, so a page still uncontrolled once the worker is ready is
    reloaded (as a user's next visit would be).
    """
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null", timeout=30_000
    )


def test_workbench_and_a_draft_survive_without_network(
    phone, live_server, world, deputy, password
):
    page, context, base = phone, phone.context, live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)

    # Online: sign in; the worker installs and takes the page.
    login(page, live_server, "deputy", password)
    _wait_for_the_worker(page)
    _wait_until(lambda: _kept(page, "/"), "the workbench to be kept")
    page.goto(f"{base}/suggestions/new/")
    _wait_until(lambda: _kept(page, "/suggestions/new/"), "the form to be kept")
    manifest = page.evaluate(
        "fetch('/manifest.webmanifest').then(r => r.json()).then(m => m.short_name)"
    )
    assert manifest == "履职平台"

    # Offline: the workbench opens as last seen.
    context.set_offline(True)
    page.goto(f"{base}/")
    expect(page.locator("body")).to_contain_text("工作台")
    expect(page.locator(".pwa-status")).to_contain_text("现在没有网络")
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "offline-workbench-phone.png"))

    # A page that was never kept shows the offline page, not the browser's error.
    page.goto(f"{base}/suggestions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("现在没有网络")
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "offline-page-phone.png"))

    # The suggestion form opens offline; the draft is kept on the phone.
    page.goto(f"{base}/suggestions/new/")
    page.get_by_label("《代表之声》").check()
    page.get_by_label("闭会期间").check()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("建议内容").fill(
        "向阳街道居民出行不便，最近的公交站点在一公里外，建议增设公交站点。"
    )
    page.get_by_label("类别").select_option(label="城乡建设")
    page.get_by_label("涉及地区").select_option(label="辽源市")
    page.get_by_role("button", name="提交").click()
    status = page.locator(".pwa-status")
    expect(status).to_contain_text(SAVED)
    expect(status).to_contain_text(TITLE)
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "offline-draft-kept-phone.png"))
    assert not Suggestion.objects.exists()

    # Still kept after the page is opened again, still offline.
    page.goto(f"{base}/")
    expect(page.locator(".pwa-status")).to_contain_text(SAVED + "（1 份）")

    # The network returns: the draft is sent by itself, once.
    context.set_offline(False)
    expect(page.locator(".pwa-status")).to_contain_text("已提交", timeout=20_000)
    page.screenshot(path=str(SHOTS / "offline-draft-sent-phone.png"))
    suggestion = Suggestion.objects.get()
    assert suggestion.title == TITLE
    assert suggestion.status == "SUBMITTED"
    assert suggestion.lead_deputy == world.deputy_city_a

    # Opening pages again (each one tries to send what is kept) sends nothing more.
    page.goto(f"{base}/")
    page.goto(f"{base}/suggestions/new/")
    page.wait_for_load_state("networkidle")
    assert Suggestion.objects.count() == 1
    assert (
        page.evaluate(
            """() => new Promise((resolve) => {
            const open = indexedDB.open("renda", 1);
            open.onsuccess = () => {
                const all = open.result.transaction("drafts").objectStore("drafts").getAll();
                all.onsuccess = () => resolve(all.result.length);
            };
        })"""
        )
        == 0
    )

    # Log-out: the next user of this phone does not see this one's pages.
    assert _kept(page, "/")
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{base}/accounts/login/")
    _wait_until(lambda: not _kept(page, "/"), "the kept pages to be dropped")
    assert not _kept(page, "/suggestions/new/")


def test_reception_day_planned_offline_is_sent_once(
    phone, live_server, world, station_chief, password
):
    page, context, base = phone, phone.context, live_server.url
    station = world.station_longshan
    form_path = f"/stations/{station.pk}/reception-days/new/"
    login(page, live_server, "chief", password)
    _wait_for_the_worker(page)
    page.goto(base + form_path)
    _wait_until(lambda: _kept(page, form_path), "the form to be kept")

    # In a village without signal: the form opens from the phone and is kept.
    context.set_offline(True)
    page.goto(base + form_path)
    page.get_by_label("日期").fill("2026-12-10")
    page.get_by_label("开始时间").fill("09:00")
    page.get_by_label("结束时间").fill("11:30")
    page.get_by_label("地点").fill("向阳街道代表联络站")
    # The duty deputies' searchable picker (picker.js): search, tap the match.
    page.get_by_label("查找代表（姓名、拼音或首字母）").fill(world.deputy_city_a.name)
    page.locator(".picker-option:visible").first.tap()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".pwa-status")).to_contain_text(SAVED)
    expect(page.locator(".pwa-status")).to_contain_text("接待日：2026-12-10")
    page.screenshot(path=str(SHOTS / "offline-reception-day-kept-phone.png"))
    assert not ReceptionDay.objects.exists()

    # Back in signal: sent once, with the deputy on duty.
    context.set_offline(False)
    expect(page.locator(".pwa-status")).to_contain_text("已提交", timeout=20_000)
    page.reload()
    page.wait_for_load_state("networkidle")
    day = ReceptionDay.objects.get()
    assert day.station == station
    assert str(day.date) == "2026-12-10"
    assert list(day.deputies.all()) == [world.deputy_city_a]


def test_a_post_lost_on_a_weak_signal_is_kept_and_sent_once(
    phone, live_server, world, deputy, password
):
    """The phone believes it is online, but the suggestion's POST never arrives."""
    page, context, base = phone, phone.context, live_server.url
    login(page, live_server, "deputy", password)
    _wait_for_the_worker(page)
    page.goto(f"{base}/suggestions/new/")

    def weak_signal(route):
        if route.request.method == "POST":
            route.abort("connectionreset")
        else:
            route.continue_()

    context.route("**/suggestions/new/", weak_signal)
    page.get_by_label("《代表之声》").check()
    page.get_by_label("闭会期间").check()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("建议内容").fill("向阳街道居民出行不便，建议增设公交站点。")
    page.get_by_label("类别").select_option(label="城乡建设")
    page.get_by_label("涉及地区").select_option(label="辽源市")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".pwa-status")).to_contain_text(SAVED)
    expect(page.locator(".pwa-status")).to_contain_text(TITLE)
    assert not Suggestion.objects.exists()

    # The signal comes back: the next page sends it, once.
    context.unroute("**/suggestions/new/")
    page.goto(f"{base}/")
    expect(page.locator(".pwa-status")).to_contain_text("已提交", timeout=20_000)
    page.goto(f"{base}/")
    page.wait_for_load_state("networkidle")
    suggestion = Suggestion.objects.get()
    assert suggestion.title == TITLE
    assert suggestion.status == "SUBMITTED"
