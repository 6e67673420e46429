"""Every check of the 12345 直通车, asked by services, selectors, pages, the API
and the navigation alike.

- system administrators and committee staff (常委会工作人员) of a congress:
  manage that congress's partner systems (issue and revoke keys, scope, the
  outbound endpoint and its service codes) and see the tickets exchanged;
- leaders (班子成员) of a congress: read the tickets exchanged;
- a partner system: only through the Open311 server, with its key, within its
  scope (one congress, one channel), and only the requests it sent; its
  service account (``Partner.user``) holds no staff or leader role (at most the
  unit-staff role of its handling unit, outbound), so no check here lets it in
  — without a query of its own on every page, which the navigation asks;
- everyone else: nothing here.
"""

from __future__ import annotations

from renda.accounts.permissions import get_scope


def _congress_id(congress) -> int | None:
    return getattr(congress, "pk", congress)


def manages_partners(user, congress) -> bool:
    """Committee staff of this congress (or an administrator)."""
    scope = get_scope(user)
    return scope.is_admin or _congress_id(congress) in scope.staff_congress_ids


def reads_hotline(user, congress) -> bool:
    """Staff and leaders of the congress read its exchanged tickets."""
    scope = get_scope(user)
    return scope.is_admin or _congress_id(congress) in scope.congress_ids


def can_use_hotline_staff(user) -> bool:
    """The staff pages (navigation): staff and leaders of some congress."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.congress_ids)


def manages_any_partners(user) -> bool:
    """Register a partner system somewhere: committee staff of some congress."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def managed_congress_ids(user) -> frozenset | None:
    """The congresses whose partners the user manages (None: every one)."""
    scope = get_scope(user)
    return None if scope.is_admin else frozenset(scope.staff_congress_ids)
