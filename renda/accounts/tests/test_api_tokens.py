"""API tokens: services, bearer authentication, the command, and /api/v1/me."""

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from renda.accounts.models import ApiToken
from renda.accounts.tokens import (
    LAST_USED_INTERVAL,
    api_token_create,
    api_token_revoke,
)
from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.models import ActionLog

ME = "/api/v1/me"


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_create_stores_digest_and_prefix_not_the_token(committee_staff):
    token, raw = api_token_create(
        user=committee_staff, name="数据同步", actor=committee_staff
    )

    token.refresh_from_db()
    assert len(raw) >= 43
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:8]
    assert raw not in {token.digest, token.name}
    log = ActionLog.objects.get(action="api_token.create")
    assert log.object_id == str(token.pk)
    assert log.actor == committee_staff
    assert raw not in str(log.data)
    assert raw not in log.summary


def test_create_refuses_a_blank_name_and_writes_nothing(committee_staff):
    with pytest.raises(ApplicationError) as excinfo:
        api_token_create(user=committee_staff, name="  ", actor=committee_staff)

    assert excinfo.value.code == "accounts.token_name_required"
    assert excinfo.value.field == "name"
    assert excinfo.value.message == "请填写令牌用途。"
    assert not ApiToken.objects.exists()
    assert not ActionLog.objects.filter(action="api_token.create").exists()


def test_create_refuses_an_expiry_in_the_past(committee_staff):
    with pytest.raises(ApplicationError) as excinfo:
        api_token_create(
            user=committee_staff,
            name="同步",
            actor=committee_staff,
            expires_at=timezone.now() - dt.timedelta(minutes=1),
        )

    assert excinfo.value.code == "accounts.token_expiry_past"
    assert not ApiToken.objects.exists()


def test_another_user_may_not_create_or_revoke_my_token(committee_staff, leader):
    with pytest.raises(PermissionDenied):
        api_token_create(user=committee_staff, name="同步", actor=leader)
    token, _ = api_token_create(user=committee_staff, name="同步", actor=None)

    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=leader)

    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_admin_may_revoke_anyones_token_once(committee_staff, system_admin):
    token, _ = api_token_create(user=committee_staff, name="同步", actor=None)

    api_token_revoke(token=token, actor=system_admin)
    token.refresh_from_db()
    revoked_at = token.revoked_at
    with pytest.raises(InvalidTransition):
        api_token_revoke(token=token, actor=system_admin)

    token.refresh_from_db()
    assert revoked_at is not None
    assert token.revoked_at == revoked_at
    assert ActionLog.objects.filter(action="api_token.revoke").count() == 1


def test_bearer_token_authenticates_and_records_last_use(client, committee_staff):
    token, raw = api_token_create(user=committee_staff, name="同步", actor=None)

    response = client.get(ME, **_bearer(raw))

    assert response.status_code == 200
    assert response.json()["username"] == "staff"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(client, committee_staff):
    token, raw = api_token_create(user=committee_staff, name="同步", actor=None)
    recent = timezone.now() - dt.timedelta(seconds=10)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)

    client.get(ME, **_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == recent

    stale = timezone.now() - LAST_USED_INTERVAL - dt.timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    client.get(ME, **_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > stale


def test_revoked_token_is_refused(client, committee_staff):
    token, raw = api_token_create(user=committee_staff, name="同步", actor=None)
    api_token_revoke(token=token, actor=committee_staff)

    response = client.get(ME, **_bearer(raw))

    assert response.status_code == 401
    assert response.json() == {
        "code": "auth.invalid_token",
        "message": "接口令牌无效、已吊销或已过期。",
    }


def test_expired_token_is_refused(client, committee_staff):
    token, raw = api_token_create(user=committee_staff, name="同步", actor=None)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get(ME, **_bearer(raw))

    assert response.status_code == 401
    assert response.json()["code"] == "auth.invalid_token"


def test_token_of_an_inactive_user_is_refused(client, committee_staff):
    _, raw = api_token_create(user=committee_staff, name="同步", actor=None)
    committee_staff.is_active = False
    committee_staff.save(update_fields=["is_active"])

    response = client.get(ME, **_bearer(raw))

    assert response.status_code == 401


def test_unknown_token_is_refused_even_with_a_session(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get(ME, **_bearer("not-a-real-token"))

    assert response.status_code == 401
    assert response.json()["code"] == "auth.invalid_token"


def test_token_sees_the_same_scope_as_its_user(client, district_staff, world):
    _, raw = api_token_create(user=district_staff, name="同步", actor=None)

    response = client.get("/api/v1/deputies", **_bearer(raw))
    outside = client.get(f"/api/v1/deputies/{world.deputy_city_a.pk}", **_bearer(raw))

    assert [row["name"] for row in response.json()["results"]] == ["王芳"]
    assert outside.status_code == 404


def test_command_prints_the_token_once_and_it_works(client, committee_staff):
    out, err = StringIO(), StringIO()

    call_command("api_token_create", "staff", "数据同步", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.name == "数据同步"
    assert token.prefix == raw[:8]
    assert "只显示这一次" in err.getvalue()
    assert client.get(ME, **_bearer(raw)).status_code == 200


def test_command_with_unknown_user_fails_without_a_token(world):
    with pytest.raises(CommandError, match="账号不存在：nobody"):
        call_command("api_token_create", "nobody", "同步", stdout=StringIO())

    assert not ApiToken.objects.exists()


def test_command_expiry_in_days(committee_staff):
    call_command(
        "api_token_create",
        "staff",
        "同步",
        "--expires-days",
        "30",
        stdout=StringIO(),
        stderr=StringIO(),
    )

    token = ApiToken.objects.get()
    assert (
        dt.timedelta(days=29)
        < token.expires_at - timezone.now()
        <= dt.timedelta(days=30)
    )


def test_me_shows_roles_scope_and_permissions(client, committee_staff, world):
    client.force_login(committee_staff)

    data = client.get(ME).json()

    assert data["username"] == "staff"
    assert data["roles"] == [
        {
            "role": "COMMITTEE_STAFF",
            "label": "常委会工作人员",
            "congress": {"id": world.city_congress.pk, "name": "辽源市人民代表大会"},
            "handling_unit": None,
            "station": None,
            "deputy": None,
        }
    ]
    assert data["scope"]["congress_ids"] == [world.city_congress.pk]
    assert data["scope"]["region_codes"] == ["220400"]
    assert data["permissions"]["browse_deputies"] is True


def test_me_for_unit_staff(client, unit_staff, world):
    client.force_login(unit_staff)

    data = client.get(ME).json()

    assert data["roles"][0]["handling_unit"]["id"] == world.unit_city.pk
    assert data["scope"]["unit_ids"] == [world.unit_city.pk]
    assert data["permissions"]["browse_deputies"] is False


def test_me_anonymous_is_401(client, world):
    response = client.get(ME)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
