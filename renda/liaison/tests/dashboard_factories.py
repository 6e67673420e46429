"""Small record makers for the dashboard, statistics and reminder tests.

The records' own services belong to other parts of the app; these tests build
rows with the ORM, as the demo does, so they depend on the models only.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.deputies.tests.factories import DeputyFactory
from renda.liaison.models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
)
from renda.meetings.models import CommitteeMeeting
from renda.receptions.choices import (
    PublicRequestStatus,
    ReceptionDayStatus,
    RequestTier,
)
from renda.receptions.models import PublicRequest, ReceptionDay

_receipts = itertools.count(1)
_meeting_numbers = itertools.count(101)  # above the numbers other factories give


def standing_committee(world) -> StandingCommittee:
    committee, _created = StandingCommittee.objects.get_or_create(term=world.city_term)
    return committee


def leader_member(world, *, deputy=None, user=None, role=MemberRole.DEPUTY_DIRECTOR):
    return CommitteeMember.objects.create(
        standing_committee=standing_committee(world),
        deputy=deputy or DeputyFactory(),
        role=role,
        user=user,
    )


def reception_days(station, dates, *, status=ReceptionDayStatus.HELD, attendees=()):
    days = []
    for date in dates:
        day = ReceptionDay.objects.create(
            station=station,
            date=date,
            start_time=dt.time(9),
            end_time=dt.time(11),
            place="联络站",
            status=status,
            status_reason="天气原因" if status != ReceptionDayStatus.HELD else "",
        )
        if attendees:
            day.attendees.add(*attendees)
        days.append(day)
    return days


def contacts(member, count, *, since=dt.date(2020, 1, 1), until=None):
    out = []
    for _ in range(count):
        out.append(
            DeputyContact.objects.create(
                leader=member, deputy=DeputyFactory(), since=since, until=until
            )
        )
    return out


def contact_log(contact, date, kind="VISIT", opinions="建议增设路灯", **fields):
    return ContactLog.objects.create(
        contact=contact, date=date, kind=kind, opinions=opinions, **fields
    )


def kept_contacts(member, count, *, logged_on, since=dt.date(2020, 1, 1)):
    """Contacts in steady contact: each with one contact logged on ``logged_on``."""
    out = contacts(member, count, since=since)
    for item in out:
        contact_log(item, logged_on)
    return out


def coordination(congress, year, quarter, date, **fields):
    return CoordinationMeeting.objects.create(
        congress=congress, year=year, quarter=quarter, date=date, **fields
    )


def group_activity(group, date, *members):
    activity = GroupActivity.objects.create(group=group, date=date, topic="小组活动")
    activity.committee_members.add(*members)
    return activity


def meeting(world, date, observers=0, attended=0):
    item = CommitteeMeeting.objects.create(
        standing_committee=standing_committee(world),
        number=next(_meeting_numbers),
        date=date,
        agenda="审议报告",
    )
    for index in range(observers):
        MeetingObserver.objects.create(
            meeting=item,
            deputy=DeputyFactory(),
            invited_at=timezone.now(),
            attended=index < attended,
        )
    return item


def public_request(
    station, *, unit=None, due_at=None, answered_at=None, received_at=None, **fields
):
    values = {
        "station": station,
        "source": "RECEPTION_DAY",
        "receipt_number": f"T{next(_receipts):09d}",
        "resident_name": "张三",
        "consent_at": timezone.now(),
        "content": "小区路灯不亮",
        "status": PublicRequestStatus.RECEIVED,
    }
    if unit is not None:
        values.update(
            handling_unit=unit,
            tier=RequestTier.GRASSROOTS,
            status=(
                PublicRequestStatus.ANSWERED
                if answered_at
                else PublicRequestStatus.ROUTED
            ),
            routed_at=timezone.now(),
            due_at=due_at,
            answered_at=answered_at,
            answer="已修复" if answered_at else "",
        )
    elif answered_at is not None:
        values.update(answered_at=answered_at, answer="已当场答复")
    values.update(fields)
    request = PublicRequest.objects.create(**values)
    if received_at is not None:
        # created_at is set on insert: date the request as received in the past.
        PublicRequest.objects.filter(pk=request.pk).update(created_at=received_at)
        request.refresh_from_db()
    return request
