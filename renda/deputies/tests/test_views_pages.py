"""Composition, congress and home pages, through Django's test client."""

import datetime as dt

from django.urls import reverse

from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, StandingCommittee
from renda.deputies.choices import Gender, Party
from renda.deputies.models import Deputy
from renda.deputies.tests.factories import DeputyFactory, MandateFactory

COMPOSITION = reverse("deputies:composition")


def rows_by_key(rows) -> dict:
    return {row["key"]: (row["count"], row["share"]) for row in rows}


def test_composition_is_counted_from_records(client, world, committee_staff):
    Deputy.objects.filter(pk=world.deputy_city_b.pk).update(
        gender=Gender.FEMALE, ethnicity="满族", party=Party.CDL
    )
    third = DeputyFactory(
        name="刘洋", gender=Gender.FEMALE, birth_date=dt.date(1995, 1, 1)
    )
    MandateFactory(deputy=third, term=world.city_term)
    client.force_login(committee_staff)
    response = client.get(COMPOSITION, {"congress": world.city_congress.pk})
    assert response.status_code == 200
    composition = response.context["composition"]
    assert composition["total"] == 3
    assert rows_by_key(composition["gender"]) == {"M": (1, 33.3), "F": (2, 66.7)}
    assert composition["minority"] == {"count": 1, "share": 33.3}
    party = rows_by_key(composition["party"])
    assert party["CPC"] == (2, 66.7)
    assert party["CDL"] == (1, 33.3)
    content = response.content.decode()
    # Table and chart both present, with a share written without localisation.
    assert "<table" in content
    assert '<rect width="66.7"' in content
    assert "少数民族代表 <strong>1</strong> 名" in content


def test_composition_defaults_to_the_users_congress(client, world, district_staff):
    client.force_login(district_staff)
    response = client.get(COMPOSITION)
    assert response.context["congress"] == world.xian_congress
    assert response.context["composition"]["total"] == 1
    picker = [c.pk for c in response.context["congresses"]]
    assert picker == [world.xian_congress.pk]


def test_composition_of_congress_outside_scope_gives_a_message(
    client, world, district_staff
):
    client.force_login(district_staff)
    for value in (world.city_congress.pk, "abc"):
        response = client.get(COMPOSITION, {"congress": value})
        assert response.status_code == 200
        assert "不在您的工作范围内" in response.content.decode()
        assert response.context["congress"] == world.xian_congress


def test_composition_is_for_staff_and_leaders_only(client, world, deputy, leader):
    client.force_login(deputy)
    assert client.get(COMPOSITION).status_code == 403
    client.force_login(leader)
    assert client.get(COMPOSITION).status_code == 200


def test_congress_pages_show_terms_and_members(client, world, committee_staff):
    body = StandingCommittee.objects.create(term=world.city_term)
    CommitteeMember.objects.create(
        standing_committee=body,
        deputy=world.deputy_city_b,
        role=MemberRole.DIRECTOR,
        rank=1,
    )
    client.force_login(committee_staff)
    listing = client.get(reverse("congresses:list"))
    assert listing.status_code == 200
    assert "辽源市西安区人民代表大会" in listing.content.decode()
    response = client.get(reverse("congresses:detail", args=[world.city_congress.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "第八届" in content
    assert "主任" in content
    assert "白玉晶" in content
    assert "龙山区代表团" in content


def test_congress_pages_respect_scope_and_roles(client, world, district_staff, deputy):
    client.force_login(district_staff)
    city = reverse("congresses:detail", args=[world.city_congress.pk])
    assert client.get(city).status_code == 404
    names = [
        c.name for c in client.get(reverse("congresses:list")).context["congresses"]
    ]
    assert names == ["辽源市西安区人民代表大会"]
    client.force_login(deputy)
    assert client.get(reverse("congresses:list")).status_code == 403


def test_home_shows_counts_in_scope_and_roles(client, world, district_staff):
    client.force_login(district_staff)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 200
    assert response.context["deputy_count"] == 1
    assert response.context["station_count"] == 1
    content = response.content.decode()
    assert "常委会工作人员（辽源市西安区人民代表大会）" in content
    assert 'name="q"' in content


def test_home_for_unit_staff_has_no_deputy_search(client, unit_staff):
    client.force_login(unit_staff)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 200
    assert "deputy_count" not in response.context
    assert 'name="q"' not in response.content.decode()
