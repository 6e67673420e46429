"""Test data for 双联 records, built through the services as users build it."""

from __future__ import annotations

import datetime as dt

import factory

from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.liaison import services

TODAY = dt.date(2024, 6, 20)


class StandingCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandingCommittee
        django_get_or_create = ("term",)

    term = None


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    standing_committee = None
    deputy = None
    role = MemberRole.DEPUTY_DIRECTOR
    user = None
    rank = factory.Sequence(lambda n: n + 1)


def city_committee(world) -> StandingCommittee:
    """The city congress's standing committee (its eighth term)."""
    return StandingCommitteeFactory(term=world.city_term)


def member(world, *, deputy=None, user=None, role=MemberRole.DEPUTY_DIRECTOR):
    """Seat a member on the city standing committee (default: 白玉晶, 副主任)."""
    return CommitteeMemberFactory(
        standing_committee=city_committee(world),
        deputy=deputy or world.deputy_city_b,
        user=user,
        role=role,
    )


def contact(member_, deputy, actor, *, since=dt.date(2024, 1, 2)):
    return services.deputy_contact_assign(
        leader=member_, deputy=deputy, actor=actor, since=since, today=TODAY
    )


def meeting(world, actor, *, number=1, date=dt.date(2024, 3, 1), agenda="审议议题"):
    return services.committee_meeting_create(
        standing_committee=city_committee(world),
        number=number,
        date=date,
        agenda=agenda,
        actor=actor,
    )
