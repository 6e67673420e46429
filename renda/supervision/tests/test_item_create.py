import pytest

from renda.core.errors import ApplicationError, PermissionDenied
from renda.supervision.choices import ItemStatus, SupervisionKind, WorkReportSubtype
from renda.supervision.models import ItemEvent
from renda.supervision.services.items import item_create

pytestmark = pytest.mark.django_db


def test_staff_create_a_planned_item_with_its_first_event(world, committee_staff):
    item = item_create(
        congress=world.city_congress,
        year=2020,
        kind=SupervisionKind.WORK_REPORT,
        title="关于新冠肺炎疫情防控工作情况的报告",
        target_unit_ids=[world.unit_city.pk],
        actor=committee_staff,
    )
    assert item.status == ItemStatus.PLANNED
    assert item.subtype == WorkReportSubtype.GENERAL
    assert list(item.target_units.all()) == [world.unit_city]
    event = ItemEvent.objects.get(item=item)
    assert "专项工作报告" in event.summary


def test_other_congress_staff_may_not_create(world, district_staff):
    with pytest.raises(PermissionDenied):
        item_create(
            congress=world.city_congress,
            year=2020,
            kind=SupervisionKind.RESEARCH,
            title="调研",
            actor=district_staff,
        )


def test_bad_input_names_the_field(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        item_create(
            congress=world.city_congress,
            year=2020,
            kind=SupervisionKind.RESEARCH,
            title="调研",
            subtype=WorkReportSubtype.AUDIT,
            actor=committee_staff,
        )
    assert error.value.field == "subtype"
    with pytest.raises(ApplicationError) as error:
        item_create(
            congress=world.city_congress,
            year=2020,
            kind=SupervisionKind.RESEARCH,
            title="  ",
            actor=committee_staff,
        )
    assert error.value.field == "title"


def test_an_item_starts_completes_and_cannot_be_cancelled_once_done(
    world, committee_staff
):
    import datetime as dt

    from renda.core.errors import InvalidTransition
    from renda.supervision.services.items import item_cancel, item_complete, item_start

    item = item_create(
        congress=world.city_congress,
        year=2020,
        kind=SupervisionKind.LAW_INSPECTION,
        title="《城乡规划法》贯彻实施情况执法检查",
        actor=committee_staff,
    )
    item = item_start(item=item, actor=committee_staff)
    assert item.status == ItemStatus.IN_PROGRESS
    item = item_complete(item=item, done_on=dt.date(2020, 6, 20), actor=committee_staff)
    assert item.status == ItemStatus.DONE
    assert item.done_on == dt.date(2020, 6, 20)
    with pytest.raises(InvalidTransition):
        item_cancel(item=item, reason="调整", actor=committee_staff)
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds == ["ITEM_CREATED", "ITEM_STARTED", "ITEM_COMPLETED"]
