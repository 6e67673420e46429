"""The statistics page, its API and its .xlsx say the same; the summary downloads."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from renda.core.errors import PermissionDenied
from renda.supervision.choices import OpinionStatus, PointStatus
from renda.supervision.models import RectificationPoint
from renda.supervision.selectors.stats import (
    counted_items,
    supervision_stats,
    year_counts,
)

from .factories_publication import make_opinion
from .test_stats_counts import build_mix

pytestmark = pytest.mark.django_db


@pytest.fixture
def mix(world, committee_staff):
    return build_mix(world, committee_staff, seed=11, count=40)


def _query(world, year=2020):
    return f"?congress={world.city_congress.pk}&year={year}"


def test_page_api_and_xlsx_agree(client, world, committee_staff, mix):
    client.force_login(committee_staff)
    counts = year_counts(world.city_congress, 2020)
    page = client.get(reverse("supervision:stats") + _query(world)).content.decode()
    api = client.get("/api/v1/supervision/stats" + _query(world)).json()
    book = load_workbook(
        io.BytesIO(
            client.get(reverse("supervision:stats_export") + _query(world)).content
        )
    )
    sheet = {
        row[0]: row[1]
        for row in book["年度数字"].iter_rows(values_only=True)
        if row and row[0]
    }
    for name, label, count in counts.rows():
        assert f'data-figure="{name}">{count}<' in page
        assert api["counts"][name] == count
        assert sheet[label] == count
    assert counts.sentence() in page
    assert api["counts"]["sentence"] == counts.sentence()
    by_kind = {row["key"]: row for row in api["by_kind"]}
    kinds = {row[0]: row for row in book["按监督方式"].iter_rows(values_only=True)}
    assert by_kind["WORK_REPORT"]["done"] == counts.work_reports
    for row in api["by_kind"]:
        assert kinds[row["label"]][1:] == (row["planned"], row["done"])
    themes = {row[0]: row for row in book["按主题"].iter_rows(values_only=True)}
    for row in api["by_theme"]:
        assert themes[row["label"]][1:] == (row["planned"], row["done"])
    # An item counts once by kind (under each of its themes by theme).
    done = counted_items(world.city_congress, 2020)
    assert sum(row["done"] for row in api["by_kind"]) == done.count()
    assert sum(row["done"] for row in api["by_theme"]) >= done.count()


def test_opinions_and_points_open_done_overdue(world, committee_staff):
    from .factories_publication import make_item

    item = make_item(world, committee_staff)
    other = make_item(world, committee_staff, title="另一报告")
    overdue = make_opinion(item, world.unit_city, status=OpinionStatus.SENT)
    make_opinion(item, world.unit_xian, status=OpinionStatus.CONCLUDED)
    make_opinion(other, world.unit_city, status=OpinionStatus.REPORTED)
    for order, (status, due) in enumerate(
        [
            (PointStatus.OPEN, dt.date(2020, 8, 1)),
            (PointStatus.OPEN, dt.date(2021, 8, 1)),
            (PointStatus.DONE, dt.date(2020, 8, 1)),
        ],
        start=1,
    ):
        RectificationPoint.objects.create(
            opinion=overdue,
            order=order,
            text="整改",
            unit=world.unit_city,
            due_on=due,
            status=status,
        )
    figures = supervision_stats(
        committee_staff, world.city_congress, 2020, today=dt.date(2020, 12, 1)
    )
    assert (figures.opinions.open, figures.opinions.done, figures.opinions.overdue) == (
        2,
        1,
        1,
    )
    assert (figures.points.open, figures.points.done, figures.points.overdue) == (
        2,
        1,
        1,
    )
    early = supervision_stats(
        committee_staff, world.city_congress, 2020, today=dt.date(2020, 7, 1)
    )
    assert early.opinions.overdue == 0
    assert early.points.overdue == 0


def test_stats_are_refused_outside_the_congress(world, district_staff, unit_staff):
    for user in (district_staff, unit_staff):
        with pytest.raises(PermissionDenied):
            supervision_stats(user, world.city_congress, 2020)


def test_the_summary_downloads_as_docx_with_the_sentence(
    client, world, committee_staff, mix
):
    client.force_login(committee_staff)
    response = client.get(reverse("supervision:stats_summary") + _query(world))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert year_counts(world.city_congress, 2020).sentence() in texts


def test_members_read_stats_but_do_not_download_the_summary(
    client, world, committee_member, leader
):
    client.force_login(committee_member)
    assert client.get(reverse("supervision:stats") + _query(world)).status_code == 200
    page = client.get(reverse("supervision:stats") + _query(world)).content.decode()
    assert reverse("supervision:stats_summary") not in page
    assert (
        client.get(reverse("supervision:stats_summary") + _query(world)).status_code
        == 403
    )
    client.force_login(leader)
    assert (
        client.get(reverse("supervision:stats_summary") + _query(world)).status_code
        == 200
    )


def test_bad_pickers_are_named(client, world, committee_staff):
    client.force_login(committee_staff)
    page = client.get(reverse("supervision:stats") + "?year=abc&congress=99999")
    assert page.status_code == 200
    html = page.content.decode()
    assert "年度：" in html
    assert "人大：" in html
    api = client.get("/api/v1/supervision/stats?year=abc")
    assert api.status_code == 422
    assert client.get("/api/v1/supervision/stats?congress=99999").status_code == 404
    other = client.get(f"/api/v1/supervision/stats?congress={world.xian_congress.pk}")
    assert other.status_code == 200  # the city's staff read the congresses below


def test_the_stats_page_keeps_its_query_count_flat(
    client, world, committee_staff, mix, django_assert_max_num_queries
):
    client.force_login(committee_staff)
    with django_assert_max_num_queries(30):
        assert (
            client.get(reverse("supervision:stats") + _query(world)).status_code == 200
        )
