"""票决评议 of handling units: one graded vote per unit, graded by the rules copied
at creation, published to the units, exported for the performance assessment."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from renda.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    PermissionDenied,
)
from renda.meetings import services
from renda.meetings.choices import (
    EvaluationGrade,
    EvaluationStatus,
    Grade,
    VoteKind,
    VoteMode,
    VoteStatus,
)
from renda.meetings.exports import FIRST_DATA_ROW, evaluation_rows, evaluation_xlsx
from renda.meetings.models import EvaluationEntry, Vote, VoteEvaluation
from renda.meetings.services import evaluations
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.units.tests.factories import HandlingUnitFactory

from .factories import PASSWORD, add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world, committee_staff):
    committee = standing_committee_of(world)
    members = add_members(committee, 10)
    held = meeting(committee, actor=committee_staff)
    sign_in(held, members, actor=committee_staff)
    services.meeting_open(meeting=held, actor=committee_staff)
    held.members_list = members
    return held


def create(session, staff, units, **extra):
    return evaluations.evaluation_create(
        meeting=session,
        year=2025,
        title="2025年度代表建议办理工作票决评议",
        units=units,
        actor=staff,
        **extra,
    )


def tally(vote, staff, satisfied, basic, unsatisfied):
    services.vote_tally_enter(
        vote=vote,
        counts={
            Grade.SATISFIED: satisfied,
            Grade.BASICALLY_SATISFIED: basic,
            Grade.UNSATISFIED: unsatisfied,
        },
        present=10,
        tellers=("计票人甲", "监票人乙"),
        actor=staff,
    )


def test_one_graded_vote_per_unit_opened_at_start(world, session, committee_staff):
    evaluation = create(session, committee_staff, [world.unit_city, world.unit_xian])
    assert evaluation.entries.count() == 2
    assert evaluation.grading_rules == {
        "fail_on_unsatisfied_item": True,
        "fail_answer_months": 6,
        "excellent_share": 0.8,
    }
    evaluations.evaluation_start(
        evaluation=evaluation, mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.VOTING
    votes = Vote.objects.filter(evaluation_entry__evaluation=evaluation)
    assert votes.count() == 2
    assert set(votes.values_list("kind", "status")) == {
        (VoteKind.EVALUATION, VoteStatus.OPEN)
    }
    # Members vote with grades on their phones; decide waits for every vote.
    first = votes.order_by("position").first()
    for member in session.members_list[:9]:
        services.vote_cast(
            vote=first, user=member.user, choice=Grade.SATISFIED, password=PASSWORD
        )
    services.vote_close(vote=first, actor=committee_staff)
    with pytest.raises(Conflict) as refused:
        evaluations.evaluation_decide(evaluation=evaluation, actor=committee_staff)
    assert "表决尚未结束" in refused.value.message
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.VOTING
    assert set(evaluation.entries.values_list("grade", flat=True)) == {""}
    services.vote_close(vote=votes.order_by("position").last(), actor=committee_staff)
    evaluations.evaluation_decide(evaluation=evaluation, actor=committee_staff)
    grades = dict(
        EvaluationEntry.objects.filter(evaluation=evaluation).values_list(
            "handling_unit", "grade"
        )
    )
    assert grades == {
        world.unit_city.pk: EvaluationGrade.EXCELLENT,  # 9 of 10 > 80%
        world.unit_xian.pk: EvaluationGrade.FAIL,  # nobody voted: 不满意
    }


def grade_with(world, session, staff, counts, figures=None):
    evaluation = create(session, staff, [world.unit_city])
    if figures is not None:
        EvaluationEntry.objects.filter(evaluation=evaluation).update(figures=figures)
    evaluations.evaluation_start(
        evaluation=evaluation, mode=VoteMode.TALLY, actor=staff
    )
    entry = evaluation.entries.get()
    if figures is not None:
        EvaluationEntry.objects.filter(pk=entry.pk).update(figures=figures)
    tally(entry.vote, staff, *counts)
    evaluations.evaluation_decide(evaluation=evaluation, actor=staff)
    return evaluation.entries.get()


def test_excellent_when_satisfied_alone_exceeds_the_share(
    world, session, committee_staff
):
    entry = grade_with(world, session, committee_staff, (9, 1, 0))
    assert entry.grade == EvaluationGrade.EXCELLENT
    assert "超过全体组成人员10人的80%" in entry.grade_reasons[0]


def test_exactly_the_share_is_only_a_pass(world, session, committee_staff):
    entry = grade_with(world, session, committee_staff, (8, 2, 0))
    assert entry.grade == EvaluationGrade.PASS


def test_an_unsatisfied_vote_fails(world, session, committee_staff):
    entry = grade_with(
        world, session, committee_staff, (3, 2, 5)
    )  # 5 of 10 is not > half
    assert entry.grade == EvaluationGrade.FAIL
    assert "常委会表决结果为不满意" in entry.grade_reasons[0]


def test_an_item_rated_unsatisfied_or_answered_late_fails(
    world, session, committee_staff
):
    figures = {"items_unsatisfied": 1, "late_by_months": {"6": 2, "3": 4}}
    entry = grade_with(world, session, committee_staff, (10, 0, 0), figures)
    assert entry.grade == EvaluationGrade.FAIL
    assert entry.grade_reasons == [
        "有1件建议被代表评为不满意",
        "有2件建议在交办6个月后才答复或仍未答复",
    ]


@override_settings(
    RENDA_MEETING_RULES={
        "default": {
            "evaluation_fail_on_unsatisfied_item": False,
            "evaluation_fail_answer_months": 3,
            "evaluation_excellent_share": 0.5,
        }
    }
)
def test_the_grading_rules_are_per_congress_settings(world, session, committee_staff):
    figures = {"items_unsatisfied": 1, "late_by_months": {"6": 0, "3": 1}}
    entry = grade_with(world, session, committee_staff, (6, 4, 0), figures)
    assert entry.grade == EvaluationGrade.FAIL
    assert entry.grade_reasons == ["有1件建议在交办3个月后才答复或仍未答复"]
    evaluation = entry.evaluation
    assert evaluation.grading_rules["excellent_share"] == 0.5


def test_rules_are_copied_at_creation(world, session, committee_staff):
    evaluation = create(session, committee_staff, [world.unit_city])
    with override_settings(
        RENDA_MEETING_RULES={"default": {"evaluation_excellent_share": 0.5}}
    ):
        evaluations.evaluation_start(
            evaluation=evaluation, mode=VoteMode.TALLY, actor=committee_staff
        )
        entry = evaluation.entries.get()
        tally(entry.vote, committee_staff, 6, 4, 0)
        evaluations.evaluation_decide(evaluation=evaluation, actor=committee_staff)
    entry.refresh_from_db()
    assert entry.grade == EvaluationGrade.PASS  # 6 of 10 is not above 80%


def test_publish_tells_each_units_staff(
    world, session, committee_staff, unit_staff, django_capture_on_commit_callbacks
):
    entry = grade_with(world, session, committee_staff, (9, 1, 0))
    evaluation = entry.evaluation
    with django_capture_on_commit_callbacks(execute=True):
        evaluations.evaluation_publish(evaluation=evaluation, actor=committee_staff)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED
    assert evaluation.published_at is not None
    notice = Notification.objects.get(
        recipient=unit_staff, kind=NotificationKind.EVALUATION_RESULT
    )
    assert "优秀" in notice.body
    with pytest.raises(InvalidTransition):
        evaluations.evaluation_publish(evaluation=evaluation, actor=committee_staff)


def test_the_export_opens_and_matches(world, session, committee_staff):
    entry = grade_with(world, session, committee_staff, (9, 1, 0))
    evaluation = entry.evaluation
    world.unit_city.name = '=HYPERLINK("x")局'
    world.unit_city.save()
    book = load_workbook(io.BytesIO(evaluation_xlsx(evaluation)))
    sheet = book.active
    rows = [
        [cell.value for cell in row] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW)
    ]
    assert rows == evaluation_rows(evaluation)
    assert rows[0][1] == '=HYPERLINK("x")局'
    assert sheet.cell(FIRST_DATA_ROW, 2).data_type == "s"
    assert rows[0][9:15] == [9, 1, 0, 0, "满意", "优秀"]


def test_refusals_change_nothing(world, session, committee_staff, deputy, unit_staff):
    for actor in (deputy, unit_staff):
        with pytest.raises(PermissionDenied):
            create(session, actor, [world.unit_city])
    with pytest.raises(ApplicationError) as bad:
        create(session, committee_staff, [])
    assert bad.value.field == "units"
    inactive = HandlingUnitFactory(is_active=False)
    with pytest.raises(ApplicationError):
        create(session, committee_staff, [inactive])
    with pytest.raises(ApplicationError):
        evaluations.evaluation_create(
            meeting=session,
            year="2025",
            title="x",
            units=[world.unit_city],
            actor=committee_staff,
        )
    assert VoteEvaluation.objects.count() == 0
    evaluation = create(session, committee_staff, [world.unit_city])
    with pytest.raises(InvalidTransition):
        evaluations.evaluation_decide(evaluation=evaluation, actor=committee_staff)
    with pytest.raises(ApplicationError):
        evaluations.evaluation_start(
            evaluation=evaluation, mode="X", actor=committee_staff
        )
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT
    assert Vote.objects.count() == 0
