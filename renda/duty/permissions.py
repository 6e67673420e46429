"""Every check of deputies' duty performance, asked by services, selectors, pages,
the API and the navigation alike.

Who sees what (docs/duty.md):

- system administrators and committee staff (常委会工作人员) of a congress: its
  deputies' archives, scores, reports, training, stories and donations; they
  keep session attendance, confirm hand-added records, edit the scoring rules,
  publish scores, decide corrections and handle alerts;
- leaders (班子成员) of a congress: read all of the above for that congress;
- a deputy: their own archive, scores, reports, enrolments, records and stories,
  in each congress they hold a mandate in; they ask for corrections, add
  records, submit stories and check in at training;
- everyone else (units, station staff, committee members as such): nothing here;
- the public: published stories, public deputy pages, the rating form of a
  report by its QR code, the open data (Popolo).
"""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope


def _congress_id(congress) -> int | None:
    return getattr(congress, "pk", congress)


def _deputy_id(deputy) -> int | None:
    return getattr(deputy, "pk", deputy)


def manages_duty(user, congress) -> bool:
    """Committee staff of this congress (or an administrator)."""
    scope = get_scope(user)
    return scope.is_admin or _congress_id(congress) in scope.staff_congress_ids


def reads_duty(user, congress) -> bool:
    """Staff and leaders of the congress read its deputies' duty records."""
    scope = get_scope(user)
    return scope.is_admin or _congress_id(congress) in scope.congress_ids


def is_deputy_self(user, deputy) -> bool:
    scope = get_scope(user)
    return scope.deputy_id is not None and scope.deputy_id == _deputy_id(deputy)


def can_view_deputy_duty(user, deputy, congress) -> bool:
    """A deputy's archive and scores in a congress: the deputy, staff, leaders."""
    return is_deputy_self(user, deputy) or reads_duty(user, congress)


def can_use_duty_staff(user) -> bool:
    """The staff pages (navigation): staff and leaders of some congress."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.congress_ids)


def can_manage_any_duty(user) -> bool:
    """Pages that write for a congress: staff of some congress."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def can_use_my_duty(user) -> bool:
    """“我的履职”: a deputy with a record."""
    scope = get_scope(user)
    return scope.deputy_id is not None and scope.has(Role.DEPUTY)


def visible_congress_ids(user) -> frozenset | None:
    """Congresses whose duty pages the user reads as staff or leader; None = all."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    return scope.congress_ids


def managed_congress_ids(user) -> frozenset | None:
    """Congresses the user manages as staff; None = all (administrator)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    return scope.staff_congress_ids


# --- reports ---


def can_manage_report(user, report) -> bool:
    """Plan, edit, register or cancel a report: staff of its congress, or the
    deputy who reports."""
    return manages_duty(user, report.congress_id) or is_deputy_self(
        user, report.deputy_id
    )


def can_read_report(user, report) -> bool:
    """A report and its ratings: the deputy, staff and leaders of its congress."""
    return is_deputy_self(user, report.deputy_id) or reads_duty(
        user, report.congress_id
    )


def can_use_reports(user) -> bool:
    """The reports pages: staff and leaders of a congress, or a deputy."""
    return can_use_duty_staff(user) or can_use_my_duty(user)


# --- training ---


def manages_training(user, training) -> bool:
    """Staff of the training's congress (or an administrator) run it."""
    return manages_duty(user, training.congress_id)


def reads_training(user, training) -> bool:
    """Staff and leaders of the training's congress read all of it."""
    return reads_duty(user, training.congress_id)


def can_use_training(user) -> bool:
    """The training pages: staff and leaders of some congress, and deputies."""
    return can_use_duty_staff(user) or can_use_my_duty(user)


# --- stories ---


def can_use_stories(user) -> bool:
    """The stories pages: staff and leaders of some congress, or a deputy."""
    return can_use_duty_staff(user) or can_use_my_duty(user)


def can_write_stories(user) -> bool:
    """Writing a story: staff of some congress, or a deputy (their own)."""
    return can_manage_any_duty(user) or can_use_my_duty(user)
