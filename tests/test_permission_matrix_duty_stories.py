"""Stories, donations, public deputy pages and the open data against every role.

Stories and donations of the city congress (辽源市): its staff (and the
administrator) manage them; its leader reads them (a write is 403); a deputy
sees and writes only their own stories (another deputy's is 404) and no
donations (403); district staff (西安区) manage another congress (404 for these
ids, their own empty lists 200); the other roles 403; anonymous users go to the
log-in page. The public pages and the open data answer everyone, anonymous
included; an unpublished story is 404 there for all.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.duty.models import StoryPhoto
from renda.duty.services import stories as svc
from renda.duty.tests.factories_stories import donation, gps_jpeg, story
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_atomic,
    module_data,
)

module_data(globals())

API = "/api/v1/open"

READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
}
OWN_STORY = {**READERS, "deputy": 200}
OTHERS_STORY = {**READERS, "deputy": 404}
LISTS = {**READERS, "district_staff": 200, "deputy": 200}
WRITE_OWN = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
    "deputy": 200,
}
STAFF_POST = {
    "system_admin": 302,
    "committee_staff": 302,
    "district_staff": 404,
    "leader": 403,
    "deputy": 403,
}
WRITER_POST = {**STAFF_POST, "deputy": 302}
PHOTO_POST = {**WRITER_POST, "system_admin": 400, "committee_staff": 400, "deputy": 400}
DONATION_READERS = {**READERS, "district_staff": 200}
DONATION_ONE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
}
DONATION_MANAGE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 403,
}
PUBLIC = dict.fromkeys(ROLES, 200)
PUBLIC_MISSING = dict.fromkeys(ROLES, 404)

COVERED_PAGES = {
    "duty:stories",
    "duty:story_new",
    "duty:story_detail",
    "duty:story_edit",
    "duty:story_photo",
    "duty:story_photo_remove",
    "duty:story_photo_file",
    "duty:donations",
    "duty:donation_new",
    "duty:donation_edit",
    "duty:donations_import",
    "duty:donations_xlsx",
    "duty_public:stories",
    "duty_public:story",
    "duty_public:story_photo",
    "duty_public:deputies",
    "duty_public:deputy",
}
STORIES_API = "/api/v1/duty/stories"
COVERED_API = {
    f"{API}/popolo.json",
    f"{API}/deputies/{{deputy_id}}",
    STORIES_API,
    f"{STORIES_API}/{{story_id}}",
    f"{STORIES_API}/donations",
    f"{STORIES_API}/donations/summary",
}


@pytest.fixture(scope="module")
def objects(shared_db, django_db_blocker, world, committee_staff):

    with django_db_blocker.unblock(), module_atomic():
        own = story(world, committee_staff, title="我的事迹")
        submitted = story(world, committee_staff, title="待审事迹", state="SUBMITTED")
        others = story(
            world,
            committee_staff,
            deputy=world.deputy_city_b,
            title="他人事迹",
            state="SUBMITTED",
        )
        published = story(world, committee_staff, title="已发布", state="PUBLISHED")
        photo = svc.story_photo_add(story=own, upload=gps_jpeg(), actor=committee_staff)
        # A photo of the published story (added while it was a draft, as a
        # deputy does; the factory publishes at once).
        kept_photo = svc.story_photo_add(
            story=own, upload=gps_jpeg(), actor=committee_staff
        )
        public_photo = StoryPhoto.objects.create(
            story=published, image=kept_photo.image.name
        )
        gift = donation(world, committee_staff)
        yield {
            "own": own,
            "submitted": submitted,
            "others": others,
            "published": published,
            "photo": photo,
            "public_photo": public_photo,
            "kept_photo": kept_photo,
            "donation": gift,
            "deputy": world.deputy_city_a,
        }


def _url(name, *keys):
    def build(world, objects):
        return reverse(name, args=[objects[k].pk for k in keys])

    return build


PAGES = [
    Row("stories", _url("duty:stories"), 403, LISTS),
    Row("new story", _url("duty:story_new"), 403, {**WRITE_OWN, "district_staff": 200}),
    Row("own story", _url("duty:story_detail", "own"), 403, OWN_STORY),
    Row("another's story", _url("duty:story_detail", "others"), 403, OTHERS_STORY),
    Row("edit own story", _url("duty:story_edit", "own"), 403, WRITE_OWN),
    Row(
        "publish",
        _url("duty:story_detail", "submitted"),
        403,
        STAFF_POST,
        method="post",
        body=lambda w, o: {"action": "publish"},
    ),
    Row(
        "submit own",
        _url("duty:story_detail", "own"),
        403,
        WRITER_POST,
        method="post",
        body=lambda w, o: {"action": "submit"},
    ),
    Row(
        "photo (no file)",
        _url("duty:story_photo", "own"),
        403,
        PHOTO_POST,
        method="post",
        body=lambda w, o: {"caption": "x"},
    ),
    Row(
        "remove photo",
        _url("duty:story_photo_remove", "own", "photo"),
        403,
        WRITER_POST,
        method="post",
    ),
    Row("donations", _url("duty:donations"), 403, DONATION_READERS),
    Row("donations xlsx", _url("duty:donations_xlsx"), 403, DONATION_READERS),
    Row("new donation", _url("duty:donation_new"), 403, DONATION_MANAGE),
    Row("edit donation", _url("duty:donation_edit", "donation"), 403, DONATION_ONE),
    Row("import donations", _url("duty:donations_import"), 403, DONATION_MANAGE),
    Row("public stories", _url("duty_public:stories"), 200, PUBLIC),
    Row("public story", _url("duty_public:story", "published"), 200, PUBLIC),
    Row(
        "public unpublished story",
        _url("duty_public:story", "submitted"),
        404,
        PUBLIC_MISSING,
    ),
    Row(
        "own story's photo", _url("duty:story_photo_file", "kept_photo"), 403, OWN_STORY
    ),
    Row(
        "public story's photo",
        _url("duty_public:story_photo", "public_photo"),
        200,
        PUBLIC,
    ),
    Row(
        "public photo of an unpublished story",
        _url("duty_public:story_photo", "kept_photo"),
        404,
        PUBLIC_MISSING,
    ),
    Row("public deputies", _url("duty_public:deputies"), 200, PUBLIC),
    Row("public deputy", _url("duty_public:deputy", "deputy"), 200, PUBLIC),
]

API_ROWS = [
    Row("stories", lambda w, o: STORIES_API, 403, LISTS, api=True),
    Row(
        "own story",
        lambda w, o: f"{STORIES_API}/{o['own'].pk}",
        403,
        OWN_STORY,
        api=True,
    ),
    Row(
        "another's story",
        lambda w, o: f"{STORIES_API}/{o['others'].pk}",
        403,
        OTHERS_STORY,
        api=True,
    ),
    Row(
        "donations",
        lambda w, o: f"{STORIES_API}/donations",
        403,
        DONATION_READERS,
        api=True,
    ),
    Row(
        "donation totals",
        lambda w, o: f"{STORIES_API}/donations/summary",
        403,
        DONATION_READERS,
        api=True,
    ),
    Row("popolo", lambda w, o: f"{API}/popolo.json", 200, PUBLIC, api=True),
    Row(
        "public deputy",
        lambda w, o: f"{API}/deputies/{o['deputy'].pk}",
        200,
        PUBLIC,
        api=True,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_duty_stories_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_duty_stories_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_api_access(client, row, role, row.url(world, objects))


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.duty import urls_public_deputies, urls_stories

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"duty:{p.name}" for p in urls_stories.urlpatterns} | {
        f"duty_public:{p.name}" for p in urls_public_deputies.urlpatterns
    } == COVERED_PAGES
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path.startswith((API + "/", STORIES_API))
    }
    assert documented == COVERED_API


def test_a_deputy_lists_only_their_own_stories(client, deputy, objects):
    client.force_login(deputy)
    page = client.get(reverse("duty:stories"))
    shown = {s.pk for s in page.context["page"]}
    assert objects["own"].pk in shown
    assert objects["others"].pk not in shown


@pytest.mark.parametrize("role", ["committee_staff", "leader", "deputy"])
def test_the_page_and_the_api_agree(role, request, client, objects):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("duty:stories"))
    api = client.get(STORIES_API).json()
    assert [s.pk for s in page.context["page"]] == [r["id"] for r in api["results"]]
    detail = client.get(reverse("duty:story_detail", args=[objects["own"].pk]))
    body = client.get(f"{STORIES_API}/{objects['own'].pk}").json()
    assert detail.context["detail"].actions == body["actions"]
    if role != "deputy":
        totals = client.get(f"{STORIES_API}/donations/summary").json()["totals"]
        shown = client.get(reverse("duty:donations")).context["summary"].totals
        assert totals["money"] == str(shown.money)
        assert totals["donors"] == shown.donors
