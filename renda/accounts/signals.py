"""Record log-ins, log-outs and failed log-ins in the audit log."""

import time

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from renda.core.services import action_log_record

from .middleware import SESSION_LOGIN_AT_KEY, session_mark_refreshed
from .two_factor import session_otp_begin


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_LOGIN_AT_KEY] = now
        session_mark_refreshed(request.session, now)
        # Two-factor: what this session still owes (a code, an enrolment).
        session_otp_begin(request, user)
    action_log_record(actor=user, action="auth.login", target=user, summary="登录")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        action_log_record(actor=user, action="auth.logout", target=user, summary="退出")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    action_log_record(
        actor=None,
        action="auth.login_failed",
        summary=f"登录失败：{username}"[:500],
        data={"username": username[:150]},
    )
