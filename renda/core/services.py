"""Writes of the core app: the audit log."""

from __future__ import annotations

from django.db import models

from .middleware import client_ip, current_request
from .models import ActionLog


def action_log_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    summary: str = "",
    data: dict | None = None,
) -> ActionLog:
    """Append one row to the audit log, with the current request's address."""
    request = current_request()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return ActionLog.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        data=data or {},
        ip_address=client_ip(request) if request else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
    )
