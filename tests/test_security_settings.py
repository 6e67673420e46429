"""Production settings refuse to start without secrets and pass Django's deploy checks.

Each case runs in a subprocess so that the test process's settings stay untouched.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = "config.settings.production"


def _run(args, tmp_path, **env):
    base = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    base.update({"DJANGO_SETTINGS_MODULE": PRODUCTION, "RENDA_VAR_DIR": str(tmp_path)})
    base.pop("DATABASE_URL", None)
    base.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _import_settings(tmp_path, **env):
    return _run(["-c", f"import {PRODUCTION}"], tmp_path, **env)


GOOD_KEY = secrets.token_urlsafe(60)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "Set the SECRET_KEY environment variable"),
        ({"ALLOWED_HOSTS": "renda.example.gov.cn"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "Set the ALLOWED_HOSTS environment variable"),
        (
            {"SECRET_KEY": "too-short", "ALLOWED_HOSTS": "renda.example.gov.cn"},
            "50+ characters",
        ),
        (
            {
                "SECRET_KEY": "dev-only-insecure-key-change-me" + "x" * 40,
                "ALLOWED_HOSTS": "renda.example.gov.cn",
            },
            "50+ characters",
        ),
    ],
)
def test_production_settings_refuse_to_start_without_secrets(tmp_path, env, message):
    result = _import_settings(tmp_path, **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_refuse_an_allowed_hosts_of_only_commas(tmp_path):
    result = _import_settings(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=" , ")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_import_with_secrets(tmp_path):
    result = _run(
        [
            "-c",
            f"import {PRODUCTION} as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.CSRF_TRUSTED_ORIGINS)",
        ],
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="renda.example.gov.cn,.example.gov.cn",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True ['https://renda.example.gov.cn']"


def test_persistent_connections_are_checked_before_reuse(tmp_path):
    """A worker whose database backend was killed or restarted opens a new connection
    at its next request instead of answering 503 (docs/performance.md, faults)."""
    result = _run(
        [
            "-c",
            f"import {PRODUCTION} as s; "
            "print([(a, d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']) "
            "for a, d in sorted(s.DATABASES.items())])",
        ],
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="renda.example.gov.cn",
        DATABASE_URL="postgres://renda@db.example/renda",
        DATABASE_REPLICA_URL="postgres://renda@replica.example/renda",
        CONN_MAX_AGE="60",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("[('default', 60, True), ('replica', 60, True)]")


def test_deploy_check_passes_with_secrets_set(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="renda.example.gov.cn",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_check_fails_when_https_hardening_is_turned_off(tmp_path):
    # The previous test must be able to fail: with HSTS off the check complains.
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="renda.example.gov.cn",
        SECURE_HSTS_SECONDS="0",
        SECURE_SSL_REDIRECT="0",
    )

    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


# Audit log (h2-audit): a chain key that is set must be long; retention ≥ six months.
@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RENDA_AUDIT_CHAIN_KEY": "short"}, "RENDA_AUDIT_CHAIN_KEY"),
        ({"RENDA_AUDIT_RETENTION_DAYS": "90"}, "at least 184"),
    ],
)
def test_production_settings_refuse_a_weak_audit_setup(tmp_path, env, message):
    result = _import_settings(
        tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="renda.example.gov.cn", **env
    )

    assert result.returncode != 0
    assert message in result.stderr


# Issue 13 §1: the Content-Security-Policy ------------------------------------------


CSP_PROBE = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="renda.example.gov.cn")
# Without collectstatic no page can name its static files; a JSON answer goes
# through the same middleware (the browser test checks pages: tests/browser).
for url in ("/healthz",):
    response = client.get(url, secure=True)
    print(response.status_code, response.headers.get("Content-Security-Policy"))
"""


def test_production_responses_carry_the_content_security_policy(tmp_path):
    result = _run(
        ["-c", CSP_PROBE],
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="renda.example.gov.cn",
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["200"]
    for line in lines:
        policy = {
            part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
            for part in line.split(" ", 1)[1].split(";")
            if part.strip()
        }
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["img-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["base-uri"] == "'self'"
        assert policy["form-action"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert policy["worker-src"] == "'self'"
        assert policy["manifest-src"] == "'self'"
        assert "unsafe" not in line
        assert "data:" not in line
