"""View decorators shared by the apps' pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def permission_required(check: Callable[..., bool]):
    """Let in logged-in users for whom ``check(user)`` holds; others get the 403 page.

    Anonymous users are sent to the log-in page first. ``check`` is a function
    of the app's ``permissions.py``, the same one the navigation and API ask.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
