"""The scoring's services: rule versions, publication (quarterly cumulative,
annual), corrections, closing, alerts, the quarterly job."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.deputies.models import Mandate
from renda.duty import rules
from renda.duty.choices import AlertKind, CorrectionStatus, ScorePeriod, YearStatus
from renda.duty.models import (
    DutyAlert,
    DutyEvent,
    DutyScore,
    ScoreCorrection,
    ScoreYear,
    ScoringRules,
)
from renda.duty.services import scores as services
from renda.duty.tests.factories_scores import (
    active_year,
    archive_links_stubbed,
    now_in,
    records,
)
from renda.notifications.models import Notification

# The first publication creates the default rules (an audit row): the
# snapshots it replaces are locked before it (decision 0017).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lock_order_checked")]


@pytest.fixture(autouse=True)
def _stub_links():
    with archive_links_stubbed():
        yield


def _year_score(world, deputy, year):
    return DutyScore.objects.get(
        congress=world.city_congress, deputy=deputy, year=year, period="YEAR"
    )


def _publish_year(world, staff, year, now=None):
    return services.scores_publish(
        congress=world.city_congress,
        year=year,
        period="YEAR",
        actor=staff,
        now=now,
    )


# Rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"items": {"SUGGESTION_LED": {"points": "三"}}},
            "items.SUGGESTION_LED.points",
            "领衔提出建议的每次分值应为数字",
        ),
        (
            {"items": {"RECEPTION_DAY": {"points": 2, "cap": 0}}},
            "items.RECEPTION_DAY.cap",
            "上限应大于 0",
        ),
        ({"items": {"NOPE": {"points": 1}}}, "items", "未知的计分项目"),
        (
            {"minimums": {"DUTY_REPORT": -1}},
            "minimums.DUTY_REPORT",
            "最低次数应在 0 到 365 之间",
        ),
        (
            {
                "bands": [
                    {"min": 60, "label": "合格"},
                    {"min": 80, "label": "优秀"},
                    {"min": None, "label": "待改进"},
                ]
            },
            "bands",
            "从高到低",
        ),
        (
            {"bands": [{"min": 60, "label": "合格"}]},
            "bands",
            "最后一个等次应不设分数线",
        ),
        ({"base": 5000}, "base", "基础分应在 -1000 到 1000 之间"),
    ],
)
def test_rules_save_refuses_invalid_rules_naming_the_field(
    world, committee_staff, change, field, message
):
    data = {**rules.default_rules(), **change}

    with pytest.raises(ApplicationError) as error:
        services.rules_save(
            congress=world.city_congress,
            data=data,
            effective_year=2021,
            title="规则",
            actor=committee_staff,
        )

    assert error.value.field == field
    assert message in error.value.message


def test_rules_in_force_saves_the_default_version_once(world):
    first = services.rules_in_force(world.city_congress, 2019)
    again = services.rules_in_force(world.city_congress, 2020)

    assert first == again
    assert first.version == 1
    assert first.effective_year == 2017  # the term's first year
    assert first.data == rules.validate_rules(rules.default_rules())
    assert DutyEvent.objects.filter(kind="RULES_SAVED").count() == 1


def test_rules_save_numbers_versions_and_the_latest_effective_applies(
    world, committee_staff
):
    services.rules_in_force(world.city_congress, 2019)
    data = rules.default_rules()
    data["items"]["STORY"]["points"] = 5
    v2 = services.rules_save(
        congress=world.city_congress,
        data=data,
        effective_year=2021,
        title="第二版",
        actor=committee_staff,
    )

    assert v2.version == 2
    assert v2.created_by == committee_staff
    assert services.rules_in_force(world.city_congress, 2020).version == 1
    assert services.rules_in_force(world.city_congress, 2021) == v2


def test_rules_save_is_for_the_congress_staff(world, leader, district_staff):
    for user in (leader, district_staff):
        with pytest.raises(PermissionDenied):
            services.rules_save(
                congress=world.city_congress,
                data=rules.default_rules(),
                effective_year=2021,
                title="规则",
                actor=user,
            )


# Scores ------------------------------------------------------------------------------


def test_the_score_equals_the_rules_sum(world, committee_staff, deputy):
    active_year(world.city_congress, world.deputy_city_a, 2020)

    _publish_year(world, committee_staff, 2020)

    score = _year_score(world, world.deputy_city_a, 2020)
    assert score.total == Decimal("67.0")  # 40 + 2×3 + 3×2 + 5 + 10
    assert score.band == "合格"
    assert score.minimums_met
    lines = {line["kind"]: line for line in score.breakdown["lines"]}
    assert lines["SUGGESTION_LED"]["points"] == "6.0"
    assert lines["RECEPTION_DAY"]["count"] == "3"
    other = _year_score(world, world.deputy_city_b, 2020)
    assert other.total == Decimal("40.0")
    assert not other.minimums_met
    assert {m["kind"] for m in other.breakdown["missing"]} == {
        "SUGGESTION_LED",
        "RECEPTION_DAY",
        "DUTY_REPORT",
    }
    # Only the city's deputies: the districts' are not scored here.
    assert set(
        DutyScore.objects.filter(year=2020).values_list("deputy_id", flat=True)
    ) == {world.deputy_city_a.pk, world.deputy_city_b.pk}


def test_caps_limit_an_item(world, committee_staff):
    records(
        world.city_congress,
        world.deputy_city_a,
        "SUGGESTION_LED",
        dt.date(2020, 3, 1),
        9,
    )

    result = services.scores_compute(
        congress=world.city_congress, year=2020, period="YEAR"
    )[world.deputy_city_a.pk]

    line = next(line for line in result.lines if line.kind == "SUGGESTION_LED")
    assert line.raw == Decimal(27)
    assert line.points == Decimal(15)
    assert line.capped


def test_quarterly_scores_are_cumulative_from_january(world, committee_staff):
    active_year(world.city_congress, world.deputy_city_a, 2020)
    for period in ("Q1", "Q2", "Q3", "Q4"):
        services.scores_publish(
            congress=world.city_congress,
            year=2020,
            period=period,
            actor=committee_staff,
            now=now_in(2021),
        )

    totals = dict(
        DutyScore.objects.filter(deputy=world.deputy_city_a, year=2020).values_list(
            "period", "total"
        )
    )
    assert totals == {
        "Q1": Decimal("46.0"),  # suggestions in February
        "Q2": Decimal("52.0"),  # + reception days in May
        "Q3": Decimal("57.0"),  # + the report in August
        "Q4": Decimal("67.0"),  # + the session in November
    }


def test_republishing_a_quarter_replaces_its_snapshot(world, committee_staff):
    services.scores_publish(
        congress=world.city_congress, year=2020, period="Q1", actor=committee_staff
    )
    records(
        world.city_congress, world.deputy_city_a, "SUGGESTION_LED", dt.date(2020, 3, 1)
    )

    services.scores_publish(
        congress=world.city_congress, year=2020, period="Q1", actor=committee_staff
    )

    rows = DutyScore.objects.filter(deputy=world.deputy_city_a, year=2020, period="Q1")
    assert rows.count() == 1
    assert rows.get().total == Decimal("43.0")


def test_a_period_not_ended_cannot_be_published(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        services.scores_publish(
            congress=world.city_congress,
            year=2020,
            period="Q3",
            actor=committee_staff,
            now=now_in(2020, 9, 30),
        )

    assert error.value.field == "period"


def test_publication_tells_each_deputy_their_score(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    active_year(world.city_congress, world.deputy_city_a, 2020)

    with django_capture_on_commit_callbacks(execute=True):
        _publish_year(world, committee_staff, 2020)

    notice = Notification.objects.get(recipient=deputy)
    assert notice.body.startswith("您的2020年全年履职积分已公布：67.0 分（合格）")


def test_publishing_the_year_pins_the_rules_and_opens_corrections(
    world, committee_staff
):
    score_year = _publish_year(world, committee_staff, 2020, now=now_in(2021, 1, 6))

    assert score_year.status == YearStatus.PUBLISHED
    assert score_year.rules.version == 1
    assert score_year.corrections_until >= dt.date(2021, 1, 21)


def test_changing_the_rules_for_next_year_leaves_this_year_unchanged(
    world, committee_staff
):
    active_year(world.city_congress, world.deputy_city_a, 2020)
    _publish_year(world, committee_staff, 2020)
    data = rules.default_rules()
    data["base"] = 0
    services.rules_save(
        congress=world.city_congress,
        data=data,
        effective_year=2021,
        title="第二版",
        actor=committee_staff,
    )

    services.year_close(congress=world.city_congress, year=2020, actor=committee_staff)

    score = _year_score(world, world.deputy_city_a, 2020)
    assert score.total == Decimal("67.0")
    assert score.rules.version == 1
    active_year(world.city_congress, world.deputy_city_a, 2021)
    next_year = services.scores_compute(
        congress=world.city_congress, year=2021, period="YEAR"
    )
    assert next_year[world.deputy_city_a.pk].total == Decimal("27.0")


def test_a_closed_year_is_never_recomputed(world, committee_staff, deputy):
    active_year(world.city_congress, world.deputy_city_a, 2020)
    _publish_year(world, committee_staff, 2020)
    closed = services.year_close(
        congress=world.city_congress, year=2020, actor=committee_staff
    )
    assert closed.status == YearStatus.CLOSED
    score = _year_score(world, world.deputy_city_a, 2020)
    assert score.final

    records(
        world.city_congress, world.deputy_city_a, "SUPERVISION", dt.date(2020, 6, 1), 3
    )
    with pytest.raises(ApplicationError) as error:
        services.rules_save(
            congress=world.city_congress,
            data=rules.default_rules(),
            effective_year=2020,
            title="改写2020",
            actor=committee_staff,
        )
    assert error.value.field == "effective_year"
    for period in ("Q4", "YEAR"):
        with pytest.raises(ApplicationError):
            services.scores_publish(
                congress=world.city_congress,
                year=2020,
                period=period,
                actor=committee_staff,
            )
    with pytest.raises(ApplicationError):
        services.year_close(
            congress=world.city_congress, year=2020, actor=committee_staff
        )
    with pytest.raises(ApplicationError):
        services.correction_ask(score=score, reason="漏记", actor=deputy)

    score.refresh_from_db()
    assert score.total == Decimal("67.0")
    assert score.final


# Corrections -------------------------------------------------------------------------


def test_the_correction_flow(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    _publish_year(world, committee_staff, 2020)
    score = _year_score(world, world.deputy_city_a, 2020)

    with django_capture_on_commit_callbacks(execute=True):
        asked = services.correction_ask(
            score=score, reason="3月的调研未计入", kind="SUPERVISION", actor=deputy
        )
    assert asked.status == CorrectionStatus.PENDING
    assert Notification.objects.filter(recipient=committee_staff).exists()
    with pytest.raises(Conflict):
        services.correction_ask(score=score, reason="再次申请", actor=deputy)
    with pytest.raises(ApplicationError) as error:
        services.year_close(
            congress=world.city_congress, year=2020, actor=committee_staff
        )
    assert "未处理" in error.value.message
    with pytest.raises(ApplicationError) as error:
        services.correction_decide(
            correction=asked,
            accept=True,
            points=0,
            decision="同意",
            actor=committee_staff,
        )
    assert error.value.field == "points"

    decided = services.correction_decide(
        correction=asked,
        accept=True,
        points="3",
        decision="经核实，补计调研一次",
        actor=committee_staff,
    )

    assert decided.status == CorrectionStatus.ACCEPTED
    score.refresh_from_db()
    assert score.total == Decimal("43.0")
    assert score.breakdown["adjustment"] == "3.0"
    again = services.correction_ask(score=score, reason="还有一次", actor=deputy)
    services.correction_decide(
        correction=again, accept=False, decision="无证明材料", actor=committee_staff
    )
    score.refresh_from_db()
    assert score.total == Decimal("43.0")
    services.year_close(congress=world.city_congress, year=2020, actor=committee_staff)
    score.refresh_from_db()
    assert score.total == Decimal("43.0")  # the accepted correction stays


def test_correction_refusals(world, committee_staff, deputy, leader):
    _publish_year(world, committee_staff, 2020, now=now_in(2021, 1, 6))
    own = _year_score(world, world.deputy_city_a, 2020)
    other = _year_score(world, world.deputy_city_b, 2020)

    with pytest.raises(PermissionDenied):  # not the deputy's
        services.correction_ask(score=other, reason="理由", actor=deputy)
    with pytest.raises(PermissionDenied):  # staff do not ask
        services.correction_ask(score=own, reason="理由", actor=committee_staff)
    with pytest.raises(ApplicationError) as error:  # the window has passed
        services.correction_ask(score=own, reason="理由", actor=deputy)
    assert "截止" in error.value.message
    asked = services.correction_ask(
        score=own, reason="理由", actor=deputy, now=now_in(2021, 1, 8)
    )
    with pytest.raises(PermissionDenied):  # leaders read only
        services.correction_decide(
            correction=asked, accept=False, decision="否", actor=leader
        )
    with pytest.raises(ApplicationError) as error:
        services.correction_ask(
            score=own, reason="  ", actor=deputy, now=now_in(2021, 1, 8)
        )
    quarter = DutyScore.objects.create(
        congress=world.city_congress,
        deputy=world.deputy_city_a,
        year=2021,
        period="Q1",
        rules=own.rules,
        total=40,
        band="待改进",
        published_at=now_in(2021, 4, 2),
    )
    with pytest.raises(ApplicationError) as error:
        services.correction_ask(score=quarter, reason="理由", actor=deputy)
    assert "年度积分" in error.value.message


# Alerts --------------------------------------------------------------------------------


def test_two_low_years_raise_one_alert_to_the_staff_never_ending_the_mandate(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    active_year(world.city_congress, world.deputy_city_a, 2019)
    active_year(world.city_congress, world.deputy_city_a, 2020)
    with django_capture_on_commit_callbacks(execute=True):
        _publish_year(world, committee_staff, 2019)
        services.year_close(
            congress=world.city_congress, year=2019, actor=committee_staff
        )
        _publish_year(world, committee_staff, 2020)
        _publish_year(world, committee_staff, 2020)  # again: still one alert

    alert = DutyAlert.objects.get()
    assert alert.deputy == world.deputy_city_b
    assert alert.kind == AlertKind.LOW_SCORE
    assert alert.year == 2020
    assert "2019年40.0分、2020年40.0分" in alert.detail
    notice = Notification.objects.get(recipient=committee_staff, kind="DUTY_ALERT")
    assert world.deputy_city_b.name in notice.title
    mandate = Mandate.objects.get(deputy=world.deputy_city_b)
    assert mandate.end_date is None
    assert mandate.end_reason == ""

    handled = services.alert_handle(
        alert=alert, note="已约谈代表", actor=committee_staff
    )
    assert handled.status == "HANDLED"
    with pytest.raises(Conflict):
        services.alert_handle(alert=alert, note="再次", actor=committee_staff)


def test_one_low_year_raises_nothing(world, committee_staff):
    _publish_year(world, committee_staff, 2020)

    assert not DutyAlert.objects.exists()


# The quarterly job --------------------------------------------------------------------------


def test_the_quarterly_job_publishes_the_previous_quarter_once(world, committee_staff):
    services.rules_in_force(world.city_congress, 2020)  # the city scores its deputies
    active_year(world.city_congress, world.deputy_city_a, 2020)

    call_command("duty_publish_quarter", "--date", "2020-04-03")
    first = DutyScore.objects.get(deputy=world.deputy_city_a, year=2020, period="Q1")
    records(
        world.city_congress, world.deputy_city_a, "SUGGESTION_LED", dt.date(2020, 3, 2)
    )
    call_command("duty_publish_quarter", "--date", "2020-04-04")
    call_command("duty_publish_quarter", "--date", "2020-05-20")  # past the first days

    again = DutyScore.objects.get(deputy=world.deputy_city_a, year=2020, period="Q1")
    assert again.total == first.total == Decimal("46.0")
    assert not DutyScore.objects.filter(period="Q2").exists()
    assert not DutyScore.objects.filter(congress=world.xian_congress).exists()

    call_command("duty_publish_quarter", "--date", "2021-01-02")
    assert DutyScore.objects.filter(year=2020, period="Q4").count() == 2
    assert (
        ScoreYear.objects.get(congress=world.city_congress, year=2020).status == "OPEN"
    )


def test_the_quarterly_job_skips_a_published_year(world, committee_staff):
    services.rules_in_force(world.city_congress, 2020)
    _publish_year(world, committee_staff, 2020)

    call_command("duty_publish_quarter", "--date", "2021-01-02")

    assert not DutyScore.objects.filter(period=ScorePeriod.Q4).exists()
    assert ScoringRules.objects.count() == 1
    assert ScoreCorrection.objects.count() == 0


def test_closing_a_year_after_the_next_is_published_still_raises_the_alert(
    world, committee_staff
):
    active_year(world.city_congress, world.deputy_city_a, 2019)
    active_year(world.city_congress, world.deputy_city_a, 2020)
    _publish_year(world, committee_staff, 2019)
    _publish_year(world, committee_staff, 2020)
    assert not DutyAlert.objects.exists()  # 2019 not final yet

    services.year_close(congress=world.city_congress, year=2019, actor=committee_staff)

    alert = DutyAlert.objects.get()
    assert (alert.deputy, alert.year) == (world.deputy_city_b, 2020)
