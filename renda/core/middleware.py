"""Keep the current request reachable for the audit log; answer 503 without a database."""

import ipaddress
import logging
import sys
from contextvars import ContextVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

logger = logging.getLogger(__name__)

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


# The database is unreachable ------------------------------------------------------

DATABASE_UNAVAILABLE_EXCEPTIONS = (OperationalError, InterfaceError)
DATABASE_UNAVAILABLE_MESSAGE = "数据库暂时无法连接，您的操作没有完成，请稍后再试。"


def retry_after_seconds() -> int:
    """Return how long a client should wait before retrying, in seconds (a setting)."""
    return int(settings.RENDA_RETRY_AFTER_SECONDS)


def database_unavailable_page(request) -> HttpResponse:
    """Return the 503 page, rendered without the database (no context processors)."""
    response = HttpResponse(
        render_to_string("503.html", {"message": DATABASE_UNAVAILABLE_MESSAGE}),
        status=503,
    )
    response["Retry-After"] = str(retry_after_seconds())
    return response


def database_unavailable_api(request) -> JsonResponse:
    """Return the API's 503 (the shape ``renda.core.api`` answers from its views)."""
    response = JsonResponse(
        {"code": "core.unavailable", "message": DATABASE_UNAVAILABLE_MESSAGE},
        status=503,
    )
    response["Retry-After"] = str(retry_after_seconds())
    return response


def server_error(request, template_name="500.html"):
    """``handler500``: a lost database is a 503, wherever it was raised.

    ``DatabaseUnavailableMiddleware`` sees only what a view raises. A signed-in
    request reads its session and user in the middlewares before the view
    (``SessionLifetimeMiddleware``) and saves the session after it; when the
    database is down there, Django calls this handler with the exception still
    being handled. Found by bench/load.py (a killed backend, a restart).
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE_EXCEPTIONS):
        if request.path.startswith(API_PREFIX):
            return database_unavailable_api(request)
        return database_unavailable_page(request)
    return defaults.server_error(request, template_name)


class DatabaseUnavailableMiddleware:
    """Answer 503 with ``Retry-After`` when a page's database connection fails.

    A lost or refused connection (``OperationalError``/``InterfaceError``) is not a
    bug of the page: the user may simply try again. The API answers the same in
    JSON (``renda.core.api``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE_EXCEPTIONS):
            return None
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        return database_unavailable_page(request)


# The API never answers HTML -------------------------------------------------------

API_PREFIX = "/api/"
NOT_FOUND_MESSAGE = "未找到该对象，或您无权查看。"
API_HTML_ERRORS = {
    404: ("core.not_found", NOT_FOUND_MESSAGE),
    405: ("core.method_not_allowed", "该地址不支持此请求方法。"),
}


class ApiJsonErrorsMiddleware:
    """Turn Django's HTML 404/405 under /api/ into the API's JSON error shape.

    The API's own handlers answer JSON; a URL that no API route matches (an
    unknown path, a path whose id is not a number) is answered by Django's URL
    resolver with the HTML 404 page. A client of the API gets JSON whatever it
    asks for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = API_HTML_ERRORS.get(response.status_code)
        if (
            error is None
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, message = error
        json_response = JsonResponse(
            {"code": code, "message": message},
            status=response.status_code,
        )
        if response.has_header("Allow"):
            json_response["Allow"] = response["Allow"]
        return json_response


# Denials in one line --------------------------------------------------------------

security_logger = logging.getLogger("renda.security")


class DenialLogMiddleware:
    """Log every 403 once, on ``renda.security``, in one line without a traceback.

    A denial is an expected answer (a role outside its scope, a forged form),
    not a bug: the line says who was refused what — status, method, path
    (never the query string, which may carry an API key or a receipt number),
    the user's id or "anonymous", and the client address as the audit log
    records it (``client_ip``). Django's own ``django.request`` record of the
    same 403 (with the exception's traceback for a page) is dropped by
    :class:`NotDenied`; 500s keep theirs. Pages and /api/v1/ alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log_denial(request, response.status_code)
        return response


def log_denial(request, status: int) -> None:
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    address = client_ip(request)
    security_logger.warning(
        "denied status=%s method=%s path=%s user=%s client=%s",
        status,
        request.method,
        request.path,
        user_id if user_id is not None else "anonymous",
        address or "-",
        extra={
            "status_code": status,
            "method": request.method,
            "path": request.path,
            "user_id": user_id,
            "client_ip": address,
        },
    )


class NotDenied(logging.Filter):
    """Drop ``django.request``'s records of 403 responses (DenialLogMiddleware logs them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 403


# htmx and redirects ----------------------------------------------------------------


class HtmxRedirectMiddleware:
    """Turn a redirect answered to an htmx request into a full-page navigation.

    htmx follows a redirect inside its request and swaps whatever page comes
    back into the element it targets: a session that has expired would put the
    whole log-in page inside a list of options, and a form that redirects after
    a post would nest the next page in the part that sent it. The rule for the
    whole application: an htmx request that is answered with a redirect gets
    204 with ``HX-Redirect``, and htmx loads that address as a page, as a plain
    link or form would have. Boosted requests (none today) swap whole pages and
    keep the redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code in (301, 302, 303, 307, 308)
            and request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-Boosted") != "true"
            and response.has_header("Location")
        ):
            navigation = HttpResponse(status=204)
            navigation["HX-Redirect"] = _page_next(request, response["Location"])
            for name, value in response.cookies.items():
                navigation.cookies[name] = value
            return navigation
        return response


def _page_next(request, location: str) -> str:
    """Point a log-in or code page's ``next`` at the page the user was on.

    The log-in redirect names the address htmx asked for (a fragment, or a
    POST-only address that a GET would answer with 405); after logging in,
    the user belongs on the page that held it, which htmx sends as
    ``HX-Current-URL``. Only a path of this site is taken.
    """
    parts = urlsplit(location)
    query = parse_qs(parts.query, keep_blank_values=True)
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    if "next" not in query or not current.path.startswith("/"):
        return location
    if current.netloc and current.netloc != request.get_host():
        return location
    page = current.path + (f"?{current.query}" if current.query else "")
    if not url_has_allowed_host_and_scheme(page, allowed_hosts=None):
        return location
    query["next"] = [page]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
