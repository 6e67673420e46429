"""Notices of the filing area: one function per event kind, sent after the commit."""

from __future__ import annotations

from django.urls import reverse

from ..models import Filing, ReviewCase
from .base import congress_staff, send, unit_staff


def _recipients_of_issuer(document, actor_id):
    if document.issuing_unit_id:
        return unit_staff(document.issuing_unit_id, except_user_id=actor_id)
    return congress_staff(document.issuing_congress_id, except_user_id=actor_id)


def filing_filed_notice(filing_id: int, *, actor_id=None) -> None:
    """The congress's staff: a document was filed (to check within 5 working days)."""
    filing = Filing.objects.select_related("document").get(pk=filing_id)
    document = filing.document
    send(
        congress_staff(document.congress_id, except_user_id=actor_id),
        title="新报备的规范性文件",
        body=f"{document.issuer_name}报备《{document.title}》（{document.document_number}），请审核。",
        url=reverse("supervision:filing_detail", args=[filing.pk]),
        target=filing,
        dedupe_key=f"supervision.filing_filed:{filing.pk}:{filing.filed_on}",
    )


def filing_checked_notice(filing_id: int, *, actor_id=None) -> None:
    """The issuing body: its filing was accepted, or returned for refiling."""
    filing = Filing.objects.select_related("document").get(pk=filing_id)
    document = filing.document
    if filing.status == "ACCEPTED":
        title = "规范性文件已登记备案"
        body = f"《{document.title}》已登记备案。"
    else:
        title = "规范性文件被退回补正"
        body = (
            f"《{document.title}》被退回：{filing.return_reason}。"
            f"请于 {filing.refile_due} 前重新报备。"
        )
    send(
        _recipients_of_issuer(document, actor_id),
        title=title,
        body=body,
        url=reverse("supervision:filing_unit"),
        target=filing,
        dedupe_key=(
            f"supervision.filing_checked:{filing.pk}:{filing.status}:"
            f"{filing.times_returned}"
        ),
    )


def review_received_notice(case_id: int, *, actor_id=None) -> None:
    """The congress's staff: a 审查建议 came in through the public form."""
    case = ReviewCase.objects.get(pk=case_id)
    send(
        congress_staff(case.congress_id, except_user_id=actor_id),
        title="收到审查建议",
        body=f"收到审查建议：{case.subject}（回执 {case.receipt_number}）。",
        url=reverse("supervision:review_detail", args=[case.pk]),
        target=case,
        dedupe_key=f"supervision.review_received:{case.pk}",
    )


def correction_requested_notice(case_id: int, *, actor_id=None) -> None:
    """The issuing bodies of the documents: a written request to correct."""
    case = ReviewCase.objects.get(pk=case_id)
    for document in case.documents.select_related("issuing_unit", "issuing_congress"):
        send(
            _recipients_of_issuer(document, actor_id),
            title="书面要求纠正规范性文件",
            body=(
                f"《{document.title}》经审查需要纠正，请于 {case.correction_due} 前"
                "纠正并书面报告。"
            ),
            url=reverse("supervision:filing_unit"),
            target=case,
            dedupe_key=f"supervision.correction_requested:{case.pk}:{document.pk}",
        )
