import pytest
from django.urls import reverse

from renda.core.models import ActionLog


@pytest.mark.django_db
def test_login_page_renders_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_anonymous_home_redirects_to_login(client, world):
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_is_recorded_in_audit_log(client, committee_staff, password):
    response = client.post(
        reverse("accounts:login"), {"username": "staff", "password": password}
    )
    assert response.status_code == 302
    assert ActionLog.objects.filter(action="auth.login", actor=committee_staff).exists()
