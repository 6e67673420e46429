"""The request page proposes the tier and unit from the text, and lists similar open requests."""

from django.urls import reverse

from renda.receptions.choices import RequestTier
from renda.receptions.services import public_request_route_grassroots
from renda.receptions.tests.work_helpers import (
    recorded_request,
    township_government,
)
from renda.suggestions import text_routing
from renda.suggestions.models import RoutingTerm


def test_the_station_sees_the_proposed_tier_and_unit_and_similar_requests(
    client, world, station_chief, deputy, django_assert_max_num_queries
):
    unit = township_government(world.station_longshan)
    for text in ("小区门前道路破损，雨天积水", "道路破损坑洼，积水严重"):
        done = recorded_request(world, station_chief, content=text, location="")
        public_request_route_grassroots(request=done, unit=unit, actor=station_chief)
    build = text_routing.build_index()
    assert build.documents == 2
    # Requests are learned from, never quoted: their examples carry no title.
    assert RoutingTerm.objects.get(term="破损").examples[str(unit.pk)][3] == ""
    open_one = recorded_request(world, station_chief, content="道路破损积水，希望修复")
    new = recorded_request(world, station_chief, content="门前道路破损积水好几天了")
    url = reverse("stations:request_detail", args=[new.pk])

    client.force_login(station_chief)
    client.get(url)
    with django_assert_max_num_queries(60) as counted:
        page = client.get(url).content.decode()

    assert f'data-proposed-tier="{RequestTier.GRASSROOTS}"' in page
    assert f'data-proposed-unit="{unit.pk}"' in page
    assert "群众诉求相似，当时由" in page
    assert "本站类似的未办结诉求" in page
    assert reverse("stations:request_detail", args=[open_one.pk]) in page
    # More open requests do not add queries.
    for n in range(3):
        recorded_request(world, station_chief, content=f"第{n}号楼供暖不热")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(url)

    # The deputy who received it is no station staff: no hints for them.
    client.force_login(deputy)
    response = client.get(url)
    assert response.status_code == 200
    assert "本站类似的未办结诉求" not in response.content.decode()
    assert "data-proposed-unit" not in response.content.decode()
