"""Pages work under the Content-Security-Policy: the browser reports no violation.

The policy is in base settings, so the live server sends it (docs/security.md).
Chromium logs each refused inline script, style or eval to the console; this
collects those lines on a deputy's home page, the staff's lists (with an htmx
search), the public notice board and the resident's QR form.
"""

import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, url
    page.wait_for_load_state("networkidle")


def test_deputy_home_and_staff_lists_break_no_rule(
    browser, live_server, world, deputy, committee_staff, password
):
    base = live_server.url
    for username, urls in (
        ("deputy", ["/"]),
        ("staff", ["/", "/suggestions/staff/inbox/", "/deputies/"]),
    ):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        # A loaded machine: pages may take longer than the default to load.
        context.set_default_timeout(60_000)
        page = context.new_page()
        violations = _watch(page)
        login(page, live_server, username, password)
        for url in urls:
            _visit(page, base + url)
        if username == "staff":
            # An htmx search swaps the list in place: no eval, no inline style.
            page.get_by_label("搜索姓名（可输入拼音或首字母，如 zs）").fill("zs")
            page.wait_for_timeout(800)
            page.wait_for_load_state("networkidle")
        context.close()
        assert violations == [], (username, violations)


def test_the_public_board_and_the_qr_form_break_no_rule(browser, live_server, world):
    base = live_server.url
    station = world.station_longshan
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    violations = _watch(page)

    _visit(page, f"{base}/s/{station.pk}/")
    _visit(page, f"{base}/s/{station.pk}/form/")

    context.close()
    assert violations == []
