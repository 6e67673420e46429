"""Services of items: particulars, themes, participants, groups, visits, documents,
milestones and closing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.notifications.models import Notification
from renda.supervision.choices import (
    Attendance,
    DocumentKind,
    ItemStatus,
    OpinionStatus,
    ParticipantRole,
    WorkReportStep,
)
from renda.supervision.models import ItemEvent, ReviewOpinion
from renda.supervision.services import items as services

from .conftest import seat_members
from .factories_items import research, work_report

pytestmark = pytest.mark.django_db
TODAY = dt.date(2020, 7, 1)


def test_update_changes_the_particulars_with_one_event(world, committee_staff):
    item = work_report(world, committee_staff)
    theme = services.theme_create(
        congress=world.city_congress, name="疫情防控", actor=committee_staff
    )
    item = services.item_update(
        item=item,
        actor=committee_staff,
        title="关于疫情防控工作的报告",
        themes=[theme.pk],
        written_review=True,
        planned_month=6,
    )
    item.refresh_from_db()
    assert item.title == "关于疫情防控工作的报告"
    assert item.written_review is True
    assert list(item.themes.all()) == [theme]
    event = item.events.get(kind="ITEM_UPDATED")
    assert "议题名称" in event.summary
    assert "主题" in event.summary


def test_update_refuses_bad_input_naming_the_field(world, committee_staff):
    item = research(world, committee_staff)
    for changes, field in (
        ({"title": ""}, "title"),
        ({"subtype": "AUDIT"}, "subtype"),
        ({"planned_month": 13}, "planned_month"),
        ({"themes": [999999]}, "themes"),
        ({"written_review": "yes"}, "written_review"),
    ):
        with pytest.raises(ApplicationError) as error:
            services.item_update(item=item, actor=committee_staff, **changes)
        assert error.value.field == field, changes


def test_update_refused_to_others_and_once_closed(
    world, committee_staff, district_staff, committee_member
):
    item = research(world, committee_staff)
    for user in (district_staff, committee_member):
        with pytest.raises(PermissionDenied):
            services.item_update(item=item, actor=user, title="新标题")
    services.item_cancel(item=item, reason="计划调整", actor=committee_staff)
    with pytest.raises(InvalidTransition) as error:
        services.item_update(item=item, actor=committee_staff, title="新标题")
    assert error.value.status == 409


def test_a_theme_name_is_unique_per_congress(world, committee_staff, district_staff):
    services.theme_create(
        congress=world.city_congress, name="民生", actor=committee_staff
    )
    with pytest.raises(ApplicationError) as error:
        services.theme_create(
            congress=world.city_congress, name="民生", actor=committee_staff
        )
    assert error.value.status == 409
    services.theme_create(
        congress=world.xian_congress, name="民生", actor=district_staff
    )
    with pytest.raises(PermissionDenied):
        services.theme_create(
            congress=world.city_congress, name="法治", actor=district_staff
        )


def test_invite_members_deputies_of_any_level_and_named_people(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    members = seat_members(world.city_congress, 3)
    item = research(world, committee_staff)
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.participants_invite(
            item=item,
            actor=committee_staff,
            member_ids=[members[0].pk],
            # a city deputy and a deputy of the 西安区 congress (another level)
            deputy_ids=[world.deputy_city_a.pk, world.deputy_xian.pk],
            people=[{"role": "EXPERT", "name": "李教授", "title": "吉林大学"}],
        )
    assert [r.role for r in rows] == [
        ParticipantRole.MEMBER,
        ParticipantRole.DEPUTY,
        ParticipantRole.DEPUTY,
        ParticipantRole.EXPERT,
    ]
    told = set(
        Notification.objects.filter(target_id=item.pk).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {members[0].user_id, deputy.pk}
    with pytest.raises(ApplicationError) as error:
        services.participants_invite(
            item=item, actor=committee_staff, deputy_ids=[world.deputy_city_a.pk]
        )
    assert error.value.status == 409


def test_invite_refuses_members_of_another_congress(world, committee_staff):
    xian_members = seat_members(world.xian_congress, 1, leaders=0)
    item = research(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.participants_invite(
            item=item, actor=committee_staff, member_ids=[xian_members[0].pk]
        )
    assert error.value.field == "members"
    with pytest.raises(ApplicationError) as error:
        services.participants_invite(item=item, actor=committee_staff)
    assert error.value.field == "members"


def test_a_rolled_back_invitation_tells_no_one(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    item = research(world, committee_staff)

    def invite_then_fail():
        with transaction.atomic():
            services.participants_invite(
                item=item, actor=committee_staff, deputy_ids=[world.deputy_city_a.pk]
            )
            raise RuntimeError  # a later step of the caller fails

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        invite_then_fail()
    assert callbacks == []
    assert not item.participants.exists()
    assert not Notification.objects.exists()


def test_attendance_leave_needs_a_reason_and_remove(world, committee_staff):
    item = research(world, committee_staff)
    [row] = services.participants_invite(
        item=item, actor=committee_staff, deputy_ids=[world.deputy_city_a.pk]
    )
    with pytest.raises(ApplicationError) as error:
        services.participant_attendance_set(
            participant=row, attendance=Attendance.LEAVE, actor=committee_staff
        )
    assert error.value.field == "reason"
    row = services.participant_attendance_set(
        participant=row,
        attendance=Attendance.LEAVE,
        reason="出差",
        actor=committee_staff,
    )
    assert (row.attendance, row.leave_reason) == (Attendance.LEAVE, "出差")
    with pytest.raises(ApplicationError) as error:
        services.participant_attendance_set(
            participant=row, attendance="INVITED", actor=committee_staff
        )
    assert error.value.field == "attendance"
    services.participant_remove(participant=row, actor=committee_staff)
    assert not item.participants.exists()
    assert item.events.filter(kind="PARTICIPANT_REMOVED").exists()


def test_four_working_groups_to_two_counties_and_three_districts(
    world, committee_staff
):
    from renda.regions.tests.factories import RegionFactory

    leaders = seat_members(world.city_congress, 4, leaders=4)
    places = [world.longshan, world.xian]
    places += [
        RegionFactory(code=code, name=name, parent=world.city)
        for code, name in (
            ("220421", "东丰县"),
            ("220422", "东辽县"),
            ("220499", "经开区"),
        )
    ]
    item = research(world, committee_staff)
    split = [[0], [1], [2, 3], [4]]
    for n, (leader, indexes) in enumerate(zip(leaders, split, strict=True)):
        group = services.working_group_create(
            item=item,
            name=f"第{n + 1}工作组",
            leader_id=leader.pk,
            region_ids=[places[i].pk for i in indexes],
            actor=committee_staff,
        )
        assert group.leader == leader
    assert item.working_groups.count() == 4
    # A place outside the congress's area is refused.
    other = RegionFactory(code="220100", name="长春市", parent=world.province)
    with pytest.raises(ApplicationError) as error:
        services.working_group_create(
            item=item, name="第五组", region_ids=[other.pk], actor=committee_staff
        )
    assert error.value.field == "regions"


def test_site_visit_with_participants(world, committee_staff):
    item = research(world, committee_staff)
    [row] = services.participants_invite(
        item=item, actor=committee_staff, deputy_ids=[world.deputy_city_a.pk]
    )
    visit = services.site_visit_record(
        item=item,
        date=dt.date(2020, 6, 1),
        place="龙山区养老服务中心",
        summary="查看设施",
        participant_ids=[row.pk],
        actor=committee_staff,
        today=TODAY,
    )
    assert list(visit.participants.all()) == [row]
    with pytest.raises(ApplicationError) as error:
        services.site_visit_record(
            item=item,
            date=dt.date(2020, 7, 2),
            place="某地",
            actor=committee_staff,
            today=TODAY,
        )
    assert error.value.field == "date"
    # Someone who went on a visit is not removed.
    with pytest.raises(ApplicationError) as error:
        services.participant_remove(participant=row, actor=committee_staff)
    assert error.value.status == 409


def test_documents_get_the_next_version_and_only_the_latest_unpublished_goes(
    world, committee_staff
):
    item = work_report(world, committee_staff)
    first = services.document_add(
        item=item,
        kind=DocumentKind.REPORT_DRAFT,
        title="报告稿",
        text="第一稿",
        actor=committee_staff,
    )
    second = services.document_add(
        item=item,
        kind=DocumentKind.REPORT_DRAFT,
        title="报告稿",
        file=SimpleUploadedFile("报告.pdf", b"%PDF-1.4 report"),
        actor=committee_staff,
    )
    other = services.document_add(
        item=item,
        kind=DocumentKind.MINUTES,
        title="纪要",
        text="x",
        actor=committee_staff,
    )
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert second.file_name == "报告.pdf"
    with pytest.raises(ApplicationError) as error:
        services.document_remove(document=first, actor=committee_staff)
    assert error.value.status == 409
    second.published_at = timezone.now()
    second.save(update_fields=["published_at"])
    with pytest.raises(ApplicationError):
        services.document_remove(document=second, actor=committee_staff)
    services.document_remove(document=other, actor=committee_staff)
    assert list(item.documents.values_list("version", flat=True)) == [1, 2]
    with pytest.raises(ApplicationError) as error:
        services.document_add(
            item=item, kind=DocumentKind.REPORT, title="报告", actor=committee_staff
        )
    assert error.value.field == "text"


def test_milestones_only_for_work_reports(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        services.milestone_record(
            item=research(world, committee_staff),
            step=WorkReportStep.OPINIONS_SENT,
            done_on=dt.date(2020, 5, 1),
            actor=committee_staff,
            today=TODAY,
        )
    assert error.value.field == "step"
    item = work_report(world, committee_staff)
    services.milestone_record(
        item=item,
        step=WorkReportStep.OPINIONS_SENT,
        done_on=dt.date(2020, 5, 1),
        actor=committee_staff,
        today=TODAY,
    )
    # A second record of the same step corrects its day.
    milestone = services.milestone_record(
        item=item,
        step=WorkReportStep.OPINIONS_SENT,
        done_on=dt.date(2020, 5, 2),
        actor=committee_staff,
        today=TODAY,
    )
    assert item.milestones.get().done_on == milestone.done_on == dt.date(2020, 5, 2)


def test_close_is_refused_with_the_list_of_what_is_missing(world, committee_staff):
    item = work_report(world, committee_staff)
    with pytest.raises(InvalidTransition):
        services.item_close(item=item, actor=committee_staff)
    services.item_complete(
        item=item, done_on=dt.date(2020, 6, 24), actor=committee_staff
    )
    report = services.document_add(
        item=item,
        kind=DocumentKind.REPORT,
        title="专项工作报告",
        text="正文",
        actor=committee_staff,
    )
    opinion = ReviewOpinion.objects.create(
        item=item,
        unit=world.unit_city,
        text="审议意见",
        compiled_on=dt.date(2020, 6, 29),
        status=OpinionStatus.SENT,
        sent_on=dt.date(2020, 7, 1),
        report_due=dt.date(2020, 10, 1),
    )
    with pytest.raises(ApplicationError) as error:
        services.item_close(item=item, actor=committee_staff)
    assert error.value.status == 409
    blockers = error.value.extra["blockers"]
    assert blockers == [
        "监督事项尚未公开",
        "材料《专项工作报告》（第1版）尚未公开",
        f"对{world.unit_city.name}的审议意见尚未公开",
        "1份审议意见尚未办结",
    ]
    assert "还不能办结" in error.value.message
    now = timezone.now()
    item.published_at = now
    item.save(update_fields=["published_at"])
    report.published_at = now
    report.save(update_fields=["published_at"])
    ReviewOpinion.objects.filter(pk=opinion.pk).update(
        status=OpinionStatus.CONCLUDED, published_at=now
    )
    item = services.item_close(item=item, actor=committee_staff)
    assert item.status == ItemStatus.CLOSED
    assert item.closed_at
    assert ItemEvent.objects.filter(item=item, kind="ITEM_CLOSED").exists()
    with pytest.raises(InvalidTransition):
        services.item_update(item=item, actor=committee_staff, title="x")
