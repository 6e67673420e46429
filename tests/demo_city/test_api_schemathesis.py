"""Schemathesis over the whole /api/v1 schema: no 5xx, responses as documented.

Every operation of the schema is called with generated data (valid and invalid,
plus schemathesis' boundary cases) as the demo city's system administrator and
as a deputy, with their bearer tokens, through Django's WSGI app in this
process. A 5xx, a status code the operation does not document, a response of
another content type or a body that does not match its schema fails the test,
so every later app is held to its schema by ``make test`` with no CI step of
its own. Bounded: ``MAX_EXAMPLES`` per operation and role, ``DEADLINE`` per
example, the demo city built once for the package (``conftest.py``).

The administrator, who reaches every operation's body, gets both phases:
schemathesis' coverage phase (every parameter's boundary values, missing and
unexpected fields, other methods: nine cases in ten) and the fuzzing phase. The
deputy, refused most staff operations at the door, gets the fuzzing phase only;
what each role may reach is the permission matrices' work. Runs in CI's
SQLite run (marker ``fuzz``, decision record 0023).
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from renda.accounts.models import User
from renda.accounts.tokens import api_token_create
from tests.matrix import module_atomic

# Examples per operation and role in the fuzzing phase (the coverage phase adds a
# few boundary cases of its own); a generous per-example deadline.
MAX_EXAMPLES = 5
DEADLINE = dt.timedelta(seconds=10)
ROLES = ["admin", "deputy"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# One worker runs the whole module (--dist loadfile).
pytestmark = pytest.mark.fuzz

RAW_SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
schema = schemathesis.openapi.from_dict(RAW_SCHEMA)
schema.app = WSGIHandler()
# The deputy's pass: the same operations, the fuzzing phase only.
fuzz_only = schemathesis.openapi.from_dict(RAW_SCHEMA)
fuzz_only.app = schema.app
fuzz_only.config.phases.coverage.enabled = False


@pytest.fixture(scope="module")
def tokens(demo, django_db_blocker):
    """Return a bearer token per role in the package's demo city.

    The tokens are written in a savepoint rolled back after the module, so the
    package's next module sees the demo as built. Django's WSGI handler closes
    "old" connections at each request's start and end; the test client avoids
    that, and so must a WSGI caller inside a test transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), module_atomic():
            raw = {}
            for role in ROLES:
                user = User.objects.get(username=role)
                _token, raw[role] = api_token_create(
                    user=user, name="schemathesis", actor=user
                )
            yield raw
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _headers(tokens, role) -> dict:
    # Schemathesis' WSGI transport does not undo gzip (GZipMiddleware answers
    # its default "Accept-Encoding: gzip"); compression has its own tests.
    return {"Authorization": f"Bearer {tokens[role]}", "Accept-Encoding": "identity"}


# Parametrized (one value each) so that each operation's test has an id of its
# own, "[GET /api/v1/regions][admin]": xdist needs ids that differ.
@pytest.fixture(params=["admin"])
def as_admin(request, tokens, db):
    return _headers(tokens, request.param)


@pytest.fixture(params=["deputy"])
def as_deputy(request, tokens, db):
    return _headers(tokens, request.param)


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=DEADLINE,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@SETTINGS
def test_api_conforms_to_its_schema_as_admin(case, as_admin):
    case.call_and_validate(headers=as_admin, checks=CHECKS)


@fuzz_only.parametrize()
@SETTINGS
def test_api_conforms_to_its_schema_as_deputy(case, as_deputy):
    case.call_and_validate(headers=as_deputy, checks=CHECKS)
