"""Issue 11's test: one deputy's year built through the real services of every
app; the archive lists each record exactly once and the score is the rules' sum;
changing the rules for the next year leaves this year's score unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from renda.duty import rules
from renda.duty.archive import deputy_archive
from renda.duty.choices import (
    ArchiveKind,
    CheckInMethod,
    ScorePeriod,
    TrainingKind,
    TrainingTarget,
)
from renda.duty.models import DutyScore
from renda.duty.services.scores import (
    rules_in_force,
    rules_save,
    scores_compute,
    scores_publish,
)
from renda.duty.services.training import (
    enrollment_add,
    enrollment_check_in,
    training_create,
)
from renda.duty.tests.factories_archive import (
    YEAR,
    contact_logged,
    inspection_joined,
    meeting_observed,
    moment,
    reception_day_held,
    suggestion_led,
)

K = ArchiveKind


def training_attended(world, staff, deputy):
    training = training_create(
        congress=world.city_congress,
        kind=TrainingKind.COURSE,
        title="新任代表履职培训班",
        starts_on=dt.date(YEAR, 7, 1),
        ends_on=dt.date(YEAR, 7, 2),
        hours=Decimal("8"),
        target=TrainingTarget.ALL_DEPUTIES,
        actor=staff,
        place="市人大常委会机关会议室",
    )
    enrollment_add(training=training, deputies=[deputy], actor=staff)
    enrollment_check_in(
        training=training,
        deputy=deputy,
        method=CheckInMethod.STAFF,
        actor=staff,
        now=moment(7, 1),
    )
    return training


def test_a_deputys_year_is_listed_once_each_and_scored_by_the_rules(
    world, committee_staff, deputy
):
    person = world.deputy_city_a
    suggestion = suggestion_led(world, deputy)
    day = reception_day_held(world, committee_staff, person)
    log = contact_logged(world, committee_staff, person)
    meeting = meeting_observed(world, committee_staff, person)
    participant = inspection_joined(world, committee_staff, person)
    training = training_attended(world, committee_staff, person)

    archive = deputy_archive(deputy=person, congress=world.city_congress, year=YEAR)

    keys = [entry.key for entry in archive.entries]
    assert len(keys) == len(set(keys))
    by_kind = {}
    for entry in archive.entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    assert {k: len(v) for k, v in by_kind.items()} == {
        K.SUGGESTION_LED: 1,
        K.RECEPTION_DAY: 1,
        K.CONTACT: 1,
        K.MEETING_OBSERVED: 1,
        K.SUPERVISION: 1,
        K.TRAINING: 1,
    }
    assert (
        by_kind[K.SUGGESTION_LED][0].source == f"suggestions.suggestion:{suggestion.pk}"
    )
    assert by_kind[K.RECEPTION_DAY][0].source == f"receptions.receptionday:{day.pk}"
    assert by_kind[K.CONTACT][0].source == f"liaison.contactlog:{log.pk}"
    assert by_kind[K.MEETING_OBSERVED][0].title == str(meeting)
    assert (
        by_kind[K.SUPERVISION][0].source == f"supervision.participant:{participant.pk}"
    )
    assert by_kind[K.TRAINING][0].title == training.title
    assert not archive.pending

    data = rules.validate_rules(rules.default_rules())
    result = rules.score_from_counts(archive.counts(), data, archive.adjustment())
    # base 40 + led 3 + reception day 2 + contact 1 + observed 3 + inspection 3
    # + training 2
    assert result.total == Decimal("54.0")
    assert result.total == Decimal(40 + 3 + 2 + 1 + 3 + 3 + 2)

    # Published as the year's score, then the rules change for the next year:
    # this year's score (its snapshot and a fresh computation) stays the same.
    city = world.city_congress
    scores_publish(
        congress=city,
        year=YEAR,
        period=ScorePeriod.YEAR,
        actor=committee_staff,
        now=moment(1, 10, year=YEAR + 1),
    )
    published = DutyScore.objects.get(
        congress=city, deputy=person, year=YEAR, period=ScorePeriod.YEAR
    )
    assert published.total == Decimal("54.0")
    richer = rules.default_rules()
    richer["items"]["SUGGESTION_LED"] = {"points": 10, "cap": 30}
    richer["base"] = 50
    rules_save(
        congress=city,
        data=richer,
        effective_year=YEAR + 1,
        title="履职量化考核办法（修订）",
        actor=committee_staff,
    )
    again = scores_compute(
        congress=city, year=YEAR, period=ScorePeriod.YEAR, deputy_ids=[person.pk]
    )[person.pk]
    published.refresh_from_db()
    assert again.total == published.total == Decimal("54.0")
    next_year = rules_in_force(city, YEAR + 1)
    assert next_year.data["items"]["SUGGESTION_LED"]["points"] == 10
