"""The phone's shell against every role: the same answer for everyone.

/sw.js, /manifest.webmanifest, /favicon.ico and /offline/ are the same for every
role, anonymous included (the worker and the offline page are kept on the
phone before anyone signs in), carry nobody's data, and answer 405 to a POST.
"""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from renda.pwa import urls as pwa_urls
from tests.matrix import ROLES, module_data

# The world and the role users once for the module; each test in a savepoint.
module_data(globals())

COVERED_PAGES = {"pwa:service_worker", "pwa:manifest", "pwa:favicon", "pwa:offline"}
COVERED_API: set[str] = set()

URLS = ["/sw.js", "/manifest.webmanifest", "/favicon.ico", "/offline/"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", URLS)
def test_shell_is_the_same_for_every_role(url, role, request, client, world):
    anonymous = client.get(url).content
    if role != "anonymous":
        user = request.getfixturevalue(role)
        client.force_login(user)

    response = client.get(url)
    posted = client.post(url)

    assert response.status_code == 200
    assert response.content == anonymous
    assert posted.status_code == 405


def test_every_shell_page_is_covered():
    names = {f"pwa:{pattern.name}" for pattern in pwa_urls.urlpatterns}
    tested = {resolve(url).view_name for url in URLS}
    assert names == COVERED_PAGES == tested
    assert reverse("pwa:offline") == "/offline/"
