"""The navigation shows a link exactly when the page it leads to opens."""

import pytest
from django.urls import reverse

from tests.matrix import ROLES, login_as

# The residents' requests pages of the receptions app, with the words of their
# links in the navigation.
REQUEST_PAGES = [
    ("stations:unit_requests", "群众诉求办理"),
    ("stations:my_requests", "我记录的诉求"),
]

FLAGS = {
    "stations:unit_requests": "unit_requests",
    "stations:my_requests": "my_requests",
}


def _navigation(html: str) -> str:
    start = html.index('<nav class="nav"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize(("url_name", "label"), REQUEST_PAGES)
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_request_link_shows_exactly_when_its_page_opens(
    role, url_name, label, request, client, world
):
    client = login_as(role, request, client)
    url = reverse(url_name)

    page = client.get(url)
    home = client.get(reverse("workbench:home"))

    assert page.status_code in (200, 403)
    opens = page.status_code == 200
    # The flag is the receptions app's own check, the one the page asks.
    assert home.context["nav"][FLAGS[url_name]] is opens
    shown = f'href="{url}">{label}</a>' in _navigation(home.content.decode())
    assert shown == opens, (
        f"{label} as {role}: link {'shown' if shown else 'hidden'}, "
        f"page {page.status_code}"
    )
