"""Filing review services: filings (late on day 31, check, return, refile) and
reviews through every outcome, with the proposer always told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.receipts import damm_is_valid
from renda.notifications.models import Notification
from renda.supervision import rules
from renda.supervision.choices import (
    DocumentType,
    FilingStatus,
    RequestKind,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    Standard,
)
from renda.supervision.models import Filing, FilingEvent, ReviewCheck
from renda.supervision.selectors.filing import (
    filing_year_report,
    filings_reviewed_count,
    review_for_receipt,
    review_list,
)
from renda.supervision.services.filing import (
    document_file,
    filing_accept,
    filing_refile,
    filing_return,
    review_check,
    review_conclude,
    review_open,
    review_refer,
    review_request_correction,
    review_start,
    review_suggest,
    review_suspend,
    review_tell_proposer,
)

from .factories_filing import PUBLISHED, accepted_document, file_document

pytestmark = pytest.mark.django_db

ALL_PASSED = [{"standard": s, "passed": True, "note": ""} for s in Standard.values]


def test_a_filing_on_day_31_is_flagged_late_and_day_30_not(world, unit_staff):
    on_time = file_document(world, unit_staff, today=PUBLISHED + dt.timedelta(days=30))
    late = file_document(world, unit_staff, today=PUBLISHED + dt.timedelta(days=31))
    assert on_time.late is False
    assert late.late is True
    assert late.status == FilingStatus.FILED
    assert "逾期报备" in FilingEvent.objects.get(filing=late).summary


def test_the_filing_goes_to_the_unit_congress_or_one_whose_area_holds_it(
    world, unit_staff, district_staff
):
    filing = file_document(world, unit_staff)
    assert filing.document.congress == world.city_congress
    # The city unit is not in the 西安区 congress's area.
    with pytest.raises(ApplicationError) as error:
        file_document(world, unit_staff, congress=world.xian_congress)
    assert error.value.field == "congress"
    # A district congress files its resolutions with the city congress.
    resolution = document_file(
        actor=district_staff,
        issuing_congress=world.xian_congress,
        document_type=DocumentType.LOWER_RESOLUTION,
        title="关于加强国有资产管理情况监督的决定",
        document_number="西人常发〔2020〕3号",
        published_on=PUBLISHED,
        text="决定全文",
        today=PUBLISHED + dt.timedelta(days=5),
    )
    assert resolution.document.congress == world.city_congress
    assert resolution.document.issuing_congress == world.xian_congress


def test_only_the_unit_staff_file_for_their_unit(world, committee_staff, deputy):
    for actor in (committee_staff, deputy):
        with pytest.raises(PermissionDenied):
            file_document(world, actor)


def test_bad_input_names_the_field(world, unit_staff):
    cases = [
        ({"document_type": "NOPE"}, "document_type"),
        ({"title": " "}, "title"),
        ({"document_type": DocumentType.LOWER_RESOLUTION}, "document_type"),
    ]
    for extra, field in cases:
        with pytest.raises(ApplicationError) as error:
            file_document(world, unit_staff, **extra)
        assert error.value.field == field
    with pytest.raises(ApplicationError) as error:
        document_file(
            actor=unit_staff,
            unit=world.unit_city,
            document_type=DocumentType.NORMATIVE_DOCUMENT,
            title="办法",
            document_number="X1",
            published_on=dt.date(2020, 5, 1),
            today=dt.date(2020, 5, 3),
        )
    assert error.value.field == "text"
    with pytest.raises(ApplicationError) as error:
        document_file(
            actor=unit_staff,
            unit=world.unit_city,
            document_type=DocumentType.NORMATIVE_DOCUMENT,
            title="办法",
            document_number="X1",
            published_on=dt.date(2020, 5, 9),
            text="正文",
            today=dt.date(2020, 5, 3),
        )
    assert error.value.field == "published_on"
    first = file_document(world, unit_staff)
    with pytest.raises(ApplicationError) as error:
        document_file(
            actor=unit_staff,
            unit=world.unit_city,
            document_type=DocumentType.NORMATIVE_DOCUMENT,
            title="办法",
            document_number=first.document.document_number,
            published_on=PUBLISHED,
            text="正文",
            today=PUBLISHED,
        )
    assert error.value.field == "document_number"


def test_an_uploaded_file_alone_is_enough(world, unit_staff):
    filing = document_file(
        actor=unit_staff,
        unit=world.unit_city,
        document_type=DocumentType.NORMATIVE_DOCUMENT,
        title="办法",
        document_number="辽住建发〔2020〕99号",
        published_on=PUBLISHED,
        file=SimpleUploadedFile("办法.pdf", b"%PDF-1.4 test"),
        today=PUBLISHED,
    )
    assert filing.document.file_name == "办法.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("办法.exe", b"MZ\x90\x00", "类型不支持"),
        ("办法.pdf", b"MZ\x90\x00", "不是真正的PDF 文件"),
        ("办法.pdf", b"", "空文件"),
    ],
)
def test_a_filed_file_must_be_a_document_it_claims_to_be(
    world, unit_staff, name, content, message
):
    with pytest.raises(ApplicationError, match=message) as refused:
        file_document(world, unit_staff, file=SimpleUploadedFile(name, content))
    assert refused.value.field == "file"
    assert not Filing.objects.exists()


def test_return_with_a_refile_deadline_then_refile_and_accept(
    world, unit_staff, committee_staff, django_capture_on_commit_callbacks
):
    filing = file_document(world, unit_staff)
    returned_on = dt.date(2020, 3, 13)
    with django_capture_on_commit_callbacks(execute=True):
        filing = filing_return(
            filing=filing,
            reason="缺少起草说明",
            actor=committee_staff,
            today=returned_on,
        )
    assert filing.status == FilingStatus.RETURNED
    assert filing.refile_due == rules.refile_due(world.city_congress, returned_on).due
    assert filing.refile_due == dt.date(2020, 3, 23)
    assert Notification.objects.filter(recipient=unit_staff).exists()
    with pytest.raises(InvalidTransition):
        filing_accept(filing=filing, actor=committee_staff)
    with pytest.raises(PermissionDenied):
        filing_refile(filing=filing, actor=committee_staff)
    filing = filing_refile(
        filing=filing,
        actor=unit_staff,
        explanation="补充的起草说明",
        today=dt.date(2020, 3, 20),
    )
    assert filing.status == FilingStatus.FILED
    filing = filing_accept(
        filing=filing, actor=committee_staff, today=dt.date(2020, 3, 24)
    )
    assert filing.status == FilingStatus.ACCEPTED
    assert filing.accepted_on == dt.date(2020, 3, 24)


def test_other_congress_staff_may_not_check(world, unit_staff, district_staff):
    filing = file_document(world, unit_staff)
    with pytest.raises(PermissionDenied):
        filing_accept(filing=filing, actor=district_staff)
    with pytest.raises(ApplicationError) as error:
        filing_return(filing=filing, reason="", actor=district_staff)
    assert isinstance(error.value, PermissionDenied)


def test_a_rolled_back_filing_sends_no_notice(
    world, unit_staff, committee_staff, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ApplicationError),
    ):
        file_document(world, unit_staff, text="", explanation="")
    assert callbacks == []
    assert not Notification.objects.exists()


def test_the_review_of_a_citizens_suggestion_ends_with_the_proposer_told(
    world, unit_staff, committee_staff, django_capture_on_commit_callbacks
):
    filing = accepted_document(world, unit_staff, committee_staff)
    with django_capture_on_commit_callbacks(execute=True):
        case = review_suggest(
            congress=world.city_congress,
            proposer_name="李明",
            proposer_phone="13800001234",
            subject=filing.document.title,
            request_text="该办法第十条增设了行政许可，与上位法不一致。",
            client_ip="10.0.0.1",
            today=dt.date(2020, 5, 6),
        )
    assert case.kind == ReviewKind.ON_REQUEST
    assert case.request_kind == RequestKind.SUGGESTION
    assert len(case.receipt_number) == 12
    assert damm_is_valid(case.receipt_number)
    assert case.ip_hash
    assert "10.0.0.1" not in case.ip_hash
    assert Notification.objects.filter(recipient=committee_staff).exists()
    assert review_for_receipt(case.receipt_number).state == "已收到，待审查"

    case = review_start(
        case=case, actor=committee_staff, document_ids=[filing.document.pk]
    )
    case = review_check(
        case=case,
        actor=committee_staff,
        checks=[
            {"standard": Standard.CONSTITUTIONALITY, "passed": True, "note": ""},
            {"standard": Standard.LEGALITY, "passed": False, "note": "增设许可"},
            {"standard": Standard.APPROPRIATENESS, "passed": True, "note": ""},
        ],
        opinion="第十条与行政许可法不一致。",
    )
    assert ReviewCheck.objects.filter(case=case).count() == 3
    case = review_request_correction(
        case=case, actor=committee_staff, today=dt.date(2020, 6, 1)
    )
    # Two months end on Saturday 1 August: the deadline moves to Monday.
    assert case.correction_due == dt.date(2020, 8, 3)
    assert (
        case.correction_due
        == rules.correction_due(world.city_congress, dt.date(2020, 6, 1)).due
    )
    case = review_conclude(
        case=case,
        outcome=ReviewOutcome.CORRECTION_REQUESTED,
        actor=committee_staff,
        today=dt.date(2020, 7, 20),
    )
    assert case.status == ReviewStatus.CONCLUDED
    # Concluded, not told: 待告知 on the staff list; the public sees no outcome yet.
    listed = review_list(committee_staff)
    assert [c.status_text for c in listed] == ["待告知"]
    receipt = review_for_receipt(case.receipt_number)
    assert receipt.told is False
    assert receipt.outcome == ""
    case = review_tell_proposer(
        case=case,
        reply="经审查，制定机关已按要求修改该办法第十条。",
        actor=committee_staff,
        today=dt.date(2020, 7, 22),
    )
    assert case.proposer_told_on == dt.date(2020, 7, 22)
    receipt = review_for_receipt(case.receipt_number.lower())
    assert receipt.told is True
    assert receipt.outcome == "书面要求制定机关纠正"
    assert "第十条" in receipt.reply
    assert review_list(committee_staff)[0].status_text == "审查结束"
    with pytest.raises(InvalidTransition):
        review_tell_proposer(case=case, reply="再次", actor=committee_staff)


def test_no_problem_needs_the_three_standards_passed(
    world, unit_staff, committee_staff
):
    filing = accepted_document(world, unit_staff, committee_staff)
    case = review_open(
        congress=world.city_congress,
        kind=ReviewKind.ACTIVE,
        subject="主动审查",
        document_ids=[filing.document.pk],
        actor=committee_staff,
    )
    with pytest.raises(InvalidTransition):
        review_conclude(
            case=case, outcome=ReviewOutcome.NO_PROBLEM, actor=committee_staff
        )
    case = review_start(case=case, actor=committee_staff)
    with pytest.raises(ApplicationError) as error:
        review_conclude(
            case=case, outcome=ReviewOutcome.NO_PROBLEM, actor=committee_staff
        )
    assert error.value.field == "outcome"
    review_check(case=case, checks=ALL_PASSED, actor=committee_staff)
    case = review_conclude(
        case=case, outcome=ReviewOutcome.NO_PROBLEM, actor=committee_staff
    )
    assert case.outcome == ReviewOutcome.NO_PROBLEM
    # An active review has no proposer to tell.
    assert review_list(committee_staff)[0].status_text == "审查结束"


def test_suspended_when_the_issuer_corrects_then_concluded(
    world, unit_staff, committee_staff
):
    filing = accepted_document(world, unit_staff, committee_staff)
    case = review_open(
        congress=world.city_congress,
        kind=ReviewKind.ON_REQUEST,
        request_kind=RequestKind.REQUIREMENT,
        proposer_organisation="辽源市人民检察院",
        subject="审查要求",
        request_text="理由",
        document_ids=[filing.document.pk],
        actor=committee_staff,
    )
    assert case.receipt_number
    case = review_start(case=case, actor=committee_staff)
    case = review_suspend(case=case, actor=committee_staff, note="制定机关已启动修改")
    assert case.status == ReviewStatus.SUSPENDED
    with pytest.raises(ApplicationError) as error:
        review_conclude(
            case=case, outcome=ReviewOutcome.NO_PROBLEM, actor=committee_staff
        )
    assert error.value.field == "outcome"
    case = review_conclude(
        case=case, outcome=ReviewOutcome.CORRECTED_BY_ISSUER, actor=committee_staff
    )
    assert review_list(committee_staff)[0].to_tell is True


def test_late_correction_leads_to_a_revocation_motion(
    world, unit_staff, committee_staff
):
    filing = accepted_document(world, unit_staff, committee_staff)
    case = review_open(
        congress=world.city_congress,
        kind=ReviewKind.ACTIVE,
        subject="主动审查",
        document_ids=[filing.document.pk],
        actor=committee_staff,
    )
    review_start(case=case, actor=committee_staff)
    case = review_request_correction(
        case=case, actor=committee_staff, today=dt.date(2020, 6, 1)
    )
    with pytest.raises(ApplicationError) as error:
        review_conclude(
            case=case,
            outcome=ReviewOutcome.CORRECTION_REQUESTED,
            actor=committee_staff,
            today=dt.date(2020, 8, 4),
        )
    assert error.value.field == "outcome"
    case = review_conclude(
        case=case,
        outcome=ReviewOutcome.REVOCATION_MOTION,
        actor=committee_staff,
        today=dt.date(2020, 8, 3),
    )
    assert case.outcome == ReviewOutcome.REVOCATION_MOTION


def test_special_review_needs_a_set_and_referral_names_the_organ(
    world, unit_staff, committee_staff, leader
):
    one = accepted_document(world, unit_staff, committee_staff)
    two = accepted_document(world, unit_staff, committee_staff)
    with pytest.raises(ApplicationError) as error:
        review_open(
            congress=world.city_congress,
            kind=ReviewKind.SPECIAL,
            subject="营商环境专项审查",
            document_ids=[one.document.pk],
            actor=committee_staff,
        )
    assert error.value.field == "documents"
    special = review_open(
        congress=world.city_congress,
        kind=ReviewKind.SPECIAL,
        subject="营商环境专项审查",
        document_ids=[one.document.pk, two.document.pk],
        actor=committee_staff,
    )
    assert special.documents.count() == 2
    referral = review_open(
        congress=world.city_congress,
        kind=ReviewKind.REFERRAL,
        subject="属于省人大常委会审查范围",
        actor=committee_staff,
    )
    with pytest.raises(ApplicationError) as error:
        review_refer(case=referral, organ=" ", actor=committee_staff)
    assert error.value.field == "organ"
    with pytest.raises(PermissionDenied):
        review_refer(case=referral, organ="吉林省人大常委会", actor=leader)
    referral = review_refer(
        case=referral, organ="吉林省人大常委会法工委", actor=committee_staff
    )
    assert referral.status == ReviewStatus.REFERRED
    assert referral.outcome == ReviewOutcome.REFERRED


def test_the_year_report_counts_from_records(world, unit_staff, committee_staff):
    late = file_document(world, unit_staff, today=PUBLISHED + dt.timedelta(days=40))
    filing_accept(filing=late, actor=committee_staff, today=dt.date(2020, 4, 20))
    returned = file_document(world, unit_staff)
    filing_return(
        filing=returned,
        reason="格式不全",
        actor=committee_staff,
        today=dt.date(2020, 3, 14),
    )
    # Filed in 2020, accepted in 2021: counted in 2021's 备案审查 N 件.
    other = file_document(
        world,
        unit_staff,
        published_on=dt.date(2020, 12, 20),
        today=dt.date(2020, 12, 28),
    )
    filing_accept(filing=other, actor=committee_staff, today=dt.date(2021, 1, 4))
    case = review_open(
        congress=world.city_congress,
        kind=ReviewKind.ACTIVE,
        subject="主动审查",
        document_ids=[late.document.pk],
        actor=committee_staff,
        today=dt.date(2020, 5, 1),
        received_on=dt.date(2020, 5, 1),
    )
    review_start(case=case, actor=committee_staff)
    review_conclude(
        case=case,
        outcome=ReviewOutcome.REVOCATION_MOTION,
        actor=committee_staff,
        today=dt.date(2020, 9, 1),
    )
    report = filing_year_report(world.city_congress, 2020)
    assert report.filed == 3
    assert report.filed_by_type["行政规范性文件"] == 3
    assert report.late == 1
    assert report.accepted == 1
    assert report.returned == 1
    assert report.reviews == 1
    assert report.reviews_by_kind["主动审查"] == 1
    assert report.revocation_motions == 1
    assert filings_reviewed_count(world.city_congress, 2020) == 1
    assert filings_reviewed_count(world.city_congress, 2021) == 1
    assert filings_reviewed_count(world.xian_congress, 2020) == 0


def test_a_unit_may_file_with_a_congress_whose_area_holds_it(world, committee_staff):
    from renda.accounts.choices import Role
    from renda.accounts.tests.factories import UserFactory

    xian_unit_staff = UserFactory(username="xian_unit")
    xian_unit_staff.role_assignments.create(
        role=Role.UNIT_STAFF, handling_unit=world.unit_xian
    )
    own = document_file(
        actor=xian_unit_staff,
        unit=world.unit_xian,
        document_type=DocumentType.NORMATIVE_DOCUMENT,
        title="西安区办法",
        document_number="西政发〔2020〕1号",
        published_on=PUBLISHED,
        text="正文",
        today=PUBLISHED,
    )
    assert own.document.congress == world.xian_congress
    upward = document_file(
        actor=xian_unit_staff,
        unit=world.unit_xian,
        congress=world.city_congress,
        document_type=DocumentType.NORMATIVE_DOCUMENT,
        title="西安区办法",
        document_number="西政发〔2020〕2号",
        published_on=PUBLISHED,
        text="正文",
        today=PUBLISHED,
    )
    assert upward.document.congress == world.city_congress
    # Not the unit of someone else.
    with pytest.raises(PermissionDenied):
        document_file(
            actor=xian_unit_staff,
            unit=world.unit_city,
            document_type=DocumentType.NORMATIVE_DOCUMENT,
            title="办法",
            document_number="X9",
            published_on=PUBLISHED,
            text="正文",
            today=PUBLISHED,
        )


def test_a_congress_without_a_parent_files_nowhere_and_others_may_not_file_for_it(
    world, committee_staff, district_staff
):
    with pytest.raises(ApplicationError) as error:
        document_file(
            actor=committee_staff,
            issuing_congress=world.city_congress,
            document_type=DocumentType.LOWER_RESOLUTION,
            title="决定",
            document_number="辽人常发〔2020〕1号",
            published_on=PUBLISHED,
            text="正文",
            today=PUBLISHED,
        )
    assert error.value.field == "congress"
    with pytest.raises(PermissionDenied):
        document_file(
            actor=district_staff,
            issuing_congress=world.longshan_congress,
            document_type=DocumentType.LOWER_RESOLUTION,
            title="决定",
            document_number="龙人常发〔2020〕1号",
            published_on=PUBLISHED,
            text="正文",
            today=PUBLISHED,
        )


def test_staff_are_told_of_a_new_filing_and_the_unit_of_its_acceptance(
    world, unit_staff, committee_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        filing = file_document(world, unit_staff)
    assert Notification.objects.filter(recipient=committee_staff).count() == 1
    assert not Notification.objects.filter(recipient=unit_staff).exists()
    with django_capture_on_commit_callbacks(execute=True):
        filing_accept(filing=filing, actor=committee_staff)
    told = Notification.objects.get(recipient=unit_staff)
    assert "登记备案" in told.title
