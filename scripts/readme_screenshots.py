"""Retake the README's screenshots at phone size (390x844) from a running demo.

    make run            # or any server with the demo city loaded
    .venv/bin/python scripts/readme_screenshots.py http://127.0.0.1:8000

Drives Debian's chromium (/usr/bin/chromium, with fonts-noto-cjk so that Chinese
renders) through Playwright and writes docs/screenshots/*.png.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("RENDA_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "Renda-demo-2020"  # noqa: S105 - the published demo password
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

# (file, login or None, path, full page?)
SHOTS = [
    ("workbench-deputy-phone.png", "deputy", "/", False),
    ("workbench-unit-phone.png", "unit", "/", False),
    ("workbench-staff-phone.png", "staff", "/", False),
    ("notices-deputy-phone.png", "deputy", "/notices/", False),
    ("deputies-phone.png", "staff", "/deputies/?q=b", False),
    ("votes-member-phone.png", "member", "/meetings/votes/mine/", False),
    ("duty-deputy-phone.png", "deputy", "/duty/me/?year=2020", False),
]


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        for name, username, path, full_page in SHOTS:
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
            )
            page = context.new_page()
            if username:
                page.goto(f"{base}/accounts/login/")
                page.get_by_label("账号").fill(username)
                page.get_by_label("密码").fill(PASSWORD)
                page.get_by_role("button", name="登录").click()
                page.wait_for_url(f"{base}/")
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / name), full_page=full_page)
            sys.stderr.write(f"wrote docs/screenshots/{name}\n")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
