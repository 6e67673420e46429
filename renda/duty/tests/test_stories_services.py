"""Stories and donations: the services, their refusals and the totals."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import override_settings
from PIL import Image

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.duty.choices import DutyEventKind, StoryStatus
from renda.duty.models import Donation, DutyEvent, DutyStory
from renda.duty.selectors import stories as sel
from renda.duty.services import stories as svc
from renda.notices.models import Notice

from .factories_stories import DAY, donation, gps_jpeg, story, xlsx

pytestmark = pytest.mark.django_db


def test_a_deputy_writes_and_submits_their_own_story(world, deputy, committee_staff):
    made = svc.story_create(
        congress=world.city_congress,
        deputy=world.deputy_city_a,
        title="走访困难群众",
        body="春节前走访慰问。",
        happened_on=DAY,
        actor=deputy,
    )
    svc.story_submit(story=made, actor=deputy)
    made.refresh_from_db()
    assert made.status == StoryStatus.SUBMITTED
    assert made.submitted_by == deputy
    kinds = list(
        DutyEvent.objects.filter(subject=f"duty.dutystory:{made.pk}").values_list(
            "kind", flat=True
        )
    )
    assert kinds == [DutyEventKind.STORY, DutyEventKind.STORY]


def test_a_deputy_may_not_write_for_another_deputy(world, deputy):
    with pytest.raises(PermissionDenied):
        svc.story_create(
            congress=world.city_congress,
            deputy=world.deputy_city_b,
            title="代写",
            body="正文",
            happened_on=DAY,
            actor=deputy,
        )
    assert not DutyStory.objects.exists()


def test_staff_write_only_for_deputies_of_their_congress(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        svc.story_create(
            congress=world.city_congress,
            deputy=world.deputy_xian,
            title="标题",
            body="正文",
            happened_on=DAY,
            actor=committee_staff,
        )
    assert error.value.field == "deputy"


def test_district_staff_may_not_publish_a_city_story(
    world, committee_staff, district_staff
):
    made = story(world, committee_staff, state="SUBMITTED")
    with pytest.raises(PermissionDenied):
        svc.story_publish(story=made, actor=district_staff)
    made.refresh_from_db()
    assert made.status == StoryStatus.SUBMITTED


def test_a_deputy_may_not_publish_their_own_story(world, deputy):
    made = svc.story_create(
        congress=world.city_congress,
        deputy=world.deputy_city_a,
        title="标题",
        body="正文",
        happened_on=DAY,
        actor=deputy,
    )
    svc.story_submit(story=made, actor=deputy)
    with pytest.raises(PermissionDenied):
        svc.story_publish(story=made, actor=deputy)


def test_return_needs_a_reason_and_a_returned_story_is_submitted_again(
    world, committee_staff
):
    made = story(world, committee_staff, state="SUBMITTED")
    with pytest.raises(ApplicationError) as error:
        svc.story_return(story=made, reason=" ", actor=committee_staff)
    assert error.value.field == "reason"
    svc.story_return(story=made, reason="请补充时间地点", actor=committee_staff)
    made.refresh_from_db()
    assert (made.status, made.return_reason) == (StoryStatus.RETURNED, "请补充时间地点")
    svc.story_submit(story=made, actor=committee_staff)
    made.refresh_from_db()
    assert made.status == StoryStatus.SUBMITTED
    assert made.return_reason == ""


def test_publishing_announces_the_story_to_the_congress_deputies(
    world, committee_staff, django_capture_on_commit_callbacks
):
    made = story(world, committee_staff, state="SUBMITTED")
    with django_capture_on_commit_callbacks(execute=True):
        svc.story_publish(story=made, actor=committee_staff)
    made.refresh_from_db()
    assert made.status == StoryStatus.PUBLISHED
    assert made.published_at is not None
    notice = Notice.objects.get()
    assert made.title in notice.title
    assert f"/open/duty/stories/{made.pk}/" in notice.body
    deputies = set(notice.receipts.values_list("deputy_id", flat=True))
    assert deputies == {world.deputy_city_a.pk, world.deputy_city_b.pk}


def test_a_published_story_cannot_be_edited_until_taken_down(world, committee_staff):
    made = story(world, committee_staff, state="PUBLISHED")
    with pytest.raises(InvalidTransition):
        svc.story_edit(story=made, title="新标题", actor=committee_staff)
    svc.story_unpublish(story=made, actor=committee_staff)
    made.refresh_from_db()
    assert made.status == StoryStatus.WITHDRAWN
    assert made.title == "抗疫一线显担当"


def test_a_photo_is_stored_without_its_gps_exif(world, deputy, committee_staff):
    made = story(world, committee_staff)
    upload = gps_jpeg()
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(0x8825)
    upload.seek(0)
    photo = svc.story_photo_add(story=made, upload=upload, actor=deputy)
    photo.image.open("rb")
    stored = Image.open(io.BytesIO(photo.image.read()))
    photo.image.close()
    assert stored.format == "JPEG"
    exif = stored.getexif()
    assert not exif.get_ifd(0x8825)
    assert 0x010F not in exif


@override_settings(RENDA_DUTY_STORY_PHOTO_LIMIT=1)
def test_the_photo_limit_is_read_from_the_settings(world, committee_staff):
    made = story(world, committee_staff)
    svc.story_photo_add(story=made, upload=gps_jpeg(), actor=committee_staff)
    with pytest.raises(ApplicationError) as error:
        svc.story_photo_add(story=made, upload=gps_jpeg("b.jpg"), actor=committee_staff)
    assert "最多上传 1 张" in error.value.message
    assert made.photos.count() == 1


def test_a_file_that_is_not_an_image_is_refused(world, committee_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    made = story(world, committee_staff)
    with pytest.raises(ApplicationError):
        svc.story_photo_add(
            story=made,
            upload=SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>"),
            actor=committee_staff,
        )
    assert made.photos.count() == 0


def test_a_photo_is_removed_by_its_deputy(world, deputy, committee_staff):
    made = story(world, committee_staff)
    photo = svc.story_photo_add(story=made, upload=gps_jpeg(), actor=deputy)
    svc.story_photo_remove(photo=photo, actor=deputy)
    assert made.photos.count() == 0


# Donations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "应大于 0"), ("-5", "应大于 0"), ("1.234", "两位小数"), ("abc", "数字")],
)
def test_a_bad_amount_is_refused(world, committee_staff, amount, message):
    with pytest.raises(ApplicationError) as error:
        donation(world, committee_staff, amount=amount)
    assert error.value.field == "amount"
    assert message in error.value.message
    assert not Donation.objects.exists()


def test_goods_must_be_named(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        donation(world, committee_staff, kind="GOODS", goods="")
    assert error.value.field == "goods"


def test_only_the_congress_staff_record_donations(
    world, leader, district_staff, deputy
):
    for actor in (leader, district_staff, deputy):
        with pytest.raises(PermissionDenied):
            donation(world, actor)
    assert not Donation.objects.exists()


def test_edit_and_delete_a_donation_with_a_reason(world, committee_staff):
    from renda.core.models import ActionLog

    made = donation(world, committee_staff)
    svc.donation_edit(donation=made, amount="2000.50", actor=committee_staff)
    made.refresh_from_db()
    assert made.amount == Decimal("2000.50")
    with pytest.raises(ApplicationError):
        svc.donation_delete(donation=made, reason="", actor=committee_staff)
    svc.donation_delete(donation=made, reason="重复登记", actor=committee_staff)
    assert not Donation.objects.exists()
    log = ActionLog.objects.filter(action="duty.donation.delete").get()
    assert "重复登记" in log.summary


def test_totals_per_congress_level_and_campaign(world, committee_staff, system_admin):
    donation(world, committee_staff, amount="1000.00")
    donation(world, committee_staff, amount="500.00", deputy=world.deputy_city_b)
    donation(world, committee_staff, kind="GOODS", amount="300.00", goods="口罩")
    donation(world, committee_staff, amount="10.00", campaign="助学")
    svc.donation_record(
        congress=world.xian_congress,
        deputy=world.deputy_xian,
        kind="MONEY",
        date=DAY,
        amount="70.00",
        recipient="西安区慈善总会",
        campaign="抗疫",
        actor=system_admin,
    )
    city = sel.donation_summary(committee_staff)
    assert city.totals.money == Decimal("1510.00")
    assert city.totals.goods == Decimal("300.00")
    assert city.totals.donors == 2
    every = sel.donation_summary(system_admin)
    assert every.totals.money == Decimal("1580.00")
    assert every.totals.donors == 3
    levels = dict(every.by_level)
    assert levels["设区的市"].money == Decimal("1510.00")
    assert levels["县"].money == Decimal("70.00")
    campaigns = dict(every.by_campaign)
    assert campaigns["抗疫"].money == Decimal("1570.00")
    assert campaigns["抗疫"].goods == Decimal("300.00")
    county = sel.donation_summary(system_admin, sel.DonationFilters(level="COUNTY"))
    assert county.totals.money == Decimal("70.00")


# The import ----------------------------------------------------------------------


def test_an_import_records_every_row(world, committee_staff):
    content = xlsx(
        [
            [
                "丁照民",
                "",
                "捐款",
                1000,
                "",
                "辽源市红十字会",
                "2020-02-01",
                "抗疫",
                "",
            ],
            [
                "白玉晶",
                "4321",
                "捐物",
                "300.5",
                "口罩",
                "东辽县医院",
                "2020-02-03",
                "",
                "",
            ],
        ]
    )
    result = svc.donations_import(
        congress=world.city_congress, content=content, actor=committee_staff
    )
    assert result.created == 2
    assert result.money == Decimal("1000.00")
    assert result.goods == Decimal("300.50")


def test_a_bad_import_names_every_bad_row_and_writes_nothing(world, committee_staff):
    content = xlsx(
        [
            ["丁照民", "", "捐款", 1000, "", "辽源市红十字会", "2020-02-01"],
            ["查无此人", "", "捐款", 100, "", "红十字会", "2020-02-01"],
            ["丁照民", "", "捐物", 100, "", "红十字会", "2020-02-01"],
            ["丁照民", "", "捐款", -1, "", "红十字会", "2020-02-01"],
            ["丁照民", "", "汇款", 1, "", "红十字会", "2020-02-01"],
            ["丁照民", "", "捐款", 1, "", "红十字会", "二月"],
            ["丁照民", "9999", "捐款", 1, "", "红十字会", "2020-02-01"],
        ],
        header=svc.IMPORT_COLUMNS,
    )
    with pytest.raises(svc.ImportRejected) as error:
        svc.donations_import(
            congress=world.city_congress, content=content, actor=committee_staff
        )
    problems = error.value.problems
    assert [p.split("：")[0] for p in problems] == [
        "第3行",
        "第4行",
        "第5行",
        "第6行",
        "第7行",
        "第8行",
    ]
    assert "查无此人" in problems[0]
    assert "物资" in problems[1]
    assert "9999" in problems[5]
    assert not Donation.objects.exists()


def test_namesakes_are_told_apart_by_the_last_four_digits(world, committee_staff):
    from renda.deputies.tests.factories import DeputyFactory, MandateFactory

    twin = DeputyFactory(name="丁照民", phone="13900005555")
    MandateFactory(deputy=twin, term=world.city_term)
    ambiguous = xlsx([["丁照民", "", "捐款", 1, "", "红十字会", "2020-02-01"]])
    with pytest.raises(svc.ImportRejected) as error:
        svc.donations_import(
            congress=world.city_congress, content=ambiguous, actor=committee_staff
        )
    assert "重名" in error.value.problems[0]
    clear = xlsx([["丁照民", "5555", "捐款", 1, "", "红十字会", "2020-02-01"]])
    svc.donations_import(
        congress=world.city_congress, content=clear, actor=committee_staff
    )
    assert Donation.objects.get().deputy == twin


def test_a_file_that_is_not_a_workbook_is_refused(world, committee_staff):
    with pytest.raises(ApplicationError) as error:
        svc.donations_import(
            congress=world.city_congress, content=b"not xlsx", actor=committee_staff
        )
    assert error.value.field == "file"
