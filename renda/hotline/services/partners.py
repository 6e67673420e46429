"""Partner systems and their keys: issue, change, rotate, revoke.

The plain ``api_key`` is returned once, by ``partner_create`` and
``partner_rotate_key``; only its SHA-256 is stored. Each partner gets a
service account (``Partner.user``): it never logs in (no usable password) and
holds no staff role. The intake services of suggestions and receptions accept
it as the author only when called ``on_behalf_of_partner`` and only within the
partner's scope (its congress and channel; see their permissions). The
outbound side gives it the unit-staff role of the partner's handling unit
(``partner_set_outbound``), so that the hotline's answers become replies.
Revoking a key refuses the partner's inbound calls; the account stays active,
so answers to items already sent still arrive.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from renda.accounts.models import User
from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.services import action_log_record

from ..choices import PartnerChannel
from ..models import Partner
from ..permissions import manages_partners

KEY_PREFIX = "rk_"
NAME_MAX_LENGTH = 100


def hash_key(key: str) -> str:
    """The SHA-256 (hex) of an api_key, as stored."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class IssuedKey:
    partner: Partner
    api_key: str  # shown once


def _bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="hotline.invalid", field=field)


def _denied() -> PermissionDenied:
    return PermissionDenied("您无权管理该人大的合作方系统。", code="hotline.forbidden")


def _clean_name(name, *, congress, exclude_pk=None) -> str:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise _bad("请填写名称。", "name")
    if len(name) > NAME_MAX_LENGTH:
        raise _bad(f"名称不能超过 {NAME_MAX_LENGTH} 个字。", "name")
    if any(ord(ch) < 32 for ch in name):
        raise _bad("名称不能包含控制字符。", "name")
    taken = Partner.objects.filter(congress=congress, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise _bad(f"本级人大已有名为“{name}”的合作方系统。", "name")
    return name


def _clean_channel(channel) -> str:
    if channel not in PartnerChannel.values:
        raise _bad("受理渠道无效。", "channel")
    return channel


def _service_account(partner: Partner) -> User:
    username = f"partner-{partner.pk}-{secrets.token_hex(4)}"
    user = User(username=username, display_name=partner.name[:50], is_active=True)
    user.set_unusable_password()
    user.save()
    return user


def _lock(partner: Partner) -> Partner:
    return Partner.objects.select_for_update(of=("self",)).get(pk=partner.pk)


@transaction.atomic
def partner_create(*, congress, name, channel, actor) -> IssuedKey:
    """Register a partner system of ``congress`` and issue its key (shown once)."""
    if congress is None or not manages_partners(actor, congress):
        raise _denied()
    name = _clean_name(name, congress=congress)
    channel = _clean_channel(channel)
    key = new_key()
    partner = Partner.objects.create(
        name=name,
        congress=congress,
        channel=channel,
        key_hash=hash_key(key),
        key_prefix=key[:8],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    partner.user = _service_account(partner)
    partner.save(update_fields=["user", "updated_at"])
    action_log_record(
        actor=actor,
        action="hotline.partner_create",
        target=partner,
        summary=f"新增合作方系统“{name}”（{partner.get_channel_display()}），签发密钥 {key[:8]}…",
        data={"channel": channel, "key_prefix": key[:8]},
    )
    return IssuedKey(partner=partner, api_key=key)


@transaction.atomic
def partner_update(*, partner: Partner, actor, **fields) -> Partner:
    """Change a partner's name, channel or whether it is active (given fields only)."""
    unknown = set(fields) - {"name", "channel", "is_active"}
    if unknown:
        raise TypeError(f"Unknown partner fields: {sorted(unknown)}")
    partner = _lock(partner)
    if not manages_partners(actor, partner.congress_id):
        raise _denied()
    if "name" in fields:
        fields["name"] = _clean_name(
            fields["name"], congress=partner.congress_id, exclude_pk=partner.pk
        )
    if "channel" in fields:
        fields["channel"] = _clean_channel(fields["channel"])
    if "is_active" in fields:
        if not isinstance(fields["is_active"], bool):
            raise _bad("启用状态无效。", "is_active")
        if fields["is_active"] and partner.revoked_at is not None:
            raise InvalidTransition(
                "密钥已吊销，请重新签发密钥后再启用。", code="hotline.revoked"
            )
    changed = [k for k, v in fields.items() if getattr(partner, k) != v]
    for key in changed:
        setattr(partner, key, fields[key])
    if changed:
        partner.save(update_fields=[*changed, "updated_at"])
        action_log_record(
            actor=actor,
            action="hotline.partner_update",
            target=partner,
            summary=f"修改合作方系统“{partner.name}”",
            data={"fields": sorted(changed)},
        )
    return partner


@transaction.atomic
def partner_rotate_key(*, partner: Partner, actor) -> IssuedKey:
    """Issue a new key (shown once); the old one stops working at once.

    A revoked partner is active again with the new key.
    """
    partner = _lock(partner)
    if not manages_partners(actor, partner.congress_id):
        raise _denied()
    key = new_key()
    partner.key_hash = hash_key(key)
    partner.key_prefix = key[:8]
    partner.revoked_at = None
    partner.is_active = True
    partner.save(
        update_fields=[
            "key_hash",
            "key_prefix",
            "revoked_at",
            "is_active",
            "updated_at",
        ]
    )
    if partner.user_id and not partner.user.is_active:
        User.objects.filter(pk=partner.user_id).update(is_active=True)
    action_log_record(
        actor=actor,
        action="hotline.partner_rotate_key",
        target=partner,
        summary=f"重新签发合作方系统“{partner.name}”的密钥 {key[:8]}…",
        data={"key_prefix": key[:8]},
    )
    return IssuedKey(partner=partner, api_key=key)


@transaction.atomic
def partner_revoke(*, partner: Partner, actor, now=None) -> Partner:
    """Revoke the partner's key: its inbound calls are refused from now on.

    The service account is left active (see the module's docstring).
    """
    partner = _lock(partner)
    if not manages_partners(actor, partner.congress_id):
        raise _denied()
    if partner.revoked_at is not None:
        raise InvalidTransition("该合作方的密钥已吊销。", code="hotline.revoked")
    partner.revoked_at = now or timezone.now()
    partner.is_active = False
    partner.save(update_fields=["revoked_at", "is_active", "updated_at"])
    # The service account stays active: the key no longer opens the Open311
    # server, but answers to items already sent still become replies.
    action_log_record(
        actor=actor,
        action="hotline.partner_revoke",
        target=partner,
        summary=f"吊销合作方系统“{partner.name}”的密钥 {partner.key_prefix}…",
    )
    return partner
