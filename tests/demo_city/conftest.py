"""The demo city, built once for every module of this package.

The tests that read the whole demo city: what ``manage.py demo_load`` builds
(the registry, the source's suggestion figures, duty records, the workbench's
tiles against its lists) and the API fuzzing, which runs every operation of
the schema against it. Building the city through the services takes a minute
or more; the modules here only read it (each test runs in a savepoint, rolled
back), so they share one build in a transaction rolled back after the
package's last test. The suite keeps the package on one xdist worker
(``SHARED_FIXTURE_PACKAGES`` in the root conftest), so the build happens once
per run.

The build is dated today, as ``manage.py demo_load`` dates it: tests here
check what a user sees on the day (a meeting open today, a report open for
rating, an assignment due in three days). A module here must not write outside
its tests: a module-scoped fixture that writes does so in a savepoint it rolls
back (the fuzzing's API tokens), or the next module would see the change.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from tests.matrix import module_atomic


@pytest.fixture(scope="package")
def demo_today():
    """The day the city is built on (today), read once: the package's modules
    take minutes, and a run may cross midnight."""
    return timezone.localdate()


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, demo_today):
    with django_db_blocker.unblock(), module_atomic():
        yield demo_build(seed=DEFAULT_SEED, today=demo_today)
        transaction.set_rollback(True)
