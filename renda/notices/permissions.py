"""Every check of notices: services, selectors, pages, API and navigation ask these.

- Committee staff (常委会工作人员) write, publish, withdraw and remind the
  notices of their congress and see their receipts; administrators every
  congress's.
- Any logged-in user reads the notices addressed to them (their inbox); a
  notice addressed to someone else does not exist for them (404).
- Nobody else sees notices.
"""

from __future__ import annotations

from renda.accounts.permissions import get_scope


def can_manage_notices(user) -> bool:
    """The staff's notice pages: committee staff of some congress, administrators."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def can_manage_congress_notices(user, congress_id: int) -> bool:
    """Write and publish the notices of one congress."""
    scope = get_scope(user)
    return scope.is_admin or congress_id in scope.staff_congress_ids


def can_manage_notice(user, notice) -> bool:
    """Edit, publish, withdraw, remind and see the receipts of one notice."""
    return can_manage_congress_notices(user, notice.congress_id)


def can_open_inbox(user) -> bool:
    """The inbox of received notices: every logged-in user (it lists only theirs)."""
    return get_scope(user).is_authenticated


def notices_navigation(user) -> str:
    """Which notices entry the navigation shows: "manage", "inbox" or ""."""
    if can_manage_notices(user):
        return "manage"
    scope = get_scope(user)
    if scope.deputy_id is not None:
        return "inbox"
    return ""
