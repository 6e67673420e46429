"""The role matrix's shared pieces: the roles, a row of expectations, and the
two checks every matrix module runs (a page, an API endpoint).

``tests/test_permission_matrix.py`` holds the main matrix; each area may keep
its own ``tests/test_permission_matrix_<area>.py`` built from these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

ROLES = [
    "anonymous",
    "system_admin",
    "committee_staff",
    "district_staff",
    "leader",
    "committee_member",
    "deputy",
    "unit_staff",
    "station_chief",
    "liaison_officer",
]
LOGIN = "login"
# A committee member (常委会组成人员) with no other role is refused everything
# outside supervision work: 403 or 404, whichever the page answers to anyone
# outside its scope. Supervision rows name the member's status explicitly.
DENIED = "denied"
DENIED_STATUSES = (403, 404)


@dataclass
class Row:
    name: str
    url: object  # callable(world, objects) -> str
    default: int
    expect: dict = field(default_factory=dict)
    method: str = "get"
    api: bool = False
    body: object = None  # callable(world, objects) -> dict, for API writes

    def status_for(self, role: str):
        if role in self.expect:
            return self.expect[role]
        if role == "anonymous":
            return 401 if self.api else LOGIN
        if role == "committee_member":
            # A row every logged-in role gets alike is open to members too.
            if not set(self.expect) - {"anonymous"}:
                return self.default
            return DENIED
        return self.default


def login_as(role: str, request, client):
    """Log the test client in as the fixture named ``role`` (or not at all)."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def assert_page_access(client, row, role: str, url: str, data=None):
    """Request a page as ``role`` and check the status the row expects.

    Anonymous users are sent to the log-in page; any other redirect the row
    expects must lead elsewhere.
    """
    if row.method == "get":
        response = client.get(url)
    else:
        response = getattr(client, row.method)(url, data or {})
    expected = row.status_for(role)
    if expected == DENIED:
        assert response.status_code in DENIED_STATUSES, (
            f"{row.name} as {role}: expected a refusal, got {response.status_code}"
        )
        return
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        return
    assert response.status_code == expected, (
        f"{row.name} as {role}: expected {expected}, got {response.status_code}"
    )
    if expected == 302:
        assert not response["Location"].startswith(reverse("accounts:login"))


def assert_api_access(client, row, role: str, url: str, body=None):
    """Call an endpoint as ``role`` (writes as JSON) and check the expected status.

    Refusals must be JSON errors in Chinese that say nothing about the object.
    """
    if row.method == "get":
        response = client.get(url)
    else:
        response = getattr(client, row.method)(
            url, body or {}, content_type="application/json"
        )
    expected = row.status_for(role)
    if expected == DENIED:
        assert response.status_code in DENIED_STATUSES, (
            f"{row.name} as {role}: expected a refusal, got {response.status_code}"
        )
        expected = response.status_code
    assert response.status_code == expected, (
        f"{row.name} as {role}: expected {expected}, got {response.status_code}: "
        f"{response.content[:300]!r}"
    )
    if expected not in (200, 201):
        payload = response.json()
        assert payload["code"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in payload["message"])
