"""Reads of the accounts app: the audit log for system administrators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from renda.core.models import ActionLog, AuditArchive

from .permissions import get_scope


@dataclass(frozen=True)
class AuditLogFilters:
    """The filters of the audit page: action prefix, actor, object, date range."""

    action: str | None = None
    actor: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_log_list(*, user, filters: AuditLogFilters) -> QuerySet[ActionLog]:
    """Return audit rows matching the filters, newest first; system administrators only.

    ``action`` matches a prefix ("auth." finds every log-in event); ``actor``
    matches the account name as recorded at the time (``actor_name``), so rows
    of deleted users are still found. Dates are local (Asia/Shanghai) days,
    both ends included.
    """
    # The audit log shows every user's activity: system administrators only.
    if not get_scope(user).is_admin:
        raise PermissionDenied
    queryset = ActionLog.objects.all()
    if filters.action:
        queryset = queryset.filter(action__startswith=filters.action.strip())
    if filters.actor:
        queryset = queryset.filter(actor_name__icontains=filters.actor.strip())
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type.strip())
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id.strip())
    if filters.date_from:
        queryset = queryset.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + dt.timedelta(days=1)
        queryset = queryset.filter(created_at__lt=_day_start(next_day))
    return queryset.order_by("-created_at", "-id")


def audit_action_choices() -> list[str]:
    """Return the distinct action names in the log, for the filter's suggestions."""
    return list(
        ActionLog.objects.order_by("action").values_list("action", flat=True).distinct()
    )


@dataclass(frozen=True)
class AuditLogExtent:
    """How far back the database goes and where older rows are (the audit page)."""

    oldest: dt.datetime | None
    retention_days: int
    archive_files: int
    archived_until: dt.datetime | None
    archive_dir: str


def audit_log_extent() -> AuditLogExtent:
    """Two indexed reads: the chain's first row and the archive checkpoints."""
    from django.conf import settings

    oldest = ActionLog.objects.order_by("seq").values_list("created_at", flat=True)
    archives = AuditArchive.objects.order_by("-seq_last")
    last = archives.values_list("last_created_at", flat=True).first()
    return AuditLogExtent(
        oldest=oldest.first(),
        retention_days=settings.RENDA_AUDIT_RETENTION_DAYS,
        archive_files=archives.count() if last else 0,
        archived_until=last,
        archive_dir=str(settings.RENDA_AUDIT_ARCHIVE_DIR),
    )
