"""Every staff / statistics page against every role (the rows for the shared matrix)."""

import pytest
from django.urls import reverse

from .factories import submitted

ROLES = [
    "anonymous",
    "system_admin",
    "committee_staff",
    "district_staff",
    "leader",
    "deputy",
    "unit_staff",
    "station_chief",
    "liaison_officer",
]
ACT = {"system_admin": 200, "committee_staff": 200, "district_staff": 200}
READ = {**ACT, "leader": 200}

# (page, url(world, item), statuses of the roles that are not refused with 403)
PAGES = [
    ("staff_inbox", lambda w, i: reverse("suggestions:staff_inbox"), ACT),
    (
        "staff_review, city item",
        lambda w, i: reverse("suggestions:staff_review", args=[i.pk]),
        {**ACT, "district_staff": 404},
    ),
    ("staff_overdue", lambda w, i: reverse("suggestions:staff_overdue"), READ),
    ("staff_extensions", lambda w, i: reverse("suggestions:staff_extensions"), ACT),
    ("staff_list", lambda w, i: reverse("suggestions:staff_list"), READ),
    ("stats", lambda w, i: reverse("suggestions:stats") + "?group_by=unit", READ),
    ("stats_export", lambda w, i: reverse("suggestions:stats_export"), READ),
    ("ledger", lambda w, i: reverse("suggestions:ledger"), READ),
    (
        "leader_key",
        lambda w, i: reverse("suggestions:leader_key"),
        {"system_admin": 200, "leader": 200},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_page_access(request, client, world, deputy, name, url, allowed, role):
    item = submitted(world, deputy)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.get(url(world, item))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == allowed.get(role, 403), (name, role)
