"""Lockout after repeated failures (django-axes): 5 per user name and address, 15 minutes."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from renda.core.models import ActionLog

LOGIN = "accounts:login"
LOCKED_TEXT = "账号已暂时锁定"


def _post_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse(LOGIN),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _fail(client, username, times, ip="10.0.0.1"):
    return [_post_login(client, username, "wrong-password", ip) for _ in range(times)]


def test_four_failures_still_show_the_login_form(client, committee_staff):
    responses = _fail(client, "staff", 4)

    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert "账号或密码不正确" in responses[-1].content.decode()
    assert AccessAttempt.objects.get(username="staff").failures_since_start == 4


def test_fifth_failure_locks_and_right_password_is_then_refused(
    client, committee_staff, password
):
    responses = _fail(client, "staff", settings.AXES_FAILURE_LIMIT)

    assert responses[-1].status_code == 429
    response = _post_login(client, "staff", password)

    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED_TEXT in body
    assert "15 分钟" in body
    assert "_auth_user_id" not in client.session
    assert not ActionLog.objects.filter(action="auth.login").exists()


def test_lock_is_per_address(client, committee_staff, password):
    _fail(client, "staff", 5, ip="10.0.0.1")

    response = _post_login(client, "staff", password, ip="10.0.0.2")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == committee_staff.pk


def test_success_resets_the_failure_counter(client, committee_staff, password):
    _fail(client, "staff", 4)
    assert _post_login(client, "staff", password).status_code == 302
    client.post(reverse("accounts:logout"))

    responses = _fail(client, "staff", 4)

    assert all(r.status_code == 200 for r in responses)
    assert _post_login(client, "staff", password).status_code == 302


def test_lock_expires_after_the_cool_off(client, committee_staff, password):
    _fail(client, "staff", 5)
    assert _post_login(client, "staff", password).status_code == 429

    # Travel past the 15-minute cool-off by ageing the recorded attempts.
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempt = AccessAttempt.objects.get(username="staff")
    attempt.attempt_time -= cool_off + dt.timedelta(seconds=1)
    attempt.save(update_fields=["attempt_time"])

    response = _post_login(client, "staff", password)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == committee_staff.pk


def test_lock_is_still_on_just_before_the_cool_off_ends(
    client, committee_staff, password
):
    _fail(client, "staff", 5)
    attempt = AccessAttempt.objects.get(username="staff")
    attempt.attempt_time -= dt.timedelta(minutes=14)
    attempt.save(update_fields=["attempt_time"])

    assert _post_login(client, "staff", password).status_code == 429


def test_admin_reset_unlocks_at_once(client, committee_staff, password):
    from axes.utils import reset

    _fail(client, "staff", 5)

    reset(username="staff")

    assert _post_login(client, "staff", password).status_code == 302


def test_unknown_and_known_user_names_fail_alike(client, committee_staff):
    known = _post_login(client, "staff", "wrong-password")
    unknown = _post_login(client, "nobody-here", "wrong-password")

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].non_field_errors() == (
        unknown.context["form"].non_field_errors()
    )
    assert "账号或密码不正确" in unknown.content.decode()


def test_inactive_user_gets_the_same_message_as_a_wrong_password(
    client, committee_staff, password
):
    committee_staff.is_active = False
    committee_staff.save(update_fields=["is_active"])

    response = _post_login(client, "staff", password)

    assert response.status_code == 200
    body = response.content.decode()
    assert "账号或密码不正确" in body
    assert "停用" not in body


def test_unknown_user_names_lock_too(client, world):
    # Otherwise the lock itself would tell which accounts exist.
    responses = _fail(client, "nobody-here", 5)

    assert responses[-1].status_code == 429
    assert LOCKED_TEXT in responses[-1].content.decode()


def test_failed_logins_are_audited_without_the_password(client, committee_staff):
    _fail(client, "staff", 2)

    rows = ActionLog.objects.filter(action="auth.login_failed")
    assert rows.count() == 2
    assert rows.first().data == {"username": "staff"}
    assert "wrong-password" not in str(list(rows.values()))


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION"])
def test_api_does_not_accept_passwords(client, committee_staff, password, header):
    """The API takes a session or a bearer token, never a user name and password,
    so it offers no second door for guessing passwords past the lockout."""
    import base64

    basic = base64.b64encode(f"staff:{password}".encode()).decode()

    response = client.get("/api/v1/deputies", **{header: f"Basic {basic}"})

    assert response.status_code == 401
    assert not ActionLog.objects.filter(action="auth.login").exists()


def test_api_bearer_token_guesses_fail_without_locking_the_user(
    client, committee_staff, password
):
    for n in range(10):
        response = client.get(
            "/api/v1/deputies", HTTP_AUTHORIZATION=f"Bearer guess-{n:040d}"
        )
        assert response.status_code == 401

    # Guessing a token does not touch the password lock of any account.
    assert _post_login(client, "staff", password).status_code == 302
