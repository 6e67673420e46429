"""Writes of the accounts app: passwords and the admin flag of users."""

from __future__ import annotations

from django.db import transaction

from renda.core.services import action_log_record

from .choices import Role
from .models import User


@transaction.atomic
def user_change_password(*, user: User, new_password: str, actor) -> User:
    """Set the user's password (already validated) and record the change.

    Other sessions of the user end: Django checks each session against the
    password hash, so the caller must re-hash its own session
    (``update_session_auth_hash``) to stay logged in.
    """
    user.set_password(new_password)
    user.save(update_fields=["password"])
    action_log_record(
        actor=actor,
        action="auth.password_change",
        target=user,
        summary=f"修改密码：{user.get_username()}",
    )
    return user


def user_sync_admin_flag(*, user: User) -> bool:
    """Give the Django admin (``is_staff``) to system administrators only.

    Return whether the flag changed. Committee staff and every other role work
    in the pages of the platform, never in /admin/.
    """
    should_be_staff = (
        user.is_superuser
        or user.role_assignments.filter(role=Role.SYSTEM_ADMIN).exists()
    )
    if user.is_staff == should_be_staff:
        return False
    user.is_staff = should_be_staff
    user.save(update_fields=["is_staff"])
    return True
