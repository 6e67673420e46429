"""Who sees which items, through the one read path."""

import pytest
from django.http import Http404
from django.utils import timezone

from renda.supervision.choices import DocumentKind
from renda.supervision.selectors.items import (
    ItemFilters,
    get_item_for_user,
    item_detail,
    item_list,
)
from renda.supervision.services import items as services

from .factories_items import research, work_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world, committee_staff, district_staff):
    addressed = work_report(world, committee_staff)  # to world.unit_city
    other = research(world, committee_staff)  # to no unit
    invited = research(world, committee_staff, title="邀请代表的调研")
    services.participants_invite(
        item=invited, actor=committee_staff, deputy_ids=[world.deputy_city_a.pk]
    )
    published = research(world, committee_staff, title="已公开的调研")
    published.published_at = timezone.now()
    published.save(update_fields=["published_at"])
    xian = research(
        world,
        district_staff,
        congress=world.xian_congress,
        title="西安区的调研",
        target_unit_ids=[world.unit_xian.pk],
    )
    return {
        "addressed": addressed,
        "other": other,
        "invited": invited,
        "published": published,
        "xian": xian,
    }


def _seen(user, items):
    ids = set(item_list(user, ItemFilters()).values_list("pk", flat=True))
    return {name for name, item in items.items() if item.pk in ids}


def test_each_role_sees_its_items(
    items, committee_staff, district_staff, committee_member, unit_staff, deputy, leader
):
    everything = set(items)
    city = everything - {"xian"}
    # Staff and leaders of the city read the districts' work too.
    assert _seen(committee_staff, items) == everything
    assert _seen(leader, items) == everything
    # A committee member sees all of the city congress's items.
    assert _seen(committee_member, items) == city
    # The district's staff: their own, and what is published.
    assert _seen(district_staff, items) == {"xian", "published"}
    # A unit: the items addressed to it, and what is published.
    assert _seen(unit_staff, items) == {"addressed", "published"}
    # A deputy: what they are invited to, and what is published.
    assert _seen(deputy, items) == {"invited", "published"}


def test_one_item_outside_the_scope_is_404(items, unit_staff, deputy):
    with pytest.raises(Http404):
        get_item_for_user(unit_staff, items["other"].pk)
    with pytest.raises(Http404):
        item_detail(deputy, items["addressed"].pk)
    assert item_detail(deputy, items["invited"].pk).item == items["invited"]


def test_district_staff_do_not_manage_city_items(
    items, district_staff, committee_staff
):
    from renda.core.errors import PermissionDenied

    detail = item_detail(district_staff, items["published"].pk)
    assert detail.actions == []
    with pytest.raises(PermissionDenied):
        services.item_start(item=items["published"], actor=district_staff)
    assert "start" in item_detail(committee_staff, items["published"].pk).actions


def test_drafts_and_phones(items, committee_staff, unit_staff, committee_member):
    item = items["addressed"]
    services.document_add(
        item=item,
        kind=DocumentKind.REPORT_DRAFT,
        title="报告稿",
        text="内部",
        actor=committee_staff,
    )
    published = services.document_add(
        item=item,
        kind=DocumentKind.REPORT,
        title="报告",
        text="公开",
        actor=committee_staff,
    )
    published.published_at = timezone.now()
    published.save(update_fields=["published_at"])
    assert [d.kind for d in item_detail(unit_staff, item.pk).documents] == ["REPORT"]
    assert len(item_detail(committee_member, item.pk).documents) == 2
    # The members only read: no actions.
    assert item_detail(committee_member, item.pk).actions == []


def test_filters(items, committee_staff, world):
    def ids(**query):
        return list(
            item_list(committee_staff, ItemFilters.from_query(query)).values_list(
                "pk", flat=True
            )
        )

    assert ids(kind="WORK_REPORT") == [items["addressed"].pk]
    assert ids(unit=str(world.unit_xian.pk)) == [items["xian"].pk]
    assert ids(q="西安区") == [items["xian"].pk]
    assert set(ids(congress=str(world.xian_congress.pk))) == {items["xian"].pk}
    assert ids(year="1900") == ids()  # out of range: all
    assert ids(kind="NOPE") == ids()
    assert ids(year="2021") == []
    theme = services.theme_create(
        congress=world.city_congress, name="养老", actor=committee_staff
    )
    services.item_update(item=items["other"], actor=committee_staff, themes=[theme.pk])
    assert ids(theme=str(theme.pk)) == [items["other"].pk]
    assert ids(status="PLANNED") == ids()


def test_the_list_costs_a_flat_number_of_queries(
    items, committee_staff, django_assert_max_num_queries, world
):
    for n in range(5):
        research(world, committee_staff, title=f"更多调研{n}")
    with django_assert_max_num_queries(6):
        rows = list(item_list(committee_staff, ItemFilters()))
        for row in rows:
            assert all(t.name for t in row.themes.all())
            assert all(u.name for u in row.target_units.all())
            assert row.congress.name
    assert len(rows) == 10


def test_follow_up_chain(world, committee_staff):
    first = research(world, committee_staff, year=2019)
    later = research(world, committee_staff, follows=first)
    assert item_detail(committee_staff, later.pk).follows == first
    assert item_detail(committee_staff, first.pk).follow_ups == [later]
