"""Schemathesis over the whole /api/v1 schema: no 5xx, responses as documented.

Every operation of the schema is called with generated data (valid and invalid,
plus schemathesis' boundary cases) as the demo city's system administrator and
as a deputy, with their bearer tokens, through Django's WSGI app in this
process. A 5xx, a status code the operation does not document, a response of
another content type or a body that does not match its schema fails the test,
so every later app is held to its schema by ``make test`` with no CI step of
its own. Bounded: ``MAX_EXAMPLES`` per operation and role, ``DEADLINE`` per
example; about 80 s of CPU for the module, the demo city built once.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
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

# One worker runs the whole module (--dist loadfile, or loadgroup with this mark).
pytestmark = pytest.mark.xdist_group("schemathesis")

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = WSGIHandler()


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """Build the demo city once for the module; return a bearer token per role.

    Django's WSGI handler closes "old" connections at each request's start and
    end; the test client avoids that, and so must a WSGI caller inside a test
    transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            # The command, not the builder: it stays put when the demo code moves.
            call_command("demo_load", stdout=io.StringIO())
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


@pytest.fixture(params=ROLES)
def bearer(request, tokens, db):
    # Schemathesis' WSGI transport does not undo gzip (GZipMiddleware answers
    # its default "Accept-Encoding: gzip"); compression has its own tests.
    return {
        "Authorization": f"Bearer {tokens[request.param]}",
        "Accept-Encoding": "identity",
    }


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=DEADLINE,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
