"""Pages of two-factor log-in: the code at log-in, set-up, the account page,
confirming again (step-up) and an administrator's reset."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PageForbidden
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renda.core.errors import ApplicationError

from .models import User
from .permissions import can_reset_otp
from .two_factor import (
    OTP_ENROL,
    OTP_VERIFY,
    has_otp,
    otp_disable,
    otp_enrol_confirm,
    otp_enrolment_device,
    otp_recovery_regenerate,
    otp_required_for,
    otp_reset,
    otp_verify_session,
    recovery_codes_left,
    session_otp_pending,
    step_up_confirm,
    step_up_fresh,
)


def _next_url(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("workbench:home")


def _redirect(request, url: str) -> HttpResponse:
    """A redirect htmx follows as a full page (HX-Redirect), a plain one otherwise."""
    if getattr(request, "htmx", None):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _grouped(text: str) -> str:
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


# The log-in's second step ----------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """ "两步验证": the 6-digit code (or a recovery code) after the password."""
    next_url = _next_url(request)
    if session_otp_pending(request) != OTP_VERIFY:
        return redirect(next_url)
    if not has_otp(request.user):
        # Reset by an administrator since the password step.
        request.session.pop("renda_otp", None)
        if otp_required_for(request.user):
            request.session["renda_otp"] = OTP_ENROL
            return redirect(
                f"{reverse('accounts:otp_setup')}?{urlencode({'next': next_url})}"
            )
        return redirect(next_url)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            result = otp_verify_session(request, code=request.POST.get("code"))
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            if result.recovery_used:
                text = f"已使用一个备用验证码，还剩 {result.recovery_left} 个。"
                if result.recovery_left <= 3:
                    text += "剩余不多，请到“账号 > 两步验证”重新生成。"
                messages.warning(request, text)
            return redirect(next_url)
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": next_url},
        status=status,
    )


# Set-up ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request):
    """Scan the QR code (or type the secret), confirm with a code, get recovery codes."""
    user = request.user
    next_url = _next_url(request, reverse("accounts:otp_manage"))
    if has_otp(user):
        if session_otp_pending(request) == OTP_VERIFY:
            return redirect(
                f"{reverse('accounts:otp_verify')}?{urlencode({'next': next_url})}"
            )
        return redirect("accounts:otp_manage")
    error = ""
    status = 200
    if request.method == "POST":
        try:
            codes = otp_enrol_confirm(request, code=request.POST.get("code"))
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": [_grouped(c) for c in codes], "next": next_url, "new": True},
            )
    device = otp_enrolment_device(user)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "qr_svg": qr.svg_inline(scale=5, omitsize=True, svgclass="qr-svg"),
            "secret": _grouped(secret),
            "required": otp_required_for(user),
            "pending": session_otp_pending(request) == OTP_ENROL,
            "error": error,
            "next": next_url,
        },
        status=status,
    )


# The account page -----------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_manage(request):
    """账号 > 两步验证: state, recovery codes left, new codes, turn it off."""
    user = request.user
    error = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "regenerate":
                codes = otp_recovery_regenerate(
                    user=user, code=request.POST.get("code")
                )
                return render(
                    request,
                    "accounts/otp_recovery_codes.html",
                    {
                        "codes": [_grouped(c) for c in codes],
                        "next": reverse("accounts:otp_manage"),
                        "new": False,
                    },
                )
            if action == "disable":
                otp_disable(request, code=request.POST.get("code"))
                messages.success(request, "已关闭两步验证。")
                return redirect("accounts:otp_manage")
            error = "请选择要做的操作。"
            status = 400
        except ApplicationError as exc:
            error, status = exc.message, exc.status
    enabled = has_otp(user)
    return render(
        request,
        "accounts/otp_manage.html",
        {
            "enabled": enabled,
            "required": otp_required_for(user),
            "codes_left": recovery_codes_left(user) if enabled else 0,
            "error": error,
        },
        status=status,
    )


# Confirm again (step-up) -----------------------------------------------------------


def step_up_redirect(request, next_url: str) -> HttpResponse:
    """Send the user to confirm again, then back to ``next_url``."""
    query = urlencode({"next": next_url})
    return _redirect(request, f"{reverse('accounts:step_up')}?{query}")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def step_up(request):
    """ "确认身份": a fresh code (with a device) or the password, then back."""
    user = request.user
    next_url = _next_url(request)
    with_code = has_otp(user)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            step_up_confirm(
                request,
                user=user,
                code=request.POST.get("code", ""),
                password=request.POST.get("password", ""),
            )
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, "身份已确认，5 分钟内无需再次确认。")
            return _redirect(request, next_url)
    elif step_up_fresh(request):
        return redirect(next_url)
    return render(
        request,
        "accounts/step_up.html",
        {"with_code": with_code, "error": error, "next": next_url},
        status=status,
    )


# An administrator's reset ----------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_reset_page(request, pk: int):
    """A system administrator removes a user's two-factor, with a reason (audited)."""
    if not can_reset_otp(request.user):
        raise PageForbidden
    target = get_object_or_404(User, pk=pk)
    error = ""
    status = 200
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            otp_reset(actor=request.user, target=target, reason=reason)
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(
                request,
                f"已重置 {target} 的两步验证。对方下次登录时需要重新设置。",
            )
            return redirect(reverse("accounts:otp_reset", args=[target.pk]))
    return render(
        request,
        "accounts/otp_reset.html",
        {
            "target": target,
            "enabled": has_otp(target),
            "error": error,
            "reason": reason,
        },
        status=status,
    )
