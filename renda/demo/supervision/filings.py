"""The demo's filing review of 2020: five documents filed by the city government and
accepted (one filed late), an active review, and a citizen's 审查建议 about the dog
rules answered after the issuing body corrected itself."""

from __future__ import annotations

import datetime as dt

from renda.supervision.services import filing as filing_services

from ..supervision_data import FILINGS_2020


def filings_2020(b) -> None:
    """Write the filings and reviews of 2020 through the filing services."""
    government = b.unit("市政府")
    clerk = b.unit_user(government)
    documents = []
    for n, (doc_type, title, number, published) in enumerate(FILINGS_2020):
        published_on = dt.date.fromisoformat(published)
        # The fourth is filed late (day 35), to show the flag.
        filed_on = published_on + dt.timedelta(days=35 if n == 3 else 12)
        filing = filing_services.document_file(
            actor=clerk,
            unit=government,
            congress=b.congress,
            document_type=doc_type,
            title=title,
            document_number=number,
            published_on=published_on,
            text=f"{title}（全文略）。",
            filing_report=f"现将《{title}》报送备案。",
            today=filed_on,
        )
        filing_services.filing_accept(
            filing=filing, actor=b.staff, today=filed_on + dt.timedelta(days=3)
        )
        documents.append(filing.document)
    active = filing_services.review_open(
        congress=b.congress,
        kind="ACTIVE",
        subject="2020年报备规范性文件主动审查",
        document_ids=[d.pk for d in documents[:3]],
        actor=b.staff,
        today=dt.date(2020, 11, 2),
    )
    filing_services.review_start(case=active, actor=b.staff, today=dt.date(2020, 11, 3))
    filing_services.review_check(
        case=active,
        checks=[
            {"standard": "CONSTITUTIONALITY", "passed": True, "note": ""},
            {"standard": "LEGALITY", "passed": True, "note": ""},
            {"standard": "APPROPRIATENESS", "passed": True, "note": ""},
        ],
        opinion="经审查，未发现同宪法、法律法规相抵触或明显不适当的问题。",
        actor=b.staff,
        today=dt.date(2020, 11, 20),
    )
    filing_services.review_conclude(
        case=active,
        outcome="NO_PROBLEM",
        actor=b.staff,
        today=dt.date(2020, 11, 25),
    )
    suggestion = filing_services.review_suggest(
        congress=b.congress,
        proposer_name="赵明",
        proposer_phone="13604371122",
        subject="《辽源市养犬登记和管理实施细则》第十二条",
        request_text="细则规定的养犬登记费标准高于条例规定，建议审查。",
        client_ip="10.0.0.21",
        today=dt.date(2020, 10, 9),
    )
    filing_services.review_start(
        case=suggestion,
        document_ids=[documents[4].pk],
        actor=b.staff,
        today=dt.date(2020, 10, 12),
    )
    filing_services.review_check(
        case=suggestion,
        checks=[
            {"standard": "CONSTITUTIONALITY", "passed": True, "note": ""},
            {
                "standard": "LEGALITY",
                "passed": False,
                "note": "收费标准超出条例规定的上限。",
            },
            {"standard": "APPROPRIATENESS", "passed": True, "note": ""},
        ],
        opinion="第十二条规定的收费标准与《辽源市养犬管理条例》不一致。",
        actor=b.staff,
        today=dt.date(2020, 10, 30),
    )
    filing_services.review_suspend(
        case=suggestion,
        note="制定机关表示将自行修改第十二条。",
        actor=b.staff,
        today=dt.date(2020, 11, 6),
    )
    filing_services.review_conclude(
        case=suggestion,
        outcome="CORRECTED_BY_ISSUER",
        opinion="制定机关已于2020年12月修改第十二条，审查终止。",
        actor=b.staff,
        today=dt.date(2020, 12, 18),
    )
    filing_services.review_tell_proposer(
        case=suggestion,
        reply="您提出的审查建议已审查完毕：制定机关已自行修改第十二条。感谢您的关心。",
        actor=b.staff,
        today=dt.date(2020, 12, 21),
    )
