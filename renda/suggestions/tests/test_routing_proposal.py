"""The routing proposal explained: named units, area, category, similar items."""

import pytest
from django.test import override_settings

from renda.congresses.choices import Level
from renda.regions.models import Region
from renda.suggestions.choices import AssignmentRole, Category
from renda.suggestions.routing import (
    REASON_AREA,
    REASON_CATEGORY,
    REASON_SIMILAR,
    REASON_TEXT,
    propose_units,
    routing_proposal,
    unit_search_keys,
)
from renda.suggestions.selectors.similar import similar_suggestions, title_bigrams
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

from .factories import assigned, draft


def _summary(proposals):
    return [(p.unit.name, p.reasons, p.role) for p in proposals]


@pytest.fixture
def xiangyang_office(world):
    return HandlingUnitFactory(
        name="龙山区向阳街道办事处",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
        region=Region.objects.get(code="220402001"),
    )


def test_a_unit_named_in_the_text_is_the_lead_above_the_area(
    world, deputy, xiangyang_office
):
    world.unit_city.short_name = "市住建局"
    world.unit_city.save()
    suggestion = draft(
        world,
        deputy,
        region=xiangyang_office.region,
        title="关于向阳街道老旧小区供热不达标的建议",
        body="居民室温长期不达标，建议由市住建局督促供热企业整改。",
        category=Category.URBAN_RURAL_CONSTRUCTION,
    )

    proposals = routing_proposal(suggestion=suggestion)

    assert _summary(proposals) == [
        ("辽源市住房和城乡建设局", [REASON_TEXT], AssignmentRole.LEAD),
        ("龙山区向阳街道办事处", [REASON_AREA], ""),
    ]
    assert proposals[0].details == ["建议中提到“市住建局”"]
    assert proposals[1].details == ["涉及地区：向阳街道"]
    assert propose_units(suggestion=suggestion) == [world.unit_city]


def test_without_a_named_unit_the_area_government_stays_the_lead(
    world, deputy, xiangyang_office
):
    suggestion = draft(
        world,
        deputy,
        region=xiangyang_office.region,
        title="关于向阳街道老旧小区供热不达标的建议",
        body="居民室温长期不达标。",
    )

    assert _summary(routing_proposal(suggestion=suggestion)) == [
        ("龙山区向阳街道办事处", [REASON_AREA], AssignmentRole.LEAD)
    ]


def test_a_city_matter_lists_category_departments_as_leads_then_the_government(
    world, deputy
):
    government = HandlingUnitFactory(
        name="辽源市人民政府", kind=UnitKind.GOVERNMENT, region=world.city
    )
    transport = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    suggestion = draft(world, deputy, category=Category.TRANSPORT)

    proposals = routing_proposal(suggestion=suggestion)

    assert _summary(proposals) == [
        ("辽源市交通运输局", [REASON_CATEGORY], AssignmentRole.LEAD),
        ("辽源市人民政府", [REASON_AREA], ""),
    ]
    assert proposals[0].details == ["类别：交通运输"]
    assert propose_units(suggestion=suggestion) == [transport]
    assert government.pk != transport.pk


def test_a_short_name_several_units_share_names_only_the_one_over_the_region(
    world, deputy
):
    longshan = HandlingUnitFactory(
        name="辽源市龙山区住房和城乡建设局",
        short_name="区住建局",
        level=Level.COUNTY,
        region=world.longshan,
    )
    HandlingUnitFactory(
        name="辽源市西安区住房和城乡建设局",
        short_name="区住建局",
        level=Level.COUNTY,
        region=world.xian,
    )
    suggestion = draft(
        world,
        deputy,
        region=Region.objects.get(code="220402002"),
        title="关于南康街道排水改造的建议",
        body="请区住建局安排改造。",
        category=Category.OTHER,
    )

    named = [p for p in routing_proposal(suggestion=suggestion) if p.role]

    assert [(p.unit, p.reasons) for p in named] == [(longshan, [REASON_TEXT])]


def test_units_of_similar_earlier_items_are_proposed_with_the_items(
    world, deputy, committee_staff
):
    water = HandlingUnitFactory(name="辽源市水利局", region=world.city)
    assigned(
        world,
        deputy,
        committee_staff,
        title="关于老旧小区加装电梯的建议",
        units=[(water, AssignmentRole.LEAD)],
    )
    assigned(
        world,
        deputy,
        committee_staff,
        title="关于整治东吉大路噪声的建议",
        units=[(world.unit_city, AssignmentRole.LEAD)],
    )
    suggestion = draft(
        world,
        deputy,
        title="关于加快老旧小区加装电梯补贴发放的建议",
        category=Category.OTHER,
    )

    proposals = routing_proposal(suggestion=suggestion)

    assert _summary(proposals) == [("辽源市水利局", [REASON_SIMILAR], "")]
    assert proposals[0].details == ["曾办理相似建议《关于老旧小区加装电梯的建议》"]


def test_similar_items_older_than_the_window_are_not_read(
    world, deputy, committee_staff
):
    water = HandlingUnitFactory(name="辽源市水利局", region=world.city)
    assigned(
        world,
        deputy,
        committee_staff,
        title="关于老旧小区加装电梯的建议",
        units=[(water, AssignmentRole.LEAD)],
    )
    suggestion = draft(world, deputy, title="关于老旧小区加装电梯补贴的建议")

    with override_settings(RENDA_SUGGESTION_SIMILAR_YEARS=0):
        assert similar_suggestions(suggestion) == []
    assert [item.title for item, _ in similar_suggestions(suggestion)] == [
        "关于老旧小区加装电梯的建议"
    ]


def test_title_bigrams_leave_out_the_words_of_every_title():
    assert title_bigrams("关于加强东吉街道供热的建议") == {"东吉", "供热"}
    assert title_bigrams("建议") == frozenset()


def test_unit_search_keys_hold_pinyin_and_initials_of_name_and_short_name():
    keys = unit_search_keys("辽源市住房和城乡建设局", "市住建局").split()

    assert keys[0] == "市住建局"
    assert "lyszfhcxjsj" in keys
    assert "szjj" in keys
    assert "shizhujianju" in keys
