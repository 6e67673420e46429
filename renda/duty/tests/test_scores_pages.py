"""The scoring's pages and reads: rankings per grouping, the board (bounded
queries, live preview), the deputy's page, the rules form, page-vs-API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from renda.deputies.tests.factories import (
    DeputyFactory,
    DeputyGroupFactory,
    MandateFactory,
)
from renda.duty.models import ScoreCorrection, ScoringRules
from renda.duty.selectors.scores import ScoreFilters, ScoreRow, rank_rows, score_list
from renda.duty.services import scores as services
from renda.duty.tests.factories_scores import (
    active_year,
    archive_links_stubbed,
    records,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stub_links():
    with archive_links_stubbed():
        yield


def _publish(world, staff, year=2020, period="YEAR"):
    services.scores_publish(
        congress=world.city_congress, year=year, period=period, actor=staff
    )


def test_rank_rows_ranks_within_each_group_sharing_ties():
    rows = [
        ScoreRow(1, "甲", Decimal(70), "合格", True, delegation="一团"),
        ScoreRow(2, "乙", Decimal(80), "优秀", True, delegation="一团"),
        ScoreRow(3, "丙", Decimal(70), "合格", True, delegation="一团"),
        ScoreRow(4, "丁", Decimal(50), "待改进", True, delegation="二团"),
    ]

    ranked = rank_rows(rows, "delegation")

    assert [(r.deputy_name, r.rank, r.grouping_label) for r in ranked] == [
        ("乙", 1, "一团"),
        ("丙", 2, "一团"),
        ("甲", 2, "一团"),
        ("丁", 1, "二团"),
    ]
    assert [r.rank for r in rank_rows(rows, "congress")] == [1, 2, 2, 4]


def test_rankings_per_group_and_station(world, committee_staff):
    third = DeputyFactory(name="陈立")
    MandateFactory(deputy=third, term=world.city_term)
    other_group = DeputyGroupFactory(
        congress=world.city_congress,
        name="南康街道代表小组",
        station=world.station_longshan_2,
    )
    other_group.members.add(third, world.deputy_city_b)
    active_year(world.city_congress, world.deputy_city_a, 2020)
    records(world.city_congress, third, "SUPERVISION", dt.date(2020, 4, 1), 2)
    _publish(world, committee_staff)

    by_group = score_list(
        committee_staff, ScoreFilters(year=2020, period="YEAR", grouping="group")
    )
    ranks = {(r.grouping_label, r.deputy_name): r.rank for r in by_group.rows}
    assert ranks == {
        ("南康街道代表小组", "陈立"): 1,
        ("南康街道代表小组", "白玉晶"): 2,
        ("向阳街道代表小组", "丁照民"): 1,
    }
    by_station = score_list(
        committee_staff,
        ScoreFilters(year=2020, period="YEAR", station=world.station_longshan_2.pk),
    )
    assert [r.deputy_name for r in by_station.rows] == ["陈立", "白玉晶"]
    assert by_station.published
    assert not by_station.preview


def test_the_board_shows_a_live_preview_before_publication(
    client, world, committee_staff
):
    active_year(world.city_congress, world.deputy_city_a, 2020)
    client.force_login(committee_staff)

    response = client.get(
        reverse("duty:board"), {"year": 2020, "period": "Q2", "grouping": "delegation"}
    )

    assert response.status_code == 200
    assert response.context["ranking"].preview
    html = response.content.decode()
    assert "实时预览（未公布）" in html
    assert "52.0" in html
    assert not ScoringRules.objects.exists()  # a read writes nothing


def test_the_board_queries_are_bounded(
    client, world, committee_staff, django_assert_max_num_queries
):
    for n in range(12):
        deputy = DeputyFactory(name=f"代表{n}")
        MandateFactory(deputy=deputy, term=world.city_term)
        world.group_longshan.members.add(deputy)
    _publish(world, committee_staff)
    client.force_login(committee_staff)

    with django_assert_max_num_queries(25):
        response = client.get(reverse("duty:board"), {"year": 2020, "period": "YEAR"})

    assert response.status_code == 200
    assert len(response.context["ranking"].rows) == 14


def test_the_board_and_the_api_agree(client, world, committee_staff):
    active_year(world.city_congress, world.deputy_city_a, 2020)
    _publish(world, committee_staff)
    client.force_login(committee_staff)
    query = {"congress": world.city_congress.pk, "year": 2020, "period": "YEAR"}

    page = client.get(reverse("duty:board"), {**query, "grouping": "station"})
    api = client.get("/api/v1/duty/scores", {**query, "grouping": "station"}).json()

    assert [
        (r.deputy_id, r.rank, str(r.total)) for r in page.context["ranking"].rows
    ] == [(r["deputy_id"], r["rank"], r["total"]) for r in api["results"]]
    assert api["count"] == 2


def test_the_board_exports_the_ranking(client, world, committee_staff):
    _publish(world, committee_staff)
    client.force_login(committee_staff)

    response = client.get(reverse("duty:board_xlsx"), {"year": 2020, "period": "YEAR"})

    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_my_scores_shows_the_lines_and_asks_for_a_correction(
    client, world, committee_staff, deputy
):
    active_year(world.city_congress, world.deputy_city_a, 2020)
    records(
        world.city_congress,
        world.deputy_city_a,
        "SUGGESTION_LED",
        dt.date(2020, 3, 3),
        8,
    )
    _publish(world, committee_staff)
    client.force_login(deputy)

    page = client.get(reverse("duty:my_scores"))

    html = page.content.decode()
    assert "2020年全年" in html
    assert "领衔提出建议：10 次 × 3 分 = 15 分（上限 15 分，已封顶）" in html
    assert "申请更正" in html
    assert "白玉晶" not in html
    score = page.context["scores"][0].score
    refused = client.post(reverse("duty:my_scores"), {"score": score.pk, "reason": ""})
    assert refused.status_code == 400
    # A refused request keeps what the deputy wrote and chose.
    too_long = "漏记一次调研" * 200
    refused = client.post(
        reverse("duty:my_scores"),
        {"score": score.pk, "reason": too_long, "kind": "SUGGESTION_LED"},
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert f">{too_long}</textarea>" in html
    assert '<option value="SUGGESTION_LED" selected>' in html
    asked = client.post(
        reverse("duty:my_scores"), {"score": score.pk, "reason": "漏记一次调研"}
    )
    assert asked.status_code == 302
    assert ScoreCorrection.objects.get().reason == "漏记一次调研"
    again = client.get(reverse("duty:my_scores")).content.decode()
    assert "待处理" in again
    assert "更正理由" not in again  # one pending at a time


def test_the_rules_form_is_prefilled_and_saves_a_version(
    client, world, committee_staff
):
    client.force_login(committee_staff)
    url = f"{reverse('duty:rules_new')}?congress={world.city_congress.pk}"

    form = client.get(url)
    assert form.status_code == 200
    data = {
        key: ("" if value is None else value)
        for key, value in form.context["form"].initial.items()
    }
    data.update(congress=world.city_congress.pk, title="第二版", effective_year=2021)
    data["points_STORY"] = "x"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "每次分值应为数字" in refused.content.decode()
    data["points_STORY"] = "4"
    saved = client.post(url, data)

    assert saved.status_code == 302
    version = ScoringRules.objects.get(effective_year=2021)
    assert version.data["items"]["STORY"]["points"] == 4.0
    assert version.data["minimums"] == {
        "SUGGESTION_LED": 1,
        "RECEPTION_DAY": 2,
        "DUTY_REPORT": 1,
    }
    assert [b["label"] for b in version.data["bands"]] == ["优秀", "合格", "待改进"]


def test_staff_decide_a_correction_on_its_page(client, world, committee_staff, deputy):
    _publish(world, committee_staff)
    client.force_login(deputy)
    score = client.get(reverse("duty:my_scores")).context["scores"][0].score
    client.post(reverse("duty:my_scores"), {"score": score.pk, "reason": "漏记"})
    correction = ScoreCorrection.objects.get()
    client.force_login(committee_staff)
    url = reverse("duty:correction_detail", args=[correction.pk])

    missing = client.post(url, {"accept": "1", "points": "", "decision": "同意"})
    assert missing.status_code == 400
    done = client.post(url, {"accept": "1", "points": "2.5", "decision": "同意"})

    assert done.status_code == 302
    score.refresh_from_db()
    assert score.total == Decimal("42.5")


def test_leaders_read_the_board_without_the_staff_buttons(
    client, world, leader, committee_staff
):
    _publish(world, committee_staff)
    client.force_login(leader)

    response = client.get(reverse("duty:board"), {"year": 2020, "period": "YEAR"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "白玉晶" in html
    assert reverse("duty:publish") not in html
    assert reverse("duty:year_close") not in html
