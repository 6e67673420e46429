"""Build suggestions the way users do: through the services, one step at a time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.core.models import ActionLog
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Category, Channel, ReplyOutcome
from renda.suggestions.models import Assignment, Suggestion, SuggestionEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    """Return an aware datetime in the site's zone."""
    return dt.datetime(year, month, day, hour, tzinfo=SHANGHAI)


# A Monday with no holiday nearby: most tests start here.
START = moment(2025, 3, 3)


def user_with(role: str, username: str, **scope):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, **scope)
    return user


def deputy_user(deputy, username: str):
    """Give a deputy an account with the deputy role."""
    user = user_with(Role.DEPUTY, username, deputy=deputy)
    deputy.user = user
    deputy.save(update_fields=["user"])
    return user


def unit_user(unit, username: str):
    return user_with(Role.UNIT_STAFF, username, handling_unit=unit)


def committee_member(world, *, role=MemberRole.DEPUTY_DIRECTOR, deputy=None, user=None):
    """Seat a member on the city congress's standing committee."""
    committee, _created = StandingCommittee.objects.get_or_create(term=world.city_term)
    return CommitteeMember.objects.create(
        standing_committee=committee,
        deputy=deputy or world.deputy_city_b,
        role=role,
        user=user,
    )


def draft(world, actor, *, now=START, **fields) -> Suggestion:
    """Save a city-congress draft led by 甲 (``world.deputy_city_a``)."""
    values = {
        "congress": world.city_congress,
        "term": world.city_term,
        "lead_deputy": world.deputy_city_a,
        "title": "关于改善东吉大路交通秩序的建议",
        "body": "东吉大路早晚高峰拥堵，建议增设信号灯并优化公交线路。",
        "category": Category.TRANSPORT,
        "channel": Channel.FORMAL,
        "region": world.city,
    }
    values.update(fields)
    return services.suggestion_create_draft(actor=actor, now=now, **values)


def submitted(world, deputy, *, now=START, **fields) -> Suggestion:
    suggestion = draft(world, deputy, now=now, **fields)
    return services.suggestion_submit(suggestion=suggestion, actor=deputy, now=now)


def accepted(world, deputy, staff, *, now=START, **fields) -> Suggestion:
    suggestion = submitted(world, deputy, now=now, **fields)
    return services.suggestion_accept(suggestion=suggestion, actor=staff, now=now)


def assigned(
    world, deputy, staff, *, units=None, now=START, **fields
) -> tuple[Suggestion, list[Assignment]]:
    """Accept and assign a suggestion; by default to the city unit as lead."""
    suggestion = accepted(world, deputy, staff, now=now, **fields)
    units = units or [(world.unit_city, AssignmentRole.LEAD)]
    assignments = services.suggestion_assign(
        suggestion=suggestion, units=units, actor=staff, now=now
    )
    return suggestion, assignments


def reply(assignment, actor, *, now=START, outcome=ReplyOutcome.A, **fields):
    values = {
        "text": "经研究，已增设信号灯两处，公交线路优化方案已公布。",
        "outcome": outcome,
        "signed_by": "李局长",
        "met_deputy_first": True,
    }
    values.update(fields)
    return services.reply_create(assignment=assignment, actor=actor, now=now, **values)


def snapshot(suggestion: Suggestion) -> tuple:
    """What a refused write must leave untouched: state, timeline, assignments, audit."""
    fresh = Suggestion.objects.get(pk=suggestion.pk)
    return (
        fresh.status,
        fresh.updated_at,
        fresh.merged_into_id,
        fresh.is_key,
        SuggestionEvent.objects.filter(suggestion=fresh).count(),
        list(
            Assignment.objects.filter(suggestion=fresh)
            .order_by("pk")
            .values_list("status", "due_at", "updated_at")
        ),
        ActionLog.objects.count(),
    )


def event_kinds(suggestion: Suggestion) -> list[str]:
    return list(
        SuggestionEvent.objects.filter(suggestion=suggestion)
        .order_by("at", "id")
        .values_list("kind", flat=True)
    )
