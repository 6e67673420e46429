"""A station's notice board on a phone: the report button above the fold, one tap to call."""

import pytest

from renda.stations.models import LiaisonStation

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_puts_the_report_button_and_the_office_phone_above_the_fold(
    browser, live_server, world
):
    station = world.station_longshan
    LiaisonStation.objects.filter(pk=station.pk).update(office_phone="0437-3221234")
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()

    page.goto(f"{live_server.url}/s/{station.pk}/")

    report = page.locator("#report-button").bounding_box()
    call = page.locator(".call-action").bounding_box()
    assert report["y"] + report["height"] <= PHONE["height"]
    assert call["y"] + call["height"] <= PHONE["height"]
    # Large tap targets for an older resident.
    assert report["height"] >= 48
    assert report["width"] >= PHONE["width"] * 0.8
    assert page.locator(".call-action").get_attribute("href") == "tel:04373221234"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#report-button").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/s/{station.pk}/form/")
    context.close()
