"""The installable shell: /sw.js, /manifest.webmanifest, /favicon.ico and /offline/.

The service worker's source is the static file ``pwa/sw.js``; this view serves it
from the site's root (so its scope is the whole site) with its configuration
prepended: a version derived from the bytes of every file it precaches and the
static manifest's hash, so that a deploy that changes any of them installs a new
worker and drops the old shell cache.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

APP_NAME = "人大代表履职平台"
SHORT_NAME = "履职平台"
THEME_COLOR = "#b71c1c"
BACKGROUND_COLOR = "#f6f7f9"

# Static files the worker keeps for offline use (the shell).
SHELL_STATIC = [
    "css/renda.css",
    "vendor/htmx/htmx.min.js",
    "pwa/pwa.js",
    "pwa/icons/icon-192.png",
    "pwa/icons/favicon-32.png",
]
# Pages (path patterns, JavaScript regular expressions) whose last-seen copy the
# phone keeps to open offline: the workbench and the two forms that can be
# written offline. Personal: the worker drops them at log-out. Nothing under
# /api/ is ever kept.
OFFLINE_PAGES = [
    r"^/$",
    r"^/suggestions/new/$",
    r"^/stations/\d+/reception-days/new/$",
]
# Forms a phone keeps when their POST cannot reach the server (pwa.js keeps them
# when the phone knows it is offline; the worker when the network fails anyway):
# path pattern, label, the fields that name a draft. pwa.js holds the same list.
DRAFT_FORMS = [
    {"path": r"^/suggestions/new/$", "label": "建议", "summary": ["title"]},
    {
        "path": r"^/stations/\d+/reception-days/new/$",
        "label": "接待日",
        "summary": ["date", "place"],
    },
]
NO_CACHE = "no-cache, max-age=0, must-revalidate"


def _static_bytes(name: str) -> bytes:
    """Return a static file's bytes, from the app's sources or the collected files."""
    path = finders.find(name)
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(name) as handle:
        return handle.read()


@lru_cache(maxsize=1)
def _worker_source() -> str:
    """Return the worker's script with its configuration (computed once per process)."""
    source = _static_bytes("pwa/sw.js")
    digest = hashlib.sha256(source)
    for name in SHELL_STATIC:
        digest.update(_static_bytes(name))
    digest.update(getattr(staticfiles_storage, "manifest_hash", "").encode())
    digest.update(json.dumps([OFFLINE_PAGES, DRAFT_FORMS]).encode())
    config = {
        "version": digest.hexdigest()[:16],
        "precache": [static(name) for name in SHELL_STATIC]
        + [reverse("pwa:offline"), reverse("pwa:manifest")],
        "offline": reverse("pwa:offline"),
        "pages": OFFLINE_PAGES,
        "forms": DRAFT_FORMS,
        "logout": reverse("accounts:logout"),
    }
    return (
        "/* Renda service worker; configuration written by renda.pwa.views. */\n"
        f"self.RENDA_SW = {json.dumps(config, ensure_ascii=False)};\n"
        + source.decode("utf-8")
    )


@require_GET
def service_worker(request):
    """Serve the service worker from the root; never cached, so a deploy reaches phones."""
    response = HttpResponse(
        _worker_source(), content_type="application/javascript; charset=utf-8"
    )
    response["Cache-Control"] = NO_CACHE
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def manifest(request):
    """Describe the app for "add to home screen" (W3C Web App Manifest)."""

    def icon(name: str, size: int, purpose: str) -> dict:
        return {
            "src": static(f"pwa/icons/{name}"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }

    data = {
        "id": "/",
        "name": APP_NAME,
        "short_name": SHORT_NAME,
        "description": "人大代表、常委会、承办单位和代表联络站的履职工作平台",
        "lang": "zh-Hans",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            icon("icon-192.png", 192, "any"),
            icon("icon-512.png", 512, "any"),
            icon("maskable-192.png", 192, "maskable"),
            icon("maskable-512.png", 512, "maskable"),
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@lru_cache(maxsize=1)
def _favicon() -> bytes:
    return _static_bytes("pwa/icons/favicon.ico")


@require_GET
@cache_control(public=True, max_age=7 * 24 * 60 * 60)
def favicon(request):
    """Answer /favicon.ico, which browsers ask for on every site whatever the page says."""
    return HttpResponse(_favicon(), content_type="image/x-icon")


@require_GET
@cache_control(public=True, max_age=60 * 60)
def offline(request):
    """The page the worker shows when a page is not kept and the network is gone.

    Rendered without the request's user: the worker keeps it for everyone.
    """
    return render(
        None,
        "pwa/offline.html",
        {"app_name": APP_NAME, "theme_color": THEME_COLOR},
    )
