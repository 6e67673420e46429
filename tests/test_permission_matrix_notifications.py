"""接收方式 against every role (page and API): each user reads and changes their own.

Every logged-in role, a committee member included, gets its own preference (200) and
is refused bad input with 400 naming the field, never a 403; anonymous users are sent
to log in (page) or get 401 (API). There is no id in the URL: nobody can name
someone else's preference.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

# The world and the role users once for the module; each test in a savepoint.
module_data(globals())

URL = "/api/v1/notifications/preferences"

PAGES = [
    Row("接收方式", lambda w: reverse("notifications:settings"), 200),
    Row(
        "接收方式, 企业微信 without a UserID",
        lambda w: reverse("notifications:settings"),
        400,
        method="post",
    ),
    Row(
        "接收方式, saved",
        lambda w: reverse("notifications:settings"),
        302,
        method="post",
    ),
]
PAGE_DATA = {
    "接收方式, 企业微信 without a UserID": {"wecom": "on"},
    "接收方式, saved": {"wecom": "on", "wecom_userid": "ZhangSan"},
}

API = [
    Row("preferences api", lambda w: URL, 200, api=True),
    Row(
        "preferences api, change",
        lambda w: URL,
        200,
        method="patch",
        api=True,
        body=lambda w: {"wecom": True, "wecom_userid": "ZhangSan"},
    ),
    Row(
        "preferences api, 企业微信 without a UserID",
        lambda w: URL,
        400,
        method="patch",
        api=True,
        body=lambda w: {"wecom": True},
    ),
]

COVERED_PAGES = {"notifications:settings"}
COVERED_API = {URL}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_preference_page_access(row, role, request, client, world):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world), PAGE_DATA.get(row.name))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API, ids=lambda r: r.name)
def test_preference_api_access(row, role, request, client, world):
    client = login_as(role, request, client)
    body = row.body(world) if row.body else None
    assert_api_access(client, row, role, row.url(world), body)


def test_the_covered_sets_name_real_pages_and_endpoints(world):
    from config.api import api

    documented = set(api.get_openapi_schema()["paths"])
    assert documented >= COVERED_API
    for name in COVERED_PAGES:
        assert reverse(name)
