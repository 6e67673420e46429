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


def test_after_logging_in_the_user_returns_to_the_page_not_the_fragment(client):
    # The desk's mark is a POST-only address: logging in and going "next" to it
    # would be a 405. The page that held it is where the user belongs.
    response = client.post(
        "/meetings/7/attendance/",
        headers={**HTMX, "HX-Current-URL": "http://testserver/meetings/7/desk/"},
    )

    assert response.status_code == 204
    assert response["HX-Redirect"].endswith("?next=%2Fmeetings%2F7%2Fdesk%2F")


def test_a_current_url_of_another_site_is_not_followed(client):
    response = client.get(
        reverse("deputies:list"),
        headers={**HTMX, "HX-Current-URL": "https://evil.example/phish/"},
    )

    assert response["HX-Redirect"].endswith("?next=/deputies/")
