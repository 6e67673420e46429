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
