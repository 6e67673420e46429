"""Sessions: 30 minutes idle, 12 hours absolute, logout by POST with CSRF."""

import datetime as dt
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.accounts.middleware import SESSION_LOGIN_AT_KEY, SESSION_REFRESHED_AT_KEY
from renda.core.models import ActionLog

HOME = "workbench:home"


def _login(client, password, username="staff"):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    assert response.status_code == 302
    return Session.objects.get(session_key=client.session.session_key)


def test_session_settings_are_the_documented_limits():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert 0 < settings.SESSION_REFRESH_INTERVAL_SECONDS <= 5 * 60
    assert settings.SESSION_ABSOLUTE_LIFETIME_SECONDS == 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_login_records_the_login_time(client, committee_staff, password):
    before = time.time()

    _login(client, password)

    assert client.session[SESSION_LOGIN_AT_KEY] >= before


def _age_refresh(client, seconds):
    session = client.session
    session[SESSION_REFRESHED_AT_KEY] = time.time() - seconds
    session.save()


def _expire_in(session, delta):
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + delta)


def test_request_after_the_refresh_interval_pushes_the_idle_expiry_forward(
    client, committee_staff, password
):
    session = _login(client, password)
    _age_refresh(client, settings.SESSION_REFRESH_INTERVAL_SECONDS + 1)
    _expire_in(session, dt.timedelta(minutes=1))

    assert client.get(reverse(HOME)).status_code == 200

    expiry = Session.objects.get(pk=session.pk).expire_date
    remaining = expiry - timezone.now()
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)


def test_request_soon_after_a_refresh_does_not_write_the_session(
    client, committee_staff, password
):
    session = _login(client, password)
    _age_refresh(client, settings.SESSION_REFRESH_INTERVAL_SECONDS - 60)
    _expire_in(session, dt.timedelta(minutes=26))
    stored = Session.objects.get(pk=session.pk)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(HOME)).status_code == 200
        assert client.get(reverse("core:healthz")).status_code == 200

    after = Session.objects.get(pk=session.pk)
    assert (after.expire_date, after.session_data) == (
        stored.expire_date,
        stored.session_data,
    )
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]
    assert writes == []


def test_login_counts_as_a_refresh(client, committee_staff, password):
    before = time.time()

    _login(client, password)

    assert client.session[SESSION_REFRESHED_AT_KEY] >= before


def test_signed_in_healthz_reads_the_session_and_user_only(
    client, committee_staff, password, django_assert_max_num_queries
):
    _login(client, password)
    client.get(reverse("core:healthz"))

    # session, user, SELECT 1 (it was 6 when every request saved the session)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("core:healthz")).status_code == 200


def test_anonymous_healthz_runs_one_query(db, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(reverse("core:healthz")).status_code == 200


def test_idle_session_expires(client, committee_staff, password):
    session = _login(client, password)
    # Thirty minutes without a request: the stored session has expired.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get(reverse(HOME))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _age_login(client, seconds):
    session = client.session
    session[SESSION_LOGIN_AT_KEY] = time.time() - seconds
    session.save()


def test_session_is_ended_twelve_hours_after_login(client, committee_staff, password):
    _login(client, password)
    _age_login(client, settings.SESSION_ABSOLUTE_LIFETIME_SECONDS + 1)

    response = client.get(reverse(HOME) + "?tab=1&x=2")

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("accounts:login") + "?next=/%3Ftab%3D1%26x%3D2"
    )
    assert "_auth_user_id" not in client.session
    assert ActionLog.objects.filter(
        action="auth.logout", actor=committee_staff
    ).exists()
    assert client.get(reverse(HOME)).status_code == 302


def test_active_session_under_twelve_hours_is_kept(client, committee_staff, password):
    _login(client, password)
    _age_login(client, settings.SESSION_ABSOLUTE_LIFETIME_SECONDS - 60)

    response = client.get(reverse(HOME))

    assert response.status_code == 200


def test_api_request_after_twelve_hours_is_unauthenticated(
    client, committee_staff, password
):
    _login(client, password)
    _age_login(client, settings.SESSION_ABSOLUTE_LIFETIME_SECONDS + 1)

    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_refused(client, committee_staff, password):
    _login(client, password)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.get(reverse(HOME)).status_code == 200


def test_logout_without_csrf_token_is_refused(committee_staff, password):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("accounts:login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    browser.post(
        reverse("accounts:login"),
        {"username": "staff", "password": password, "csrfmiddlewaretoken": token},
    )
    assert browser.get(reverse(HOME)).status_code == 200

    response = browser.post(reverse("accounts:logout"))

    assert response.status_code == 403
    assert browser.get(reverse(HOME)).status_code == 200


def test_logout_with_csrf_token_ends_the_session(committee_staff, password):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("accounts:login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    browser.post(
        reverse("accounts:login"),
        {"username": "staff", "password": password, "csrfmiddlewaretoken": token},
    )
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert browser.get(reverse(HOME)).status_code == 302
    assert ActionLog.objects.filter(
        action="auth.logout", actor=committee_staff
    ).exists()
