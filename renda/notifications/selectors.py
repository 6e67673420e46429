"""Reads of notices: a user sees their own and nobody else's."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from .models import Notification


def notifications_visible_to(user) -> QuerySet[Notification]:
    """Return the user's own notices (none for anonymous users)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def notification_list(*, user) -> QuerySet[Notification]:
    """Return the user's notices, unread first, newest first within each."""
    return notifications_visible_to(user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def get_notification_for_user(user, pk) -> Notification:
    """Return one of the user's notices, or raise 404 without saying whether it exists."""
    try:
        return notifications_visible_to(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unread_count(user) -> int:
    """Count the user's unread notices."""
    return notifications_visible_to(user).filter(read_at__isnull=True).count()
