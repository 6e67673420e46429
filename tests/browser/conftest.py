"""Headless Chromium (Debian's package) driven by Playwright, at phone size.

`make test` installs /usr/bin/chromium when it is absent; Playwright's own browser
downloads are not used (government intranets and CI have no internet).
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("RENDA_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the ORM calls
    # the tests and pytest-django make there are synchronous and safe. Set for the
    # browser session only (subprocess tests drop it: check --deploy warns of it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(browser):
    """A fresh browser context the size of a phone, with touch, in Chinese."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
