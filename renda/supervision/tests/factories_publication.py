"""Rows the publication tests need around an item: documents, opinions, reports, tests.

The followup area's services write these in the workflow; here they are made
directly, in the states publication reads.
"""

from __future__ import annotations

import datetime as dt

from ..choices import (
    DocumentKind,
    OpinionStatus,
    ParticipantRole,
    TestResult,
    TestSubject,
)
from ..models import (
    HandlingReport,
    ItemDocument,
    Participant,
    ReviewOpinion,
    SatisfactionTest,
)
from ..services.items import item_create


def make_item(world, staff, *, title="关于城市管理工作情况的报告", **kwargs):
    kwargs.setdefault("kind", "WORK_REPORT")
    kwargs.setdefault("year", 2020)
    return item_create(
        congress=world.city_congress,
        title=title,
        target_unit_ids=[world.unit_city.pk],
        actor=staff,
        **kwargs,
    )


def make_document(item, *, kind=DocumentKind.REPORT, version=1, title=None, text=""):
    return ItemDocument.objects.create(
        item=item,
        kind=kind,
        version=version,
        title=title or f"{DocumentKind(kind).label}第{version}稿",
        text=text or f"{DocumentKind(kind).label}正文第{version}版",
    )


def make_opinion(item, unit, *, status=OpinionStatus.SENT, text="审议意见正文"):
    sent = status not in (OpinionStatus.DRAFT, OpinionStatus.APPROVED)
    return ReviewOpinion.objects.create(
        item=item,
        unit=unit,
        text=text,
        status=status,
        compiled_on=dt.date(2020, 6, 1),
        sent_on=dt.date(2020, 6, 10) if sent else None,
        report_due=dt.date(2020, 9, 10) if sent else None,
    )


def make_report(opinion, *, text="研究处理情况报告正文"):
    return HandlingReport.objects.create(
        opinion=opinion, text=text, filed_on=dt.date(2020, 9, 1)
    )


def make_test(item, unit, opinion=None):
    return SatisfactionTest.objects.create(
        item=item,
        opinion=opinion,
        unit=unit,
        subject=TestSubject.HANDLING_REPORT,
        held_on=dt.date(2020, 10, 20),
        members_total=30,
        present=27,
        satisfied=20,
        basically_satisfied=5,
        unsatisfied=2,
        denominator="ALL",
        result=TestResult.SATISFIED,
    )


def make_official(item, *, name="李参会", title="局长"):
    return Participant.objects.create(
        item=item, role=ParticipantRole.OFFICIAL, name=name, title=title
    )
