"""Absolute session lifetime: log out 12 hours after log-in, however active.

The idle limit is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SESSION_LOGIN_AT_KEY = "renda_login_at"


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_LOGIN_AT_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_LOGIN_AT_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
