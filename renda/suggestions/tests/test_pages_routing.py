"""The staff's assignment form: proposals with reasons, a named unit preselected,
every unit row findable by pinyin (picker.js filters them), bounded reads."""

import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.congresses.choices import Level
from renda.regions.models import Region
from renda.suggestions.choices import AssignmentRole, Category
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

from .factories import accepted, assigned


def _review(suggestion) -> str:
    return reverse("suggestions:staff_review", args=[suggestion.pk])


def _selected_role(html: str, unit) -> str:
    select = re.search(
        rf'<select name="role_{unit.pk}".*?</select>', html, flags=re.DOTALL
    ).group(0)
    chosen = re.search(r'<option value="(\w*)" selected>', select)
    return chosen.group(1) if chosen else ""


def test_a_named_city_bureau_is_preselected_and_the_area_office_is_not(
    client, world, deputy, committee_staff
):
    world.unit_city.short_name = "市住建局"
    world.unit_city.save()
    xiangyang = Region.objects.get(code="220402001")
    office = HandlingUnitFactory(
        name="龙山区向阳街道办事处",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
        region=xiangyang,
    )
    item = accepted(
        world,
        deputy,
        committee_staff,
        region=xiangyang,
        title="关于向阳街道供热不达标的建议",
        body="请市住建局督促供热企业整改。",
        category=Category.URBAN_RURAL_CONSTRUCTION,
    )
    client.force_login(committee_staff)

    response = client.get(_review(item))

    html = response.content.decode()
    rows = response.context["assign"]["proposed_rows"]
    assert [(row["unit"], row["role"]) for row in rows] == [
        (world.unit_city, AssignmentRole.LEAD),
        (office, ""),
    ]
    assert _selected_role(html, world.unit_city) == AssignmentRole.LEAD
    assert _selected_role(html, office) == ""
    assert "按文中单位" in html
    assert "建议中提到“市住建局”" in html
    assert "按地区" in html
    assert 'data-picker-filter="' in html
    assert "renda/picker" in html


def test_other_units_carry_pinyin_keys_for_the_search(
    client, world, deputy, committee_staff
):
    HandlingUnitFactory(name="辽源市公安局", short_name="市公安局", region=world.city)
    item = accepted(world, deputy, committee_staff, category=Category.OTHER)
    client.force_login(committee_staff)

    html = client.get(_review(item)).content.decode()

    assert 'data-search="市公安局 liaoyuanshigonganju lysgaj shigonganju sgaj"' in html


def _add_similar(world, deputy, committee_staff, numbers):
    for number in numbers:
        unit = HandlingUnitFactory(name=f"辽源市第{number}局", region=world.city)
        assigned(
            world,
            deputy,
            committee_staff,
            title=f"关于老旧小区加装电梯第{number}批的建议",
            units=[(unit, AssignmentRole.LEAD)],
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_the_assignment_form_reads_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, world, deputy, committee_staff
):
    """Similar items and more units do not add a query each."""
    _add_similar(world, deputy, committee_staff, range(1))
    item = accepted(
        world, deputy, committee_staff, title="关于老旧小区加装电梯补贴的建议"
    )
    client.force_login(committee_staff)
    client.get(_review(item))
    few = _queries(client, _review(item))
    _add_similar(world, deputy, committee_staff, range(1, 6))
    session_save = 3 if settings.SESSION_SAVE_EVERY_REQUEST else 0

    # The review page's 11, the area's units, the proposal's reads (named
    # units, category, area, similar items, their assignments, their units),
    # the routing index's build (text_routing) and the duplicates' one scan.
    with django_assert_max_num_queries(24 + session_save):
        response = client.get(_review(item))

    assert _queries(client, _review(item)) == few
    reasons = [
        reason
        for row in response.context["assign"]["proposed_rows"]
        for reason, _detail in row["reasons"]
    ]
    assert reasons.count("按相似建议") == 3
