"""A 403 is one line on renda.security, without a traceback; a 500 keeps its traceback."""

import logging

import pytest
from django.test import Client
from django.urls import path, reverse

from renda.core.middleware import NotDenied

pytestmark = pytest.mark.django_db


def _records(caplog):
    # Every record about the request (Django's and Renda's), not the test's own.
    return [
        r
        for r in caplog.records
        if r.name.startswith(("django.request", "renda.security"))
    ]


def test_a_page_denied_is_one_line_without_traceback(client, unit_staff, caplog):
    client.force_login(unit_staff)
    caplog.set_level(logging.INFO)

    response = client.get(
        reverse("accounts:audit") + "?api_key=secret-key-123", REMOTE_ADDR="10.2.3.4"
    )

    assert response.status_code == 403
    records = _records(caplog)
    assert len(records) == 1, [(r.name, r.getMessage()) for r in records]
    record = records[0]
    assert record.name == "renda.security"
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert (record.status_code, record.method, record.path) == (
        403,
        "GET",
        reverse("accounts:audit"),
    )
    assert record.user_id == unit_staff.pk
    assert record.client_ip == "10.2.3.4"
    message = record.getMessage()
    assert f"user={unit_staff.pk}" in message
    assert "client=10.2.3.4" in message
    assert "secret-key-123" not in message


def test_an_api_denial_is_one_line_too(client, unit_staff, world, caplog):
    client.force_login(unit_staff)
    caplog.set_level(logging.INFO)

    response = client.get("/api/v1/groups", REMOTE_ADDR="10.2.3.5")

    assert response.status_code == 403
    assert response.json()["code"] == "core.permission_denied"
    records = _records(caplog)
    assert len(records) == 1, [(r.name, r.getMessage()) for r in records]
    assert records[0].name == "renda.security"
    assert records[0].exc_info is None
    assert records[0].path == "/api/v1/groups"
    assert records[0].client_ip == "10.2.3.5"


def test_an_anonymous_denial_names_no_user(world, caplog):
    # A post without its CSRF token: Django's own csrf line stays, and one line
    # of ours.
    caplog.set_level(logging.INFO)
    url = reverse("public:form", args=[world.station_longshan.pk])

    response = Client(enforce_csrf_checks=True).post(url, {}, REMOTE_ADDR="10.2.3.6")

    assert response.status_code == 403
    ours = [r for r in _records(caplog) if r.name == "renda.security"]
    assert len(ours) == 1
    assert ours[0].user_id is None
    assert "user=anonymous" in ours[0].getMessage()
    assert not [r for r in _records(caplog) if r.name == "django.request"]


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


def test_a_server_error_keeps_its_traceback(settings, caplog):
    settings.ROOT_URLCONF = __name__
    caplog.set_level(logging.INFO)

    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    records = _records(caplog)
    assert [r.name for r in records] == ["django.request"]
    assert records[0].exc_info is not None


def test_the_filter_drops_403s_only():
    keep = NotDenied()
    error = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), None)
    error.status_code = 500
    denied = logging.LogRecord("django.request", logging.WARNING, "", 0, "x", (), None)
    denied.status_code = 403
    assert keep.filter(error) is True
    assert keep.filter(denied) is False


def test_the_filter_is_on_djangos_request_logger():
    filters = logging.getLogger("django.request").filters
    assert any(isinstance(f, NotDenied) for f in filters)
