"""Fixtures of the supervision tests: the city's standing committee with its members."""

from __future__ import annotations

import pytest

from renda.accounts.choices import Role
from renda.accounts.tests.factories import UserFactory
from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.deputies.tests.factories import DeputyFactory, MandateFactory


def seat_members(congress, count: int, *, leaders: int = 2):
    """Give ``congress``'s current standing committee ``count`` members with accounts.

    The first ``leaders`` are 主任/副主任 (with the LEADER role), the rest 委员
    (with the COMMITTEE_MEMBER role). Returns the CommitteeMember rows in rank order.
    """
    term = congress.terms.order_by("-number").first()
    standing, _ = StandingCommittee.objects.get_or_create(term=term)
    rows = []
    start = standing.members.count()
    for n in range(start, start + count):
        deputy = DeputyFactory()
        MandateFactory(deputy=deputy, term=term)
        leader = n < leaders
        user = UserFactory(username=f"member{congress.pk}_{n}")
        user.role_assignments.create(
            role=Role.LEADER if leader else Role.COMMITTEE_MEMBER, congress=congress
        )
        role = (
            (MemberRole.DIRECTOR if n == 0 else MemberRole.DEPUTY_DIRECTOR)
            if leader
            else MemberRole.MEMBER
        )
        rows.append(
            CommitteeMember.objects.create(
                standing_committee=standing,
                deputy=deputy,
                role=role,
                user=user,
                rank=n + 1,
            )
        )
    return rows


@pytest.fixture
def city_members(world):
    """Seven members of the city's standing committee (2 leaders, 5 members)."""
    return seat_members(world.city_congress, 7)
