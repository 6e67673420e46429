"""Settings for the test suite (SQLite by default, PostgreSQL with DATABASE_URL)."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Tasks run in the calling process: the suite never needs a running cluster.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
# Only the in-app channel unless a test configures another, whatever the environment.
RENDA_NOTIFICATION_BACKENDS = ["renda.notifications.backends.InAppBackend"]
RENDA_NOTIFICATION_DEFAULT_CHANNELS = []

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The suite's commits need not wait for the disk (a crash loses a test
    # database, nothing else): module fixtures and transactional tests commit.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c synchronous_commit=off"
    )

# Read replicas (renda/core/tests/test_db_router.py): a "replica" alias that mirrors
# the test database, unused until a test turns the router on (override_settings of
# RENDA_DATABASE_REPLICAS, DATABASE_ROUTERS and MIDDLEWARE). Routing is proved by the
# queries each alias's connection runs.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {  # noqa: F405
        **DATABASES["default"],  # noqa: F405
        "TEST": {"MIRROR": "default"},
    }
# RENDA_TEST_REPLICA_ROUTER=1 runs any part of the suite with the router and its
# middleware on (the replica is the mirror): nothing may break. Inside a TestCase's
# transaction every read goes to the primary, so this checks the router's default
# path; tests/test_read_replicas.py proves the replica path.
if os.environ.get("RENDA_TEST_REPLICA_ROUTER"):  # noqa: F405
    RENDA_DATABASE_REPLICAS = ["replica"]
    DATABASE_ROUTERS = ["renda.core.db_router.ReplicaRouter"]
    MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
    MIDDLEWARE.insert(
        MIDDLEWARE.index("renda.core.middleware.RequestContextMiddleware") + 1,
        "renda.core.db_router.ReadAfterWriteMiddleware",
    )
# Two-factor (issue 13): off for the ~760 tests that sign in with force_login;
# every two-factor test turns it on with the ``settings`` fixture, and
# tests/test_security_settings.py checks that base settings require it.
RENDA_OTP_REQUIRED_ROLES = []
RENDA_OTP_ADMIN_REQUIRED = False
