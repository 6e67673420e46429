"""Reports to voters: planning, editing, holding, cancelling and the ratings."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.duty.choices import DutyEventKind, Rating, RatingDimension, ReportStatus
from renda.duty.models import DutyEvent, DutyReport, VoterRating
from renda.duty.selectors.reports import deputy_reports_summary, rating_summary
from renda.duty.services import reports as services
from renda.duty.tests.factories_reports import ALL_SATISFIED, mandate_of, plan, rate
from renda.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _refused(error, field):
    assert error.value.field == field, error.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.value.message)


def test_staff_plan_a_report_with_a_token_and_an_event(world, committee_staff):
    report = plan(world, committee_staff)
    assert report.status == ReportStatus.PLANNED
    assert report.congress == world.city_congress
    assert len(report.token) >= 16
    assert (
        DutyEvent.objects.filter(
            kind=DutyEventKind.REPORT, deputy=report.deputy
        ).count()
        == 1
    )


def test_the_deputy_plans_their_own_report(world, deputy):
    report = plan(world, deputy)
    assert report.created_by == deputy


def test_another_deputy_or_district_staff_may_not_plan(
    world, deputy, district_staff, leader
):
    for actor in (district_staff, leader):
        with pytest.raises(PermissionDenied):
            plan(world, actor)
    with pytest.raises(PermissionDenied):
        plan(world, deputy, deputy=world.deputy_city_b)
    assert not DutyReport.objects.exists()


def test_too_few_voters_expected_is_refused(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        plan(world, committee_staff, expected_audience=49)
    _refused(error, "expected_audience")
    assert "50" in error.value.message


@override_settings(RENDA_DUTY_REPORT_MIN_AUDIENCE=10)
def test_the_minimum_audience_is_a_setting(world, committee_staff):
    assert plan(world, committee_staff, expected_audience=10).pk


def test_the_mandate_must_be_the_deputys_and_active(world, committee_staff):
    other = mandate_of(world.deputy_city_b, world.city_congress)
    with pytest.raises(ApplicationError) as error:
        services.report_plan(
            deputy=world.deputy_city_a,
            mandate=other,
            date=timezone.localdate(),
            start_time=dt.time(9),
            place="礼堂",
            expected_audience=60,
            year=2026,
            actor=committee_staff,
        )
    _refused(error, "mandate")
    mandate = mandate_of(world.deputy_city_a, world.city_congress)
    mandate.end_date = dt.date(2020, 1, 1)
    mandate.end_reason = "辞职"
    mandate.save()
    with pytest.raises(ApplicationError) as error:
        plan(world, committee_staff)
    _refused(error, "mandate")


def test_the_electoral_unit_must_be_the_mandates(world, committee_staff):
    from renda.congresses.models import ElectoralUnit

    unit = ElectoralUnit.objects.create(
        term=world.city_term, name="龙山区", electing_congress=world.longshan_congress
    )
    with pytest.raises(ApplicationError) as error:
        plan(world, committee_staff, electoral_unit=unit)
    _refused(error, "electoral_unit")
    mandate = mandate_of(world.deputy_city_a, world.city_congress)
    mandate.electoral_unit = unit
    mandate.delegation = None
    mandate.save()
    report = plan(world, committee_staff)
    assert report.electoral_unit == unit


def test_bad_place_and_year_are_refused(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        plan(world, committee_staff, place="  ")
    _refused(error, "place")
    with pytest.raises(ApplicationError) as error:
        plan(world, committee_staff, year=timezone.localdate().year + 1)
    _refused(error, "year")


def test_edit_hold_cancel(world, committee_staff, deputy, leader):
    report = plan(world, committee_staff)
    services.report_edit(report=report, place="南康街道礼堂", actor=deputy)
    report.refresh_from_db()
    assert report.place == "南康街道礼堂"
    with pytest.raises(PermissionDenied):
        services.report_hold(report=report, audience=70, summary="述职", actor=leader)
    with pytest.raises(ApplicationError) as error:
        services.report_hold(report=report, audience=0, summary="述职", actor=deputy)
    _refused(error, "audience")
    with pytest.raises(ApplicationError) as error:
        services.report_hold(report=report, audience=70, summary="", actor=deputy)
    _refused(error, "summary")
    services.report_hold(
        report=report, audience=70, summary="报告了一年的履职", actor=deputy
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.HELD
    assert report.audience == 70
    with pytest.raises(InvalidTransition):
        services.report_cancel(report=report, reason="改期", actor=committee_staff)
    with pytest.raises(InvalidTransition):
        services.report_edit(report=report, place="别处", actor=committee_staff)


def test_a_future_report_cannot_be_registered_as_held(world, committee_staff):
    report = plan(
        world, committee_staff, date=timezone.localdate() + dt.timedelta(days=5)
    )
    with pytest.raises(ApplicationError) as error:
        services.report_hold(
            report=report, audience=70, summary="述职", actor=committee_staff
        )
    _refused(error, "date")


def test_cancel_needs_a_reason(world, committee_staff):
    report = plan(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.report_cancel(report=report, reason="", actor=committee_staff)
    _refused(error, "reason")
    services.report_cancel(report=report, reason="天气原因", actor=committee_staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.CANCELLED


def test_the_deputy_is_told_when_held_with_the_ratings_so_far(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    report = plan(world, committee_staff)
    rate(report, "a")
    rate(
        report,
        "b",
        ratings={**ALL_SATISFIED, RatingDimension.OVERALL: Rating.DISSATISFIED},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_hold(
            report=report, audience=70, summary="述职", actor=committee_staff
        )
    notice = Notification.objects.get(recipient=deputy)
    assert "2位选民" in notice.body
    assert "不满意1票" in notice.body


def test_a_rating_is_kept_with_its_overall_and_hashed_device(world, committee_staff):
    report = plan(world, committee_staff)
    rating = rate(report, "my-phone", comment="希望多来社区")
    assert rating.overall == Rating.SATISFIED
    assert "my-phone" not in rating.device_hash
    assert rating.device_hash == services.device_hash_for("my-phone")
    assert "10.0.0.1" not in rating.client_hash


def test_one_answer_per_phone(world, committee_staff):
    report = plan(world, committee_staff)
    rate(report, "same")
    with pytest.raises(services.RatingRepeated) as error:
        rate(report, "same", ip="10.9.9.9")
    assert "每部手机只能评议一次" in error.value.message
    assert VoterRating.objects.count() == 1
    rate(report, "other")
    assert VoterRating.objects.count() == 2


def test_every_dimension_must_be_rated_with_a_valid_choice(world, committee_staff):
    report = plan(world, committee_staff)
    missing = {**ALL_SATISFIED}
    del missing[RatingDimension.CONDUCT]
    with pytest.raises(ApplicationError) as error:
        rate(report, ratings=missing)
    _refused(error, "ratings.CONDUCT")
    assert "作风形象" in error.value.message
    with pytest.raises(ApplicationError) as error:
        rate(report, ratings={**ALL_SATISFIED, RatingDimension.DUTY: "GREAT"})
    _refused(error, "ratings.DUTY")
    with pytest.raises(ApplicationError) as error:
        rate(report, comment="长" * 501)
    _refused(error, "comment")
    with pytest.raises(ApplicationError) as error:
        rate(report, device_id="")
    _refused(error, "device_id")
    assert not VoterRating.objects.exists()


def test_the_window_runs_from_the_day_to_the_window_days_after(world, committee_staff):
    day = timezone.localdate()
    report = plan(world, committee_staff, date=day)
    tz = timezone.get_current_timezone()

    def at(date):
        return dt.datetime.combine(date, dt.time(12)).replace(tzinfo=tz)

    with pytest.raises(services.RatingClosed) as error:
        rate(report, "early", now=at(day - dt.timedelta(days=1)))
    assert "还没有开始" in error.value.message
    rate(report, "first", now=at(day))
    rate(report, "last", now=at(day + dt.timedelta(days=3)))
    with pytest.raises(services.RatingClosed) as error:
        rate(report, "late", now=at(day + dt.timedelta(days=4)))
    assert "已于" in error.value.message
    with override_settings(RENDA_DUTY_RATING_WINDOW_DAYS=5):
        rate(report, "late", now=at(day + dt.timedelta(days=4)))


def test_a_cancelled_report_is_not_rated(world, committee_staff):
    report = plan(world, committee_staff)
    services.report_cancel(report=report, reason="改期", actor=committee_staff)
    with pytest.raises(services.RatingClosed) as error:
        rate(report)
    assert "取消" in error.value.message


@override_settings(RENDA_DUTY_RATING_MAX_PER_HOUR=2)
def test_the_rate_limit_per_client_address(world, committee_staff):
    report = plan(world, committee_staff)
    rate(report, "a", ip="10.1.1.1")
    rate(report, "b", ip="10.1.1.1")
    with pytest.raises(services.RatingRateLimited):
        rate(report, "c", ip="10.1.1.1")
    rate(report, "c", ip="10.1.1.2")
    assert VoterRating.objects.count() == 3


def test_the_summary_counts_shares_and_the_satisfaction_rate(world, committee_staff):
    report = plan(world, committee_staff)
    rate(report, "a")
    rate(
        report,
        "b",
        ratings={**ALL_SATISFIED, RatingDimension.OVERALL: Rating.BASICALLY},
    )
    rate(
        report,
        "c",
        ratings={**ALL_SATISFIED, RatingDimension.OVERALL: Rating.DISSATISFIED},
    )
    rate(
        report,
        "d",
        ratings={**ALL_SATISFIED, RatingDimension.OVERALL: Rating.DISSATISFIED},
    )
    summary = rating_summary(report)
    assert summary.total == 4
    overall = summary.overall
    assert [(s.value, s.count, s.percent) for s in overall.shares] == [
        ("SATISFIED", 1, 25.0),
        ("BASICALLY", 1, 25.0),
        ("DISSATISFIED", 2, 50.0),
    ]
    assert summary.satisfaction == 50.0
    contact = next(d for d in summary.dimensions if d.dimension == "CONTACT")
    assert contact.satisfaction == 100.0
    (row,) = deputy_reports_summary(
        deputy=world.deputy_city_a, congress=world.city_congress, year=report.year
    )
    assert row.report == report
    assert row.summary.total == 4
