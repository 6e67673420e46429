"""Fixtures shared by every app: a small city and one user per role.

The world: 吉林省 > 辽源市 > 龙山区 (two 街道) and 西安区 (one 街道). The city and
both districts have congresses. City deputies 甲 and 乙, a 龙山区 deputy 丙 and a
西安区 deputy 丁; 甲 is in a group at the 龙山 station S1, 丁 at the 西安 station S3.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest

from renda.accounts.choices import Role
from renda.accounts.services import user_sync_admin_flag
from renda.accounts.tests.factories import (
    TEST_PASSWORD,
    RoleAssignmentFactory,
    UserFactory,
)
from renda.congresses.choices import Level
from renda.congresses.tests.factories import (
    CongressFactory,
    DelegationFactory,
    TermFactory,
)
from renda.deputies.tests.factories import (
    DeputyFactory,
    DeputyGroupFactory,
    MandateFactory,
)
from renda.regions.choices import RegionKind
from renda.regions.tests.factories import RegionFactory
from renda.stations.tests.factories import LiaisonStationFactory
from renda.units.tests.factories import HandlingUnitFactory


@dataclass
class World:
    province: object
    city: object
    longshan: object
    xian: object
    city_congress: object
    longshan_congress: object
    xian_congress: object
    city_term: object
    delegation: object
    station_longshan: object
    station_longshan_2: object
    station_xian: object
    deputy_city_a: object
    deputy_city_b: object
    deputy_longshan: object
    deputy_xian: object
    group_longshan: object
    group_xian: object
    unit_city: object
    unit_xian: object


@pytest.fixture
def lock_order_checked():
    """On PostgreSQL, fail the test if its code locks a row after the audit chain's
    lock in one transaction (renda/core/tests/lock_order.py, decision 0017)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from django.db.models.signals import post_save

    from renda.core.tests import lock_order

    lock_order.start(connection)
    post_save.connect(lock_order.record_created, dispatch_uid="lock_order")
    try:
        with connection.execute_wrapper(lock_order.check_lock_order):
            yield
    finally:
        post_save.disconnect(dispatch_uid="lock_order")


@pytest.fixture(autouse=True)
def _lock_order_everywhere(request):
    """On PostgreSQL every test runs under the lock-order check (decision 0017);
    RENDA_CHECK_LOCK_ORDER=0 turns it off while investigating."""
    if os.environ.get("RENDA_CHECK_LOCK_ORDER", "1") != "0":
        request.getfixturevalue("lock_order_checked")


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The small city every test starts from (a function, so that a module may
    build it once: ``tests/matrix.py``'s module-scoped fixtures)."""
    province = RegionFactory(code="220000", name="吉林省", kind=RegionKind.PROVINCE)
    city = RegionFactory(
        code="220400", name="辽源市", kind=RegionKind.CITY, parent=province
    )
    longshan = RegionFactory(
        code="220402", name="龙山区", kind=RegionKind.DISTRICT, parent=city
    )
    xian = RegionFactory(
        code="220403", name="西安区", kind=RegionKind.DISTRICT, parent=city
    )
    sub_1 = RegionFactory(
        code="220402001", name="向阳街道", kind=RegionKind.SUBDISTRICT, parent=longshan
    )
    sub_2 = RegionFactory(
        code="220402002", name="南康街道", kind=RegionKind.SUBDISTRICT, parent=longshan
    )
    sub_3 = RegionFactory(
        code="220403001", name="仙城街道", kind=RegionKind.SUBDISTRICT, parent=xian
    )
    city_congress = CongressFactory(
        name="辽源市人民代表大会", level=Level.MUNICIPAL, region=city
    )
    longshan_congress = CongressFactory(
        name="辽源市龙山区人民代表大会",
        level=Level.COUNTY,
        region=longshan,
        parent=city_congress,
    )
    xian_congress = CongressFactory(
        name="辽源市西安区人民代表大会",
        level=Level.COUNTY,
        region=xian,
        parent=city_congress,
    )
    city_term = TermFactory(
        congress=city_congress, number=8, start_date=dt.date(2017, 1, 1)
    )
    longshan_term = TermFactory(congress=longshan_congress, number=18)
    xian_term = TermFactory(congress=xian_congress, number=18)
    delegation = DelegationFactory(term=city_term, name="龙山区代表团")
    station_1 = LiaisonStationFactory(region=sub_1)
    station_2 = LiaisonStationFactory(region=sub_2)
    station_3 = LiaisonStationFactory(region=sub_3)
    deputy_a = DeputyFactory(name="丁照民", phone="13812345678")
    deputy_b = DeputyFactory(name="白玉晶", phone="13987654321")
    deputy_c = DeputyFactory(name="张贵", phone="13700001111")
    deputy_d = DeputyFactory(name="王芳", phone="13600002222")
    MandateFactory(deputy=deputy_a, term=city_term, delegation=delegation)
    MandateFactory(deputy=deputy_b, term=city_term, delegation=delegation)
    MandateFactory(deputy=deputy_c, term=longshan_term)
    MandateFactory(deputy=deputy_d, term=xian_term)
    group_longshan = DeputyGroupFactory(
        congress=city_congress,
        name="向阳街道代表小组",
        station=station_1,
        leader=deputy_a,
    )
    group_longshan.members.add(deputy_a)
    group_xian = DeputyGroupFactory(
        congress=xian_congress,
        name="仙城街道代表小组",
        station=station_3,
        leader=deputy_d,
    )
    group_xian.members.add(deputy_d)
    unit_city = HandlingUnitFactory(
        name="辽源市住房和城乡建设局", level=Level.MUNICIPAL, region=city
    )
    unit_xian = HandlingUnitFactory(
        name="辽源市西安区人民政府", level=Level.COUNTY, region=xian
    )
    return World(
        province=province,
        city=city,
        longshan=longshan,
        xian=xian,
        city_congress=city_congress,
        longshan_congress=longshan_congress,
        xian_congress=xian_congress,
        city_term=city_term,
        delegation=delegation,
        station_longshan=station_1,
        station_longshan_2=station_2,
        station_xian=station_3,
        deputy_city_a=deputy_a,
        deputy_city_b=deputy_b,
        deputy_longshan=deputy_c,
        deputy_xian=deputy_d,
        group_longshan=group_longshan,
        group_xian=group_xian,
        unit_city=unit_city,
        unit_xian=unit_xian,
    )


def _user_with(role, username, **scope):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, **scope)
    return user


@pytest.fixture
def system_admin(world):
    return build_system_admin(world)


def build_system_admin(world):
    user = _user_with(Role.SYSTEM_ADMIN, "admin")
    user_sync_admin_flag(user=user)
    return user


@pytest.fixture
def committee_staff(world):
    return build_committee_staff(world)


def build_committee_staff(world):
    return _user_with(Role.COMMITTEE_STAFF, "staff", congress=world.city_congress)


@pytest.fixture
def district_staff(world):
    return build_district_staff(world)


def build_district_staff(world):
    return _user_with(Role.COMMITTEE_STAFF, "xian_staff", congress=world.xian_congress)


@pytest.fixture
def leader(world):
    return build_leader(world)


def build_leader(world):
    return _user_with(Role.LEADER, "leader", congress=world.city_congress)


@pytest.fixture
def deputy(world):
    return build_deputy(world)


def build_deputy(world):
    user = _user_with(Role.DEPUTY, "deputy", deputy=world.deputy_city_a)
    world.deputy_city_a.user = user
    world.deputy_city_a.save(update_fields=["user"])
    return user


@pytest.fixture
def unit_staff(world):
    return build_unit_staff(world)


def build_unit_staff(world):
    return _user_with(Role.UNIT_STAFF, "unit", handling_unit=world.unit_city)


@pytest.fixture
def station_chief(world):
    return build_station_chief(world)


def build_station_chief(world):
    return _user_with(Role.STATION_CHIEF, "chief", station=world.station_longshan)


@pytest.fixture
def liaison_officer(world):
    return build_liaison_officer(world)


def build_liaison_officer(world):
    return _user_with(Role.LIAISON_OFFICER, "officer", station=world.station_xian)


@pytest.fixture
def committee_member(world):
    return build_committee_member(world)


def build_committee_member(world):
    """A 委员 of the city's standing committee (deputy 白玉晶's seat), with the role."""
    from renda.congresses.choices import MemberRole
    from renda.congresses.models import CommitteeMember, StandingCommittee

    user = _user_with(Role.COMMITTEE_MEMBER, "member", congress=world.city_congress)
    term = world.city_congress.terms.order_by("-number").first()
    standing, _ = StandingCommittee.objects.get_or_create(term=term)
    CommitteeMember.objects.get_or_create(
        standing_committee=standing,
        deputy=world.deputy_city_b,
        defaults={"role": MemberRole.MEMBER, "user": user, "rank": 50},
    )
    return user


ROLE_BUILDERS = {
    "system_admin": build_system_admin,
    "committee_staff": build_committee_staff,
    "district_staff": build_district_staff,
    "leader": build_leader,
    "committee_member": build_committee_member,
    "deputy": build_deputy,
    "unit_staff": build_unit_staff,
    "station_chief": build_station_chief,
    "liaison_officer": build_liaison_officer,
}


ROLE_FIXTURES = [
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


@pytest.fixture
def password():
    return TEST_PASSWORD


# The test database on SQLite is created from the models (pytest-django's
# --no-migrations) instead of replaying every migration: replaying renders
# tens of thousands of model states, 30-55 s per xdist worker. The schema is
# the same — CI's `makemigrations --check` keeps the models and the migrations
# equal, and SQLite has none of the migrations' raw SQL (the audit log's
# PostgreSQL trigger). The PostgreSQL run replays them all and runs the tests
# marked `migrations` (they roll a database back through the history), which
# are skipped here. RENDA_TEST_MIGRATIONS=1 replays them on SQLite too.
def _replay_migrations() -> bool:
    if os.environ.get("RENDA_TEST_MIGRATIONS") == "1":
        return True
    return _on_postgresql()


def pytest_configure(config):
    if not _replay_migrations():
        config.option.nomigrations = True


def _on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


# CI runs the suite on SQLite and on PostgreSQL on a 2-core machine in 30
# minutes (decision record 0023). Tests of what does not change with the
# database run once, in one of the two runs; everything that writes, counts,
# locks or migrates runs in both:
# - in the SQLite run (`make test`'s default, what a developer runs first), what
#   a page shows and who may open it: the browser tests (Chromium against a live
#   server), the permission matrices and the navigation, all rendering and
#   permission code in Python over the same ORM queries; and the API fuzzing
#   (schemathesis: thousands of generated requests against the schema and the
#   error handling in Python; 548 s here against 1,249 s on PostgreSQL);
# - in the PostgreSQL run, where production runs and types are strict, the
#   hostile input on every supervision form (long, odd and out-of-range values
#   that a strict database refuses where SQLite would store them).
# RENDA_TEST_EVERYWHERE=1 runs them all on either database.
ONE_RUN_ONLY = [
    # (path prefix or marker, runs on PostgreSQL?, reason)
    ("browser", False, "browser tests run in the SQLite run"),
    ("tests/test_permission_matrix", False, "the matrices run in the SQLite run"),
    ("renda/suggestions/tests/test_pages_staff_matrix.py", False, "matrix: SQLite run"),
    ("renda/workbench/tests/test_navigation.py", False, "navigation: SQLite run"),
    ("fuzz", False, "the API fuzzing runs in the SQLite run"),
    ("renda/supervision/tests/test_hostile_input.py", True, "PostgreSQL run"),
]

# The modules that take a minute or more, longest first (measured, decision
# record 0023): xdist hands out modules in collection order, so starting these
# first keeps one worker from finishing a long module alone at the end. The
# sort is stable and pytest-django's own (transactional tests last, so the
# browser tests) comes after it.
LONGEST_FIRST = [
    "tests/demo_city/",
    "renda/supervision/tests/test_hostile_input.py",
    "renda/suggestions/tests/test_stats_rows.py",
    "tests/test_permission_matrix.py",
    "tests/test_permission_matrix_liaison.py",
    "renda/workbench/tests/test_navigation.py",
    "renda/suggestions/tests/test_stats.py",
    "tests/test_openapi.py",
]


def _relative_path(item, root: str) -> str:
    path = str(item.path)
    return path[len(root) :] if path.startswith(root) else path


def _rank(path: str) -> int:
    for index, prefix in enumerate(LONGEST_FIRST):
        if path.startswith(prefix):
            return index
    return len(LONGEST_FIRST)


# Packages whose modules share a package-scoped fixture (the demo city, built
# once): xdist hands out whole modules (--dist loadfile), and these packages
# whole (``pytest_xdist_make_scheduler`` below).
SHARED_FIXTURE_PACKAGES = ("tests/demo_city/",)


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that a shared-fixture package is one unit.

    xdist's ``loadgroup`` would do this with marks, but it renames node ids in
    a way pytest 9 no longer reads; a file scheduler whose unit of work is the
    package is the same idea, in one method.
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedPackageScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            for package in SHARED_FIXTURE_PACKAGES:
                if nodeid.startswith(package):
                    return package
            return super()._split_scope(nodeid)

    return SharedPackageScheduling(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    everywhere = os.environ.get("RENDA_TEST_EVERYWHERE") == "1"
    postgresql = _on_postgresql()
    skip_history = pytest.mark.skip(
        reason="needs the migration history: runs on PostgreSQL, or with "
        "RENDA_TEST_MIGRATIONS=1"
    )
    root = str(config.rootpath) + os.sep
    paths = {id(item): _relative_path(item, root) for item in items}
    for item in items:
        if config.getoption("nomigrations", False) and item.get_closest_marker(
            "migrations"
        ):
            item.add_marker(skip_history)
        path = paths[id(item)]
        for which, wants_postgresql, reason in ONE_RUN_ONLY:
            chosen = (
                path.startswith(which)
                if "/" in which
                else item.get_closest_marker(which)
            )
            if chosen and not everywhere and postgresql != wants_postgresql:
                item.add_marker(pytest.mark.skip(reason=f"{reason} (0023)"))
    items.sort(key=lambda item: _rank(paths[id(item)]))
