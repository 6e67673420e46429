"""The annual plan and its topic call through the services: the whole year, and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from renda.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    PermissionDenied,
)
from renda.meetings.choices import DecisionKind
from renda.meetings.models import ChairpersonsDecision
from renda.meetings.services import meeting_create
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.notifications.models import Notification
from renda.supervision.choices import (
    ItemStatus,
    PlanVersionStatus,
    ProposalSource,
    ProposalStatus,
    SupervisionKind,
)
from renda.supervision.models import PlanEvent, SupervisionItem
from renda.supervision.selectors import plan as selectors
from renda.supervision.services import plan as services

from .conftest import seat_members
from .factories_plan import IN_CALL, adopt_and_publish, open_call, plan_with_entries

# Publishing creates items, supersedes versions and cancels items: every row it
# changes is locked before its first audit row (decision 0017).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lock_order_checked")]


def test_the_year_from_the_call_to_an_adjusted_plan(
    world, committee_staff, deputy, unit_staff, django_capture_on_commit_callbacks
):
    members = seat_members(world.city_congress, 3)
    call = open_call(world, committee_staff)
    by_deputy = services.topic_propose(
        call=call,
        title="城市管理专题询问",
        reason="群众反映集中",
        actor=deputy,
        today=IN_CALL,
    )
    by_unit = services.topic_propose(
        call=call,
        title="住建局申请报告老旧小区改造",
        reason="工作进展",
        actor=unit_staff,
        today=IN_CALL,
    )
    by_resident = services.topic_propose_public(
        call=call,
        name="李群众",
        phone="13911112222",
        title="城市管理问题",
        reason="占道经营",
        client_ip="10.0.0.1",
        now=dt.datetime(2019, 9, 20, 10, tzinfo=dt.UTC),
    )
    assert by_deputy.source == ProposalSource.DEPUTY
    assert by_deputy.deputy == world.deputy_city_a
    assert by_unit.source == ProposalSource.UNIT
    assert by_unit.unit == world.unit_city
    assert by_resident.source == ProposalSource.RESIDENT
    assert by_resident.ip_hash
    assert "10.0.0.1" not in by_resident.ip_hash
    assert (
        len(
            {
                by_deputy.receipt_number,
                by_unit.receipt_number,
                by_resident.receipt_number,
            }
        )
        == 3
    )

    plan, version = plan_with_entries(world, committee_staff)
    first_entry = version.entries.order_by("order").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_adopt(
            proposal=by_deputy, entry_id=first_entry.pk, actor=committee_staff
        )
        services.proposal_merge(
            proposal=by_resident,
            into_id=by_deputy.pk,
            reason="内容相近，合并研究",
            actor=committee_staff,
        )
        services.proposal_decline(
            proposal=by_unit, reason="今年已安排听取住建工作报告", actor=committee_staff
        )
    by_deputy.refresh_from_db()
    by_unit.refresh_from_db()
    assert by_deputy.status == ProposalStatus.ADOPTED
    assert by_deputy.plan_entry == first_entry
    assert by_unit.status == ProposalStatus.DECLINED
    # The deputy and the unit are told (with the reason).
    assert Notification.objects.filter(
        recipient=deputy, title__contains="已采纳"
    ).exists()
    told = Notification.objects.get(recipient=unit_staff)
    assert "今年已安排听取住建工作报告" in told.body

    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2020, 2, 20), actor=committee_staff
    )
    adopted = services.plan_version_adopt(
        version=version, chairpersons_meeting=held, actor=committee_staff
    )
    assert adopted.status == PlanVersionStatus.ADOPTED
    # The adoption is a decision of that chairpersons' meeting, dated by it.
    assert adopted.chairpersons_decision.meeting == held
    assert adopted.chairpersons_decision.subject == adopted
    assert adopted.chairpersons_decision.kind == DecisionKind.SUPERVISION_PLAN
    assert adopted.adopted_on == dt.date(2020, 2, 20)
    assert adopted.chair_meeting == f"第{held.number}次主任会议"
    with django_capture_on_commit_callbacks(execute=True):
        published = services.plan_version_publish(
            version=version, actor=committee_staff
        )
    assert published.status == PlanVersionStatus.PUBLISHED
    assert published.published_at
    entries = list(published.entries.order_by("order"))
    assert all(e.item_id for e in entries)
    item = entries[0].item
    assert item.congress == world.city_congress
    assert item.year == 2020
    assert item.kind == SupervisionKind.WORK_REPORT
    assert item.planned_month == 3
    assert list(item.target_units.all()) == [world.unit_city]
    # Sent to the members and the bodies concerned.
    for member in members:
        assert Notification.objects.filter(
            recipient=member.user, title__contains="已公布"
        ).exists()
    assert Notification.objects.filter(
        recipient=unit_staff, title__contains="已公布"
    ).exists()
    assert not Notification.objects.filter(recipient=committee_staff).exists()

    # An adjustment: a new version with a reason, one entry removed, one added.
    v2 = services.plan_adjust(
        plan=plan, reason="因疫情推迟执法检查", actor=committee_staff
    )
    assert v2.number == 2
    assert v2.status == PlanVersionStatus.DRAFT
    assert v2.entries.count() == 2
    removed = v2.entries.get(title="食品安全法执法检查")
    removed_item_id = removed.item_id
    services.plan_entry_remove(entry=removed, actor=committee_staff)
    services.plan_entry_add(
        version=v2,
        actor=committee_staff,
        kind=SupervisionKind.RESEARCH,
        title="复工复产专题调研",
    )
    kept = v2.entries.get(title="疫情防控工作报告")
    services.plan_entry_update(
        entry=kept,
        actor=committee_staff,
        kind=kept.kind,
        title=kept.title,
        planned_month=6,
        target_unit_ids=[world.unit_city.pk],
        lead_committee_id=kept.lead_committee_id,
    )
    adopt_and_publish(v2, committee_staff, adopted_on=dt.date(2020, 4, 1))
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.SUPERSEDED
    cancelled = SupervisionItem.objects.get(pk=removed_item_id)
    assert cancelled.status == ItemStatus.CANCELLED
    assert "因疫情推迟执法检查" in cancelled.cancel_reason
    assert SupervisionItem.objects.get(pk=item.pk).status == ItemStatus.PLANNED
    assert SupervisionItem.objects.filter(title="复工复产专题调研").count() == 1

    # Earlier versions stay readable, with the diff against the one before.
    old = selectors.plan_detail(committee_staff, plan.pk, version=1)
    assert [e.title for e in old.entries] == ["疫情防控工作报告", "食品安全法执法检查"]
    new = selectors.plan_detail(committee_staff, plan.pk)
    assert new.version.number == 2
    assert [e.title for e in new.diff.added] == ["复工复产专题调研"]
    assert [e.title for e in new.diff.removed] == ["食品安全法执法检查"]
    assert [(e.title, f) for e, f in new.diff.changed] == [
        ("疫情防控工作报告", ["计划月份"])
    ]
    public = selectors.public_plan(world.city_congress.pk, 2020, version=1)
    assert public.version.number == 1
    assert not public.is_current
    kinds = list(PlanEvent.objects.filter(plan=plan).values_list("kind", flat=True))
    assert kinds.count("PLAN_VERSION_PUBLISHED") == 2
    assert "PLAN_ADJUSTED" in kinds


def test_proposals_only_while_the_call_is_open_and_only_by_deputies_or_units(
    world, committee_staff, deputy, leader
):
    call = open_call(world, committee_staff)
    with pytest.raises(Conflict):
        services.topic_propose(
            call=call,
            title="议题",
            reason="理由",
            actor=deputy,
            today=dt.date(2019, 11, 1),
        )
    with pytest.raises(PermissionDenied):
        services.topic_propose(
            call=call, title="议题", reason="理由", actor=leader, today=IN_CALL
        )
    with pytest.raises(ApplicationError) as error:
        services.topic_propose(
            call=call, title="议题", reason=" ", actor=deputy, today=IN_CALL
        )
    assert error.value.field == "reason"


def test_one_call_a_year_and_dates_in_order(world, committee_staff, district_staff):
    open_call(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        open_call(world, committee_staff)
    assert error.value.field == "year"
    with pytest.raises(ApplicationError) as error:
        open_call(
            world,
            committee_staff,
            year=2021,
            opens_on=dt.date(2020, 10, 1),
            closes_on=dt.date(2020, 9, 1),
        )
    assert error.value.field == "closes_on"
    with pytest.raises(PermissionDenied):
        open_call(world, district_staff, year=2022)


def test_screening_refusals(world, committee_staff, district_staff, deputy):
    call = open_call(world, committee_staff)
    proposal = services.topic_propose(
        call=call, title="议题", reason="理由", actor=deputy, today=IN_CALL
    )
    with pytest.raises(ApplicationError) as error:
        services.proposal_decline(proposal=proposal, reason="", actor=committee_staff)
    assert error.value.field == "reason"
    with pytest.raises(ApplicationError) as error:
        services.proposal_merge(
            proposal=proposal, into_id=proposal.pk, reason="同", actor=committee_staff
        )
    assert error.value.field == "into"
    with pytest.raises(PermissionDenied):
        services.proposal_adopt(proposal=proposal, actor=district_staff)
    with pytest.raises(PermissionDenied):
        services.proposal_adopt(proposal=proposal, actor=deputy)
    services.proposal_decline(
        proposal=proposal, reason="不属于监督范围", actor=committee_staff
    )
    with pytest.raises(InvalidTransition) as error:
        services.proposal_adopt(proposal=proposal, actor=committee_staff)
    assert error.value.status == 409


def test_entries_only_on_a_draft_and_bad_input_names_the_field(
    world, committee_staff, leader
):
    plan, version = plan_with_entries(world, committee_staff)
    for kwargs, field in [
        ({"kind": "NOPE", "title": "x"}, "kind"),
        ({"kind": SupervisionKind.RESEARCH, "title": ""}, "title"),
        (
            {"kind": SupervisionKind.RESEARCH, "title": "x", "planned_month": 13},
            "planned_month",
        ),
        (
            {"kind": SupervisionKind.RESEARCH, "title": "x", "leader_id": 999999},
            "leader",
        ),
        (
            {
                "kind": SupervisionKind.RESEARCH,
                "title": "x",
                "target_unit_ids": [999999],
            },
            "target_units",
        ),
    ]:
        with pytest.raises(ApplicationError) as error:
            services.plan_entry_add(version=version, actor=committee_staff, **kwargs)
        assert error.value.field == field, kwargs
    with pytest.raises(PermissionDenied):
        services.plan_entry_add(
            version=version, actor=leader, kind=SupervisionKind.RESEARCH, title="x"
        )
    with pytest.raises(ApplicationError) as error:
        services.plan_version_adopt(
            version=version, chairpersons_meeting=None, actor=committee_staff
        )
    assert error.value.field == "chairpersons_meeting"
    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2020, 2, 1), actor=committee_staff
    )
    with pytest.raises(ApplicationError) as error:
        services.plan_version_adopt(
            version=version,
            chairpersons_meeting=held,
            actor=committee_staff,
            today=dt.date(2020, 1, 1),
        )
    assert error.value.field == "chairpersons_meeting"
    assert "尚未举行" in error.value.message
    standing = meeting_create(
        standing_committee=held.standing_committee,
        date=dt.date(2020, 1, 20),
        actor=committee_staff,
    )
    with pytest.raises(ApplicationError) as error:
        services.plan_version_adopt(
            version=version, chairpersons_meeting=standing, actor=committee_staff
        )
    assert error.value.message == "请选择一次主任会议。"
    assert not ChairpersonsDecision.objects.exists()
    with pytest.raises(InvalidTransition):
        services.plan_version_publish(version=version, actor=committee_staff)
    with pytest.raises(Conflict):
        services.plan_adjust(plan=plan, reason="调整", actor=committee_staff)
    services.plan_version_adopt(
        version=version,
        chairpersons_meeting=chairpersons_meeting_on(
            world.city_congress, dt.date(2020, 2, 1), actor=committee_staff
        ),
        actor=committee_staff,
    )
    with pytest.raises(InvalidTransition) as error:
        services.plan_entry_add(
            version=version,
            actor=committee_staff,
            kind=SupervisionKind.RESEARCH,
            title="x",
        )
    assert error.value.status == 409


def test_an_adjustment_needs_its_reason(world, committee_staff):
    plan, version = plan_with_entries(world, committee_staff)
    adopt_and_publish(version, committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.plan_adjust(plan=plan, reason="  ", actor=committee_staff)
    assert error.value.field == "reason"
    services.plan_adjust(plan=plan, reason="增加议题", actor=committee_staff)
    with pytest.raises(Conflict):
        services.plan_adjust(plan=plan, reason="再调整", actor=committee_staff)


def test_a_publish_that_rolls_back_sends_no_notice(
    world, committee_staff, committee_member, django_capture_on_commit_callbacks
):
    plan, version = plan_with_entries(world, committee_staff)
    services.plan_version_adopt(
        version=version,
        chairpersons_meeting=chairpersons_meeting_on(
            world.city_congress, dt.date(2020, 2, 1), actor=committee_staff
        ),
        actor=committee_staff,
    )

    def publish_then_fail():
        with transaction.atomic():
            services.plan_version_publish(version=version, actor=committee_staff)
            raise RuntimeError("boom")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        publish_then_fail()
    assert callbacks == []
    assert not Notification.objects.exists()
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.ADOPTED
    assert not SupervisionItem.objects.exists()


def test_proposers_see_their_own_and_the_congress_sees_all(
    world, committee_staff, deputy, unit_staff, committee_member
):
    call = open_call(world, committee_staff)
    mine = services.topic_propose(
        call=call, title="代表的议题", reason="理由", actor=deputy, today=IN_CALL
    )
    theirs = services.topic_propose(
        call=call, title="机关申请报告", reason="理由", actor=unit_staff, today=IN_CALL
    )
    assert [p.pk for p in selectors.proposal_list(deputy)] == [mine.pk]
    assert [p.pk for p in selectors.proposal_list(unit_staff)] == [theirs.pk]
    with pytest.raises(ApplicationError) as error:
        selectors.get_proposal_for_user(deputy, theirs.pk)
    assert error.value.status == 404
    assert {p.pk for p in selectors.proposal_list(committee_member)} == {
        mine.pk,
        theirs.pk,
    }
    assert selectors.proposal_detail(committee_member, mine.pk).actions == []
    assert selectors.proposal_detail(committee_staff, mine.pk).actions == [
        "adopt",
        "merge",
        "decline",
    ]
