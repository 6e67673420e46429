"""A clerk on a phone finds a deputy by pinyin initials and opens the profile."""

import pytest
from playwright.sync_api import expect

from renda.deputies.tests.factories import DeputyFactory, MandateFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_finds_deputy_by_pinyin_initials_and_opens_profile(
    phone, live_server, world, committee_staff, password
):
    # Given a city congress with, among others, 丁照民 (initials dzm) and a
    # decoy whose initials begin the same way but differ after.
    decoy = DeputyFactory(name="邓智", phone="13511112222")
    MandateFactory(deputy=decoy, term=world.city_term)
    login(phone, live_server, "staff", password)

    # When the clerk opens the deputy list and types the initials.
    phone.goto(f"{live_server.url}/deputies/")
    search = phone.get_by_label("搜索姓名（可输入拼音或首字母，如 zs）")
    search.fill("dzm")
    # htmx swaps the results in after a short pause, without a page load.
    expect(phone.locator("#results .deputy-name")).to_have_count(1)
    names = phone.locator("#results .deputy-name").all_inner_texts()

    # Then only the matching deputy is listed, with the phone masked.
    assert names == ["丁照民"]
    assert "138****5678" in phone.locator("#results").inner_text()
    assert "dzm" in phone.url

    # And the profile opens on tap, with the mandate in the city congress.
    phone.locator("#results .deputy-name", has_text="丁照民").tap()
    phone.wait_for_url(f"{live_server.url}/deputies/{world.deputy_city_a.pk}/")
    heading = phone.get_by_role("heading", level=1).inner_text()
    assert "丁照民" in heading
    body = phone.locator("main").inner_text()
    assert "辽源市人大" in body
    assert "13812345678" not in body
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0
