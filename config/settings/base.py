"""Settings shared by every environment.

Environment variables: ``DATABASE_URL`` (default: SQLite under ``var/``),
``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma separated), ``RENDA_VAR_DIR``.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("RENDA_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "renda.accounts.admin_site.RendaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Form widgets render through TEMPLATES (FORM_RENDERER below), so that
    # renda/templates/django/forms/ may replace a widget's template.
    "django.forms",
    "axes",
    # Two-factor log-in (issue 13): TOTP devices and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "ninja",
    "django_q",
    "renda.core",
    "renda.legal_calendar",
    "renda.accounts",
    "renda.regions",
    "renda.congresses",
    "renda.units",
    "renda.stations",
    "renda.deputies",
    "renda.suggestions",
    "renda.notifications",
    "renda.liaison",
    "renda.supervision",
    "renda.meetings",
    "renda.duty",
    "renda.hotline",
    "renda.notices",
    "renda.workbench",
    "renda.demo",
    "renda.receptions",
    "renda.pwa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip for HTML and JSON: after WhiteNoise (it serves static files precompressed).
    "renda.pwa.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A redirect answered to htmx becomes a page load (HX-Redirect), not a swap.
    "renda.core.middleware.HtmxRedirectMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "renda.accounts.middleware.SessionLifetimeMiddleware",
    # Two-factor: a session that owes a code or an enrolment reaches only those pages.
    "renda.accounts.middleware.TwoFactorMiddleware",
    "renda.core.middleware.RequestContextMiddleware",
    # Issue 13 §1: every 403 in one line on renda.security (docs/security.md).
    "renda.core.middleware.DenialLogMiddleware",
    "renda.core.middleware.DatabaseUnavailableMiddleware",
    "renda.core.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# The /api/v1/ instance (for the OpenAPI export) and the admin's access check,
# named here so that core imports no domain app.
RENDA_API = "config.api.api"
RENDA_ADMIN_ACCESS = "renda.accounts.permissions.can_use_admin"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "renda" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renda.accounts.context_processors.roles",
                "renda.workbench.context_processors.navigation",
                "renda.notifications.context_processors.unread",
                "renda.core.context_processors.dropped_files",
            ],
        },
    },
]

# Widgets render with the project's templates (TemplatesSetting), except select
# boxes and inputs, which renda.core.form_renderer writes in Python with the same
# markup (issue 13, section 3).
FORM_RENDERER = "renda.core.form_renderer.FormRenderer"

# With persistent connections (CONN_MAX_AGE > 0), a request checks a reused connection
# before its first query and opens a new one if the old one died (a killed backend, a
# restarted server): one cheap round trip instead of a 503 per worker after each fault.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'renda.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a write is in progress; the
    # busy timeout makes concurrent writers wait instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# Read replicas (docs/deployment.md "Scale-out", docs/decisions/0022-read-replicas.md).
# DATABASE_REPLICA_URL: one or more PostgreSQL streaming replicas, comma separated, as
# aliases "replica", "replica_2"... Only reads that opt in (lists and statistics) use
# them; writes and everything else stay on "default". Unset: no router, no middleware.
RENDA_DATABASE_REPLICAS = []
for _number, _url in enumerate(
    [
        u.strip()
        for u in os.environ.get("DATABASE_REPLICA_URL", "").split(",")
        if u.strip()
    ],
    start=1,
):
    _alias = "replica" if _number == 1 else f"replica_{_number}"
    DATABASES[_alias] = {
        **dj_database_url.parse(
            _url,
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
            conn_health_checks=True,
        ),
        "ATOMIC_REQUESTS": False,
        # The test run reads the primary's test database through this alias.
        "TEST": {"MIRROR": "default"},
    }
    RENDA_DATABASE_REPLICAS.append(_alias)
if RENDA_DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["renda.core.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("renda.core.middleware.RequestContextMiddleware") + 1,
        "renda.core.db_router.ReadAfterWriteMiddleware",
    )
# After a request wrote, its browser reads the primary for this long (replication lag).
RENDA_READ_AFTER_WRITE_SECONDS = int(
    os.environ.get("RENDA_READ_AFTER_WRITE_SECONDS", "10")
)
# A replica that refused a connection is not tried again for this long.
RENDA_REPLICA_RETRY_SECONDS = 30
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# OWASP ASVS 4.0 level 2, V2.1: at least 12 characters, long passphrases
# allowed (up to 128), no composition rules, refuse common and breached-style
# passwords and passwords close to the user's own data.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "renda.accounts.validators.MaximumLengthValidator"},
    {"NAME": "renda.accounts.validators.UsernameNotInPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failures (ASVS V2.2.1): 5 failures of one user name
# from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions (ASVS V3.3): 30 minutes idle, 12 hours absolute.
SESSION_COOKIE_AGE = 30 * 60
# Not every request: SessionLifetimeMiddleware saves a signed-in session (pushing
# its idle expiry forward) only when it was last saved this long ago.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_INTERVAL_SECONDS = 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "renda" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Uploads: the roster import reads at most this many bytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
RENDA_IMPORT_MAX_BYTES = 10 * 1024 * 1024
RENDA_IMPORT_MAX_ROWS = 20000

# Which header carries the client address behind the reverse proxy
# (docs/deployment.md). Empty: use REMOTE_ADDR.
RENDA_CLIENT_IP_HEADER = os.environ.get("RENDA_CLIENT_IP_HEADER", "")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    [RENDA_CLIENT_IP_HEADER, "REMOTE_ADDR"]
    if RENDA_CLIENT_IP_HEADER
    else ["REMOTE_ADDR"]
)

# Page sizes.
RENDA_PAGE_SIZE = 50
RENDA_API_PAGE_SIZE = 50
RENDA_API_MAX_PAGE_SIZE = 500
# Lists that do not grow with the data (issue 13 §3, decision 0020): pages and
# API lists count exactly up to this bound and say "1,000+" beyond it.
RENDA_LIST_COUNT_BOUND = 1000
# Dates users enter (renda.core.dates): an event's day (reception day, meeting,
# contact) from EARLIEST to today + DAYS_AHEAD; a date that filters records likewise.
RENDA_EVENT_DATE_EARLIEST = "2000-01-01"
RENDA_EVENT_DATE_DAYS_AHEAD = 366
RENDA_FILTER_DATE_EARLIEST = "1949-10-01"
RENDA_FILTER_DATE_DAYS_AHEAD = 3660
# The most pixels an uploaded image may have (renda.core.images; decompression bombs).
RENDA_IMAGE_MAX_PIXELS = 40_000_000
# Personal data shown in full one record at a time (a deputy's phone, a
# resident's name and phone): at most this many per user an hour, each audited;
# more at once is a bulk export, which asks for the second factor
# (renda/core/reveals.py, docs/security.md).
RENDA_REVEALS_PER_HOUR = 30
# Seconds a client is asked to wait (Retry-After) when the database is unreachable (503).
RENDA_RETRY_AFTER_SECONDS = 30

NINJA_PAGINATION_PER_PAGE = RENDA_API_PAGE_SIZE
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = RENDA_API_MAX_PAGE_SIZE

# Reception days and residents' requests (renda/receptions/rules.py reads these
# at call time; docs/decisions/0005-reception-days-closed-years.md).
RENDA_MIN_RECEPTION_DAYS_PER_YEAR = 6
RENDA_PUBLIC_REQUEST_REPLY_DAYS = 15
RENDA_PUBLIC_FORM_MAX_PER_HOUR = 5
RENDA_PUBLIC_LOOKUP_MAX_PER_HOUR = 30
RENDA_REQUEST_PHOTO_MAX_COUNT = 6
RENDA_PUBLIC_FORM_PHOTO_MAX_COUNT = 3
RENDA_PHOTO_MAX_BYTES = 5 * 1024 * 1024
RENDA_RECEPTION_YEAR_CLOSES_AFTER_DAYS = 31

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"axes": {"level": "WARNING"}},
}

# 双联 rules (renda/liaison/rules.py reads them at call time).
RENDA_MIN_LEADER_CONTACTS = 5
RENDA_MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR = 1
RENDA_MIN_MEETING_OBSERVERS = 3
RENDA_LIAISON_MIN_COORDINATION_MEETINGS_PER_QUARTER = 1
RENDA_LIAISON_COORDINATION_REMINDER_LEAD_DAYS = 15

# Background jobs (django-q2; docs/decisions/0007-task-queue.md). The embedded default
# keeps the queue in the database (ORM broker: SQLite or PostgreSQL, no extra server);
# RENDA_Q_REDIS_URL (redis://host:6379/0) moves it to Redis when one machine is not
# enough. Every job is idempotent, so a task retried after a worker died is harmless.
RENDA_Q_REDIS_URL = os.environ.get("RENDA_Q_REDIS_URL", "")
Q_CLUSTER = {
    "name": "renda",
    "label": "后台任务",
    "workers": int(os.environ.get("RENDA_Q_WORKERS", "2")),
    # A task that runs longer than timeout is killed; one not acknowledged within
    # retry seconds is handed out again (retry must exceed timeout).
    "timeout": 300,
    "retry": 360,
    # Renda's own jobs retry themselves (deliveries with backoff, daily jobs the next
    # day); the queue hands a task out at most twice.
    "max_attempts": 2,
    "ack_failures": True,
    # Daily jobs missed while no worker ran are run once, not once per missed day.
    "catch_up": False,
    "save_limit": 1000,
    "poll": 1,
}
if RENDA_Q_REDIS_URL:
    Q_CLUSTER["redis"] = RENDA_Q_REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Audit log hash chain, head export and archive (issue 13, h2-audit; docs/security.md
# "Audit log", docs/decisions/0017-audit-hash-chain.md). The chain key: empty derives
# one from SECRET_KEY; set it (32+ random characters) so that SECRET_KEY can be rotated.
RENDA_AUDIT_CHAIN_KEY = os.environ.get("RENDA_AUDIT_CHAIN_KEY", "")
RENDA_AUDIT_HEAD_DIR = Path(
    os.environ.get("RENDA_AUDIT_HEAD_DIR", VAR_DIR / "audit-heads")
)
RENDA_AUDIT_ARCHIVE_DIR = Path(
    os.environ.get("RENDA_AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive")
)
# Days an audit row stays in the database before audit_archive moves it to a file:
# at least 180 (Cybersecurity Law art. 21, 不少于六个月); 365 covers a full year.
RENDA_AUDIT_RETENTION_DAYS = int(os.environ.get("RENDA_AUDIT_RETENTION_DAYS", "365"))

# The periodic jobs, kept in django-q's schedule table by `manage.py schedules_sync`
# (renda/notifications/jobs.py): name -> a dotted function, its arguments, and a cron
# line in Asia/Shanghai time or an interval in minutes.
RENDA_SCHEDULES = [
    {
        "name": "suggestions_daily",
        "func": "renda.notifications.tasks.command_run",
        "args": ["suggestions_daily"],
        "cron": "30 6 * * *",
    },
    {
        "name": "routing_index_build",
        "func": "renda.notifications.tasks.command_run",
        "args": ["routing_index_build"],
        "cron": "10 3 * * *",
    },
    {
        "name": "liaison_reminders",
        "func": "renda.notifications.tasks.command_run",
        "args": ["liaison_reminders"],
        "cron": "40 6 * * *",
    },
    {
        "name": "supervision_daily",
        "func": "renda.notifications.tasks.command_run",
        "args": ["supervision_daily"],
        "cron": "50 6 * * *",
    },
    {
        "name": "duty_publish_quarter",
        "func": "renda.notifications.tasks.command_run",
        "args": ["duty_publish_quarter"],
        "cron": "0 6 * * *",
    },
    {
        "name": "meetings_close_votes",
        "func": "renda.notifications.tasks.command_run",
        "args": ["meetings_close_votes"],
        "minutes": 1,
    },
    {
        "name": "deliveries_retry",
        "func": "renda.notifications.tasks.deliveries_retry_due",
        "minutes": 1,
    },
    {
        "name": "hotline_send_due",
        "func": "renda.hotline.tasks.tickets_send_due",
        "minutes": 1,
    },
    # Audit log (h2-audit): the chain head to a file after midnight, the archive
    # of rows past the retention in a quiet hour.
    {
        "name": "audit_export_head",
        "func": "renda.notifications.tasks.command_run",
        "args": ["audit_export_head"],
        "cron": "5 0 * * *",
    },
    {
        "name": "audit_archive",
        "func": "renda.notifications.tasks.command_run",
        "args": ["audit_archive"],
        "cron": "20 3 * * *",
    },
    {
        "name": "hotline_poll",
        "func": "renda.notifications.tasks.command_run",
        "args": ["hotline_poll"],
        "minutes": 10,
    },
]

# Suggestion statistics' summary rows (issue 13 section 3, decision 0019): the
# transitions keep them; this nightly check only reports a difference (the task fails,
# `manage.py stats_rebuild` repairs).
RENDA_SCHEDULES += [
    {
        "name": "stats_rebuild_check",
        "func": "renda.notifications.tasks.command_run",
        "args": ["stats_rebuild", "--check"],
        "cron": "20 3 * * *",
    },
]

# Delivery of notices beyond the app (docs/notifications.md). In-app is always on;
# SMS (Tencent Cloud SMS) and 企业微信 are added when their credentials are set.
RENDA_SMS_TENCENT_SECRET_ID = os.environ.get("RENDA_SMS_TENCENT_SECRET_ID", "")
RENDA_SMS_TENCENT_SECRET_KEY = os.environ.get("RENDA_SMS_TENCENT_SECRET_KEY", "")
RENDA_SMS_TENCENT_ENDPOINT = os.environ.get(
    "RENDA_SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com"
)
RENDA_SMS_TENCENT_REGION = os.environ.get("RENDA_SMS_TENCENT_REGION", "ap-guangzhou")
RENDA_SMS_TENCENT_SDK_APP_ID = os.environ.get("RENDA_SMS_TENCENT_SDK_APP_ID", "")
RENDA_SMS_TENCENT_SIGN_NAME = os.environ.get("RENDA_SMS_TENCENT_SIGN_NAME", "")
RENDA_SMS_TENCENT_TEMPLATE_ID = os.environ.get("RENDA_SMS_TENCENT_TEMPLATE_ID", "")
# The template's one variable is the notice's title, cut to this many characters.
RENDA_SMS_TEMPLATE_PARAM_MAX_LENGTH = 20
RENDA_WECOM_CORP_ID = os.environ.get("RENDA_WECOM_CORP_ID", "")
RENDA_WECOM_CORP_SECRET = os.environ.get("RENDA_WECOM_CORP_SECRET", "")
RENDA_WECOM_AGENT_ID = os.environ.get("RENDA_WECOM_AGENT_ID", "")
RENDA_WECOM_API_BASE = os.environ.get(
    "RENDA_WECOM_API_BASE", "https://qyapi.weixin.qq.com"
)
# The site's address, so that SMS and 企业微信 messages can carry a full link.
RENDA_SITE_URL = os.environ.get("RENDA_SITE_URL", "")
RENDA_NOTIFICATION_BACKENDS = ["renda.notifications.backends.InAppBackend"]
if RENDA_SMS_TENCENT_SECRET_ID and RENDA_SMS_TENCENT_SECRET_KEY:
    RENDA_NOTIFICATION_BACKENDS.append("renda.notifications.backends.SmsBackend")
if RENDA_WECOM_CORP_ID and RENDA_WECOM_CORP_SECRET:
    RENDA_NOTIFICATION_BACKENDS.append("renda.notifications.backends.WeComBackend")
# Channels a user receives on until they choose in 接收方式 ("SMS", "WECOM").
RENDA_NOTIFICATION_DEFAULT_CHANNELS = [
    c.strip()
    for c in os.environ.get("RENDA_NOTIFICATION_DEFAULT_CHANNELS", "").split(",")
    if c.strip()
]
# Retries of a failed delivery: after 1, 2, 4, 8... minutes (at most 6 hours apart),
# giving up after this many attempts.
RENDA_DELIVERY_MAX_ATTEMPTS = 6
RENDA_DELIVERY_RETRY_BASE_SECONDS = 60
RENDA_DELIVERY_RETRY_MAX_SECONDS = 6 * 60 * 60
RENDA_DELIVERY_HTTP_TIMEOUT_SECONDS = 10

# 12345 直通车, Renda's Open311 server (docs/hotline-server.md): GET requests' widest
# date window and most results, and the contact the discovery document names.
RENDA_HOTLINE_OPEN311_WINDOW_DAYS = 90
RENDA_HOTLINE_OPEN311_MAX_RESULTS = 1000
RENDA_HOTLINE_CONTACT = "人大常委会代表工作机构"
# 12345 直通车, Renda as the partner's Open311 client (docs/hotline-client.md).
RENDA_HOTLINE_TIMEOUT_SECONDS = 10
RENDA_HOTLINE_MAX_ATTEMPTS = 6
RENDA_HOTLINE_RETRY_BASE_SECONDS = 60
RENDA_HOTLINE_RETRY_MAX_SECONDS = 3600
RENDA_HOTLINE_POLL_BATCH = 50
# How far around the first attempt the partner's requests are searched for the
# ticket's key after an ambiguous failure (clock skew between the systems).
RENDA_HOTLINE_LOOKUP_MARGIN_MINUTES = 30
# The outcome (A/B/C) a 12345 answer is recorded with.
RENDA_HOTLINE_REPLY_OUTCOME = "A"

# --- Issue 13 §1: rate limits on the public forms (renda.core.ratelimit) -------------
# Per client address the limits stay where each app keeps them (receptions.rules,
# supervision.rules, duty.rules). Across all addresses, per station, the liaison
# station's resident form: a busy station gets tens of requests a day, a reception
# day's queue of residents scanning the poster at most a few dozen in an hour; these
# are several times that, and cap a scripted flood at what staff can clear in a day.
# docs/security.md "Rate limits on public forms", docs/decisions/0016.
RENDA_PUBLIC_FORM_STATION_MAX_PER_HOUR = 60
RENDA_PUBLIC_FORM_STATION_MAX_PER_DAY = 200
# The supervision forms' limits across addresses (per topic call, per congress) are
# rules of RENDA_SUPERVISION_RULES (renda/supervision/rules.py).
# The counters of past windows are deleted daily.
RENDA_SCHEDULES.append(
    {
        "name": "ratelimit_prune",
        "func": "renda.notifications.tasks.command_run",
        "args": ["ratelimit_prune"],
        "cron": "20 3 * * *",
    }
)

# --- Issue 13 §1: denials in one line (docs/security.md "Logging of denials") --------
# renda.core.middleware.DenialLogMiddleware logs each 403 once on renda.security at
# WARNING, without a traceback; Django's own record of it on django.request (with
# the PermissionDenied traceback for pages) is dropped. 500s keep their tracebacks.
LOGGING.setdefault("filters", {})["renda_not_denied"] = {
    "()": "renda.core.middleware.NotDenied"
}
LOGGING["loggers"]["django.request"] = {"filters": ["renda_not_denied"]}
LOGGING["loggers"]["renda.security"] = {"level": "WARNING"}

# --- Issue 13 §1: Content-Security-Policy (django-csp 4; docs/security.md) -----------
# Set here rather than only in production.py, so that tests, the demo and the browser
# tests run under the policy production sends: a page that breaks under it breaks
# everywhere. Everything is served by Renda itself (htmx and every asset vendored,
# no inline script, no inline style, no data: URI), so each directive is 'self' or
# 'none'. htmx runs with allowEval off (no hx-on, no trigger filters).
INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The PWA: its manifest and service worker (/sw.js) are Renda's own.
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Two-factor log-in and step-up (issue 13, docs/security.md) -----------------------
# Roles that must use an authenticator app (a superuser counts as SYSTEM_ADMIN).
RENDA_OTP_REQUIRED_ROLES = ["SYSTEM_ADMIN", "COMMITTEE_STAFF"]
# The Django admin needs a session verified with a code, whatever the role.
RENDA_OTP_ADMIN_REQUIRED = True
# A vote or a bulk export of personal data needs a confirmation this recent.
RENDA_STEP_UP_SECONDS = 5 * 60
# The name shown in the authenticator app next to the account.
OTP_TOTP_ISSUER = "Renda 人大履职平台"
# Wrong codes: wait 1, 2, 4, 8 ... seconds (stored on the device, so across sessions).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
