"""Full phone numbers and ID numbers come only from the roles that carry the right."""

from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.deputies.permissions import can_view_full_phone, can_view_id_number
from renda.deputies.selectors import DeputyFilters, deputy_list


def _leader_of_xian_who_is_a_city_deputy(world):
    user = UserFactory(username="two_roles")
    RoleAssignmentFactory(user=user, role=Role.LEADER, congress=world.xian_congress)
    RoleAssignmentFactory(user=user, role=Role.DEPUTY, deputy=world.deputy_city_a)
    return user


def test_a_second_role_as_deputy_gives_no_colleague_phone_or_id(world):
    # Given a 西安区 leader who is also a city deputy (a common real case).
    user = _leader_of_xian_who_is_a_city_deputy(world)
    colleague = world.deputy_city_b  # a city deputy, outside 西安区

    # Then the deputy role lets them see the colleague, but not the number or ID.
    assert (
        deputy_list(user=user, filters=DeputyFilters()).filter(pk=colleague.pk).exists()
    )
    assert not can_view_full_phone(user, colleague)
    assert not can_view_id_number(user, colleague)
    # Their own number, and the 西安区 deputies' numbers, they may see.
    assert can_view_full_phone(user, world.deputy_city_a)
    assert can_view_full_phone(user, world.deputy_xian)


def test_staff_of_the_area_see_id_numbers_leaders_do_not(
    world, committee_staff, leader
):
    assert can_view_id_number(committee_staff, world.deputy_city_b)
    assert not can_view_id_number(leader, world.deputy_city_b)
    assert can_view_full_phone(leader, world.deputy_city_b)


def test_phone_digits_search_cannot_rebuild_a_hidden_number(client, world, deputy):
    # 白玉晶's number is 13987654321; the deputy user (丁照民) sees it masked.
    client.force_login(deputy)

    def found(q):
        response = client.get(reverse("deputies:list"), {"q": q})
        return "白玉晶" in response.content.decode()

    # Digits beyond the shown last four find nothing ...
    assert not found("54321")
    assert not found("987654321")
    assert not found("13987654321")
    # ... while the last four, which the mask shows anyway, still work.
    assert found("4321")


def test_staff_find_a_deputy_by_any_phone_digits(client, world, committee_staff):
    client.force_login(committee_staff)

    response = client.get(reverse("deputies:list"), {"q": "87654321"})

    assert "白玉晶" in response.content.decode()
