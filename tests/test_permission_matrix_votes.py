"""Votes (表决) against every role: the staff's desk, a member's ballot, the
public bulletin, and the API.

The city congress (辽源市) holds an open meeting of its standing committee with
an open vote, a draft, a tally to enter and a closed vote. Its staff run them;
the 西安区 staff manage another congress (404 for these ids); leaders read but
do not run them (403); the member (白玉晶's seat) votes in their own committee
only and sees the staff desk as their ballot; deputies, units and stations see
no vote at all (404) and no vote list (403); staff cannot cast (403). Anyone,
logged in or not, reads the bulletin and recount of a closed vote, never of
an open one.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.core.errors import PermissionDenied
from renda.meetings import services
from renda.meetings.choices import VoteMode
from renda.meetings.tests.factories import PASSWORD, add_members
from renda.meetings.tests.votes_setup import new_vote, open_meeting
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/meetings/votes"
EVERYONE = dict.fromkeys(ROLES, 200)
NOBODY = dict.fromkeys(ROLES, 404)
OUTSIDERS = {
    "deputy": 404,
    "unit_staff": 404,
    "station_chief": 404,
    "liaison_officer": 404,
}
STAFF_PAGE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
    "committee_member": 403,
    **OUTSIDERS,
}
STAFF_POST = {**STAFF_PAGE, "system_admin": 302, "committee_staff": 302}
STAFF_API = {**STAFF_PAGE}
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
    "deputy": 403,
    "unit_staff": 403,
    "station_chief": 403,
    "liaison_officer": 403,
}

COVERED_PAGES = {
    "meetings:vote_new",
    "meetings:vote_manage",
    "meetings:vote_count",
    "meetings:vote_open",
    "meetings:vote_close",
    "meetings:vote_withdraw",
    "meetings:vote_tally",
    "meetings:vote_ballot",
    "meetings:my_votes",
    "meetings_public:list",
    "meetings_public:bulletin",
    "meetings_public:verify",
}
COVERED_API = {
    API,
    f"{API}/mine",
    f"{API}/{{vote_id}}",
    f"{API}/{{vote_id}}/open",
    f"{API}/{{vote_id}}/close",
    f"{API}/{{vote_id}}/withdraw",
    f"{API}/{{vote_id}}/tally",
    f"{API}/{{vote_id}}/cast",
    f"{API}/{{vote_id}}/bulletin",
    f"{API}/{{vote_id}}/verify",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, committee_member):
    committee = StandingCommittee.objects.get(term=world.city_term)
    others = add_members(committee, 2, prefix="pm")
    seat = CommitteeMember.objects.get(user=committee_member)
    meeting = open_meeting(committee, [seat, *others], committee_staff)
    open_vote = new_vote(meeting, committee_staff, title="开放中的表决")
    draft = new_vote(meeting, committee_staff, title="待表决", start=False)
    tally = new_vote(meeting, committee_staff, title="举手表决", mode=VoteMode.TALLY)
    closed = new_vote(meeting, committee_staff, title="已结束的表决")
    services.vote_cast(
        vote=closed, user=others[0].user, choice="FOR", password=PASSWORD
    )
    services.vote_close(vote=closed, actor=committee_staff)
    # A district committee with its own member and open vote.
    district = StandingCommittee.objects.create(
        term=world.xian_congress.terms.order_by("-number").first()
    )
    district_member = add_members(district, 1, prefix="xm")[0]
    return {
        "meeting": meeting,
        "open": open_vote,
        "draft": draft,
        "tally": tally,
        "closed": closed,
        "district_member": district_member,
    }


def _url(name, key):
    def build(world, objects):
        return reverse(name, args=[objects[key].pk])

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


PAGES = [
    Row("new vote", _url("meetings:vote_new", "meeting"), 404, STAFF_PAGE),
    Row(
        "staff desk",
        _url("meetings:vote_manage", "open"),
        404,
        {**STAFF_PAGE, "committee_member": 302},
    ),
    Row("live count", _url("meetings:vote_count", "open"), 404, STAFF_PAGE),
    Row(
        "open a vote",
        _url("meetings:vote_open", "draft"),
        404,
        STAFF_POST,
        method="post",
    ),
    Row(
        "close a vote",
        _url("meetings:vote_close", "open"),
        404,
        STAFF_POST,
        method="post",
    ),
    Row(
        "withdraw",
        _url("meetings:vote_withdraw", "draft"),
        404,
        STAFF_POST,
        method="post",
        body=lambda w, o: {"reason": "撤回"},
    ),
    Row(
        "enter a tally",
        _url("meetings:vote_tally", "tally"),
        404,
        STAFF_POST,
        method="post",
        body=lambda w, o: {
            "for": 2,
            "against": 0,
            "abstain": 0,
            "teller_one": "甲",
            "teller_two": "乙",
        },
    ),
    Row(
        "ballot page",
        _url("meetings:vote_ballot", "open"),
        404,
        {
            "system_admin": 302,
            "committee_staff": 302,
            "district_staff": 404,
            "leader": 403,
            "committee_member": 200,
            **OUTSIDERS,
        },
    ),
    Row(
        "cast on the page",
        _url("meetings:vote_ballot", "open"),
        404,
        {
            "system_admin": 302,
            "committee_staff": 302,
            "district_staff": 404,
            "leader": 403,
            "committee_member": 200,
            **OUTSIDERS,
        },
        method="post",
        body=lambda w, o: {"choice": "FOR", "password": PASSWORD},
    ),
    Row("my votes", lambda w, o: reverse("meetings:my_votes"), 403, READERS),
    Row("public list", lambda w, o: reverse("meetings_public:list"), 200, EVERYONE),
    Row("bulletin", _url("meetings_public:bulletin", "closed"), 200, EVERYONE),
    Row(
        "bulletin of an open vote",
        _url("meetings_public:bulletin", "open"),
        404,
        NOBODY,
    ),
    Row("recount", _url("meetings_public:verify", "closed"), 200, EVERYONE),
    Row("recount of an open vote", _url("meetings_public:verify", "open"), 404, NOBODY),
]

MEMBER_READS = {**STAFF_API, "leader": 200, "committee_member": 200}
API_ROWS = [
    Row("list", _api(""), 403, READERS, api=True),
    Row("my open votes", _api("/mine"), 200, {}, api=True),
    Row("detail", _api("/{}", "open"), 404, MEMBER_READS, api=True),
    Row(
        "create",
        _api(""),
        404,
        {**STAFF_API, "system_admin": 201, "committee_staff": 201},
        method="post",
        api=True,
        body=lambda w, o: {
            "meeting_id": o["meeting"].pk,
            "kind": "RESOLUTION",
            "mode": "IN_MEETING",
            "title": "新表决",
        },
    ),
    Row("open", _api("/{}/open", "draft"), 404, STAFF_API, method="post", api=True),
    Row("close", _api("/{}/close", "open"), 404, STAFF_API, method="post", api=True),
    Row(
        "withdraw",
        _api("/{}/withdraw", "draft"),
        404,
        STAFF_API,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "撤回"},
    ),
    Row(
        "tally",
        _api("/{}/tally", "tally"),
        404,
        STAFF_API,
        method="post",
        api=True,
        body=lambda w, o: {
            "counts": {"FOR": 2},
            "teller_one": "甲",
            "teller_two": "乙",
        },
    ),
    Row(
        "cast",
        _api("/{}/cast", "open"),
        404,
        {
            # Staff, admins and leaders are not electors: they cannot cast.
            "system_admin": 403,
            "committee_staff": 403,
            "district_staff": 404,
            "leader": 403,
            "committee_member": 200,
            **OUTSIDERS,
        },
        method="post",
        api=True,
        body=lambda w, o: {"choice": "FOR", "password": PASSWORD},
    ),
    Row("bulletin", _api("/{}/bulletin", "closed"), 200, EVERYONE, api=True),
    Row(
        "bulletin of an open vote", _api("/{}/bulletin", "open"), 404, NOBODY, api=True
    ),
    Row("recount", _api("/{}/verify", "closed"), 200, EVERYONE, api=True),
    Row("recount of an open vote", _api("/{}/verify", "open"), 404, NOBODY, api=True),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_vote_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_vote_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_a_district_member_cannot_vote_in_the_citys_vote(client, objects):
    user = objects["district_member"].user
    client.force_login(user)
    vote = objects["open"]
    assert (
        client.get(reverse("meetings:vote_ballot", args=[vote.pk])).status_code == 404
    )
    cast = client.post(
        f"{API}/{vote.pk}/cast",
        {"choice": "FOR", "password": PASSWORD},
        content_type="application/json",
    )
    assert cast.status_code == 404
    with pytest.raises(PermissionDenied):
        services.vote_cast(vote=vote, user=user, choice="FOR", password=PASSWORD)
    assert vote.participations.count() == 0


def test_a_member_off_the_committee_is_no_elector(client, world, objects):
    """A committee member's role without a seat on this committee votes nowhere."""
    user = UserFactory(username="seatless")
    RoleAssignmentFactory(
        user=user, role=Role.COMMITTEE_MEMBER, congress=world.city_congress
    )
    client.force_login(user)
    vote = objects["open"]
    assert (
        client.get(reverse("meetings:vote_ballot", args=[vote.pk])).status_code == 404
    )
    assert client.get(f"{API}/mine").json() == []
    assert (
        CommitteeMember.objects.filter(user=user, role=MemberRole.MEMBER).count() == 0
    )


def test_the_covered_sets_match_the_urls(world, objects):
    from django.urls import resolve

    from renda.meetings import urls_public, urls_votes

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    names = {f"meetings:{p.name}" for p in urls_votes.urlpatterns} | {
        f"meetings_public:{p.name}" for p in urls_public.urlpatterns
    }
    assert pages == names == COVERED_PAGES
    from config.api import api

    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path == API or path.startswith(API + "/")
    }
    assert documented == COVERED_API
