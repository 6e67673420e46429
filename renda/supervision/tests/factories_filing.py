"""Helpers of the filing tests: documents filed and reviews opened through the services."""

from __future__ import annotations

import datetime as dt
import itertools

from ..choices import DocumentType
from ..services.filing import document_file, filing_accept

_numbers = itertools.count(1)
PUBLISHED = dt.date(2020, 3, 2)


def file_document(
    world,
    unit_staff,
    *,
    published_on=PUBLISHED,
    today=None,
    title=None,
    document_type=DocumentType.NORMATIVE_DOCUMENT,
    **extra,
):
    n = next(_numbers)
    extra.setdefault("text", "第一条 为规范住房保障管理……")
    extra.setdefault("filing_report", "报备报告")
    extra.setdefault("explanation", "起草说明")
    return document_file(
        actor=unit_staff,
        unit=world.unit_city,
        document_type=document_type,
        title=title or f"辽源市住房保障管理办法（第{n}号）",
        document_number=f"辽住建发〔2020〕{n}号",
        published_on=published_on,
        today=today or published_on + dt.timedelta(days=10),
        **extra,
    )


def accepted_document(world, unit_staff, committee_staff, **kwargs):
    filing = file_document(world, unit_staff, **kwargs)
    today = kwargs.get("today") or kwargs.get("published_on", PUBLISHED) + dt.timedelta(
        days=10
    )
    return filing_accept(
        filing=filing, actor=committee_staff, today=today + dt.timedelta(days=1)
    )
