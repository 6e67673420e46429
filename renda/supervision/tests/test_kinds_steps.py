"""Law inspections, inquiries, special investigations and resolutions: the
kind-specific steps through the services."""

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.supervision import rules
from renda.supervision.choices import (
    InspectionMethod,
    ItemStatus,
    LawKind,
    ParticipantRole,
    ResolutionOutcome,
    SupervisionKind,
)
from renda.supervision.models import InspectedLaw, Participant, SupervisionItem
from renda.supervision.selectors.kinds import kind_panel
from renda.supervision.services import kinds as services
from renda.supervision.services.items import item_cancel

from .conftest import seat_members
from .factories_kinds import kind_item

pytestmark = pytest.mark.django_db

NINE_LAWS = [
    ("中华人民共和国野生动物保护法", LawKind.LAW),
    ("中华人民共和国动物防疫法", LawKind.LAW),
    ("中华人民共和国传染病防治法", LawKind.LAW),
    ("中华人民共和国食品安全法", LawKind.LAW),
    ("中华人民共和国渔业法", LawKind.LAW),
    ("中华人民共和国森林法", LawKind.LAW),
    ("中华人民共和国陆生野生动物保护实施条例", LawKind.ADMINISTRATIVE_REGULATION),
    ("重大动物疫情应急条例", LawKind.ADMINISTRATIVE_REGULATION),
    ("吉林省野生动物保护条例", LawKind.LOCAL_REGULATION),
]


def _panel(user, item):
    return kind_panel(user, SupervisionItem.objects.get(pk=item.pk))


# Law inspections --------------------------------------------------------------------


def test_an_inspection_lists_nine_laws_its_methods_and_its_report(
    world, committee_staff
):
    item = kind_item(world, committee_staff, SupervisionKind.LAW_INSPECTION)
    services.inspection_laws_set(
        item=item,
        laws=[{"name": n, "law_kind": k} for n, k in NINE_LAWS],
        actor=committee_staff,
    )
    services.inspection_methods_set(
        item=item,
        methods=[InspectionMethod.SITE_CHECK, InspectionMethod.FORUM],
        actor=committee_staff,
    )
    services.inspection_report_save(
        item=item,
        implementation="各级政府认真贯彻实施",
        problems="执法力量不足",
        recommendations="加强执法队伍建设",
        actor=committee_staff,
    )
    panel = _panel(committee_staff, item)
    assert len(panel.laws) == 9
    assert [law.law_kind for law in panel.laws].count(LawKind.LAW) == 6
    assert [m.value for m in panel.methods] == ["FORUM", "SITE_CHECK"]
    assert panel.report.problems == "执法力量不足"
    assert panel.report.amendments == ""
    assert panel.actions == ["set_laws", "set_methods", "save_report"]
    # Setting again replaces the list.
    services.inspection_laws_set(
        item=item,
        laws=[{"name": "中华人民共和国城乡规划法", "law_kind": "LAW"}],
        actor=committee_staff,
    )
    assert list(
        InspectedLaw.objects.filter(item=item).values_list("name", flat=True)
    ) == ["中华人民共和国城乡规划法"]


@pytest.mark.parametrize(
    ("laws", "message"),
    [
        ([], "至少"),
        ([{"name": "某法", "law_kind": "DECREE"}], "类别"),
        ([{"name": " ", "law_kind": "LAW"}], "法律法规名称"),
        ([{"name": "某法", "law_kind": "LAW"}] * 2, "重复"),
    ],
)
def test_bad_laws_are_refused_naming_the_field(world, committee_staff, laws, message):
    item = kind_item(world, committee_staff, SupervisionKind.LAW_INSPECTION)
    with pytest.raises(ApplicationError) as error:
        services.inspection_laws_set(item=item, laws=laws, actor=committee_staff)
    assert error.value.field == "laws"
    assert message in error.value.message


def test_the_report_needs_its_first_three_parts(world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.LAW_INSPECTION)
    with pytest.raises(ApplicationError) as error:
        services.inspection_report_save(
            item=item,
            implementation="情况",
            problems="",
            recommendations="建议",
            actor=committee_staff,
        )
    assert error.value.field == "problems"
    with pytest.raises(ApplicationError) as error:
        services.inspection_methods_set(
            item=item, methods=["TELEPATHY"], actor=committee_staff
        )
    assert error.value.field == "methods"


def test_steps_of_another_kind_wrong_role_and_closed_items_are_refused(
    world, committee_staff, leader, unit_staff
):
    inquiry = kind_item(world, committee_staff, SupervisionKind.INQUIRY)
    with pytest.raises(ApplicationError) as error:
        services.inspection_methods_set(
            item=inquiry, methods=["FORUM"], actor=committee_staff
        )
    assert error.value.field == "methods"
    assert "执法检查" in error.value.message
    item = kind_item(world, committee_staff, SupervisionKind.LAW_INSPECTION)
    for user in (leader, unit_staff):
        with pytest.raises(PermissionDenied):
            services.inspection_methods_set(item=item, methods=[], actor=user)
    item_cancel(item=item, reason="计划调整", actor=committee_staff)
    with pytest.raises(InvalidTransition):
        services.inspection_methods_set(item=item, methods=[], actor=committee_staff)
    assert _panel(committee_staff, item).actions == []


# Inquiries --------------------------------------------------------------------------


def test_an_inquiry_of_nine_problems_with_askers_and_answers(
    world, committee_staff, committee_member, leader
):
    item = kind_item(world, committee_staff, SupervisionKind.INQUIRY)
    member = committee_member.committee_memberships.get()
    for n in range(1, 10):
        services.inquiry_question_add(
            item=item,
            question=f"城市管理问题{n}",
            asked_by_member_id=member.pk if n % 2 else None,
            asked_by_deputy_id=None if n % 2 else world.deputy_xian.pk,
            answering_unit_id=world.unit_city.pk,
            actor=committee_staff,
        )
    panel = _panel(committee_staff, item)
    assert [q.order for q in panel.questions] == list(range(1, 10))
    assert panel.questions[1].asked_by.startswith("人大代表")
    third = panel.questions[2]
    services.inquiry_answer_record(
        item=item,
        question_id=third.id,
        answered_by="市城管局局长 张某",
        answer="将于年内完成整治",
        answered_on=dt.date(2020, 8, 27),
        actor=committee_staff,
    )
    services.inquiry_question_remove(
        item=item, question_id=panel.questions[0].id, actor=committee_staff
    )
    panel = _panel(leader, item)
    assert len(panel.questions) == 8
    assert panel.questions[1].answer == "将于年内完成整治"
    assert panel.actions == []  # a leader reads, does not manage


def test_inquiry_bad_input(world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.INQUIRY)
    xian_member = seat_members(world.xian_congress, 1)[0]
    with pytest.raises(ApplicationError) as error:
        services.inquiry_question_add(
            item=item,
            question="问题",
            asked_by_member_id=xian_member.pk,
            actor=committee_staff,
        )
    assert error.value.field == "asked_by_member"
    services.inquiry_question_add(
        item=item, question="问题", order=3, actor=committee_staff
    )
    with pytest.raises(ApplicationError) as error:
        services.inquiry_question_add(
            item=item, question="又一问题", order=3, actor=committee_staff
        )
    assert error.value.field == "order"
    with pytest.raises(ApplicationError) as error:
        services.inquiry_question_add(item=item, question="", actor=committee_staff)
    assert error.value.field == "question"
    question = item.questions.get()
    with pytest.raises(ApplicationError) as error:
        services.inquiry_answer_record(
            item=item,
            question_id=question.pk,
            answered_by="",
            answer="答",
            answered_on=dt.date(2020, 8, 27),
            actor=committee_staff,
        )
    assert error.value.field == "answered_by"


# Special investigation --------------------------------------------------------------


def test_members_propose_an_investigation_with_one_fifth(world, committee_staff):
    members = seat_members(world.city_congress, 11)
    item = kind_item(world, committee_staff, SupervisionKind.SPECIAL_INVESTIGATION)
    needed = rules.special_investigation_min_proposers(world.city_congress, 11)
    assert needed == 3
    with pytest.raises(ApplicationError) as error:
        services.investigation_propose(
            item=item,
            proposer="MEMBERS",
            proposer_member_ids=[m.pk for m in members[:2]],
            actor=committee_staff,
        )
    assert error.value.field == "proposer_member_ids"
    services.investigation_propose(
        item=item,
        proposer="MEMBERS",
        proposer_member_ids=[m.pk for m in members[:3]],
        actor=committee_staff,
    )
    panel = _panel(committee_staff, item)
    assert panel.investigation.proposers == 3
    assert panel.investigation.min_proposers == 3
    assert panel.investigation.members_total == 11
    assert "propose" not in panel.actions


def test_the_chairpersons_meeting_may_propose(world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.SPECIAL_INVESTIGATION)
    with pytest.raises(ApplicationError) as error:
        services.investigation_propose(
            item=item, proposer="MAYOR", actor=committee_staff
        )
    assert error.value.field == "proposer"
    with pytest.raises(ApplicationError) as error:
        services.investigation_propose(
            item=item, proposer="CHAIRPERSONS", actor=committee_staff
        )
    assert error.value.field == "chairpersons_meeting"
    held = chairpersons_meeting_on(
        item.congress, dt.date(2020, 5, 6), actor=committee_staff
    )
    services.investigation_propose(
        item=item,
        proposer="CHAIRPERSONS",
        chairpersons_meeting=held,
        actor=committee_staff,
    )
    assert _panel(committee_staff, item).investigation.proposer_label == "主任会议"
    item.refresh_from_db()
    assert item.investigation_decision.meeting == held
    assert item.investigation_decision.subject == item


def test_a_conflicted_member_taking_part_cannot_be_excluded(world, committee_staff):
    members = seat_members(world.city_congress, 5)
    item = kind_item(world, committee_staff, SupervisionKind.SPECIAL_INVESTIGATION)
    Participant.objects.create(
        item=item, role=ParticipantRole.MEMBER, member=members[0]
    )
    with pytest.raises(ApplicationError) as error:
        services.investigation_exclusions_set(
            item=item, member_ids=[members[0].pk, members[1].pk], actor=committee_staff
        )
    assert error.value.field == "member_ids"
    assert members[0].deputy.name in error.value.message
    services.investigation_exclusions_set(
        item=item, member_ids=[members[1].pk], actor=committee_staff
    )
    panel = _panel(committee_staff, item)
    assert [m.id for m in panel.investigation.excluded] == [members[1].pk]


# Resolutions ------------------------------------------------------------------------

ADOPTED_ON = dt.date(2020, 2, 10)


def _resolution(item, actor, **figures):
    values = {
        "text": "为依法全力做好新冠肺炎疫情防控工作，作如下决定……",
        "meeting_name": "市十八届人大常委会第二十一次会议",
        "adopted_on": ADOPTED_ON,
        "online_vote": True,
        "votes_against": 0,
        "votes_abstain": 0,
        **figures,
    }
    return services.resolution_record(item=item, actor=actor, **values)


def test_adopted_by_more_than_half_of_all_members_and_the_item_completes(
    world, committee_staff
):
    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    record = _resolution(
        item, committee_staff, members_total=76, votes_for=39, not_voting=6
    )
    assert record.outcome == ResolutionOutcome.ADOPTED
    assert record.online_vote is True
    assert (
        record.execution_report_due
        == rules.resolution_report_due(world.city_congress, ADOPTED_ON).due
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert item.done_on == ADOPTED_ON
    panel = kind_panel(committee_staff, item)
    assert panel.resolution.outcome_label == "通过"
    assert panel.actions == ["record_execution_report"]
    services.resolution_execution_reported(
        item=item, reported_on=dt.date(2020, 8, 1), actor=committee_staff
    )
    assert _panel(committee_staff, item).actions == []


def test_a_majority_of_those_present_is_not_enough(world, committee_staff):
    """76 members, 70 present: 38 FOR is more than half of those present but
    not more than half of ALL members, so the motion fails."""
    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    record = _resolution(
        item,
        committee_staff,
        members_total=76,
        votes_for=38,
        votes_against=20,
        votes_abstain=12,
        not_voting=6,
    )
    assert record.outcome == ResolutionOutcome.REJECTED
    assert record.execution_report_due is None
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


def test_members_total_defaults_to_the_current_committee(world, committee_staff):
    seat_members(world.city_congress, 7)
    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    record = _resolution(item, committee_staff, votes_for=4, not_voting=0)
    assert record.members_total == 7
    assert record.outcome == ResolutionOutcome.ADOPTED


def test_figures_beyond_the_members_are_refused(world, committee_staff):
    item = kind_item(world, committee_staff, SupervisionKind.RESOLUTION)
    with pytest.raises(ApplicationError) as error:
        _resolution(item, committee_staff, members_total=76, votes_for=70, not_voting=7)
    assert error.value.field == "members_total"
    with pytest.raises(ApplicationError) as error:
        _resolution(item, committee_staff, members_total=76, votes_for=-1, not_voting=0)
    assert error.value.field == "votes_for"
    with pytest.raises(ApplicationError) as error:
        _resolution(
            item,
            committee_staff,
            members_total=76,
            votes_for=50,
            not_voting=0,
            meeting_name="",
        )
    assert error.value.field == "meeting_name"
    assert (
        not SupervisionItem.objects.get(pk=item.pk)
        .events.filter(kind="RESOLUTION_RECORDED")
        .exists()
    )
