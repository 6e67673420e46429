"""Roles and their scopes: ``get_scope(user)`` and the account pages' own checks.

Selectors and every app's ``permissions.py`` ask ``get_scope(user)`` which
congresses, units, stations and deputy a user acts for. The checks of an app's
pages live in that app's ``permissions.py``; here only the audit log's and the
admin site's, the pages accounts serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .choices import Role


@dataclass(frozen=True)
class Scope:
    is_authenticated: bool = False
    is_admin: bool = False
    roles: frozenset = frozenset()
    staff_congress_ids: frozenset = frozenset()
    leader_congress_ids: frozenset = frozenset()
    # 常委会组成人员: the congresses whose standing committee the user sits on
    # (supervision items, plans, opinions; not the staff's registry pages).
    member_congress_ids: frozenset = frozenset()
    unit_ids: frozenset = frozenset()
    station_ids: frozenset = frozenset()
    deputy_id: int | None = None
    # Region paths ("/220000/220400/") of the congresses the user works for as
    # staff or leader: everything in those subtrees is in scope.
    region_paths: tuple = field(default_factory=tuple)
    # The same, for the congresses the user works for as committee staff only.
    staff_region_paths: tuple = field(default_factory=tuple)
    # Region paths of the stations the user staffs (chief or liaison officer).
    station_region_paths: tuple = field(default_factory=tuple)

    @property
    def congress_ids(self) -> frozenset:
        return self.staff_congress_ids | self.leader_congress_ids

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


ANONYMOUS = Scope()


def get_scope(user) -> Scope:
    """Return the user's roles and scope, computed once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_renda_scope", None)
    if cached is not None:
        return cached
    # One query, columns only: every page asks for the scope before it shows
    # anything, so no model rows are built for it (issue 13, section 3). The
    # region paths of the congresses and stations come with the assignments.
    assignments = list(
        user.role_assignments.order_by("id").values_list(
            "role",
            "congress_id",
            "handling_unit_id",
            "station_id",
            "deputy_id",
            "congress__region__path",
            "station__region__path",
        )
    )
    roles = {role for role, *_ in assignments}
    if user.is_superuser:
        roles.add(Role.SYSTEM_ADMIN)

    def of(*wanted):
        return [row for row in assignments if row[0] in wanted]

    staff = frozenset(row[1] for row in of(Role.COMMITTEE_STAFF))
    leader = frozenset(row[1] for row in of(Role.LEADER))
    deputy_ids = [row[4] for row in of(Role.DEPUTY)]
    path_of = {row[1]: row[5] for row in of(Role.COMMITTEE_STAFF, Role.LEADER)}
    paths = tuple(sorted(set(path_of.values())))
    staff_paths = tuple(sorted({path_of[pk] for pk in staff if pk in path_of}))
    stations = of(Role.STATION_CHIEF, Role.LIAISON_OFFICER)
    scope = Scope(
        is_authenticated=True,
        is_admin=Role.SYSTEM_ADMIN in roles,
        roles=frozenset(roles),
        staff_congress_ids=staff,
        leader_congress_ids=leader,
        member_congress_ids=frozenset(row[1] for row in of(Role.COMMITTEE_MEMBER)),
        unit_ids=frozenset(row[2] for row in of(Role.UNIT_STAFF)),
        station_ids=frozenset(row[3] for row in stations),
        deputy_id=deputy_ids[0] if deputy_ids else None,
        region_paths=paths,
        staff_region_paths=staff_paths,
        station_region_paths=tuple(
            sorted({row[6] for row in stations if row[3] is not None})
        ),
    )
    user._renda_scope = scope
    return scope


def region_subtree_q(prefix: str, paths) -> Q:
    """Match rows whose region path (at ``prefix``) lies under one of ``paths``."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{prefix}__startswith": path})
    return query


# The account pages ---------------------------------------------------------------
# Each app's checks live in its own ``permissions.py`` (deputies, stations,
# suggestions, ...); accounts keeps the two pages it serves itself.


def can_view_audit_log(user) -> bool:
    """The audit log page: system administrators only."""
    return get_scope(user).is_admin


def can_use_admin(user) -> bool:
    """The Django admin (reference data): system administrators only."""
    return get_scope(user).is_admin


def can_reset_otp(user) -> bool:
    """Reset another user's two-factor log-in: system administrators only."""
    return get_scope(user).is_admin
