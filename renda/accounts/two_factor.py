"""Two-factor log-in (TOTP) and step-up confirmation, on django-otp.

Devices: one ``TOTPDevice`` per user (an authenticator app) and one
``StaticDevice`` holding the ten recovery codes. Both throttle wrong codes on
the device row (django-otp's ``ThrottlingMixin``: after n failures the next try
must wait 2^(n-1) seconds), so the delay holds across sessions and addresses.

The session carries the state, so that enforcement costs no query per request:

- ``renda_otp``: ``"verify"`` (the user has a device and has not entered a code
  in this session) or ``"enrol"`` (the role requires two-factor and the user
  has no device). Set at log-in (``session_otp_begin``), removed once done.
- ``otp_device_id`` (django-otp's ``DEVICE_ID_SESSION_KEY``): the device that
  verified this session.
- ``renda_step_up_at``: when the user last confirmed who they are (log-in, a
  code, or the password again); step-up pages and endpoints need it within
  ``RENDA_STEP_UP_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import action_log_record

from .permissions import get_scope

SESSION_OTP_KEY = "renda_otp"
SESSION_STEP_UP_KEY = "renda_step_up_at"
OTP_VERIFY = "verify"
OTP_ENROL = "enrol"
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "身份验证器"
RECOVERY_DEVICE_NAME = "备用验证码"
_TOTP_RE = re.compile(r"^\d{6}$")


class StepUpRequired(ApplicationError):
    """The action needs a fresh confirmation (a code, or the password again)."""

    code = "step_up_required"
    status = 403


class OtpThrottled(ApplicationError):
    code = "auth.otp_throttled"
    status = 429


# Who needs what ---------------------------------------------------------------


def otp_required_for(user) -> bool:
    """Whether the user's role requires two-factor log-in (RENDA_OTP_REQUIRED_ROLES)."""
    required = set(getattr(settings, "RENDA_OTP_REQUIRED_ROLES", ()))
    return bool(required) and bool(get_scope(user).roles & required)


def totp_device_of(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def recovery_device_of(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_otp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# The session ------------------------------------------------------------------


def session_otp_begin(request, user) -> None:
    """At log-in: what the session still owes (a code, an enrolment, nothing)."""
    session = request.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.pop(SESSION_STEP_UP_KEY, None)
    if has_otp(user):
        session[SESSION_OTP_KEY] = OTP_VERIFY
    elif otp_required_for(user):
        session[SESSION_OTP_KEY] = OTP_ENROL
    else:
        session.pop(SESSION_OTP_KEY, None)
        # The password was just given: that is a confirmation.
        session[SESSION_STEP_UP_KEY] = time.time()


def session_otp_pending(request) -> str | None:
    return request.session.get(SESSION_OTP_KEY)


def session_otp_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def _session_verified(request, device) -> None:
    otp_login(request, device)
    request.session.pop(SESSION_OTP_KEY, None)
    request.session[SESSION_STEP_UP_KEY] = time.time()


# Checking a code --------------------------------------------------------------


def normalize_code(raw) -> str:
    """Digits and letters only, lower case: "1234 56", "abcd-efgh" are accepted."""
    if not isinstance(raw, str):
        return ""
    return re.sub(r"[\s\-]", "", raw).lower()[:32]


def _wait_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = 1
    if until is not None:
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    wait = f"{(seconds + 59) // 60} 分钟" if seconds >= 120 else f"{seconds} 秒"
    return f"验证码错误次数过多，请 {wait}后再试。"


@dataclass
class CodeResult:
    device: object | None
    recovery_used: bool = False
    recovery_left: int = 0


def otp_check_code(*, user, code, allow_recovery: bool) -> CodeResult:
    """Check a 6-digit code (or a recovery code) against the user's devices.

    The device row is locked while checking, so parallel guesses count one by
    one. A wrong code writes ``auth.otp_failed``; a used recovery code
    ``auth.otp_recovery_used`` (and can never be used again). Raise
    ``OtpThrottled`` while the device makes the user wait, ``ApplicationError``
    for a wrong or malformed code.
    """
    code = normalize_code(code)
    if not code:
        raise ApplicationError(
            "请输入验证码。", code="auth.otp_code_required", field="code"
        )
    is_totp = bool(_TOTP_RE.match(code))
    if not is_totp and not allow_recovery:
        raise ApplicationError(
            "请输入身份验证器上显示的 6 位数字。", code="auth.otp_invalid", field="code"
        )
    model = TOTPDevice if is_totp else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update().filter(user=user, confirmed=True).first()
        )
        if device is None:
            raise ApplicationError(
                "您还没有设置两步验证。", code="auth.otp_no_device", field="code"
            )
        wait = _wait_message(device)
        if wait:
            raise OtpThrottled(wait, field="code")
        ok = device.verify_token(code)
    if not ok:
        action_log_record(
            actor=user,
            action="auth.otp_failed",
            target=user,
            summary=f"两步验证码错误：{user.get_username()}",
            data={"kind": "totp" if is_totp else "recovery"},
        )
        device.refresh_from_db()
        wait = _wait_message(device)
        message = "验证码不正确，请看身份验证器上最新的 6 位数字再输入。"
        if not is_totp:
            message = "备用验证码不正确或已用过。每个备用验证码只能用一次。"
        if wait:
            message = f"{message}{wait}"
        raise ApplicationError(message, code="auth.otp_invalid", field="code")
    if is_totp:
        return CodeResult(device=device)
    left = device.token_set.count()
    action_log_record(
        actor=user,
        action="auth.otp_recovery_used",
        target=user,
        summary=f"使用备用验证码登录：{user.get_username()}（剩余 {left} 个）",
        data={"left": left},
    )
    return CodeResult(device=device, recovery_used=True, recovery_left=left)


def otp_verify_session(request, *, code) -> CodeResult:
    """The log-in's second step: check the code and mark the session verified."""
    result = otp_check_code(user=request.user, code=code, allow_recovery=True)
    _session_verified(request, result.device)
    return result


# Enrolment, recovery codes, turning it off --------------------------------------


def otp_enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (the same secret until confirmed)."""
    device = totp_device_of(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False
        )
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(
        user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
    )
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=token) for token in codes]
    )
    return codes


def otp_enrol_confirm(request, *, code) -> list[str]:
    """Confirm the authenticator with its first code; return the recovery codes."""
    user = request.user
    code = normalize_code(code)
    if not _TOTP_RE.match(code):
        raise ApplicationError(
            "请输入身份验证器上显示的 6 位数字。", code="auth.otp_invalid", field="code"
        )
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .first()
        )
        if device is None:
            raise ApplicationError(
                "设置已过期，请重新扫描二维码。", code="auth.otp_setup_expired"
            )
        wait = _wait_message(device)
        if wait:
            raise OtpThrottled(wait, field="code")
        if not device.verify_token(code):
            raise ApplicationError(
                "验证码不正确。请确认手机时间准确，再输入身份验证器上最新的 6 位数字。",
                code="auth.otp_invalid",
                field="code",
            )
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        action_log_record(
            actor=user,
            action="auth.otp_enrol",
            target=user,
            summary=f"开启两步验证：{user.get_username()}",
        )
    _session_verified(request, device)
    return codes


def otp_recovery_regenerate(*, user, code) -> list[str]:
    """New recovery codes (the old ones stop working); needs a current code."""
    otp_check_code(user=user, code=code, allow_recovery=False)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        action_log_record(
            actor=user,
            action="auth.otp_recovery_regenerate",
            target=user,
            summary=f"重新生成备用验证码：{user.get_username()}",
        )
    return codes


def otp_disable(request, *, code) -> None:
    """Turn two-factor off (needs a current code); refused where the role requires it."""
    user = request.user
    if otp_required_for(user):
        raise PermissionDenied(
            "您的岗位必须使用两步验证，不能关闭。", code="auth.otp_required"
        )
    otp_check_code(user=user, code=code, allow_recovery=False)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        action_log_record(
            actor=user,
            action="auth.otp_disable",
            target=user,
            summary=f"关闭两步验证：{user.get_username()}",
        )
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


def otp_reset(*, actor, target, reason: str) -> int:
    """A system administrator removes another user's devices; return how many.

    The user sets up two-factor again at the next log-in (if the role requires
    it) or may do so from the account page. Sessions already signed in stay.
    """
    if not get_scope(actor).is_admin:
        raise PermissionDenied(
            "只有系统管理员可以重置两步验证。", code="auth.otp_reset_forbidden"
        )
    if actor.pk == target.pk:
        raise PermissionDenied(
            "不能重置自己的两步验证，请由另一位系统管理员操作。",
            code="auth.otp_reset_self",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "请填写重置原因。", code="auth.otp_reason_required", field="reason"
        )
    if len(reason) > 200:
        raise ApplicationError(
            "重置原因不能超过 200 个字。",
            code="auth.otp_reason_too_long",
            field="reason",
        )
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=target).delete()
        StaticDevice.objects.filter(user=target).delete()
        action_log_record(
            actor=actor,
            action="auth.otp_reset",
            target=target,
            summary=f"重置 {target.get_username()} 的两步验证：{reason}"[:500],
            data={
                "target": target.get_username(),
                "reason": reason,
                "devices": removed,
            },
        )
    return removed


# Step-up ----------------------------------------------------------------------


def _window() -> float:
    return float(getattr(settings, "RENDA_STEP_UP_SECONDS", 300))


def step_up_fresh(request) -> bool:
    """Whether the session (or the API token) confirmed within the window."""
    token = getattr(request, "api_token", None)
    if token is not None:
        at = token.stepped_up_at
        return at is not None and (timezone.now() - at).total_seconds() < _window()
    at = (
        request.session.get(SESSION_STEP_UP_KEY)
        if hasattr(request, "session")
        else None
    )
    return at is not None and time.time() - at < _window()


def step_up_confirm(request, *, user, code="", password="") -> dt.datetime:
    """Confirm again: a fresh code if the user has a device, else the password.

    The password goes through ``authenticate``, so django-axes counts wrong
    ones against the same lock as the log-in page. Return until when the
    confirmation holds.
    """
    if has_otp(user):
        otp_check_code(user=user, code=code, allow_recovery=False)
    else:
        if not password or not isinstance(password, str):
            raise ApplicationError(
                "请输入登录密码。", code="auth.password_required", field="password"
            )
        again = authenticate(request, username=user.get_username(), password=password)
        if again is None or again.pk != user.pk:
            raise PermissionDenied(
                "密码不正确，请重新输入登录密码。",
                code="auth.step_up_failed",
                extra={"field": "password"},
            )
    now = timezone.now()
    token = getattr(request, "api_token", None)
    if token is not None:
        type(token).objects.filter(pk=token.pk).update(stepped_up_at=now)
        token.stepped_up_at = now
    else:
        request.session[SESSION_STEP_UP_KEY] = now.timestamp()
    return now + dt.timedelta(seconds=_window())


def step_up_needed_for_vote(request, user) -> bool:
    """A ballot already asks for the password; a user with a device also owes a
    fresh code (within the window)."""
    return has_otp(user) and not step_up_fresh(request)
