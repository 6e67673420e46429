"""Selectors the pages add: congresses in scope, listing details, members, mandates."""

import datetime as dt

from django.urls import reverse

from renda.congresses.selectors import congresses_visible_to
from renda.deputies.selectors import (
    DeputyFilters,
    deputies_with_details,
    deputy_list,
    group_members,
    mandates_of,
)
from renda.deputies.tests.factories import DeputyFactory, MandateFactory


def test_congresses_in_scope_per_role(
    world, committee_staff, district_staff, deputy, station_chief, unit_staff
):
    def ids(user):
        return set(congresses_visible_to(user).values_list("pk", flat=True))

    all_three = {
        world.city_congress.pk,
        world.longshan_congress.pk,
        world.xian_congress.pk,
    }
    assert ids(committee_staff) == all_three
    assert ids(district_staff) == {world.xian_congress.pk}
    assert ids(deputy) == {world.city_congress.pk}
    assert ids(station_chief) == {world.city_congress.pk}
    assert ids(unit_staff) == set()


def test_listing_details_keep_to_sitting_mandates_and_visible_groups(
    world, district_staff, committee_staff
):
    world.group_xian.members.add(world.deputy_city_a)
    mandate = MandateFactory(
        deputy=world.deputy_xian,
        term=world.city_term,
        end_date=dt.date(2019, 1, 1),
        end_reason="RESIGNED",
    )
    staff_view = {
        d.pk: d
        for d in deputies_with_details(
            deputy_list(user=committee_staff, filters=DeputyFilters()),
            user=committee_staff,
        )
    }
    city_a = staff_view[world.deputy_city_a.pk]
    assert [g.name for g in city_a.visible_groups] == [
        "仙城街道代表小组",
        "向阳街道代表小组",
    ]
    xian = staff_view[world.deputy_xian.pk]
    assert mandate.pk not in [m.pk for m in xian.sitting_mandates]
    district_view = list(
        deputies_with_details(
            deputy_list(user=district_staff, filters=DeputyFilters()),
            user=district_staff,
        )
    )
    assert [d.name for d in district_view] == ["王芳"]


def test_mandates_of_puts_sitting_first(world):
    ended = MandateFactory(
        deputy=world.deputy_city_a,
        term=world.xian_congress.terms.get(),
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
        end_reason="MOVED",
    )
    mandates = list(mandates_of(world.deputy_city_a))
    assert mandates[0].is_active
    assert mandates[-1] == ended


def test_group_members_are_in_stroke_order(world):
    world.group_longshan.members.add(
        DeputyFactory(name="张贵生"), DeputyFactory(name="丁一")
    )
    names = [d.name for d in group_members(world.group_longshan)]
    assert names == ["丁一", "丁照民", "张贵生"]


def test_list_page_queries_do_not_grow_with_rows(
    client, world, committee_staff, django_assert_max_num_queries
):
    client.force_login(committee_staff)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("deputies:list"))
    for index in range(30):
        MandateFactory(deputy=DeputyFactory(name=f"李{index}"), term=world.city_term)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("deputies:list"))
    assert response.context["total"] == 34
