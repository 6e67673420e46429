import datetime as dt

import pytest
from django.test import override_settings

from renda.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    PermissionDenied,
)
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.notifications.models import Notification
from renda.supervision.choices import (
    ItemStatus,
    OpinionStatus,
    PointStatus,
    SupervisionKind,
    TestResult,
    TestSubject,
    UnsatisfiedAction,
)
from renda.supervision.models import ItemEvent, SatisfactionTest
from renda.supervision.selectors.followup import (
    OpinionFilters,
    board_for_item,
    board_for_unit,
    get_opinion_for_user,
    opinion_detail,
    opinion_list,
)
from renda.supervision.services import followup as services
from renda.supervision.services import satisfaction

from .factories_followup import (
    SENT_ON,
    approve,
    draft_opinion,
    heard_item,
    open_point,
    reported_opinion,
    sent_opinion,
)

pytestmark = pytest.mark.django_db


def test_opinions_wait_for_the_hearing_and_one_per_body(world, committee_staff):
    from renda.supervision.services.items import item_create

    planned = item_create(
        congress=world.city_congress,
        year=2024,
        kind=SupervisionKind.WORK_REPORT,
        title="报告",
        actor=committee_staff,
    )
    with pytest.raises(Conflict):
        services.opinion_create(
            item=planned,
            unit_id=world.unit_city.pk,
            text="意见",
            compiled_on=dt.date(2024, 6, 28),
            actor=committee_staff,
        )
    opinion = draft_opinion(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        draft_opinion(world, committee_staff, item=opinion.item)
    assert error.value.field == "unit"


def test_late_compilation_is_flagged_against_five_working_days(world, committee_staff):
    # Heard Tue 2024-06-25: five working days end Tue 2024-07-02.
    item = heard_item(world, committee_staff)
    on_time = draft_opinion(
        world, committee_staff, item, compiled_on=dt.date(2024, 7, 2)
    )
    late = draft_opinion(
        world,
        committee_staff,
        item,
        unit=world.unit_xian,
        compiled_on=dt.date(2024, 7, 3),
    )
    assert not services.compiled_late(on_time)
    assert services.compiled_late(late)
    detail = opinion_detail(committee_staff, late.pk)
    assert detail.compile_due == dt.date(2024, 7, 2)
    assert detail.compiled_late


def test_send_fixes_the_due_date_on_the_legal_calendar_and_moves_the_item(
    world, committee_staff, unit_staff, django_capture_on_commit_callbacks
):
    opinion = draft_opinion(world, committee_staff)
    approve(opinion, committee_staff)
    with django_capture_on_commit_callbacks(execute=True):
        opinion = services.opinion_send(
            opinion=opinion, sent_on=SENT_ON, actor=committee_staff
        )
    # 3 months after 2024-07-01 is 2024-10-01, the National Day holiday
    # (10-01..10-07): the period ends on the first working day after it.
    assert opinion.report_due == dt.date(2024, 10, 8)
    assert opinion.report_due_provisional is False
    assert opinion.status == OpinionStatus.SENT
    opinion.item.refresh_from_db()
    assert opinion.item.status == ItemStatus.FOLLOWING_UP
    assert Notification.objects.filter(recipient=unit_staff).count() == 1


def test_a_year_unknown_to_the_calendar_gives_a_provisional_due_date(
    world, committee_staff
):
    item = heard_item(world, committee_staff, done_on=dt.date(2026, 11, 2))
    opinion = sent_opinion(world, committee_staff, item, sent_on=dt.date(2026, 11, 10))
    # 2027-02-10 lies in a year the holiday calendar does not know.
    assert opinion.report_due == dt.date(2027, 2, 10)
    assert opinion.report_due_provisional is True


def test_send_rolls_back_without_a_notice(
    world, committee_staff, unit_staff, django_capture_on_commit_callbacks
):
    from django.db import transaction

    opinion = draft_opinion(world, committee_staff)
    approve(opinion, committee_staff)

    def send_then_fail():
        with transaction.atomic():
            services.opinion_send(
                opinion=opinion, sent_on=SENT_ON, actor=committee_staff
            )
            raise RuntimeError("boom")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        send_then_fail()
    assert callbacks == []
    assert not Notification.objects.exists()
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.APPROVED


def test_one_extension_allowed_and_a_second_refused(world, committee_staff, unit_staff):
    opinion = sent_opinion(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.opinion_extend(
            opinion=opinion,
            months=4,
            reason="涉及多部门",
            chairpersons_meeting=chairpersons_meeting_on(
                world.city_congress, dt.date(2024, 9, 1), actor=committee_staff
            ),
            actor=committee_staff,
        )
    assert error.value.field == "months"
    opinion = services.opinion_extend(
        opinion=opinion,
        months=2,
        reason="涉及多部门，需省里批复",
        chairpersons_meeting=chairpersons_meeting_on(
            world.city_congress, dt.date(2024, 9, 1), actor=committee_staff
        ),
        actor=committee_staff,
    )
    assert opinion.report_due == dt.date(2024, 12, 9)  # 12-08 is a Sunday
    assert opinion.extended
    with pytest.raises(Conflict):
        services.opinion_extend(
            opinion=opinion,
            months=1,
            reason="再次延期",
            chairpersons_meeting=chairpersons_meeting_on(
                world.city_congress, dt.date(2024, 11, 1), actor=committee_staff
            ),
            actor=committee_staff,
        )
    with pytest.raises(PermissionDenied):
        services.opinion_extend(
            opinion=opinion,
            months=1,
            reason="x",
            chairpersons_meeting=chairpersons_meeting_on(
                world.city_congress, dt.date(2024, 11, 1), actor=committee_staff
            ),
            actor=unit_staff,
        )


def test_wrong_state_is_a_conflict(world, committee_staff):
    opinion = draft_opinion(world, committee_staff)
    with pytest.raises(InvalidTransition):
        services.opinion_send(opinion=opinion, sent_on=SENT_ON, actor=committee_staff)


def test_the_unit_files_its_report_late_flagged_and_staff_told(
    world, committee_staff, unit_staff, django_capture_on_commit_callbacks
):
    opinion = sent_opinion(world, committee_staff)
    with pytest.raises(PermissionDenied):
        services.handling_report_file(
            opinion=opinion,
            text="报告",
            filed_on=dt.date(2024, 9, 1),
            actor=committee_staff,
        )
    with pytest.raises(ApplicationError) as error:
        services.handling_report_file(
            opinion=opinion, text=" ", filed_on=dt.date(2024, 9, 1), actor=unit_staff
        )
    assert error.value.field == "text"
    with django_capture_on_commit_callbacks(execute=True):
        report = services.handling_report_file(
            opinion=opinion,
            text="研究处理情况",
            filed_on=dt.date(2024, 10, 9),
            actor=unit_staff,
        )
    assert report.late is True
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.REPORTED
    assert Notification.objects.filter(recipient=committee_staff).count() == 1


def _test(world, staff, opinion, **figures):
    values = {
        "members_total": 76,
        "present": 50,
        "satisfied": 40,
        "basically_satisfied": 0,
        "unsatisfied": 0,
        **figures,
    }
    return satisfaction.satisfaction_test_record(
        item=opinion.item,
        opinion=opinion,
        held_on=dt.date(2024, 10, 25),
        actor=staff,
        **values,
    )


def test_satisfaction_counts_over_all_members(world, committee_staff, unit_staff):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    test = _test(world, committee_staff, opinion, satisfied=40)
    assert test.result == TestResult.SATISFIED
    assert test.denominator == "ALL"
    assert test.action == ""


def test_thirty_five_of_fifty_present_is_unsatisfied_over_all_members(
    world, committee_staff, unit_staff, django_capture_on_commit_callbacks
):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    with django_capture_on_commit_callbacks(execute=True):
        test = _test(
            world,
            committee_staff,
            opinion,
            satisfied=30,
            basically_satisfied=5,
            unsatisfied=15,
        )
    assert test.result == TestResult.UNSATISFIED
    assert test.action == UnsatisfiedAction.REPORT_AGAIN
    opinion.refresh_from_db()
    # Report again: back to SENT, round 2, a new due date (2 months).
    assert opinion.status == OpinionStatus.SENT
    assert opinion.round == 2
    assert opinion.report_due == dt.date(2024, 12, 25)
    assert test.action_due == opinion.report_due
    assert Notification.objects.filter(recipient=unit_staff).exists()
    # The second round may be extended once again and filed again.
    report = services.handling_report_file(
        opinion=opinion,
        text="第二次报告",
        filed_on=dt.date(2024, 12, 1),
        actor=unit_staff,
    )
    assert report.round == 2
    assert report.late is False


@override_settings(
    RENDA_SUPERVISION_RULES={"default": {"satisfaction_denominator": "PRESENT"}}
)
def test_the_present_denominator_is_a_rule(world, committee_staff, unit_staff):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    test = _test(
        world,
        committee_staff,
        opinion,
        satisfied=30,
        basically_satisfied=5,
        unsatisfied=15,
    )
    assert test.result == TestResult.SATISFIED
    assert test.denominator == "PRESENT"


@override_settings(
    RENDA_SUPERVISION_RULES={"default": {"unsatisfied_action": "INTERPELLATION"}}
)
def test_interpellation_recorded_and_staff_told(
    world, committee_staff, leader, unit_staff, django_capture_on_commit_callbacks
):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    with django_capture_on_commit_callbacks(execute=True):
        test = satisfaction.satisfaction_test_record(
            item=opinion.item,
            opinion=opinion,
            held_on=dt.date(2024, 10, 25),
            members_total=76,
            present=50,
            satisfied=10,
            basically_satisfied=5,
            unsatisfied=35,
            actor=leader if False else committee_staff,
        )
    assert test.action == UnsatisfiedAction.INTERPELLATION
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.REPORTED


def test_figures_are_checked_naming_the_field(world, committee_staff, unit_staff):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    with pytest.raises(ApplicationError) as error:
        _test(world, committee_staff, opinion, present=80)
    assert error.value.field == "present"
    with pytest.raises(ApplicationError) as error:
        _test(world, committee_staff, opinion, present=30, satisfied=31)
    assert error.value.field == "satisfied"
    with pytest.raises(ApplicationError) as error:
        _test(world, committee_staff, opinion, satisfied="40")
    assert error.value.field == "satisfied"
    assert not SatisfactionTest.objects.exists()


def test_members_total_defaults_to_the_seated_members(
    world, committee_staff, city_members
):
    item = heard_item(world, committee_staff, kind=SupervisionKind.VOTE_EVALUATION)
    test = satisfaction.satisfaction_test_record(
        item=item,
        unit_id=world.unit_city.pk,
        held_on=dt.date(2024, 6, 25),
        present=6,
        satisfied=4,
        basically_satisfied=1,
        unsatisfied=1,
        actor=committee_staff,
    )
    assert test.members_total == 7
    assert test.subject == TestSubject.UNIT_WORK
    assert test.result == TestResult.SATISFIED
    research = heard_item(world, committee_staff, kind=SupervisionKind.RESEARCH)
    with pytest.raises(ApplicationError) as error:
        satisfaction.satisfaction_test_record(
            item=research,
            unit_id=world.unit_city.pk,
            held_on=dt.date(2024, 6, 25),
            present=6,
            satisfied=4,
            basically_satisfied=1,
            unsatisfied=1,
            actor=committee_staff,
        )
    assert error.value.field == "opinion"


def test_points_progress_finish_reopen(world, committee_staff, unit_staff, deputy):
    opinion = sent_opinion(world, committee_staff)
    point = open_point(world, committee_staff, opinion)
    assert point.order == 1
    with pytest.raises(PermissionDenied):
        services.point_progress_report(point=point, text="进展", actor=deputy)
    report = services.point_progress_report(
        point=point,
        text="已完成一半",
        reported_on=dt.date(2024, 8, 1),
        actor=unit_staff,
    )
    assert report.point == point
    with pytest.raises(PermissionDenied):
        services.point_finish(point=point, actor=unit_staff)
    point = services.point_finish(
        point=point, done_on=dt.date(2024, 9, 1), actor=committee_staff
    )
    assert point.status == PointStatus.DONE
    with pytest.raises(InvalidTransition):
        services.point_progress_report(point=point, text="再报", actor=unit_staff)
    point = services.point_reopen(point=point, actor=committee_staff)
    assert point.status == PointStatus.OPEN
    assert point.done_on is None


def test_comment_review_conclude(world, committee_staff, unit_staff):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    report = opinion.handling_reports.get()
    services.handling_report_comment(
        report=report,
        comment="基本落实",
        commented_on=dt.date(2024, 10, 1),
        actor=committee_staff,
    )
    with pytest.raises(ApplicationError) as error:
        services.handling_report_review(
            report=report,
            mode="LOUD",
            reviewed_on=dt.date(2024, 10, 25),
            actor=committee_staff,
        )
    assert error.value.field == "mode"
    report = services.handling_report_review(
        report=report,
        mode="HEARD",
        reviewed_on=dt.date(2024, 10, 25),
        actor=committee_staff,
    )
    assert report.review_mode == "HEARD"
    opinion = services.opinion_conclude(
        opinion=opinion, concluded_on=dt.date(2024, 10, 30), actor=committee_staff
    )
    assert opinion.status == OpinionStatus.CONCLUDED
    kinds = set(
        ItemEvent.objects.filter(item=opinion.item).values_list("kind", flat=True)
    )
    assert {"HANDLING_COMMENTED", "HANDLING_REVIEWED", "OPINION_CONCLUDED"} <= kinds


def test_the_unit_sees_only_the_opinions_sent_to_it(world, committee_staff, unit_staff):
    item = heard_item(world, committee_staff)
    mine = sent_opinion(world, committee_staff, item)
    draft = draft_opinion(world, committee_staff, item, unit=world.unit_xian)
    listed = list(opinion_list(unit_staff, OpinionFilters()))
    assert listed == [mine]
    from renda.core.errors import NotFound

    with pytest.raises(NotFound):
        get_opinion_for_user(unit_staff, draft.pk)
    draft_mine = draft_opinion(
        world, committee_staff, heard_item(world, committee_staff)
    )
    with pytest.raises(NotFound):
        get_opinion_for_user(unit_staff, draft_mine.pk)
    assert opinion_detail(unit_staff, mine.pk).actions == ["file_report"]


def test_follow_up_item_chain(world, committee_staff):
    item = heard_item(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.follow_up_item_create(
            item=item,
            year=2024,
            kind=SupervisionKind.FIELD_INSPECTION,
            title="跟踪",
            actor=committee_staff,
        )
    assert error.value.field == "year"
    follow = services.follow_up_item_create(
        item=item,
        year=2025,
        kind=SupervisionKind.FIELD_INSPECTION,
        title="跟踪视察",
        actor=committee_staff,
    )
    assert follow.follows == item
    assert list(item.follow_ups.all()) == [follow]
    assert list(follow.target_units.all()) == [world.unit_city]


def test_boards_count_what_their_lists_show(world, committee_staff, unit_staff):
    item = heard_item(world, committee_staff)
    sent_opinion(world, committee_staff, item)
    sent_opinion(world, committee_staff, item, unit=world.unit_xian)
    today = dt.date(2024, 10, 9)
    for rows in (
        board_for_unit(committee_staff, year=2024, today=today),
        board_for_item(committee_staff, item, today=today),
    ):
        assert len(rows) == 2
        for row in rows:
            assert row.open == 1
            assert row.overdue == 1
            assert row.done == 0
            for count, url in (
                (row.open, row.open_url),
                (row.overdue, row.overdue_url),
                (row.done, row.done_url),
            ):
                from urllib.parse import parse_qs, urlparse

                query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
                assert (
                    opinion_list(
                        committee_staff, OpinionFilters.from_query(query), today
                    ).count()
                    == count
                )
    assert [r.unit for r in board_for_unit(unit_staff, year=2024, today=today)] == [
        world.unit_city
    ]


def test_daily_check_warns_once_per_deadline(world, committee_staff, unit_staff):
    opinion = sent_opinion(world, committee_staff)
    services.point_add(
        opinion=opinion,
        text="整改",
        unit_id=world.unit_city.pk,
        due_on=dt.date(2024, 9, 1),
        actor=committee_staff,
    )
    assert services.followup_daily_check(dt.date(2024, 10, 8)) == {
        "opinions": 0,
        "points": 2,
    }
    sent = services.followup_daily_check(dt.date(2024, 10, 9))
    assert sent == {"opinions": 2, "points": 0}
    assert services.followup_daily_check(dt.date(2024, 10, 10)) == {
        "opinions": 0,
        "points": 0,
    }
    assert (
        Notification.objects.filter(
            recipient=unit_staff, kind="SUPERVISION_DUE"
        ).count()
        == 2
    )
