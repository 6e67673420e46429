"""Reads of congresses and their leadership members, through the user's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from renda.accounts.permissions import get_scope
from renda.congresses.choices import LEADERSHIP_ROLES
from renda.congresses.models import CommitteeMember, Congress, StandingCommittee
from renda.deputies.models import DeputyGroup

from .common import MEMBER_CONGRESS, _get


def dashboard_congresses_for(user) -> QuerySet[Congress]:
    """Return the congresses whose dashboard the user may read: staff, leaders, admins."""
    scope = get_scope(user)
    congresses = Congress.objects.select_related("region").order_by("region__code")
    if scope.is_admin:
        return congresses
    return congresses.filter(pk__in=scope.congress_ids)


def congresses_managed_by(user) -> QuerySet[Congress]:
    """Return the congresses whose 双联 records the user manages (staff; admins: all)."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.staff_congress_ids)


def congresses_read_by(user) -> QuerySet[Congress]:
    """Return the congresses whose 双联 records the user reads (staff, leaders, admins)."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.congress_ids)


def current_standing_committee(congress: Congress) -> StandingCommittee | None:
    """Return the standing committee of the congress's latest term, if it has one."""
    return (
        StandingCommittee.objects.filter(term__congress=congress)
        .select_related("term__congress")
        .order_by("-term__number")
        .first()
    )


def leadership_members_visible_to(user) -> QuerySet[CommitteeMember]:
    """Return the leadership members (主任, 副主任, 秘书长) the user may see."""
    scope = get_scope(user)
    base = CommitteeMember.objects.filter(role__in=LEADERSHIP_ROLES)
    if not scope.is_authenticated:
        return base.none()
    if scope.is_admin:
        return base
    conditions = [Q(**{f"{MEMBER_CONGRESS}__in": scope.congress_ids}), Q(user=user)]
    return base.filter(conditions[0] | conditions[1])


def committee_members_visible_to(user) -> QuerySet[CommitteeMember]:
    """Return the committee members of any role the user may see."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return CommitteeMember.objects.none()
    if scope.is_admin:
        return CommitteeMember.objects.all()
    return CommitteeMember.objects.filter(
        Q(**{f"{MEMBER_CONGRESS}__in": scope.congress_ids}) | Q(user=user)
    )


def get_leadership_member_for_user(user, pk) -> CommitteeMember:
    """Return one leadership member the user may see, or raise 404."""
    return _get(
        leadership_members_visible_to(user).select_related(
            "deputy", "standing_committee__term__congress"
        ),
        pk,
    )


def members_for_activity(group: DeputyGroup) -> QuerySet[CommitteeMember]:
    """Return the committee members who may join a group's activity: those of the
    group's congress's current standing committee, leadership first."""
    committee = current_standing_committee(group.congress)
    if committee is None:
        return CommitteeMember.objects.none()
    return committee.members.select_related("deputy").order_by("rank", "id")
