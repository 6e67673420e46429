"""Year filters are selects of the years there can be data for, showing the year shown."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone


def _year_select(html: str) -> tuple[list[str], list[str]]:
    select = re.search(r'<select name="year"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the year is not a select"
    options = select.group(1)
    return (
        re.findall(r'<option value="(\d*)"', options),
        re.findall(r'<option value="(\d*)"[^>]*selected', options),
    )


def test_every_year_filter_is_a_select_defaulting_to_the_year_shown(
    client, world, committee_staff
):
    client.force_login(committee_staff)
    this_year = str(timezone.localdate().year)
    first = str(world.city_term.start_date.year)
    pages = {
        reverse("liaison:dashboard"): this_year,
        reverse("liaison:stats"): this_year,
        reverse("suggestions:stats"): this_year,
        reverse("supervision:stats"): this_year,
        # The list filters by year only when asked: its blank choice is 全部年度.
        reverse("suggestions:staff_list"): "",
    }
    for url, shown in pages.items():
        html = client.get(url).content.decode()
        years, selected = _year_select(html)

        # A select shows its selected option, else its first.
        displayed = selected[0] if selected else years[0]

        assert displayed == shown, url
        assert this_year in years, url
        assert min(first, this_year) in years, url

    # A year asked for is the one selected.
    html = client.get(reverse("suggestions:stats"), {"year": first}).content.decode()
    assert _year_select(html)[1] == [first]
