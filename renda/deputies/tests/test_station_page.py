"""One station's page (stations:detail): its groups and deputies, masked phones, scope."""

from django.urls import reverse


def test_detail_shows_groups_members_and_masked_phones(client, world, committee_staff):
    world.station_longshan.opening_hours = "每周三 9:00-11:30"
    world.station_longshan.save()
    world.group_longshan.members.add(world.deputy_city_b)
    client.force_login(committee_staff)
    response = client.get(reverse("stations:detail", args=[world.station_longshan.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "每周三 9:00-11:30" in content
    assert "王站长" in content
    assert "138****1111" in content
    assert "13800001111" not in content
    assert "139****2222" in content
    assert "向阳街道代表小组" in content
    # Members in stroke order, each linked to their profile.
    assert content.index("丁照民") < content.index("白玉晶")
    assert reverse("deputies:detail", args=[world.deputy_city_b.pk]) in content


def test_detail_outside_scope_is_404(client, world, station_chief):
    client.force_login(station_chief)
    own = reverse("stations:detail", args=[world.station_longshan.pk])
    other = reverse("stations:detail", args=[world.station_xian.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404


def test_detail_shows_the_office_phone_and_the_edit_link_to_who_may_edit(
    client, world, station_chief, deputy
):
    world.station_longshan.office_phone = "0437-3221234"
    world.station_longshan.save()
    url = reverse("stations:detail", args=[world.station_longshan.pk])
    edit = reverse("stations:edit", args=[world.station_longshan.pk])

    client.force_login(station_chief)
    content = client.get(url).content.decode()
    assert 'href="tel:0437-3221234"' in content
    assert edit in content

    # A deputy sees the station and its office phone, not the edit link.
    client.force_login(deputy)
    response = client.get(url)
    assert response.status_code == 200
    assert 'href="tel:0437-3221234"' in response.content.decode()
    assert edit not in response.content.decode()
