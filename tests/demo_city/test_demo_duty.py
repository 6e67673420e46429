"""The demo's deputies' duty (renda/demo/duty.py), built with the whole demo city
once for this module: every city deputy's 2020 archive and score, the planted
cases on the staff board, the training (330 person-times of induction, the
人大讲坛, the study trips), the reports to voters, and the stories and donations
that reproduce the source's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.accounts.models import User
from renda.congresses.choices import Level
from renda.congresses.models import Congress
from renda.duty.archive import archives_for
from renda.duty.choices import (
    AlertKind,
    CorrectionStatus,
    Rating,
    RecordStatus,
    ReportStatus,
    StoryStatus,
    TrainingKind,
    YearStatus,
)
from renda.duty.models import (
    DutyAlert,
    DutyRecord,
    DutyReport,
    DutyScore,
    DutyStory,
    ScoreCorrection,
    ScoreYear,
    ScoringRules,
    SessionAttendance,
    Training,
    VoterRating,
)
from renda.duty.selectors import stories as sel
from renda.duty.selectors.archive import ArchiveFilters, board_deputies
from renda.duty.selectors.reports import rating_summary
from renda.duty.selectors.training import training_stats
from renda.duty.services.reports import rating_open
from renda.duty.services.scores import mandated_deputy_ids

# archive ---------------------------------------------------------------


def test_every_city_deputy_has_a_2020_archive_with_entries(demo, db):
    city = Congress.objects.get(name="辽源市人民代表大会")
    deputies = list(board_deputies(city, 2020, ArchiveFilters()))

    archives = archives_for(
        congress=city, year=2020, deputy_ids=[d.pk for d in deputies]
    )

    assert len(deputies) > 200
    assert all(archives[d.pk].entries for d in deputies)


def test_the_planted_absences_raised_one_alert_and_records_show_each_state(demo, db):
    [alert] = DutyAlert.objects.filter(kind=AlertKind.SESSION_ABSENCES)

    assert (
        SessionAttendance.objects.filter(deputy=alert.deputy, status="ABSENT").count()
        == 2
    )
    assert set(DutyRecord.objects.values_list("status", flat=True)) == {
        RecordStatus.CONFIRMED,
        RecordStatus.PENDING,
        RecordStatus.REJECTED,
    }


# training --------------------------------------------------------------


@pytest.fixture
def stats(demo, db):
    staff = User.objects.get(username="staff")
    city = Congress.objects.get(name="辽源市人民代表大会")
    return {year: training_stats(staff, city, year) for year in (2019, 2020)}


def _kind(stats, kind):
    return next(k for k in stats.by_kind if k.kind == kind)


def test_the_induction_training_counts_330_person_times(stats):
    induction = Training.objects.filter(title__contains="新任代表上岗培训")
    assert induction.count() == 2
    assert {t.starts_on.year for t in induction} == {2019}
    course = _kind(stats[2019], TrainingKind.COURSE)
    assert course.trainings == 2
    assert course.person_times == 330


def test_the_lectures_and_the_study_trips(stats):
    lectures = [_kind(s, TrainingKind.LECTURE) for s in stats.values()]
    assert sum(k.trainings for k in lectures) >= 20
    speakers = set(
        Training.objects.filter(kind=TrainingKind.LECTURE).values_list(
            "speaker", flat=True
        )
    )
    assert len(speakers) >= 20
    for training in Training.objects.filter(kind=TrainingKind.LECTURE):
        assert (
            20 <= training.enrollments.filter(attended_at__isnull=False).count() <= 60
        )
    assert sum(s.trip_deputies for s in stats.values()) >= 100
    assert stats[2020].total.deputies == 269


def test_the_demo_deputy_may_check_in_today(demo, client):
    deputy = User.objects.get(username="deputy")
    today = timezone.localdate()
    training = Training.objects.get(starts_on=today)
    assert training.enrollments.filter(deputy__user=deputy).exists()
    client.force_login(deputy)
    url = reverse("duty:training_checkin", args=[training.pk, training.checkin_token])
    assert client.post(url).status_code == 302
    assert "已签到" in client.get(url).content.decode()


# reports ---------------------------------------------------------------


@pytest.mark.django_db
def test_about_thirty_city_deputies_reported_in_2020_and_voters_rated(demo):
    held = DutyReport.objects.filter(year=2020, status=ReportStatus.HELD)
    assert held.count() == 30
    assert all(50 <= r.expected_audience <= 120 for r in held)
    assert all(r.electoral_unit_id for r in held)
    overall = list(VoterRating.objects.values_list("overall", flat=True))
    satisfied = overall.count(Rating.SATISFIED)
    assert satisfied > len(overall) / 2
    assert 0 < overall.count(Rating.DISSATISFIED) < satisfied
    assert (
        VoterRating.objects.filter(overall=Rating.DISSATISFIED)
        .exclude(comment="")
        .exists()
    )
    report = held.first()
    assert rating_summary(report).total == report.ratings.count()


@pytest.mark.django_db
def test_the_demo_deputy_has_a_planned_report_open_for_rating_today(demo):
    report = DutyReport.objects.get(
        deputy__user__username="deputy", status=ReportStatus.PLANNED
    )
    assert report.date == timezone.localdate()
    assert rating_open(report)


# stories ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_donations_total_the_sources_figures_from_every_level(demo):
    admin = User.objects.get(username="admin")
    summary = sel.donation_summary(admin)
    assert summary.totals.money == Decimal("6444000.00")
    assert summary.totals.goods == Decimal("4338000.00")
    assert 0 < summary.totals.donors <= 432
    assert {label for label, _ in summary.by_level} == {
        label for _, label in Level.choices
    }
    dates = sel.donation_list(admin).values_list("date", flat=True)
    assert min(dates).isoformat() >= "2020-01-01"
    assert max(dates).isoformat() <= "2020-04-30"
    # The city's staff see the city's share alone.
    staff = User.objects.get(username="staff")
    city = sel.donation_summary(staff).totals
    assert Decimal(0) < city.money < summary.totals.money


@pytest.mark.django_db
def test_fifty_stories_of_deputies_of_several_levels_are_published(demo):
    published = DutyStory.objects.filter(status=StoryStatus.PUBLISHED)
    assert published.count() == 50
    assert sel.public_stories().count() == 50
    assert len(set(published.values_list("congress__level", flat=True))) >= 4
    assert all(s.happened_on.year == 2020 for s in published)


# scores ----------------------------------------------------------------


@pytest.fixture
def city(demo, db):
    return Congress.objects.get(name="辽源市人民代表大会")


def test_every_city_deputy_has_a_2020_score_and_2019_is_final(city):
    deputies = set(mandated_deputy_ids(city, 2020))
    scored = set(
        DutyScore.objects.filter(congress=city, year=2020, period="YEAR").values_list(
            "deputy_id", flat=True
        )
    )
    assert deputies
    assert scored == deputies
    for period in ("Q1", "Q2", "Q3", "Q4"):
        assert DutyScore.objects.filter(
            congress=city, year=2020, period=period
        ).count() == len(deputies)
    years = dict(ScoreYear.objects.filter(congress=city).values_list("year", "status"))
    assert years == {2019: YearStatus.CLOSED, 2020: YearStatus.PUBLISHED}
    assert not DutyScore.objects.filter(
        congress=city, year=2019, period="YEAR", final=False
    ).exists()
    assert list(
        ScoringRules.objects.filter(congress=city)
        .order_by("version")
        .values_list("version", "effective_year")
    ) == [(1, 2019), (2, 2021)]


def test_the_planted_cases_show_on_the_board(client, city):
    alerts = DutyAlert.objects.filter(congress=city, kind=AlertKind.LOW_SCORE)
    # The planted case: the deputies with the fewest activities (usually one).
    assert 1 <= alerts.count() <= 3
    for alert in alerts:
        assert "2019年" in alert.detail
        assert "2020年" in alert.detail
    statuses = sorted(
        ScoreCorrection.objects.filter(score__congress=city).values_list(
            "status", flat=True
        )
    )
    assert statuses == sorted([CorrectionStatus.ACCEPTED, CorrectionStatus.PENDING])
    client.force_login(User.objects.get(username="staff"))

    page = client.get(
        reverse("duty:board"), {"congress": city.pk, "year": 2020, "period": "YEAR"}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert alerts.first().deputy.name in html
    assert "更正申请（待处理 1）" in html
