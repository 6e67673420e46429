"""Interpellation (质询): filed by enough members, answered, a second answer when
more than half of the filers are not satisfied."""

import datetime as dt

import pytest
from django.db import transaction

from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.notifications.models import Notification
from renda.supervision import rules
from renda.supervision.choices import AnswerMode, SupervisionKind
from renda.supervision.models import InterpellationFiler
from renda.supervision.selectors.kinds import kind_panel
from renda.supervision.services import kinds as services

from .conftest import seat_members
from .factories_kinds import kind_item

pytestmark = pytest.mark.django_db
DAY = dt.date(2020, 9, 1)


def chairs(item, staff):
    """The chairpersons' meeting held on DAY that decides the answer."""
    return chairpersons_meeting_on(item.congress, DAY, actor=staff)


@pytest.fixture
def item(world, committee_staff):
    return kind_item(world, committee_staff, SupervisionKind.INTERPELLATION)


def _panel(user, item):
    item.refresh_from_db()
    return kind_panel(user, item)


def _lodge(item, members, actor):
    return services.interpellation_lodge(
        item=item,
        filer_member_ids=[m.pk for m in members],
        text="关于城区供热不达标问题的质询",
        lodged_on=DAY,
        actor=actor,
    )


def test_city_level_refuses_four_members_and_accepts_five(world, committee_staff, item):
    members = seat_members(world.city_congress, 8)
    assert rules.interpellation_min_filers(world.city_congress) == 5
    with pytest.raises(ApplicationError) as error:
        _lodge(item, members[:4], committee_staff)
    assert error.value.field == "filer_member_ids"
    assert "5人以上" in error.value.message
    assert not InterpellationFiler.objects.filter(item=item).exists()
    _lodge(item, members[:5], committee_staff)
    assert InterpellationFiler.objects.filter(item=item).count() == 5
    assert item.events.filter(kind="INTERPELLATION_LODGED").count() == 1


def test_county_level_accepts_three_and_refuses_two(world, district_staff):
    item = kind_item(
        world,
        district_staff,
        SupervisionKind.INTERPELLATION,
        congress=world.xian_congress,
    )
    members = seat_members(world.xian_congress, 5)
    assert rules.interpellation_min_filers(world.xian_congress) == 3
    with pytest.raises(ApplicationError) as error:
        _lodge(item, members[:2], district_staff)
    assert error.value.field == "filer_member_ids"
    _lodge(item, members[:3], district_staff)
    assert InterpellationFiler.objects.filter(item=item).count() == 3


def test_filers_must_sit_on_this_congress_committee(world, committee_staff, item):
    city = seat_members(world.city_congress, 4)
    xian = seat_members(world.xian_congress, 1)
    with pytest.raises(ApplicationError) as error:
        _lodge(item, [*city, *xian], committee_staff)
    assert error.value.field == "filer_member_ids"
    assert "不是本届常委会组成人员" in error.value.message


def test_only_an_interpellation_is_lodged_and_only_by_staff(
    world, committee_staff, leader, item
):
    members = seat_members(world.city_congress, 5)
    research = kind_item(world, committee_staff, SupervisionKind.RESEARCH)
    with pytest.raises(ApplicationError) as error:
        _lodge(research, members, committee_staff)
    assert error.value.field == "filer_member_ids"
    assert "质询" in error.value.message
    with pytest.raises(PermissionDenied):
        _lodge(item, members, leader)
    _lodge(item, members, committee_staff)
    with pytest.raises(Conflict):
        _lodge(item, members, committee_staff)


def _answered(world, committee_staff, item, members):
    _lodge(item, members, committee_staff)
    services.interpellation_answer_decide(
        item=item,
        unit_ids=[world.unit_city.pk],
        mode=AnswerMode.ORAL,
        chairpersons_meeting=chairs(item, committee_staff),
        actor=committee_staff,
    )
    services.interpellation_answer_record(
        item=item,
        answer="已制定整改方案",
        answered_by="市住建局局长",
        answered_on=dt.date(2020, 9, 20),
        actor=committee_staff,
    )


def test_more_than_half_not_satisfied_requires_a_second_answer_and_tells_the_unit(
    world, committee_staff, unit_staff, item, django_capture_on_commit_callbacks
):
    members = seat_members(world.city_congress, 5)
    with django_capture_on_commit_callbacks(execute=True):
        _answered(world, committee_staff, item, members)
    assert Notification.objects.filter(
        recipient=unit_staff, title="质询案答复通知"
    ).exists()
    opinions = {m.pk: i >= 3 for i, m in enumerate(members)}  # 3 of 5 not satisfied
    with django_capture_on_commit_callbacks(execute=True):
        services.interpellation_satisfaction_record(
            item=item, satisfaction=opinions, actor=committee_staff
        )
    panel = _panel(committee_staff, item)
    assert panel.interpellation.second_answer_required is True
    assert panel.interpellation.not_satisfied == 3
    assert panel.interpellation.current_round == 2
    assert "record_interpellation_answer" in panel.actions
    assert item.events.filter(kind="INTERPELLATION_SECOND_ANSWER_REQUIRED").exists()
    assert Notification.objects.filter(
        recipient=unit_staff, title="质询案须再作答复"
    ).exists()
    # The second answer, and the filers' opinions of it.
    services.interpellation_answer_record(
        item=item,
        round=2,
        answer="补充答复",
        answered_on=dt.date(2020, 10, 10),
        actor=committee_staff,
    )
    assert InterpellationFiler.objects.filter(item=item, satisfied=None).count() == 5
    services.interpellation_satisfaction_record(
        item=item, satisfaction={m.pk: True for m in members}, actor=committee_staff
    )
    panel = _panel(committee_staff, item)
    assert [a.round for a in panel.interpellation.answers] == [1, 2]
    assert panel.interpellation.satisfied == 5
    assert "record_satisfaction" not in panel.actions


def test_half_not_satisfied_is_not_more_than_half(world, committee_staff, item):
    members = seat_members(world.city_congress, 6)
    _answered(world, committee_staff, item, members)
    services.interpellation_satisfaction_record(
        item=item,
        satisfaction={m.pk: i % 2 == 0 for i, m in enumerate(members)},
        actor=committee_staff,
    )
    panel = _panel(committee_staff, item)
    assert panel.interpellation.not_satisfied == 3
    assert panel.interpellation.second_answer_required is False
    with pytest.raises(ApplicationError) as error:
        services.interpellation_answer_record(
            item=item,
            round=2,
            answer="再答复",
            answered_on=dt.date(2020, 10, 1),
            actor=committee_staff,
        )
    assert error.value.field == "round"


def test_every_filer_is_asked_and_the_answer_comes_first(world, committee_staff, item):
    members = seat_members(world.city_congress, 5)
    _lodge(item, members, committee_staff)
    with pytest.raises(Conflict):
        services.interpellation_answer_record(
            item=item, answer="答复", answered_on=DAY, actor=committee_staff
        )
    services.interpellation_answer_decide(
        item=item,
        unit_ids=[world.unit_city.pk],
        mode=AnswerMode.WRITTEN,
        chairpersons_meeting=chairs(item, committee_staff),
        actor=committee_staff,
    )
    with pytest.raises(Conflict):
        services.interpellation_satisfaction_record(
            item=item, satisfaction={}, actor=committee_staff
        )
    services.interpellation_answer_record(
        item=item, answer="书面答复", answered_on=DAY, actor=committee_staff
    )
    with pytest.raises(ApplicationError) as error:
        services.interpellation_satisfaction_record(
            item=item,
            satisfaction={m.pk: False for m in members[:4]},
            actor=committee_staff,
        )
    assert error.value.field == "satisfaction"


def test_decision_needs_mode_and_units(world, committee_staff, item):
    members = seat_members(world.city_congress, 5)
    _lodge(item, members, committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.interpellation_answer_decide(
            item=item,
            unit_ids=[],
            mode="ORAL",
            chairpersons_meeting=chairs(item, committee_staff),
            actor=committee_staff,
        )
    assert error.value.field == "unit_ids"
    with pytest.raises(ApplicationError) as error:
        services.interpellation_answer_decide(
            item=item,
            unit_ids=[world.unit_city.pk],
            mode="PHONE",
            chairpersons_meeting=chairs(item, committee_staff),
            actor=committee_staff,
        )
    assert error.value.field == "mode"


def test_a_rolled_back_decision_tells_no_one(
    world, committee_staff, unit_staff, item, django_capture_on_commit_callbacks
):
    members = seat_members(world.city_congress, 5)
    _lodge(item, members, committee_staff)
    meeting = chairs(item, committee_staff)

    def decide_then_fail():
        with transaction.atomic():
            services.interpellation_answer_decide(
                item=item,
                unit_ids=[world.unit_city.pk],
                mode=AnswerMode.ORAL,
                chairpersons_meeting=meeting,
                actor=committee_staff,
            )
            raise RuntimeError

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        decide_then_fail()
    assert callbacks == []
    assert not Notification.objects.filter(recipient=unit_staff).exists()
