"""Filing pages: the unit's filing page, staff lists and actions, the review
detail with its checklist, the annual report, and the public pages (list,
审查建议 form with captcha and rate limit, receipt look-up)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from renda.core.captcha import SESSION_KEY
from renda.core.receipts import (
    MISTYPED_MESSAGE,
    format_receipt_number,
    new_receipt_number,
)
from renda.core.repeats import REPEATED_MESSAGE
from renda.core.tests.static_css import linked_css
from renda.supervision.choices import (
    FilingStatus,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    Standard,
)
from renda.supervision.models import Filing, ReviewCase

from .factories_filing import PUBLISHED, accepted_document, file_document

pytestmark = pytest.mark.django_db


def _answer_captcha(client) -> dict:
    """Load the form, then read the pending question's answer from the session."""
    response = client.get(reverse("open:filing_suggest"))
    assert response.status_code == 200
    pending = client.session[SESSION_KEY]
    token, (answer, _at) = next(iter(pending.items()))
    return {"captcha_token": token, "captcha_answer": str(answer)}


def _suggestion(world, **extra) -> dict:
    return {
        "congress": world.city_congress.pk,
        "subject": "辽源市住房保障管理办法（辽住建发〔2020〕1号）",
        "request_text": "第十条增设行政许可，与上位法相抵触。",
        "proposer_name": "李明",
        "proposer_phone": "13800001234",
        "proposer_address": "辽源市龙山区向阳街道1号",
        **extra,
    }


def test_the_unit_files_a_document_on_its_page(client, world, unit_staff):
    client.force_login(unit_staff)
    url = reverse("supervision:filing_unit")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "document_type": "NORMATIVE_DOCUMENT",
            "title": "辽源市物业管理办法",
            "document_number": "辽住建发〔2020〕8号",
            "published_on": "2020-03-02",
            "text": "第一条……",
        },
    )
    assert response.status_code == 302
    filing = Filing.objects.get()
    assert filing.document.congress == world.city_congress
    # Filed today, long after 2020: late.
    assert filing.late is True
    page = client.get(url).content.decode()
    assert "辽源市物业管理办法" in page
    assert "逾期报备" in page


def test_bad_input_on_the_unit_page_names_the_field(client, world, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("supervision:filing_unit"),
        {
            "document_type": "NORMATIVE_DOCUMENT",
            "title": "办法",
            "document_number": "X1",
            "published_on": "2020-03-02",
        },
    )
    assert response.status_code == 400
    assert "请填写正文或上传文件" in response.content.decode()
    assert not Filing.objects.exists()


def test_staff_list_flags_overdue_checks_and_accept_and_return(
    client, world, unit_staff, committee_staff
):
    overdue = file_document(world, unit_staff)  # filed in 2020: long overdue
    client.force_login(committee_staff)
    page = client.get(reverse("supervision:filings")).content.decode()
    assert 'data-flag="check-overdue"' in page
    detail = client.get(reverse("supervision:filing_detail", args=[overdue.pk]))
    assert 'data-action="accept"' in detail.content.decode()
    assert 'data-action="return"' in detail.content.decode()
    response = client.post(reverse("supervision:filing_return", args=[overdue.pk]), {})
    assert response.status_code == 400
    response = client.post(
        reverse("supervision:filing_return", args=[overdue.pk]),
        {"reason": "缺备案报告"},
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.status == FilingStatus.RETURNED


def test_the_unit_refiles_on_its_page(client, world, unit_staff, committee_staff):
    from renda.supervision.services.filing import filing_return

    filing = file_document(world, unit_staff)
    filing_return(filing=filing, reason="缺起草说明", actor=committee_staff)
    client.force_login(unit_staff)
    page = client.get(reverse("supervision:filing_unit")).content.decode()
    assert 'data-action="refile"' in page
    response = client.post(
        reverse("supervision:filing_refile", args=[filing.pk]),
        {"explanation": "补充的起草说明"},
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.FILED


def test_other_roles_may_not_check_a_filing(
    client, world, unit_staff, leader, district_staff
):
    filing = file_document(world, unit_staff)
    client.force_login(leader)
    assert (
        client.post(reverse("supervision:filing_accept", args=[filing.pk])).status_code
        == 403
    )
    client.force_login(district_staff)
    assert (
        client.post(reverse("supervision:filing_accept", args=[filing.pk])).status_code
        == 404
    )
    filing.refresh_from_db()
    assert filing.status == FilingStatus.FILED


def test_a_citizens_suggestion_through_the_public_form_to_the_outcome_on_the_look_up(
    client, world, unit_staff, committee_staff
):
    filing = accepted_document(world, unit_staff, committee_staff)
    response = client.post(
        reverse("open:filing_suggest"),
        {**_suggestion(world), **_answer_captcha(client)},
    )
    assert response.status_code == 302
    case = ReviewCase.objects.get()
    assert case.receipt_number in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert case.receipt_number in page
    assert "已收到" in page

    staff = client.__class__()
    staff.force_login(committee_staff)
    detail = reverse("supervision:review_detail", args=[case.pk])
    action = lambda verb: reverse("supervision:review_action", args=[case.pk, verb])  # noqa: E731
    assert 'data-action="start"' in staff.get(detail).content.decode()
    assert staff.post(action("start")).status_code == 302
    checklist = {"opinion": "未发现问题"}
    for standard in Standard.values:
        checklist[f"{standard.lower()}_passed"] = "yes"
    assert staff.post(action("check"), checklist).status_code == 302
    case.documents.add(filing.document)
    response = staff.post(action("conclude"), {"outcome": ReviewOutcome.NO_PROBLEM})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == ReviewStatus.CONCLUDED
    listing = staff.get(reverse("supervision:reviews") + "?to_tell=1").content.decode()
    assert "待告知" in listing
    # Not told yet: the public sees no outcome.
    lookup = reverse("open:filing_receipt") + f"?number={case.receipt_number}"
    assert "未发现问题" not in client.get(lookup).content.decode()
    response = staff.post(
        action("tell_proposer"), {"reply": "经审查，该办法未发现同上位法相抵触的问题。"}
    )
    assert response.status_code == 302
    page = client.get(lookup).content.decode()
    assert "已告知审查结果" in page
    assert "未发现问题" in page
    assert "未发现同上位法相抵触" in page
    # No personal data on the public look-up.
    assert "13800001234" not in page


def test_the_public_form_needs_the_captcha(client, world):
    response = client.post(
        reverse("open:filing_suggest"),
        {**_suggestion(world), "captcha_token": "x", "captcha_answer": "3"},
    )
    assert response.status_code == 400
    assert "验证题" in response.content.decode()
    assert not ReviewCase.objects.exists()
    captcha = _answer_captcha(client)
    captcha["captcha_answer"] = str(int(captcha["captcha_answer"]) + 1)
    response = client.post(
        reverse("open:filing_suggest"), {**_suggestion(world), **captcha}
    )
    assert response.status_code == 400
    assert not ReviewCase.objects.exists()


def test_the_public_form_names_the_bad_field(client, world):
    response = client.post(
        reverse("open:filing_suggest"),
        {
            **_suggestion(world, proposer_phone="", proposer_address=""),
            **_answer_captcha(client),
        },
    )
    assert response.status_code == 400
    assert "请留下联系电话或通信地址" in response.content.decode()


@override_settings(
    RENDA_SUPERVISION_RULES={"default": {"public_proposals_per_hour": 2}}
)
def test_the_public_form_is_rate_limited_per_address(client, world):
    for number in range(2):
        text = f"第{number}条增设行政许可，与上位法相抵触。"
        response = client.post(
            reverse("open:filing_suggest"),
            {**_suggestion(world, request_text=text), **_answer_captcha(client)},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("open:filing_suggest"),
        {**_suggestion(world), **_answer_captcha(client)},
    )
    assert response.status_code == 429
    assert ReviewCase.objects.count() == 2
    # Another address is not held back.
    response = client.post(
        reverse("open:filing_suggest"),
        {**_suggestion(world), **_answer_captcha(client)},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 302


def test_the_public_list_shows_accepted_filings_only_and_searches(
    client, world, unit_staff, committee_staff
):
    accepted = accepted_document(
        world, unit_staff, committee_staff, title="辽源市供热管理办法"
    )
    pending = file_document(world, unit_staff, title="辽源市停车管理办法")
    page = client.get(reverse("open:filings")).content.decode()
    assert accepted.document.title in page
    assert pending.document.title not in page
    assert "报备报告" not in page
    found = client.get(reverse("open:filings") + "?q=供热").content.decode()
    assert "辽源市供热管理办法" in found
    none = client.get(reverse("open:filings") + "?q=不存在的文件").content.decode()
    assert "辽源市供热管理办法" not in none
    assert "@media print" in linked_css(page)
    by_year = client.get(reverse("open:filings") + "?year=2019&type=GOVERNMENT_RULE")
    assert accepted.document.title not in by_year.content.decode()


def test_receipt_look_up_of_an_unknown_number(client, world):
    response = client.get(reverse("open:filing_receipt") + "?number=ABCDEFGH23")
    assert response.status_code == 404
    assert "没有找到" in response.content.decode()


def test_receipt_look_up_tells_a_mistyped_digit_from_an_unknown_number(client, world):
    number = new_receipt_number()
    typo = ("2" if number[0] != "2" else "3") + number[1:]

    mistyped = client.get(reverse("open:filing_receipt"), {"number": typo})
    unknown = client.get(
        reverse("open:filing_receipt"), {"number": format_receipt_number(number)}
    )

    assert mistyped.status_code == 400
    assert MISTYPED_MESSAGE in mistyped.content.decode()
    assert unknown.status_code == 404
    assert "没有找到" in unknown.content.decode()
    assert MISTYPED_MESSAGE not in unknown.content.decode()


def test_the_annual_report_page_and_docx(client, world, unit_staff, committee_staff):
    accepted_document(world, unit_staff, committee_staff)
    client.force_login(committee_staff)
    url = (
        reverse("supervision:filing_report")
        + f"?congress={world.city_congress.pk}&year=2020"
    )
    page = client.get(url).content.decode()
    assert 'data-figure="accepted">1<' in page
    response = client.get(url + "&format=docx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "登记备案1件" in text


def test_staff_open_a_special_review_on_the_page(
    client, world, unit_staff, committee_staff
):
    one = accepted_document(world, unit_staff, committee_staff)
    two = accepted_document(world, unit_staff, committee_staff)
    client.force_login(committee_staff)
    response = client.post(
        reverse("supervision:review_new"),
        {
            "congress": world.city_congress.pk,
            "kind": ReviewKind.SPECIAL,
            "subject": "优化营商环境专项审查",
            "documents": [one.document.pk, two.document.pk],
        },
    )
    assert response.status_code == 302
    case = ReviewCase.objects.get()
    assert case.documents.count() == 2


def test_the_filing_list_query_count_is_flat(
    client, world, unit_staff, committee_staff, django_assert_max_num_queries
):
    for n in range(6):
        file_document(world, unit_staff, today=PUBLISHED + dt.timedelta(days=n))
    client.force_login(committee_staff)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("supervision:filings"))
    assert response.status_code == 200


def test_receipt_look_ups_are_rate_limited_per_address(client, world, monkeypatch):
    from renda.supervision.selectors import filing as selectors

    monkeypatch.setattr(selectors, "LOOKUPS_PER_HOUR", 2)
    url = reverse("open:filing_receipt") + "?number=ABCDEFGH23"
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 429
    # The empty form itself is not a look-up.
    assert client.get(reverse("open:filing_receipt")).status_code == 200


def test_the_review_pages_query_counts_are_flat(
    client, world, unit_staff, committee_staff, django_assert_max_num_queries
):
    from renda.supervision.services.filing import (
        review_check,
        review_start,
        review_suggest,
    )

    filing = accepted_document(world, unit_staff, committee_staff)
    cases = [
        review_suggest(
            congress=world.city_congress,
            proposer_name=f"提出人{n}",
            proposer_phone="13800001234",
            subject=f"建议{n}",
            request_text="理由",
            # Six addresses: one address may send five an hour.
            client_ip=f"10.0.0.{n + 1}",
        )
        for n in range(6)
    ]
    review_start(
        case=cases[0], actor=committee_staff, document_ids=[filing.document.pk]
    )
    review_check(
        case=cases[0],
        checks=[{"standard": Standard.LEGALITY, "passed": False, "note": "抵触"}],
        actor=committee_staff,
    )
    client.force_login(committee_staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("supervision:reviews")).status_code == 200
    with django_assert_max_num_queries(20):
        page = client.get(reverse("supervision:review_detail", args=[cases[0].pk]))
    content = page.content.decode()
    # The checklist form starts from the recorded check.
    assert 'name="legality_note"' in content
    assert 'value="抵触"' in content
    assert "13800001234" in content


def test_proposers_contact_is_masked_to_all_but_the_congress_staff(
    client, world, leader, committee_member
):
    from renda.supervision.services.filing import review_suggest

    case = review_suggest(
        congress=world.city_congress,
        proposer_name="李明",
        proposer_phone="13800001234",
        proposer_address="辽源市龙山区向阳街道1号",
        subject="建议",
        request_text="理由",
    )
    for reader in (leader, committee_member):
        client.force_login(reader)
        page = client.get(reverse("supervision:review_detail", args=[case.pk]))
        content = page.content.decode()
        assert page.status_code == 200
        assert "138****1234" in content
        assert "13800001234" not in content
        assert "向阳街道1号" not in content


def test_the_same_suggestion_sent_again_shows_the_first_receipt(client, world):
    first = client.post(
        reverse("open:filing_suggest"),
        {**_suggestion(world), **_answer_captcha(client)},
    )
    client.get(first["Location"])
    case = ReviewCase.objects.get()

    again = client.post(
        reverse("open:filing_suggest"),
        {
            **_suggestion(
                world, request_text="第十条 增设行政许可，与上位法相抵触。\n"
            ),
            **_answer_captcha(client),
        },
    )

    assert ReviewCase.objects.count() == 1
    assert again.status_code == 302
    page = client.get(again["Location"]).content.decode()
    assert REPEATED_MESSAGE in page
    assert format_receipt_number(case.receipt_number) in page
    # Another text is another suggestion.
    other = client.post(
        reverse("open:filing_suggest"),
        {
            **_suggestion(world, request_text="第十二条另有问题。"),
            **_answer_captcha(client),
        },
    )
    assert other.status_code == 302
    assert ReviewCase.objects.count() == 2


def test_a_return_posted_after_a_colleague_accepted_keeps_the_reason(
    client, world, unit_staff, committee_staff
):
    filing = file_document(world, unit_staff)
    client.force_login(committee_staff)
    assert (
        client.post(reverse("supervision:filing_accept", args=[filing.pk])).status_code
        == 302
    )
    typed = "第五条与上位法不一致，请补充合法性审查意见"

    response = client.post(
        reverse("supervision:filing_return", args=[filing.pk]), {"reason": typed}
    )

    html = response.content.decode()
    assert (
        response.status_code == 409
    )  # the filing is in another state, as the API answers
    assert 'data-refused="return"' in html
    assert typed in html
    filing.refresh_from_db()
    assert filing.status == FilingStatus.ACCEPTED


def test_a_review_step_posted_from_a_stale_tab_keeps_what_was_typed(
    client, world, unit_staff, committee_staff
):
    accepted_document(world, unit_staff, committee_staff)
    client.post(
        reverse("open:filing_suggest"),
        {**_suggestion(world), **_answer_captcha(client)},
    )
    case = ReviewCase.objects.get()
    client.force_login(committee_staff)
    action = lambda verb: reverse("supervision:review_action", args=[case.pk, verb])  # noqa: E731
    assert client.post(action("start")).status_code == 302
    # The start form is gone from the page now; a second tab still has the
    # "suspend" form open on a case that another clerk concluded meanwhile.
    checklist = {"opinion": "未发现问题"}
    for standard in Standard.values:
        checklist[f"{standard.lower()}_passed"] = "yes"
    assert client.post(action("check"), checklist).status_code == 302
    assert (
        client.post(
            action("conclude"), {"outcome": ReviewOutcome.NO_PROBLEM}
        ).status_code
        == 302
    )
    typed = "等待制定机关说明，暂缓审查"

    response = client.post(action("suspend"), {"note": typed})

    html = response.content.decode()
    assert response.status_code == 409  # the case moved on, as the API answers
    assert 'data-refused="suspend"' in html
    assert typed in html
    case.refresh_from_db()
    assert case.status == ReviewStatus.CONCLUDED
