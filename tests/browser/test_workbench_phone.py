"""Each role, on a phone, from log-in to its first queued task through the workbench.

The demo city is built once; then deputy, staff, unit, chief and leader each log
in at 390x844, see their queues first (most urgent on top), tap the tile's first
row and land on the page where that task is done. On the way: nothing wider
than the screen, text of at least 16px, tap targets of at least 44px, and the
bottom bar's 更多 sheet opening over the page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renda.demo.builder import demo_build
from renda.demo.logins import DEMO_PASSWORD
from renda.demo.plan import DEFAULT_SEED

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (login, the tile to follow, what the task's page offers)
WALKS = [
    ("deputy", "to_rate", "评价"),
    ("staff", "submitted", "立案"),
    ("unit", "assignments_overdue", "提交答复"),
    ("chief", "new_requests", "转"),
    ("leader", "key_suggestions", "办理"),
]


def _shots(tmp_path) -> Path:
    folder = Path(os.environ.get("RENDA_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _check_phone_layout(page):
    assert (
        page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    ), page.url
    # Text of the queues and the bar, and their tap targets.
    sizes = page.evaluate(
        """() => [...document.querySelectorAll(
              '.wb-label, .wb-item-title, .wb-item-note, .wb-note, .tabbar .tab, .tabbar summary'
           )].map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes
    assert min(sizes) >= 16, sizes
    heights = page.evaluate(
        """() => [...document.querySelectorAll(
              '.wb-head, .wb-item, .wb-action, .tabbar .tab, .tabbar summary'
           )].map(e => e.getBoundingClientRect().height)"""
    )
    assert heights
    assert min(heights) >= 44, heights


def test_each_role_reaches_its_first_queued_task_from_the_workbench(
    phone, live_server, tmp_path
):
    demo_build(seed=DEFAULT_SEED)
    shots = _shots(tmp_path)

    for username, tile_key, action_word in WALKS:
        phone.context.clear_cookies()
        login(phone, live_server, username, DEMO_PASSWORD)

        # The queues come first: the first tile is above the fold.
        tiles = phone.locator(".wb-tile")
        expect(tiles.first).to_be_in_viewport()
        _check_phone_layout(phone)
        phone.screenshot(path=str(shots / f"workbench-{username}.png"))
        if username == "deputy":
            write = phone.get_by_role("link", name="写建议")
            expect(write).to_be_in_viewport()

        # The 更多 sheet opens over the page with the grouped entries.
        phone.locator(".tabbar .more > summary").click()
        sheet = phone.locator(".tabbar .sheet")
        expect(sheet).to_be_visible()
        expect(sheet.get_by_role("heading", name="账号")).to_be_attached()
        if username == "staff":
            phone.screenshot(path=str(shots / "workbench-staff-more.png"))
        phone.locator(".tabbar .more > summary").click()
        expect(sheet).to_be_hidden()

        # One tap from the tile's first row to the task.
        tile = phone.locator(f'.wb-tile[data-tile="{tile_key}"]')
        count = int(tile.locator("[data-count]").inner_text())
        assert count >= 1, (username, tile_key)
        first = tile.locator(".wb-item").first
        href = first.get_attribute("href")
        first.click()
        phone.wait_for_url(f"{live_server.url}{href}")
        expect(phone.locator("main")).to_contain_text(action_word)
        assert (
            phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            <= 0
        ), phone.url
        phone.screenshot(path=str(shots / f"task-{username}.png"))

        # The bar's 工作台 brings the user back to the queues.
        phone.locator(".tabbar .tab-home").click()
        phone.wait_for_url(f"{live_server.url}/")
