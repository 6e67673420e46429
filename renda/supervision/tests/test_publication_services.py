import pytest
from django.db import transaction

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.notifications.models import Notification
from renda.supervision.choices import DocumentKind, OpinionStatus
from renda.supervision.events.publication import (
    DOCUMENT_PUBLISHED,
    HANDLING_REPORT_PUBLISHED,
    ITEM_PUBLISHED,
    OPINION_PUBLISHED,
    TEST_PUBLISHED,
)
from renda.supervision.models import ItemEvent
from renda.supervision.services import publication as services
from renda.supervision.services.items import item_cancel

from .factories_publication import (
    make_document,
    make_item,
    make_opinion,
    make_report,
    make_test,
)

pytestmark = pytest.mark.django_db


def _events(item, kind):
    return ItemEvent.objects.filter(item=item, kind=kind).count()


def test_publishing_an_item_records_it_and_tells_the_members_once(
    world, committee_staff, city_members, django_capture_on_commit_callbacks
):
    item = make_item(world, committee_staff)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.item_publish(
            item=item,
            public_summary="听取审议城市管理工作报告。",
            actor=committee_staff,
        )
    assert item.published_at is not None
    assert item.public_summary == "听取审议城市管理工作报告。"
    assert _events(item, ITEM_PUBLISHED) == 1
    told = set(
        Notification.objects.filter(target_id=item.pk).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {member.user_id for member in city_members}

    first = item.published_at
    with django_capture_on_commit_callbacks(execute=True):
        again = services.item_publish(
            item=item, public_summary="另一个说明", actor=committee_staff
        )
    assert again.published_at == first
    assert again.public_summary == "听取审议城市管理工作报告。"
    assert _events(item, ITEM_PUBLISHED) == 1
    assert Notification.objects.filter(target_id=item.pk).count() == len(city_members)


def test_a_publication_rolled_back_tells_no_one(
    world, committee_staff, city_members, django_capture_on_commit_callbacks
):
    item = make_item(world, committee_staff)

    def publish_then_fail():
        with transaction.atomic():
            services.item_publish(
                item=item, public_summary="说明", actor=committee_staff
            )
            raise RuntimeError("boom")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        publish_then_fail()
    assert callbacks == []
    item.refresh_from_db()
    assert item.published_at is None
    assert not Notification.objects.filter(target_id=item.pk).exists()


def test_only_the_items_congress_staff_publish(
    world, committee_staff, district_staff, leader, committee_member, unit_staff
):
    item = make_item(world, committee_staff)
    for user in (district_staff, leader, committee_member, unit_staff):
        with pytest.raises(PermissionDenied):
            services.item_publish(item=item, public_summary="说明", actor=user)
    item.refresh_from_db()
    assert item.published_at is None


def test_bad_input_names_the_field(world, committee_staff):
    item = make_item(world, committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.item_publish(item=item, public_summary="   ", actor=committee_staff)
    assert error.value.field == "public_summary"
    assert "公开说明" in error.value.message
    with pytest.raises(ApplicationError) as error:
        services.item_publish(
            item=item, public_summary="长" * 2001, actor=committee_staff
        )
    assert error.value.field == "public_summary"


def test_a_cancelled_item_is_not_published(world, committee_staff):
    item = make_item(world, committee_staff)
    item_cancel(item=item, reason="计划调整", actor=committee_staff)
    with pytest.raises(ApplicationError) as error:
        services.item_publish(item=item, public_summary="说明", actor=committee_staff)
    assert error.value.status == 400


@pytest.mark.parametrize("kind", [DocumentKind.REPORT_DRAFT, DocumentKind.MINUTES])
def test_drafts_and_minutes_are_never_published(world, committee_staff, kind):
    item = make_item(world, committee_staff)
    services.item_publish(item=item, public_summary="说明", actor=committee_staff)
    document = make_document(item, kind=kind)
    with pytest.raises(ApplicationError) as error:
        services.document_publish(document=document, actor=committee_staff)
    assert error.value.status == 400
    assert error.value.field == "kind"
    document.refresh_from_db()
    assert document.published_at is None
    assert _events(item, DOCUMENT_PUBLISHED) == 0


def test_only_the_latest_version_of_a_document_is_published(world, committee_staff):
    item = make_item(world, committee_staff)
    services.item_publish(item=item, public_summary="说明", actor=committee_staff)
    old = make_document(item, version=1)
    new = make_document(item, version=2)
    with pytest.raises(ApplicationError) as error:
        services.document_publish(document=old, actor=committee_staff)
    assert error.value.field == "version"
    published = services.document_publish(document=new, actor=committee_staff)
    assert published.published_at is not None
    services.document_publish(document=new, actor=committee_staff)
    assert _events(item, DOCUMENT_PUBLISHED) == 1


def test_parts_wait_for_the_item_to_be_published(world, committee_staff):
    item = make_item(world, committee_staff)
    document = make_document(item)
    with pytest.raises(ApplicationError) as error:
        services.document_publish(document=document, actor=committee_staff)
    assert error.value.field == "item"


def test_an_opinion_is_published_once_sent_and_only_once(world, committee_staff):
    item = make_item(world, committee_staff)
    services.item_publish(item=item, public_summary="说明", actor=committee_staff)
    draft = make_opinion(item, world.unit_city, status=OpinionStatus.DRAFT)
    with pytest.raises(ApplicationError) as error:
        services.opinion_publish(opinion=draft, actor=committee_staff)
    assert error.value.field == "status"
    draft.delete()
    sent = make_opinion(item, world.unit_city)
    services.opinion_publish(opinion=sent, actor=committee_staff)
    services.opinion_publish(opinion=sent, actor=committee_staff)
    sent.refresh_from_db()
    assert sent.published_at is not None
    assert _events(item, OPINION_PUBLISHED) == 1


def test_handling_reports_and_tests_are_published_idempotently(
    world, committee_staff, district_staff
):
    item = make_item(world, committee_staff)
    services.item_publish(item=item, public_summary="说明", actor=committee_staff)
    opinion = make_opinion(item, world.unit_city, status=OpinionStatus.REPORTED)
    report = make_report(opinion)
    test = make_test(item, world.unit_city, opinion)
    with pytest.raises(PermissionDenied):
        services.handling_report_publish(report=report, actor=district_staff)
    with pytest.raises(PermissionDenied):
        services.satisfaction_test_publish(test=test, actor=district_staff)
    for _ in range(2):
        services.handling_report_publish(report=report, actor=committee_staff)
        services.satisfaction_test_publish(test=test, actor=committee_staff)
    report.refresh_from_db()
    test.refresh_from_db()
    assert report.published_at is not None
    assert test.published_at is not None
    assert _events(item, HANDLING_REPORT_PUBLISHED) == 1
    assert _events(item, TEST_PUBLISHED) == 1
    event = ItemEvent.objects.get(item=item, kind=TEST_PUBLISHED)
    assert "满意" in event.summary


def test_a_missing_row_is_not_found(world, committee_staff):
    from renda.supervision.models import ItemDocument

    with pytest.raises(NotFound):
        services.document_publish(
            document=ItemDocument(pk=999999), actor=committee_staff
        )


def test_what_remains_to_publish_before_closing(world, committee_staff):
    from renda.supervision.selectors.publication import missing_publications

    item = make_item(world, committee_staff)
    make_document(item, kind=DocumentKind.MINUTES)
    make_document(item, version=1)
    latest = make_document(item, version=2)
    opinion = make_opinion(item, world.unit_city, status=OpinionStatus.REPORTED)
    report = make_report(opinion)
    assert len(missing_publications(item)) == 4
    item = services.item_publish(
        item=item, public_summary="说明", actor=committee_staff
    )
    services.document_publish(document=latest, actor=committee_staff)
    services.opinion_publish(opinion=opinion, actor=committee_staff)
    assert missing_publications(item) == [
        f"{world.unit_city.name}的研究处理情况报告尚未公开"
    ]
    services.handling_report_publish(report=report, actor=committee_staff)
    assert missing_publications(item) == []
