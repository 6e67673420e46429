"""The statistics page, its .xlsx export and the year's ledger, against suggestion_stats."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Channel, Rating, ReplyOutcome
from renda.suggestions.selectors import suggestion_stats
from renda.suggestions.stats_export import LEDGER_COLUMNS, STATS_COLUMNS, stats_values
from renda.suggestions.views import stats as views_stats

from .factories import accepted, assigned, draft, moment, reply, submitted

STATS = reverse("suggestions:stats")
EXPORT = reverse("suggestions:stats_export")
LEDGER = reverse("suggestions:ledger")
TODAY = dt.date(2025, 7, 1)
REFUSED = ["deputy", "unit_staff", "station_chief", "liaison_officer"]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(views_stats, "today", lambda: TODAY)


def text(response) -> str:
    return response.content.decode()


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content)).active


def rows_of(sheet, first: int) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def closed_item(world, deputy, staff, unit_staff, *, unit=None, **fields):
    """An item accepted on 2025-03-03, answered (A) on time and rated satisfied."""
    _item, [assignment] = assigned(
        world,
        deputy,
        staff,
        units=[(unit or world.unit_city, AssignmentRole.LEAD)],
        **fields,
    )
    answer = reply(assignment, unit_staff, now=moment(2025, 3, 10))
    services.feedback_create(
        reply=answer, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 3, 11)
    )
    return answer


def test_stats_page_and_export_give_69_9_percent_like_the_selector(
    client, world, deputy, committee_staff, unit_staff
):
    # 73 accepted in 2025, 51 of them closed: 51 / 73 = 69.86… → 69.9%.
    for _index in range(51):
        closed_item(world, deputy, committee_staff, unit_staff)
    for _index in range(22):
        accepted(world, deputy, committee_staff)
    expected = suggestion_stats(
        user=committee_staff, congress=world.city_congress, year=2025, today=TODAY
    ).total
    assert expected.completion_rate == Decimal("69.9")
    client.force_login(committee_staff)

    page = client.get(STATS, {"congress": world.city_congress.pk, "year": 2025})
    exported = client.get(EXPORT, {"congress": world.city_congress.pk, "year": 2025})

    assert page.status_code == 200
    assert page.context["report"].total == expected
    assert '<span class="tile-number" data-figure="completion">69.9%</span>' in text(
        page
    )
    sheet = sheet_of(exported)
    headers = [cell.value for cell in sheet[3]]
    assert headers == ["范围", *(header for header, _key in STATS_COLUMNS)]
    [total] = rows_of(sheet, 4)
    assert total == ["合计", *stats_values(expected)]
    assert total[headers.index("办结率(%)")] == 69.9
    assert total[headers.index("立案件数")] == 73
    assert total[headers.index("办结件数")] == 51


@pytest.fixture
def mixed(world, deputy, committee_staff, unit_staff):
    """FORMAL and VOICE items, two units, replies A/B/C, one overdue, one unrated."""
    closed_item(world, deputy, committee_staff, unit_staff)
    _item, [late] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_xian, AssignmentRole.LEAD)],
    )
    _voice, [voice_assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.VOICE
    )
    reply(voice_assignment, unit_staff, now=moment(2025, 4, 30), outcome=ReplyOutcome.B)
    _c, [c_assignment] = assigned(world, deputy, committee_staff)
    answer = reply(
        c_assignment, unit_staff, now=moment(2025, 3, 12), outcome=ReplyOutcome.C
    )
    services.feedback_create(
        reply=answer,
        rating=Rating.UNSATISFIED,
        reason="没有解决",
        actor=deputy,
        now=moment(2025, 3, 13),
    )
    submitted(world, deputy, now=moment(2025, 11, 2), channel=Channel.HOTLINE)
    return late


@pytest.mark.parametrize("group_by", ["channel", "period", "unit", "category"])
def test_grouped_figures_equal_the_selector(
    client, world, mixed, committee_staff, group_by
):
    expected = suggestion_stats(
        user=committee_staff,
        congress=world.city_congress,
        year=2025,
        group_by=group_by,
        today=TODAY,
    )
    client.force_login(committee_staff)

    response = client.get(STATS, {"year": 2025, "group_by": group_by})

    report = response.context["report"]
    assert report == expected
    assert len(expected.groups) >= 1
    labels = [row["label"] for row in response.context["rows"]]
    assert labels == ["合计", *(group.label for group in expected.groups)]
    body = text(response)
    for group in expected.groups:
        assert f'<th scope="row">{group.label}</th>' in body


def test_figures_and_charts_of_the_mixed_year(client, world, mixed, committee_staff):
    client.force_login(committee_staff)

    response = client.get(STATS, {"year": 2025, "group_by": "channel"})

    total = response.context["report"].total
    # 4 accepted, 2 closed: 50.0% (the rated one, and the VOICE one whose
    # rating window passed in May: closed as of then, whether or not the daily
    # job has run); 3 answering replies, 1 late (the VOICE one); overdue: the
    # 西安区 item and the one reopened after 不满意 (due 2025-04-14).
    assert (total.submitted, total.accepted, total.closed) == (5, 4, 2)
    assert total.completion_rate == Decimal("50.0")
    assert total.on_time_rate == Decimal("66.7")
    assert total.outcomes == {"A": 1, "B": 1, "C": 1}
    assert total.satisfaction_rate == Decimal("50.0")
    assert total.overdue_now == 2
    body = text(response)
    assert "50.0%" in body
    # Server-drawn bars: the completion bar is 50.0 wide, the A/B/C stack adds up.
    assert '<rect width="50.0" height="10" rx="1" fill="#b71c1c"/>' in body
    assert '<rect class="stats-seg-A" x="0.0" width="33.3" height="10"/>' in body
    assert '<rect class="stats-seg-C" x="66.6" width="33.3" height="10"/>' in body
    assert "<script" not in body.split("<main")[1]


def test_filters_narrow_the_figures_like_the_selector(
    client, world, mixed, committee_staff
):
    client.force_login(committee_staff)

    by_channel = client.get(STATS, {"year": 2025, "channel": Channel.VOICE})
    by_unit = client.get(STATS, {"year": 2025, "unit": world.unit_xian.pk})

    assert by_channel.context["report"].total == (
        suggestion_stats(
            user=committee_staff,
            congress=world.city_congress,
            year=2025,
            channel=Channel.VOICE,
            today=TODAY,
        ).total
    )
    unit_total = by_unit.context["report"].total
    assert (unit_total.accepted, unit_total.overdue_now) == (1, 1)
    assert "承办单位：辽源市西安区人民政府" in text(by_unit)


def test_grouped_export_reads_back_with_every_group(
    client, world, mixed, committee_staff
):
    expected = suggestion_stats(
        user=committee_staff,
        congress=world.city_congress,
        year=2025,
        group_by="unit",
        today=TODAY,
    )
    client.force_login(committee_staff)

    sheet = sheet_of(client.get(EXPORT, {"year": 2025, "group_by": "unit"}))

    assert sheet["A1"].value == "辽源市人大2025年代表建议办理统计"
    assert "分组统计：承办单位" in sheet["A2"].value
    assert sheet["A3"].value == "承办单位"
    assert rows_of(sheet, 4) == [
        ["合计", *stats_values(expected.total)],
        *([group.label, *stats_values(group.stats)] for group in expected.groups),
    ]


def test_bad_filters_are_named_in_chinese(client, world, committee_staff):
    client.force_login(committee_staff)

    response = client.get(
        STATS, {"year": "1800", "group_by": "deputy", "channel": "FAX"}
    )

    assert response.status_code == 200
    body = text(response)
    assert "年度：年度不能早于 2000 年。" in body
    assert "分组统计：" in body
    assert "渠道：" in body
    # The page still shows the current year's figures, ungrouped.
    assert response.context["report"].groups == []


def test_stats_access_by_role(request, client, world, mixed, district_staff, leader):
    client.force_login(leader)
    assert client.get(STATS).status_code == 200
    assert client.get(EXPORT).status_code == 200
    assert client.get(LEDGER).status_code == 200
    client.force_login(district_staff)
    outside = client.get(STATS, {"congress": world.city_congress.pk, "year": 2025})
    assert "所选人大无效或不在您的工作范围内" in text(outside)
    assert outside.context["congress"] == world.xian_congress
    assert outside.context["report"].total.accepted == 0
    for role in REFUSED:
        client.force_login(request.getfixturevalue(role))
        for url in (STATS, EXPORT, LEDGER):
            assert client.get(url).status_code == 403
    client.logout()
    assert client.get(STATS)["Location"].startswith(reverse("accounts:login"))


# The ledger ---------------------------------------------------------------------------


def test_ledger_has_one_row_per_item_of_the_year(
    client, world, deputy, committee_staff, unit_staff
):
    closed = closed_item(
        world,
        deputy,
        committee_staff,
        unit_staff,
        title="已办结的",
        cosigners=[world.deputy_city_b],
    ).assignment.suggestion
    late, [late_assignment, _joint] = assigned(
        world,
        deputy,
        committee_staff,
        title="超期的",
        units=[
            (world.unit_xian, AssignmentRole.LEAD),
            (world.unit_city, AssignmentRole.JOINT),
        ],
    )
    merged = submitted(world, deputy, title="并入的")
    services.suggestion_merge(primary=late, others=[merged], actor=committee_staff)
    submitted(world, deputy, title="去年的", now=moment(2024, 6, 3))
    draft(world, deputy, title="草稿")
    client.force_login(committee_staff)

    sheet = sheet_of(client.get(LEDGER, {"year": 2025}))

    assert sheet["A1"].value == "辽源市人大2025年代表建议台账"
    assert [cell.value for cell in sheet[2]] == [h for h, _w in LEDGER_COLUMNS]
    rows = {row[1]: row for row in rows_of(sheet, 3)}
    assert set(rows) == {"已办结的", "超期的", "并入的"}
    assert rows["已办结的"] == [
        closed.pk,
        "已办结的",
        "丁照民",
        "白玉晶",
        "代表建议",
        "闭会期间",
        "交通运输",
        "已办结",
        "辽源市住房和城乡建设局（主办）",
        dt.datetime(2025, 3, 3),
        dt.datetime(2025, 6, 3),
        dt.datetime(2025, 3, 10),
        "A",
        "满意",
        dt.datetime(2025, 3, 11),
        "否",
    ]
    late_row = rows["超期的"]
    assert late_row[7] == "办理中"
    assert late_row[8] == "辽源市西安区人民政府（主办）；辽源市住房和城乡建设局（会办）"
    assert late_row[10] == dt.datetime.combine(late_assignment.due_at, dt.time())
    assert late_row[11:14] == [None, None, None]
    assert late_row[15] == "是"
    merged_row = rows["并入的"]
    assert merged_row[7] == f"办理中（已并入第{late.pk}号）"
    assert merged_row[8] == late_row[8]
    assert merged_row[15] == "是"


def test_ledger_of_another_congress_is_not_reachable(
    client, world, deputy, district_staff
):
    submitted(world, deputy, title="市级建议")
    client.force_login(district_staff)

    sheet = sheet_of(
        client.get(LEDGER, {"congress": world.city_congress.pk, "year": 2025})
    )

    assert sheet["A1"].value == "辽源市西安区人大2025年代表建议台账"
    assert rows_of(sheet, 3) == []
