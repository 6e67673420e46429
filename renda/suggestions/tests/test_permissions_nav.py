"""The navigation and the pages ask the same permission functions."""

import pytest
from django.urls import reverse

from renda.accounts.choices import Role
from renda.congresses.choices import MemberRole
from renda.suggestions.permissions import can_see_key_suggestions
from tests.matrix import ROLES, login_as

from .factories import committee_member, user_with

KEY_PAGE = reverse("suggestions:leader_key")
KEY_LINK = f'href="{KEY_PAGE}"'


def _link_and_page(client):
    home = client.get("/")
    page = client.get(KEY_PAGE)
    return KEY_LINK in home.content.decode(), page.status_code


def test_a_leadership_members_account_sees_the_key_link_and_the_page(client, world):
    # Given a 副主任's account that holds no leader role, only a deputy's
    user = user_with(Role.DEPUTY, "vice_director", deputy=world.deputy_city_b)
    committee_member(world, role=MemberRole.DEPUTY_DIRECTOR, user=user)
    client.force_login(user)

    # When they open any page and the key suggestions page
    link, status = _link_and_page(client)

    # Then the link is there and the page opens (the link used to be missing)
    assert can_see_key_suggestions(user)
    assert (link, status) == (True, 200)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_the_key_link_shows_exactly_when_the_page_opens(role, request, client, world):
    client = login_as(role, request, client)

    link, status = _link_and_page(client)

    assert status in (200, 403)
    assert link == (status == 200)
