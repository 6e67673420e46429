"""The role matrix's shared pieces: the roles, a row of expectations, and the
two checks every matrix module runs (a page, an API endpoint).

``tests/test_permission_matrix.py`` holds the main matrix; each area may keep
its own ``tests/test_permission_matrix_<area>.py`` built from these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.db import transaction
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


# Module-wide data ------------------------------------------------------------------
# A matrix asks the same few objects of every role: building them once per module,
# in a transaction rolled back at its end (each test runs in a savepoint inside it,
# as pytest-django does), keeps a matrix of hundreds of cases fast. A module opts
# in with ``module_data(globals())``, which puts module-scoped ``world`` and role
# users in its namespace (overriding conftest's per-test ones), and makes its
# ``objects`` fixture module-scoped.


def module_atomic():
    """The atomic block a module's (or package's) data lives in, owned by the
    tests as a TestCase's class-wide block is: the transaction each test's code
    runs in is still the test's own (the lock-order check and durable blocks
    look for the first block that is not a test's)."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    return atomic


@pytest.fixture(scope="module")
def shared_db(django_db_setup, django_db_blocker):
    """The world and every role's user, written before the module's first test.

    Users are built here, not when a test first asks for one: a fixture first
    asked inside a test would be written in that test's savepoint and vanish
    with it.
    """
    from conftest import ROLE_BUILDERS, build_world

    with django_db_blocker.unblock(), module_atomic():
        world = build_world()
        users = {role: build(world) for role, build in ROLE_BUILDERS.items()}
        yield world, users
        transaction.set_rollback(True)


def unseat_committee_member(world, user) -> None:
    """Take the committee member login off 白玉晶's seat (the role stays), for a
    module whose objects seat someone else there."""
    from renda.congresses.models import CommitteeMember

    deleted, _ = CommitteeMember.objects.filter(
        deputy=world.deputy_city_b, user=user
    ).delete()
    assert deleted == 1


def _role_fixture(role: str):
    def fixture(shared_db):
        return shared_db[1][role]

    fixture.__name__ = role
    return pytest.fixture(scope="module", name=role)(fixture)


@pytest.fixture(scope="module", name="world")
def _module_world(shared_db):
    return shared_db[0]


system_admin = _role_fixture("system_admin")
committee_staff = _role_fixture("committee_staff")
district_staff = _role_fixture("district_staff")
leader = _role_fixture("leader")
committee_member = _role_fixture("committee_member")
deputy = _role_fixture("deputy")
unit_staff = _role_fixture("unit_staff")
station_chief = _role_fixture("station_chief")
liaison_officer = _role_fixture("liaison_officer")
world = _module_world


def module_data(namespace: dict) -> None:
    """Give a test module the world and the role users, built once for it.

    Every test of the module then runs in its own savepoint (``django_db``).
    """
    namespace.setdefault("pytestmark", pytest.mark.django_db)
    namespace.update(
        shared_db=shared_db,
        world=world,
        system_admin=system_admin,
        committee_staff=committee_staff,
        district_staff=district_staff,
        leader=leader,
        committee_member=committee_member,
        deputy=deputy,
        unit_staff=unit_staff,
        station_chief=station_chief,
        liaison_officer=liaison_officer,
    )
