"""Keep the current request reachable for the audit log (address, client)."""

import ipaddress
from contextvars import ContextVar

from django.conf import settings

_current_request: ContextVar = ContextVar("renda_current_request", default=None)


def current_request():
    return _current_request.get()


def client_ip(request) -> str | None:
    """Return the client's address, or None when it is missing or not an address."""
    header = settings.RENDA_CLIENT_IP_HEADER
    if header and request.META.get(header):
        value = request.META[header].split(",")[0].strip()
    else:
        value = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
