"""The demo's training of the city congress, read back through training_stats:
330 person-times of induction training, 20+ lectures of the 人大讲坛, 100+
deputies on study trips, and a course running today for the demo deputy."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from renda.accounts.models import User
from renda.congresses.models import Congress
from renda.demo.builder import demo_build
from renda.demo.plan import DEFAULT_SEED
from renda.duty.choices import TrainingKind
from renda.duty.models import Training
from renda.duty.selectors.training import training_stats


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = demo_build(seed=DEFAULT_SEED)
        yield summary
        transaction.set_rollback(True)


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
