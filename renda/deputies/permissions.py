"""Who may see what of a deputy: the checks of the deputies app.

Roles and scopes come from ``renda.accounts.permissions.get_scope``; the
querysets these checks ask are the deputies app's selectors.
"""

from __future__ import annotations

from .selectors import deputies_with_full_phone_for, deputies_with_id_number_for


def can_view_full_phone(user, deputy) -> bool:
    """Full phone numbers: the deputy, staff and leaders over them, their station's staff.

    Only the roles that carry the right count: a user who is also a deputy does
    not see fellow deputies' numbers through their deputy role.
    """
    return deputies_with_full_phone_for(user).filter(pk=deputy.pk).exists()


def can_view_id_number(user, deputy) -> bool:
    """ID numbers: the deputy, the committee staff over them, administrators."""
    return deputies_with_id_number_for(user).filter(pk=deputy.pk).exists()
