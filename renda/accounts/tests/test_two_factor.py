"""Two-factor log-in (TOTP), recovery codes, the administrator's reset and step-up.

The test settings switch enforcement off (``RENDA_OTP_REQUIRED_ROLES = []``) for
the rest of the suite; the fixture ``otp_on`` puts back what base settings say.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.settings import base
from renda.accounts.tests.factories import TEST_PASSWORD
from renda.accounts.tokens import api_token_create
from renda.core.models import ActionLog

pytestmark = pytest.mark.django_db

REQUIRED = {"system_admin", "committee_staff", "district_staff"}
ROLES = [
    "system_admin",
    "committee_staff",
    "district_staff",
    "leader",
    "committee_member",
    "deputy",
    "unit_staff",
    "station_chief",
    "liaison_officer",
]


@pytest.fixture
def otp_on(settings):
    settings.RENDA_OTP_REQUIRED_ROLES = base.RENDA_OTP_REQUIRED_ROLES
    settings.RENDA_OTP_ADMIN_REQUIRED = True
    return settings


def code_for(device, steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def fresh_code(device) -> str:
    """The current code, usable again (TOTP refuses a code already used)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    return code_for(device)


def enrolled(user, codes=("aaaabbbb", "ccccdddd")):
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="备用验证码", confirmed=True)
    for token in codes:
        StaticToken.objects.create(device=static, token=token)
    return device


def verified_login(client, user, device):
    """Log in with a device: the session owes a code until it gets one."""
    client.force_login(user)
    response = client.post(reverse("accounts:otp_verify"), {"code": fresh_code(device)})
    assert response.status_code == 302


def password_login(client, user):
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    return response


def test_base_settings_require_two_factor_for_admins_and_staff():
    assert set(base.RENDA_OTP_REQUIRED_ROLES) == {"SYSTEM_ADMIN", "COMMITTEE_STAFF"}
    assert base.RENDA_OTP_ADMIN_REQUIRED is True
    assert "renda.accounts.middleware.TwoFactorMiddleware" in base.MIDDLEWARE


def test_required_role_enrols_before_anything_else(client, otp_on, system_admin):
    password_login(client, system_admin)
    home = client.get(reverse("workbench:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:otp_setup"))
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert api.json()["code"] == "auth.otp_required"
    assert "两步验证" in api.json()["message"]
    fragment = client.get(reverse("workbench:home"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204
    assert fragment["HX-Redirect"].startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text
    assert "data:" not in text
    assert "腾讯身份验证器" in text
    assert "小程序不是身份验证器" in text
    device = TOTPDevice.objects.get(user=system_admin, confirmed=False)
    # The secret in groups of four, as typed by hand.
    assert page.context["secret"].split(" ")[0] == page.context["secret"][:4]
    # The same secret until confirmed (a reload must not break a half-done scan).
    client.get(reverse("accounts:otp_setup"))
    assert TOTPDevice.objects.filter(user=system_admin).count() == 1
    wrong = client.post(reverse("accounts:otp_setup"), {"code": "000000"})
    assert wrong.status_code == 400
    assert not ActionLog.objects.filter(action="auth.otp_enrol").exists()
    done = client.post(reverse("accounts:otp_setup"), {"code": fresh_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=system_admin).count() == 10
    assert ActionLog.objects.filter(
        action="auth.otp_enrol", actor=system_admin
    ).exists()
    assert client.get(reverse("workbench:home")).status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    # The Django admin wants a verified session: this one is.
    assert client.get("/admin/").status_code == 200


def test_a_device_makes_the_login_ask_for_the_code(client, otp_on, committee_staff):
    device = enrolled(committee_staff)
    password_login(client, committee_staff)
    home = client.get(reverse("workbench:home"))
    assert home["Location"].startswith(reverse("accounts:otp_verify"))
    ok = client.post(
        reverse("accounts:otp_verify"),
        {"code": fresh_code(device), "next": reverse("workbench:home")},
    )
    assert ok.status_code == 302
    assert ok["Location"] == reverse("workbench:home")
    assert client.get(reverse("workbench:home")).status_code == 200


def test_a_wrong_code_is_throttled_across_sessions(client, otp_on, committee_staff):
    otp_on.OTP_TOTP_THROTTLE_FACTOR = 60
    device = enrolled(committee_staff)
    password_login(client, committee_staff)
    wrong = client.post(reverse("accounts:otp_verify"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "验证码不正确" in wrong.content.decode()
    assert ActionLog.objects.filter(
        action="auth.otp_failed", actor=committee_staff
    ).exists()
    # Another session (another browser, another address) waits as well,
    # even with the right code.
    other = Client(REMOTE_ADDR="10.9.9.9")
    password_login(other, committee_staff)
    code = code_for(device)
    refused = other.post(reverse("accounts:otp_verify"), {"code": code})
    assert refused.status_code == 429
    assert "错误次数过多" in refused.content.decode()
    assert other.get(reverse("workbench:home")).status_code == 302
    # Once the wait is over, the right code goes through.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1)
    )
    assert other.post(reverse("accounts:otp_verify"), {"code": code}).status_code == 302


def test_a_recovery_code_works_once(client, otp_on, committee_staff):
    enrolled(committee_staff, codes=("abcdefgh", "ijklmnop"))
    password_login(client, committee_staff)
    used = client.post(reverse("accounts:otp_verify"), {"code": "ABCD-EFGH"})
    assert used.status_code == 302
    row = ActionLog.objects.get(action="auth.otp_recovery_used")
    assert row.actor == committee_staff
    assert row.data["left"] == 1
    client.post(reverse("accounts:logout"))
    password_login(client, committee_staff)
    again = client.post(reverse("accounts:otp_verify"), {"code": "abcdefgh"})
    assert again.status_code == 400
    assert "只能用一次" in again.content.decode()


def test_an_administrator_resets_two_factor_with_a_reason(
    client, otp_on, system_admin, committee_staff, deputy
):
    enrolled(committee_staff)
    admin_device = enrolled(system_admin)
    password_login(client, system_admin)
    client.post(reverse("accounts:otp_verify"), {"code": fresh_code(admin_device)})
    url = reverse("accounts:otp_reset", args=[committee_staff.pk])
    assert "已开启" in client.get(url).content.decode()
    no_reason = client.post(url, {"reason": "  "})
    assert no_reason.status_code == 400
    assert TOTPDevice.objects.filter(user=committee_staff).exists()
    done = client.post(url, {"reason": "手机丢失，本人电话确认"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=committee_staff).exists()
    assert not StaticDevice.objects.filter(user=committee_staff).exists()
    row = ActionLog.objects.get(action="auth.otp_reset")
    assert row.actor == system_admin
    assert row.object_id == str(committee_staff.pk)
    assert row.data["reason"] == "手机丢失，本人电话确认"
    # Not on oneself.
    own = client.post(
        reverse("accounts:otp_reset", args=[system_admin.pk]), {"reason": "x"}
    )
    assert own.status_code == 403
    # The staff member sets it up again at the next log-in.
    staff = Client()
    password_login(staff, committee_staff)
    assert staff.get(reverse("workbench:home"))["Location"].startswith(
        reverse("accounts:otp_setup")
    )
    # Nobody else may reset (a deputy: signed in, not held, refused).
    other = Client()
    other.force_login(deputy)
    assert other.get(url).status_code == 403
    assert other.post(url, {"reason": "试试"}).status_code == 403
    assert ActionLog.objects.filter(action="auth.otp_reset").count() == 1


def test_a_deputy_may_enrol_regenerate_and_turn_it_off(client, otp_on, deputy):
    client.force_login(deputy)
    assert client.get(reverse("workbench:home")).status_code == 200
    manage = client.get(reverse("accounts:otp_manage"))
    assert "未开启" in manage.content.decode()
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=deputy)
    client.post(reverse("accounts:otp_setup"), {"code": fresh_code(device)})
    assert ActionLog.objects.filter(action="auth.otp_enrol", actor=deputy).exists()
    assert (
        "还剩 <strong>10</strong>"
        in client.get(reverse("accounts:otp_manage")).content.decode()
    )
    refused = client.post(
        reverse("accounts:otp_manage"), {"action": "regenerate", "code": "000000"}
    )
    assert refused.status_code == 400
    old = set(StaticToken.objects.values_list("token", flat=True))
    new = client.post(
        reverse("accounts:otp_manage"),
        {"action": "regenerate", "code": fresh_code(device)},
    )
    assert new.status_code == 200
    assert old.isdisjoint(StaticToken.objects.values_list("token", flat=True))
    off = client.post(
        reverse("accounts:otp_manage"),
        {"action": "disable", "code": fresh_code(device)},
    )
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=deputy).exists()
    assert ActionLog.objects.filter(action="auth.otp_disable", actor=deputy).exists()


def test_a_required_role_cannot_turn_it_off(client, otp_on, committee_staff):
    device = enrolled(committee_staff)
    password_login(client, committee_staff)
    client.post(reverse("accounts:otp_verify"), {"code": fresh_code(device)})
    refused = client.post(
        reverse("accounts:otp_manage"),
        {"action": "disable", "code": fresh_code(device)},
    )
    assert refused.status_code == 403
    assert TOTPDevice.objects.filter(user=committee_staff, confirmed=True).exists()


@pytest.mark.parametrize("role", ROLES)
def test_enforcement_by_role(client, otp_on, request, role):
    """Pages and the API for each role: held at enrolment only where required."""
    user = request.getfixturevalue(role)
    password_login(client, user)
    home = client.get(reverse("workbench:home"))
    api = client.get("/api/v1/me")
    if role in REQUIRED:
        assert home.status_code == 302
        assert home["Location"].startswith(reverse("accounts:otp_setup"))
        assert api.status_code == 403
        assert api.json()["code"] == "auth.otp_required"
        # The set-up page and log-out stay open.
        assert client.get(reverse("accounts:otp_setup")).status_code == 200
    else:
        assert home.status_code == 200
        assert api.status_code == 200
    # The Django admin wants a verified session from everyone.
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith(reverse("accounts:otp_setup"))
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_enforcement_is_off_under_the_test_settings(client, committee_staff):
    client.force_login(committee_staff)
    assert client.get(reverse("workbench:home")).status_code == 200


@pytest.mark.parametrize(
    "header", ["Basic eDp5", "foo", "Bearer not-a-token", "Bearer "]
)
def test_a_made_up_authorization_header_does_not_carry_a_held_session(
    client, otp_on, committee_staff, header
):
    """Review of issue 13: any header let a session held at the code page use the API."""
    password_login(client, committee_staff)
    assert client.get("/api/v1/me").status_code == 403

    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    written = client.post(
        "/api/v1/suggestions",
        {"title": "绕过两步验证"},
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
    )
    assert written.status_code == 401


def test_api_tokens_of_required_roles_keep_working(client, otp_on, committee_staff):
    _token, raw = api_token_create(user=committee_staff, name="对接", actor=None)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


# Step-up ----------------------------------------------------------------------------


def _stale(client):
    session = client.session
    session["renda_step_up_at"] = time.time() - 301
    session.save()


def test_export_needs_a_recent_confirmation(client, committee_staff):
    client.force_login(committee_staff)
    export = reverse("deputies:export")
    # The log-in itself was the confirmation.
    assert client.get(export).status_code == 200
    _stale(client)
    back = client.get(f"{export}?q=甲")
    assert back.status_code == 302
    assert back["Location"].startswith(reverse("accounts:step_up"))
    listing = client.get(reverse("deputies:list")).content.decode()
    assert "需确认身份" in listing
    wrong = client.post(back["Location"], {"password": "wrong-password-123"})
    assert wrong.status_code == 403
    assert client.get(export).status_code == 302
    ok = client.post(back["Location"], {"password": TEST_PASSWORD})
    assert ok.status_code == 302
    assert ok["Location"] == reverse("deputies:list") + "?q=%E7%94%B2"
    assert client.get(export).status_code == 200


def test_export_with_a_device_needs_a_code(client, committee_staff):
    device = enrolled(committee_staff)
    verified_login(client, committee_staff, device)
    assert client.get(reverse("deputies:export")).status_code == 200
    _stale(client)
    url = reverse("accounts:step_up") + "?next=/deputies/"
    page = client.get(url)
    assert 'name="code"' in page.content.decode()
    assert client.post(url, {"password": TEST_PASSWORD}).status_code == 400
    assert client.post(url, {"code": fresh_code(device)}).status_code == 302
    assert client.get(reverse("deputies:export")).status_code == 200


@pytest.fixture
def open_vote(world, committee_staff, committee_member):
    from renda.congresses.models import CommitteeMember
    from renda.meetings.tests.votes_setup import (
        committee_with,
        new_vote,
        open_meeting,
    )

    committee, members = committee_with(world, 2)
    seat = CommitteeMember.objects.get(user=committee_member)
    meeting = open_meeting(committee, [seat, *members], committee_staff)
    return new_vote(meeting, committee_staff)


def test_a_member_with_a_device_confirms_before_the_ballot(
    client, open_vote, committee_member
):
    from renda.meetings.tests.factories import PASSWORD

    device = enrolled(committee_member)
    verified_login(client, committee_member, device)
    _stale(client)
    ballot = reverse("meetings:vote_ballot", args=[open_vote.pk])
    redirected = client.get(ballot)
    assert redirected.status_code == 302
    assert redirected["Location"].startswith(reverse("accounts:step_up"))
    cast = f"/api/v1/meetings/votes/{open_vote.pk}/cast"
    body = {"choice": "FOR", "password": PASSWORD}
    refused = client.post(cast, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "step_up_required"
    step = client.post(
        "/api/v1/auth/step-up",
        {"code": fresh_code(device)},
        content_type="application/json",
    )
    assert step.status_code == 200
    assert step.json()["method"] == "totp"
    assert client.get(ballot).status_code == 200
    assert client.post(cast, body, content_type="application/json").status_code == 200


def test_a_token_steps_up_on_itself_and_it_expires(client, open_vote, committee_member):
    from renda.accounts.models import ApiToken
    from renda.meetings.tests.factories import PASSWORD

    device = enrolled(committee_member)
    _token, raw = api_token_create(user=committee_member, name="手机", actor=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    cast = f"/api/v1/meetings/votes/{open_vote.pk}/cast"
    body = {"choice": "FOR", "password": PASSWORD}
    refused = client.post(cast, body, content_type="application/json", **auth)
    assert refused.json()["code"] == "step_up_required"
    wrong = client.post(
        "/api/v1/auth/step-up",
        {"code": "000000"},
        content_type="application/json",
        **auth,
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "auth.otp_invalid"
    ok = client.post(
        "/api/v1/auth/step-up",
        {"code": fresh_code(device)},
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 200
    # Expired: five minutes later the confirmation no longer holds.
    ApiToken.objects.update(stepped_up_at=timezone.now() - dt.timedelta(seconds=301))
    late = client.post(cast, body, content_type="application/json", **auth)
    assert late.json()["code"] == "step_up_required"
    ApiToken.objects.update(stepped_up_at=timezone.now())
    assert (
        client.post(cast, body, content_type="application/json", **auth).status_code
        == 200
    )


def test_step_up_by_password_over_the_api(client, deputy):
    _token, raw = api_token_create(user=deputy, name="手机", actor=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    wrong = client.post(
        "/api/v1/auth/step-up",
        {"password": "not-the-password"},
        content_type="application/json",
        **auth,
    )
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "auth.step_up_failed"
    ok = client.post(
        "/api/v1/auth/step-up",
        {"password": TEST_PASSWORD},
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 200
    assert ok.json()["method"] == "password"
