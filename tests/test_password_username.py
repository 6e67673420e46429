"""A password that contains the user name is refused, in any case (``officerofficer1``)."""

from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse

from renda.accounts.models import User
from renda.accounts.tests.factories import UserFactory

MESSAGE = "密码不能包含用户名“officer”（不区分大小写）。"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["officerofficer1", "My-OFFICER-password-2026", "xx-Officer-xx-long"]
)
def test_a_password_containing_the_user_name_is_refused(password):
    user = UserFactory(username="officer")

    with pytest.raises(ValidationError) as error:
        password_validation.validate_password(password, user)

    assert MESSAGE in error.value.messages


@pytest.mark.django_db
def test_a_password_without_the_user_name_passes():
    user = UserFactory(username="officer")

    password_validation.validate_password("Songhua-river-under-moonlight", user)


@pytest.mark.django_db
def test_a_one_letter_user_name_does_not_refuse_every_password():
    user = UserFactory(username="a")

    password_validation.validate_password("Songhua-river-under-moonlight", user)


@pytest.mark.django_db
def test_the_admin_set_password_form_refuses_it():
    user = UserFactory(username="officer")

    form = AdminPasswordChangeForm(
        user, {"password1": "officerofficer1", "password2": "officerofficer1"}
    )

    assert not form.is_valid()
    assert MESSAGE in form.errors["password2"]


def test_the_change_password_page_refuses_it(client, liaison_officer, password):
    client.force_login(liaison_officer)
    old_hash = User.objects.get(pk=liaison_officer.pk).password

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "officerofficer1",
            "new_password2": "officerofficer1",
        },
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert User.objects.get(pk=liaison_officer.pk).password == old_hash
