"""Meetings test data, built the way users build it (through the services),
except the committee's roster, which the registry imports."""

from __future__ import annotations

from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.tests.factories import (
    TEST_PASSWORD,
    RoleAssignmentFactory,
    UserFactory,
)
from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.deputies.tests.factories import DeputyFactory, MandateFactory
from renda.meetings import services
from renda.meetings.choices import Attendance, MeetingKind

PASSWORD = TEST_PASSWORD


def standing_committee_of(world) -> StandingCommittee:
    """The city's standing committee of the 8th term."""
    committee, _ = StandingCommittee.objects.get_or_create(term=world.city_term)
    return committee


def add_members(
    committee: StandingCommittee, count: int, *, took_office_on=None, prefix="m"
):
    """Add ``count`` members, each with a deputy, a user and the member role."""
    congress = committee.term.congress
    start = committee.members.count()
    members = []
    for index in range(count):
        deputy = DeputyFactory(name=f"委员{start + index + 1}")
        MandateFactory(deputy=deputy, term=committee.term)
        user = UserFactory(username=f"{prefix}{committee.pk}-{start + index + 1}")
        RoleAssignmentFactory(user=user, role=Role.COMMITTEE_MEMBER, congress=congress)
        members.append(
            CommitteeMember.objects.create(
                standing_committee=committee,
                deputy=deputy,
                role=MemberRole.MEMBER,
                user=user,
                rank=100 + start + index,
                took_office_on=took_office_on,
            )
        )
    return members


def meeting(committee, *, actor, date=None, kind=MeetingKind.STANDING, **fields):
    """A planned meeting of the committee."""
    return services.meeting_create(
        standing_committee=committee,
        kind=kind,
        date=date or timezone.localdate(),
        place=fields.pop("place", "市人大常委会会议室"),
        actor=actor,
        **fields,
    )


def sign_in(meeting, members, *, actor, status=Attendance.PRESENT):
    """Staff mark members present (or on leave / absent)."""
    for member in members:
        services.attendance_record(
            meeting=meeting,
            member=member,
            status=status,
            reason="公务" if status == Attendance.LEAVE else "",
            actor=actor,
        )
