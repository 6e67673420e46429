"""The public read path of supervision work (``/open/supervision/`` and its API).

Only what is published is read here, whoever asks: an item with its
``published_at`` set, and of it only the published documents (the latest
published version of each kind, never a draft or the minutes), review opinions,
handling reports and satisfaction results. No person's name, phone or any
resident's data is read: participants, proposers and contacts are not touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from renda.core.pagination import BoundedPaginator
from renda.units.models import HandlingUnit

from ..choices import PUBLISHABLE_DOCUMENT_KINDS, SupervisionKind
from ..models import (
    HandlingReport,
    ItemDocument,
    ReviewOpinion,
    SatisfactionTest,
    SupervisionItem,
    Theme,
)

PUBLIC_PAGE_SIZE = 20
YEAR_MIN = 1979
YEAR_MAX = 2100


@dataclass(frozen=True)
class PublicItemFilters:
    """The public list's filters, parsed alike from the page's query and the API's."""

    year: int | None = None
    kind: str = ""
    unit: int | None = None
    congress: int | None = None
    page: int = 1

    @classmethod
    def parse(cls, data) -> tuple[PublicItemFilters, list[str]]:
        """Read filters from a query dict; return them and the problems (in Chinese).

        A value that cannot be read is dropped (the list shows everything for it)
        and named in the problems.
        """
        problems: list[str] = []

        def whole(name: str, label: str, low: int, high: int) -> int | None:
            raw = (data.get(name) or "").strip()
            if not raw:
                return None
            if not raw.isdigit() or not low <= int(raw) <= high:
                problems.append(f"{label}：请输入 {low} 到 {high} 之间的整数。")
                return None
            return int(raw)

        year = whole("year", "年度", YEAR_MIN, YEAR_MAX)
        unit = whole("unit", "被监督机关", 1, 2**63 - 1)
        congress = whole("congress", "人大", 1, 2**63 - 1)
        page = whole("page", "页码", 1, 1_000_000) or 1
        kind = (data.get("kind") or "").strip()
        if kind and kind not in SupervisionKind.values:
            problems.append("监督方式：请从列表中选择。")
            kind = ""
        return (
            cls(year=year, kind=kind, unit=unit, congress=congress, page=page),
            problems,
        )

    @property
    def base_query(self) -> str:
        """The query string without the page (the pager adds its own)."""
        return self.query(page=None)

    def query(self, **changes) -> str:
        """The query string of these filters (with ``changes``), for links."""
        from urllib.parse import urlencode

        values = {
            "year": self.year,
            "kind": self.kind,
            "unit": self.unit,
            "congress": self.congress,
            "page": self.page if self.page != 1 else None,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def published_items() -> QuerySet[SupervisionItem]:
    """Every published item (the public's whole view of supervision items)."""
    return SupervisionItem.objects.filter(published_at__isnull=False)


def public_items(filters: PublicItemFilters) -> QuerySet[SupervisionItem]:
    items = published_items()
    if filters.year is not None:
        items = items.filter(year=filters.year)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.unit is not None:
        items = items.filter(target_units=filters.unit)
    if filters.congress is not None:
        items = items.filter(congress_id=filters.congress)
    return (
        items.distinct()
        .select_related("congress")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("rank", "id")),
            Prefetch("target_units", queryset=HandlingUnit.objects.order_by("id")),
        )
        .order_by("-year", "-done_on", "-published_at", "-id")
    )


@dataclass
class PublicItemList:
    filters: PublicItemFilters
    page: object  # a Paginator page of SupervisionItem
    count: int  # a lower bound beyond the bound: show page.paginator.count_display
    years: list[int]
    kinds: list[tuple[str, str]]
    units: list[HandlingUnit]


def public_item_list(filters: PublicItemFilters) -> PublicItemList:
    """The published items matching ``filters``, one page, with the filters' choices."""
    paginator = BoundedPaginator(public_items(filters), PUBLIC_PAGE_SIZE)
    page = paginator.get_page(filters.page)
    published = published_items()
    years = sorted(
        set(published.values_list("year", flat=True).distinct()), reverse=True
    )
    kinds_used = set(published.values_list("kind", flat=True).distinct())
    units = list(
        HandlingUnit.objects.filter(supervision_items__published_at__isnull=False)
        .distinct()
        .order_by("name")
    )
    return PublicItemList(
        filters=filters,
        page=page,
        count=paginator.count,
        years=years,
        kinds=[(k.value, k.label) for k in SupervisionKind if k.value in kinds_used],
        units=units,
    )


@dataclass
class PublicItemDetail:
    item: SupervisionItem
    themes: list[Theme]
    units: list[HandlingUnit]
    documents: list[ItemDocument] = field(default_factory=list)
    opinions: list[ReviewOpinion] = field(default_factory=list)
    handling_reports: list[HandlingReport] = field(default_factory=list)
    tests: list[SatisfactionTest] = field(default_factory=list)


def get_public_item(pk: int) -> SupervisionItem:
    """A published item, or 404 (an unpublished item is not revealed)."""
    item = (
        published_items().select_related("congress", "lead_committee").filter(pk=pk)
    ).first()
    if item is None:
        raise Http404("该监督事项不存在或尚未公开。")
    return item


def latest_published_documents(item) -> list[ItemDocument]:
    """Of each publishable kind, the latest published version (never drafts, minutes)."""
    documents = ItemDocument.objects.filter(
        item=item,
        published_at__isnull=False,
        kind__in=PUBLISHABLE_DOCUMENT_KINDS,
    ).order_by("kind", "-version")
    latest: dict[str, ItemDocument] = {}
    for document in documents:
        latest.setdefault(document.kind, document)
    return sorted(latest.values(), key=lambda d: (d.published_at, d.pk))


def public_item_detail(pk: int) -> PublicItemDetail:
    """What the public page of one published item shows."""
    item = get_public_item(pk)
    return PublicItemDetail(
        item=item,
        themes=list(item.themes.order_by("rank", "id")),
        units=list(item.target_units.order_by("id")),
        documents=latest_published_documents(item),
        opinions=list(
            ReviewOpinion.objects.filter(item=item, published_at__isnull=False)
            .select_related("unit")
            .order_by("sent_on", "id")
        ),
        handling_reports=list(
            HandlingReport.objects.filter(
                opinion__item=item, published_at__isnull=False
            )
            .select_related("opinion__unit")
            .order_by("filed_on", "round", "id")
        ),
        tests=list(
            SatisfactionTest.objects.filter(item=item, published_at__isnull=False)
            .select_related("unit")
            .order_by("held_on", "id")
        ),
    )


def get_public_document(pk: int) -> ItemDocument:
    """A published document of a published item, of a publishable kind; else 404."""
    document = (
        ItemDocument.objects.filter(
            pk=pk,
            published_at__isnull=False,
            item__published_at__isnull=False,
            kind__in=PUBLISHABLE_DOCUMENT_KINDS,
        )
        .select_related("item")
        .first()
    )
    if document is None:
        raise Http404("该材料不存在或尚未公开。")
    return document


def missing_publications(item) -> list[str]:
    """What of ``item`` the law requires published and is not yet (in Chinese).

    For the items area's ``close`` (art. 10, 17, 29, 37: an item cannot be closed
    until its report, review opinions and handling reports are published): the
    item itself, the latest version of each publishable document, each review
    opinion sent to a body, each handling report. Empty when all is published.
    """
    missing: list[str] = []
    if item.published_at is None:
        missing.append("监督事项尚未公开")
    latest: dict[str, ItemDocument] = {}
    for document in ItemDocument.objects.filter(
        item=item, kind__in=PUBLISHABLE_DOCUMENT_KINDS
    ).order_by("kind", "-version"):
        latest.setdefault(document.kind, document)
    missing += [
        f"材料《{d.title}》（第{d.version}版）尚未公开"
        for d in latest.values()
        if d.published_at is None
    ]
    for opinion in ReviewOpinion.objects.filter(
        item=item, sent_on__isnull=False, published_at__isnull=True
    ).select_related("unit"):
        missing.append(f"对{opinion.unit.name}的审议意见尚未公开")
    for report in HandlingReport.objects.filter(
        opinion__item=item, published_at__isnull=True
    ).select_related("opinion__unit"):
        missing.append(f"{report.opinion.unit.name}的研究处理情况报告尚未公开")
    return missing
