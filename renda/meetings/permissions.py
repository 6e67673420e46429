"""Every check of meetings and votes, asked by services, selectors, pages, the API
and the navigation alike.

Who sees what:

- system administrators and committee staff (常委会工作人员) of a congress:
  manage its meetings, agendas, attendance, papers, votes, appointments and
  票决评议 (staff never see how anyone voted: nobody can, docs/voting.md);
- committee members (常委会组成人员, leaders included, through their
  ``CommitteeMember.user``): read their committee's meetings and papers, sign
  in, and vote in their own committee only, while in office;
- leaders (班子成员) and members read the congress's meetings;
- deputies: the meetings they observe (列席, renda.liaison) and published results;
- handling units: their own 票决评议 results once published;
- the public: closed votes' results and bulletins, never who voted how.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope


def _congress_id(congress) -> int | None:
    return getattr(congress, "pk", congress)


def manages_congress(user, congress) -> bool:
    """Committee staff of this congress (or an administrator) run its meetings."""
    scope = get_scope(user)
    return scope.is_admin or _congress_id(congress) in scope.staff_congress_ids


def reads_congress(user, congress) -> bool:
    """Staff, leaders and members of the congress read its meetings."""
    scope = get_scope(user)
    congress_id = _congress_id(congress)
    return (
        scope.is_admin
        or congress_id in scope.congress_ids
        or congress_id in scope.member_congress_ids
    )


def can_use_meetings(user) -> bool:
    """The meetings pages (navigation): staff, leaders and members."""
    scope = get_scope(user)
    return scope.is_admin or scope.has(
        Role.COMMITTEE_STAFF, Role.LEADER, Role.COMMITTEE_MEMBER
    )


def can_manage_any_meetings(user) -> bool:
    """Pages that create meetings: staff of some congress."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def meeting_congress_q(user, prefix: str = "") -> Q:
    """Match the meetings (at ``prefix``, e.g. "meeting__") this user may read."""
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    congress_ids = scope.congress_ids | scope.member_congress_ids
    if not congress_ids:
        return Q(pk__in=[])
    return Q(**{f"{prefix}standing_committee__term__congress_id__in": congress_ids})


def seat_of(user, standing_committee, on: dt.date | None = None):
    """Return the user's seat (CommitteeMember) on a standing committee, in office
    on ``on`` when given; None when the user holds none."""
    if user is None or not user.is_authenticated:
        return None
    members = standing_committee.members.filter(user=user)
    if on is not None:
        members = members.filter(
            Q(took_office_on__isnull=True) | Q(took_office_on__lte=on),
            Q(left_office_on__isnull=True) | Q(left_office_on__gt=on),
        )
    return members.select_related("deputy").first()


def is_member_of(user, standing_committee, on: dt.date | None = None) -> bool:
    """Whether the user sits on this standing committee (in office on ``on``)."""
    return seat_of(user, standing_committee, on) is not None
