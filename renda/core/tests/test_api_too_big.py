"""A request body over the upload limit is a 413 in Chinese, not a 500."""

import json

import pytest
from django.test import override_settings

from renda.accounts.tests.factories import UserFactory
from renda.accounts.tokens import api_token_create


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_oversized_json_body_is_refused_with_413(client):
    user = UserFactory()
    _, raw = api_token_create(user=user, name="测试", actor=user)

    response = client.post(
        "/api/v1/suggestions",
        data=json.dumps({"title": "x" * 5000}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 413
    assert response.json()["code"] == "core.too_large"
    assert "请求内容过大" in response.json()["message"]
