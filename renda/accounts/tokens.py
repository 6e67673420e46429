"""API bearer tokens: create, revoke, and authenticate a request by its token.

Only the SHA-256 digest of a token is stored, with its first characters (the
prefix) so that a user can tell their tokens apart. The raw token is shown
once, when it is created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from ninja.security import HttpBearer

from renda.core.api import ApiAuthenticationError
from renda.core.db_router import bookkeeping, note_token_read_after_write
from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.services import action_log_record

from .models import ApiToken
from .permissions import get_scope

TOKEN_BYTES = 32
TOKEN_PREFIX_LENGTH = 8
TOKEN_NAME_MAX_LENGTH = 100
# Recording every use would write on every request; once a minute is enough
# to tell a live token from a forgotten one.
LAST_USED_INTERVAL = dt.timedelta(minutes=1)


def token_digest(raw_token: str) -> str:
    """Return the hex SHA-256 digest under which a token is stored."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _check_actor(*, actor, user) -> None:
    # actor=None: the command line, run by whoever operates the server.
    if actor is None:
        return
    if get_scope(actor).is_admin or actor.pk == user.pk:
        return
    raise PermissionDenied(
        "只有本人或系统管理员可以管理接口令牌。", code="accounts.token_forbidden"
    )


def api_token_create(
    *, user, name: str, actor, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a bearer token for the user; return the row and the raw token (shown once)."""
    _check_actor(actor=actor, user=user)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(
            "请填写令牌用途。", code="accounts.token_name_required", field="name"
        )
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ApplicationError(
            f"令牌用途不能超过 {TOKEN_NAME_MAX_LENGTH} 个字。",
            code="accounts.token_name_too_long",
            field="name",
        )
    if not user.is_active:
        raise ApplicationError(
            "该账号已停用，不能创建接口令牌。", code="accounts.user_inactive"
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(
            "过期时间必须晚于现在。",
            code="accounts.token_expiry_past",
            field="expires_at",
        )
    raw_token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            digest=token_digest(raw_token),
            prefix=raw_token[:TOKEN_PREFIX_LENGTH],
            expires_at=expires_at,
        )
        action_log_record(
            actor=actor,
            action="api_token.create",
            target=token,
            summary=f"为 {user.get_username()} 创建接口令牌「{name}」",
            data={
                "user_id": user.pk,
                "prefix": token.prefix,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return token, raw_token


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke the token from now on; a revoked token cannot be revived."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        )
        _check_actor(actor=actor, user=token.user)
        if token.revoked_at is not None:
            raise InvalidTransition(
                "该令牌已吊销。", code="accounts.token_already_revoked"
            )
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        action_log_record(
            actor=actor,
            action="api_token.revoke",
            target=token,
            summary=f"吊销 {token.user.get_username()} 的接口令牌「{token.name}」",
            data={"user_id": token.user_id, "prefix": token.prefix},
        )
    return token


def api_token_user(raw_token: str):
    """Return the user a raw token stands for, or None if it is unknown, revoked or expired."""
    token = api_token_lookup(raw_token)
    return token.user if token is not None else None


def api_token_lookup(raw_token: str) -> ApiToken | None:
    """Return the live token (with its user), or None if it is unknown, revoked or expired."""
    if not raw_token or len(raw_token) > 200:
        return None
    try:
        token = ApiToken.objects.select_related("user").get(
            digest=token_digest(raw_token)
        )
    except ApiToken.DoesNotExist:
        return None
    now = timezone.now()
    if token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_INTERVAL:
        # A bare UPDATE: bookkeeping, not a change anyone needs in the audit log,
        # nor one that keeps the client's reads on the primary.
        with bookkeeping():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; a header with a bad token is refused outright."""

    def authenticate(self, request, token: str):
        live = api_token_lookup(token.strip())
        user = live.user if live is not None else None
        if user is None:
            # Refuse instead of falling back to the session: a client that sends
            # a token means to act as that token's user.
            raise ApiAuthenticationError(
                "接口令牌无效、已吊销或已过期。", code="auth.invalid_token"
            )
        request.user = user
        # Step-up confirmations of a token are kept on the token.
        request.api_token = live
        # A client that wrote with this token a moment ago reads its own writes.
        note_token_read_after_write(live.wrote_at)
        return user
