"""The navigation's URLs are reversed once and follow the script prefix and URLconf."""

from __future__ import annotations

from unittest import mock

from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from renda.workbench import context_processors as nav


def test_each_entry_is_reversed_once():
    nav._urls.clear()
    with mock.patch.object(nav, "reverse", wraps=reverse) as reversing:
        first = nav._url("notifications:list")
        again = nav._url("notifications:list")
    assert first == again == reverse("notifications:list")
    assert reversing.call_count == 1


def test_a_page_that_is_not_mounted_is_no_entry():
    assert nav._url("nowhere:page") is None


def test_another_script_prefix_gets_its_own_urls():
    plain = nav._url("notifications:list")
    set_script_prefix("/renda/")
    try:
        prefixed = nav._url("notifications:list")
    finally:
        clear_script_prefix()
    assert prefixed == "/renda" + plain
    assert nav._url("notifications:list") == plain


def test_changed_settings_forget_the_urls():
    nav._url("notifications:list")
    assert nav._urls
    with override_settings(RENDA_PAGE_SIZE=7):
        assert not nav._urls
