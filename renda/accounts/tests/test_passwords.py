"""Password rules (ASVS L2) in Chinese, the change-password page, createsuperuser."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from renda.accounts.models import User
from renda.accounts.permissions import get_scope
from renda.core.models import ActionLog

from .factories import UserFactory

NEW_PASSWORD = "Songhua-river-under-moonlight"  # noqa: S105


def _messages(password, user=None):
    with translation.override("zh-hans"):
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            return [str(m) for m in error.messages]
    return []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short-pass1", "密码太短，至少需要 12 个字符。"),
        ("password1234", "这个密码太常见了。"),
        ("483920175564", "密码只包含数字。"),
        ("x" * 129, "密码不能超过 128 个字符。"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, expected):
    messages = _messages(password)

    assert expected in messages


@pytest.mark.django_db
def test_password_like_the_user_name_is_refused():
    user = UserFactory.build(username="zhangguiming", display_name="张贵明")

    messages = _messages("zhangguiming1", user)

    assert any("用户名" in m and "相似" in m for m in messages), messages


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    ["Songhua-river-under-moonlight", "长白山下松花江畔的辽源人大", "x" * 128],
)
def test_long_passphrases_are_accepted(password):
    assert _messages(password) == []


@pytest.mark.django_db
def test_no_password_message_is_left_in_english():
    # Django 5.2's "too short" message lacks a zh_Hans translation; this app's
    # locale/ supplies it.
    messages = _messages("1234")

    assert messages
    assert all("password" not in m.lower() for m in messages), messages


@pytest.mark.django_db
def test_help_texts_are_chinese():
    with translation.override("zh-hans"):
        texts = password_validation.password_validators_help_texts()

    assert any("12" in t and "字符" in t for t in texts)
    assert any("128" in t for t in texts)
    assert all(not t.isascii() for t in texts)


def test_change_password_page_requires_login(client, world):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_change_password_page_is_chinese(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "修改密码" in body
    assert "当前密码" in body
    assert 'autocomplete="new-password"' in body


def test_change_password_with_a_weak_password_shows_chinese_errors(
    client, committee_staff, password
):
    client.force_login(committee_staff)
    old_hash = User.objects.get(pk=committee_staff.pk).password

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "密码太短，至少需要 12 个字符。" in body
    assert "这个密码太常见了" in body
    assert User.objects.get(pk=committee_staff.pk).password == old_hash
    assert not ActionLog.objects.filter(action="auth.password_change").exists()


def test_change_password_with_a_wrong_old_password_changes_nothing(
    client, committee_staff
):
    client.force_login(committee_staff)
    old_hash = User.objects.get(pk=committee_staff.pk).password

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode()
    assert User.objects.get(pk=committee_staff.pk).password == old_hash


def test_change_password_mismatch_is_reported(client, committee_staff, password):
    client.force_login(committee_staff)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD + "x",
        },
    )

    assert response.status_code == 200
    assert "输入的两个密码不一致" in response.content.decode()


def test_change_password_keeps_this_session_ends_others_and_is_audited(
    client, committee_staff, password
):
    from django.test import Client

    other_device = Client()
    other_device.force_login(committee_staff)
    client.force_login(committee_staff)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    committee_staff.refresh_from_db()
    assert committee_staff.check_password(NEW_PASSWORD)
    assert client.get(reverse("workbench:home")).status_code == 200
    assert other_device.get(reverse("workbench:home")).status_code == 302
    row = ActionLog.objects.get(action="auth.password_change")
    assert row.actor == committee_staff
    assert NEW_PASSWORD not in str(row.data) + row.summary
    done = client.get(reverse("accounts:password_change_done"))
    assert "密码已修改" in done.content.decode()


def test_createsuperuser_works_with_the_custom_user(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)

    call_command(
        "createsuperuser",
        interactive=False,
        username="root",
        email="root@example.gov.cn",
        verbosity=0,
    )

    user = User.objects.get(username="root")
    assert user.is_superuser
    assert user.is_staff
    assert user.check_password(NEW_PASSWORD)
    assert get_scope(user).is_admin
