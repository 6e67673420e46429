"""The API's authentication and error shape, probed with endpoints of the test's own."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.test import Client
from django.urls import path
from ninja import Schema

from config.api import api_auth
from renda.core.api import build_api
from renda.core.errors import Conflict

probe_api = build_api(urls_namespace="api-probe", auth=api_auth())


class ProbeIn(Schema):
    name: str
    count: int


@probe_api.post("/echo")
def echo(request, payload: ProbeIn):
    return {"name": payload.name, "user": request.auth.get_username()}


@probe_api.get("/conflict")
def conflict(request):
    raise Conflict("该记录已被他人修改。", field="version")


@probe_api.get("/forbidden")
def forbidden(request):
    raise DjangoPermissionDenied


@probe_api.get("/crash")
def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("probe/", probe_api.urls)]


@pytest.fixture(autouse=True)
def _probe_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_session_post_without_csrf_token_is_refused(committee_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_staff)

    response = client.post(
        "/probe/echo", {"name": "甲", "count": 1}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "auth.csrf_failed"


def test_session_post_with_csrf_token_is_accepted(committee_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_staff)
    client.get("/probe/docs")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    response = client.post(
        "/probe/echo",
        {"name": "甲", "count": 1},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 200
    assert response.json() == {"name": "甲", "user": "staff"}


def test_bearer_token_post_needs_no_csrf_token(committee_staff):
    from renda.accounts.tokens import api_token_create

    _, raw = api_token_create(user=committee_staff, name="同步", actor=None)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/probe/echo",
        {"name": "甲", "count": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert response.status_code == 200


def test_body_errors_name_each_field_in_chinese(client, committee_staff):
    client.force_login(committee_staff)

    response = client.post(
        "/probe/echo", {"count": "many"}, content_type="application/json"
    )

    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "core.validation_error"
    messages = {(e["location"], e["field"]): e["message"] for e in data["errors"]}
    assert messages == {
        ("body", "payload.name"): "payload.name：必须填写。",
        ("body", "payload.count"): "payload.count：必须是整数。",
    }


def test_malformed_json_is_a_400_not_a_500(client, committee_staff):
    client.force_login(committee_staff)

    response = client.post("/probe/echo", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "core.bad_request",
        "message": "请求格式不正确，无法解析（例如 JSON 格式有误）。",
    }


def test_application_error_keeps_its_status_code_and_field(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get("/probe/conflict")

    assert response.status_code == 409
    assert response.json() == {
        "code": "core.conflict",
        "message": "该记录已被他人修改。",
        "field": "version",
    }


def test_django_permission_denied_is_403_json(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get("/probe/forbidden")

    assert response.status_code == 403
    assert response.json() == {
        "code": "core.permission_denied",
        "message": "您无权访问此内容。",
    }


def test_unexpected_error_is_a_json_500_without_details(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get("/probe/crash")

    assert response.status_code == 500
    assert response.json() == {
        "code": "core.server_error",
        "message": "服务器内部错误，请稍后再试。",
    }
    assert "boom" not in response.content.decode()
