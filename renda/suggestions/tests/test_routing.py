"""Tiered routing proposals (分级处理)."""

from renda.congresses.choices import Level
from renda.regions.models import Region
from renda.suggestions.choices import Category
from renda.suggestions.routing import propose_units
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

from .factories import draft


def _subdistrict(code):
    return Region.objects.get(code=code)


def test_a_subdistrict_matter_goes_to_that_subdistricts_government(world, deputy):
    xiangyang = _subdistrict("220402001")
    office = HandlingUnitFactory(
        name="龙山区向阳街道办事处",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
        region=xiangyang,
    )
    suggestion = draft(world, deputy, region=xiangyang)

    assert propose_units(suggestion=suggestion) == [office]


def test_without_its_own_government_the_county_units_take_it(world, deputy):
    nankang = _subdistrict("220402002")
    transport = HandlingUnitFactory(
        name="龙山区交通运输局", level=Level.COUNTY, region=world.longshan
    )
    HandlingUnitFactory(name="龙山区教育局", level=Level.COUNTY, region=world.longshan)
    suggestion = draft(world, deputy, region=nankang, category=Category.TRANSPORT)

    assert propose_units(suggestion=suggestion) == [transport]


def test_a_city_matter_goes_to_city_units_matched_by_category(world, deputy):
    transport = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    HandlingUnitFactory(name="辽源市教育局", region=world.city)
    HandlingUnitFactory(
        name="龙山区交通运输局", level=Level.COUNTY, region=world.longshan
    )
    HandlingUnitFactory(name="辽源市公路管理处", region=world.city, is_active=False)
    suggestion = draft(
        world, deputy, category=Category.TRANSPORT, region=world.longshan
    )

    assert propose_units(suggestion=suggestion) == [transport]


def test_without_a_matching_department_the_government_is_proposed(world, deputy):
    government = HandlingUnitFactory(
        name="辽源市人民政府", kind=UnitKind.GOVERNMENT, region=world.city
    )
    suggestion = draft(world, deputy, category=Category.OTHER)

    assert propose_units(suggestion=suggestion) == [government]
