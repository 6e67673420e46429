"""Production settings: PostgreSQL behind nginx over HTTPS (docs/deployment.md).

Refuses to start without SECRET_KEY and ALLOWED_HOSTS in the environment.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Set the {name} environment variable: production settings refuse "
            "to start without it."
        )
    return value


SECRET_KEY = _required("SECRET_KEY")
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be a random string of 50+ characters.")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host.")
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Audit log (h2-audit): a chain key, when set, is long enough; retention ≥ six months.
if RENDA_AUDIT_CHAIN_KEY and len(RENDA_AUDIT_CHAIN_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "RENDA_AUDIT_CHAIN_KEY must be a random string of 32+ characters."
    )
if RENDA_AUDIT_RETENTION_DAYS < 184:  # noqa: F405 - six months at their longest
    raise ImproperlyConfigured(
        "RENDA_AUDIT_RETENTION_DAYS must be at least 184 (Cybersecurity Law art. 21)."
    )
