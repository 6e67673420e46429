"""Session lifetimes: 30 minutes idle, 12 hours absolute.

Idle: the stored session expires SESSION_COOKIE_AGE after it was last saved.
Saving on every request (SESSION_SAVE_EVERY_REQUEST) would write django_session
on every page view; instead a signed-in request saves the session only when
its expiry was last pushed forward more than SESSION_REFRESH_INTERVAL_SECONDS
ago. A session is therefore ended between SESSION_COOKIE_AGE minus that
interval and SESSION_COOKIE_AGE after the last request.

Absolute: log out SESSION_ABSOLUTE_LIFETIME_SECONDS after log-in, however active.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_LOGIN_AT_KEY = "renda_login_at"
SESSION_REFRESHED_AT_KEY = "renda_refreshed_at"


def session_mark_refreshed(session, now: float | None = None) -> None:
    """Note that the session's idle expiry was pushed forward (it is saved)."""
    session[SESSION_REFRESHED_AT_KEY] = time.time() if now is None else now


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            started = session.get(SESSION_LOGIN_AT_KEY)
            now = time.time()
            if started is None:
                session[SESSION_LOGIN_AT_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            refreshed = session.get(SESSION_REFRESHED_AT_KEY)
            if (
                refreshed is None
                or now - refreshed >= settings.SESSION_REFRESH_INTERVAL_SECONDS
            ):
                # Modifying the session makes SessionMiddleware save it, which
                # sets its expiry to now + SESSION_COOKIE_AGE.
                session_mark_refreshed(session, now)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Hold a signed-in session at the two-factor pages until it is done.

    The session says what it still owes (``renda.accounts.two_factor``:
    ``renda_otp`` set at log-in), so this costs no query. Pages redirect to the
    code page or the set-up page; /api/ requests with the session get a JSON
    403. A request with ``Authorization`` is the API token's, not the
    session's, and passes. The Django admin needs a verified session for
    everyone (``RENDA_OTP_ADMIN_REQUIRED``).
    """

    OPEN_NAMES = ("accounts:otp_verify", "accounts:otp_setup", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def _open_paths(self):
        if self._open is None:
            self._open = tuple(
                reverse(name, urlconf=settings.ROOT_URLCONF) for name in self.OPEN_NAMES
            )
        return self._open

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        from .two_factor import OTP_ENROL, session_otp_pending, session_otp_verified

        path = request.path
        pending = session_otp_pending(request)
        if (
            pending is None
            and path.startswith("/admin/")
            and getattr(settings, "RENDA_OTP_ADMIN_REQUIRED", True)
            and not session_otp_verified(request)
        ):
            pending = OTP_ENROL
        if pending is None:
            return self.get_response(request)
        if path.startswith(settings.STATIC_URL) or path in self._open_paths():
            return self.get_response(request)
        if path.startswith("/api/"):
            if request.META.get("HTTP_AUTHORIZATION"):
                # The token decides; the held session itself authenticates nothing
                # (renda.core.api.SessionAuth reads this mark), so a made-up
                # header cannot carry the session past the code page.
                request.renda_session_held = True
                return self.get_response(request)
            return JsonResponse(
                {
                    "code": "auth.otp_required",
                    "message": "请先在网页上完成两步验证，再使用接口。",
                },
                status=403,
            )
        name = "accounts:otp_setup" if pending == OTP_ENROL else "accounts:otp_verify"
        query = urlencode({"next": request.get_full_path()})
        target = f"{reverse(name)}?{query}"
        if request.headers.get("HX-Request"):
            # htmx would swap the code page into a fragment: load it as a page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
