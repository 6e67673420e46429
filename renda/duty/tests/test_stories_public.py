"""The public side: published stories, deputy pages and the open data (Popolo),
which never show a phone, an ID number or a birth date beyond its year."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee

from .factories_stories import story

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[3] / "tests" / "data" / "popolo"
BASE = "http://www.popoloproject.com/schemas/"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT3)
        resources.append((BASE + path.name, resource))
        resources.append((BASE + path.name + "#", resource))
    return Registry().with_resources(resources)


def _validator(name: str) -> Draft3Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft3Validator(schema, registry=_registry())


@pytest.fixture
def private(world):
    deputy = world.deputy_city_a
    deputy.id_number = "220402197005011234"
    deputy.birth_date = dt.date(1970, 5, 1)
    deputy.work_unit = "辽源市秘密路8号某单位"
    deputy.save()
    return deputy


def _assert_nothing_private(text: str, deputy) -> None:
    for secret in (
        deputy.phone,
        deputy.phone[-8:],
        deputy.id_number,
        "1970-05-01",
        "1970年5月1日",
        deputy.work_unit,
    ):
        assert secret not in text, secret


@pytest.fixture
def bodies(world, committee_staff):
    standing = StandingCommittee.objects.create(term=world.city_term)
    CommitteeMember.objects.create(
        standing_committee=standing,
        deputy=world.deputy_city_b,
        role=MemberRole.DEPUTY_DIRECTOR,
        rank=2,
        took_office_on=dt.date(2017, 1, 10),
    )
    return standing


def test_popolo_validates_against_the_schemas_and_counts(
    client, world, bodies, private
):
    body = client.get("/api/v1/open/popolo.json").json()
    assert set(body) == {"persons", "organizations", "memberships", "posts"}
    validators = {
        "persons": _validator("person"),
        "organizations": _validator("organization"),
        "memberships": _validator("membership"),
        "posts": _validator("post"),
    }
    for key, validator in validators.items():
        for item in body[key]:
            errors = list(validator.iter_errors(item))
            assert not errors, (key, item, errors[:1])
    assert len(body["persons"]) == 4
    classes = [o["classification"] for o in body["organizations"]]
    assert classes.count("legislature") == 3
    assert classes.count("delegation") == 1
    assert classes.count("group") == 2
    assert classes.count("committee") == 1
    person = next(p for p in body["persons"] if p["id"] == f"deputy/{private.pk}")
    assert person["birth_date"] == "1970"
    assert person["gender"] in {"male", "female"}
    assert person["links"][0]["url"].endswith(f"/open/duty/deputies/{private.pk}/")
    roles = {
        (m["person_id"], m["organization_id"], m["role"]) for m in body["memberships"]
    }
    city = f"congress/{world.city_congress.pk}"
    assert (f"deputy/{private.pk}", city, "代表") in roles
    assert (
        f"deputy/{private.pk}",
        f"deputy-group/{world.group_longshan.pk}",
        "组长",
    ) in roles
    assert (
        f"deputy/{world.deputy_city_b.pk}",
        f"standing-committee/{bodies.pk}",
        "副主任",
    ) in roles
    assert [p["label"] for p in body["posts"]] == ["副主任"]
    longshan = next(
        o
        for o in body["organizations"]
        if o["id"] == f"congress/{world.longshan_congress.pk}"
    )
    assert longshan["parent_id"] == city
    _assert_nothing_private(json.dumps(body, ensure_ascii=False), private)


def test_popolo_by_congress(client, world):
    body = client.get(
        f"/api/v1/open/popolo.json?congress_id={world.xian_congress.pk}"
    ).json()
    assert [p["id"] for p in body["persons"]] == [f"deputy/{world.deputy_xian.pk}"]
    assert client.get("/api/v1/open/popolo.json?congress_id=abc").status_code == 422


def test_the_public_deputy_page_and_api_leak_nothing_private(
    client, world, committee_staff, private
):
    published = story(world, committee_staff, state="PUBLISHED")
    hidden = story(world, committee_staff, title="尚未发布的事迹", state="SUBMITTED")
    page = client.get(reverse("duty_public:deputy", args=[private.pk]), {"year": 2020})
    assert page.status_code == 200
    html = page.content.decode()
    assert private.name in html
    assert "出生年份 1970" in html
    assert published.title in html
    assert hidden.title not in html
    _assert_nothing_private(html, private)
    data = client.get(f"/api/v1/open/deputies/{private.pk}?year=2020")
    assert data.status_code == 200
    body = data.json()
    assert body["birth_year"] == 1970
    assert [s["id"] for s in body["stories"]] == [published.pk]
    counts = {c["kind"]: c["count"] for c in body["duty_counts"]}
    assert counts["STORY"] == 1
    assert body["year"] == 2020
    this_year = client.get(f"/api/v1/open/deputies/{private.pk}").json()
    assert this_year["year"] == timezone.localdate().year
    _assert_nothing_private(data.content.decode(), private)
    assert client.get("/api/v1/open/deputies/999999").status_code == 404


def test_the_public_deputy_list_searches_pinyin(client, world):
    page = client.get(
        reverse("duty_public:deputies"), {"q": world.deputy_xian.name_pinyin}
    )
    assert page.status_code == 200
    assert world.deputy_xian.name in page.content.decode()
    assert world.deputy_city_a.name not in page.content.decode()


def test_only_published_stories_are_public(client, world, committee_staff):
    published = story(world, committee_staff, state="PUBLISHED")
    draft = story(world, committee_staff, title="草稿事迹")
    withdrawn = story(world, committee_staff, title="撤下的事迹", state="WITHDRAWN")
    listing = client.get(reverse("duty_public:stories")).content.decode()
    assert published.title in listing
    assert draft.title not in listing
    assert withdrawn.title not in listing
    assert (
        client.get(reverse("duty_public:story", args=[published.pk])).status_code == 200
    )
    for hidden in (draft, withdrawn):
        assert (
            client.get(reverse("duty_public:story", args=[hidden.pk])).status_code
            == 404
        )
