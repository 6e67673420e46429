"""A redirect answered to htmx becomes a page load, never a page inside a part.

htmx follows redirects inside its request and swaps what comes back into the
element it targets: before renda.core.middleware.HtmxRedirectMiddleware, a
session that had expired put the whole log-in page inside the deputies list.
"""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "results"}


def test_an_expired_session_loads_the_log_in_page_instead_of_swapping_it(client):
    url = reverse("deputies:list") + "?q=zhang"

    response = client.get(url, headers=HTMX)

    assert response.status_code == 204
    assert response.content == b""
    target = response["HX-Redirect"]
    assert target.startswith(reverse(settings.LOGIN_URL))
    assert target.endswith("?next=/deputies/%3Fq%3Dzhang")


def test_a_plain_request_keeps_its_redirect(client):
    response = client.get(reverse("deputies:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert not response.has_header("HX-Redirect")


def test_a_boosted_request_keeps_its_redirect(client):
    response = client.get(
        reverse("deputies:list"), headers={**HTMX, "HX-Boosted": "true"}
    )

    assert response.status_code == 302


def test_a_post_that_redirects_keeps_the_cookies_it_sets(client, committee_staff):
    client.force_login(committee_staff)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("accounts:logout"), headers=HTMX)

    assert response.status_code == 204
    assert response["HX-Redirect"]
    # The session is ended in the browser too: the deletion cookie came along.
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value == ""
    assert client.get(reverse("deputies:list")).status_code == 302


def test_an_answer_that_is_not_a_redirect_is_untouched(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get(reverse("deputies:list"), headers=HTMX)

    assert response.status_code == 200
    assert not response.has_header("HX-Redirect")
