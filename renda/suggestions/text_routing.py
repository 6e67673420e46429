"""Routing that reads the text: the learned unit proposal and duplicate hints.

The learned proposal (按历史办理) learns from past assignments which unit led
items with which words. ``build_index`` segments every handled item (the lead
assignments of suggestions that were not returned or withdrawn, and the
residents' requests other apps register with ``register_routing_source``)
and stores per term the share of items each unit led, with the newest item
as the example (see ``models_routing``). ``propose`` reads only the rows of
the new item's terms (one indexed query) and votes: each term gives each of
its units ``idf × share``. The best unit is explained by the example shared
by most of the item's terms: "与《关于…》(2020年)相似，当时由市住建局主办".

The level (分级处理) follows from the unit: a 街道/乡镇 government handles it
locally, any other unit is a matter of county level or above.

The segmenter's user dictionary holds the city's region names (and their
short forms: 龙山区 → 龙山) and the units' names and short names. It is built
lazily once per process and rebuilt when a newer index build is seen, so a
unit registered today is read whole after tonight's build.

Duplicate hints (可能重复) compare a new text with the newest open or recent
items of the same congress (a bounded scan, never the history): word and
character-bigram Jaccard, averaged (``renda.core.text.text_similarity``);
two texts that name different 街道/乡镇 (and no common one) are not duplicates:
the same matter in another place is another item.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from renda.core.text import Segmenter, text_similarity
from renda.regions.choices import GRASSROOTS_KINDS
from renda.regions.models import Region
from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit

from . import rules
from .choices import AssignmentRole, AssignmentStatus, SuggestionStatus
from .models import Assignment, Suggestion
from .models_routing import RoutingIndexBuild, RoutingTerm

# How many distinct terms of an item are looked up, and how many units proposed.
QUERY_TERMS = 48
PROPOSED_UNITS = 3
_BATCH = 5000
# A region's name without its suffix is a short form when at least 2 characters remain.
_REGION_SUFFIXES = ("街道", "办事处", "市", "区", "县", "镇", "乡", "省")

LEVEL_GRASSROOTS = "GRASSROOTS"
LEVEL_COUNTY = "COUNTY"
LEVEL_LABELS = {
    LEVEL_GRASSROOTS: "街道/乡镇人民政府办理",
    LEVEL_COUNTY: "县级以上部门办理",
}


@dataclass(frozen=True)
class RoutingDoc:
    """One handled item to learn from: its text, its lead unit, its example ref."""

    source: str  # "suggestion" or "request"
    pk: int
    year: int
    title: str  # shown in explanations; "" where the text is not for everyone
    text: str
    unit_id: int


# --- Sources of history ------------------------------------------------------------

_sources: list[Callable[[], Iterable[RoutingDoc]]] = []


def register_routing_source(source: Callable[[], Iterable[RoutingDoc]]) -> None:
    """Add a function yielding more handled items (receptions registers its requests)."""
    if source not in _sources:
        _sources.append(source)


def suggestion_docs() -> Iterator[RoutingDoc]:
    """Yield every suggestion's lead assignment that was handled (not returned/withdrawn)."""
    rows = (
        Assignment.objects.filter(
            role=AssignmentRole.LEAD, suggestion__merged_into__isnull=True
        )
        .exclude(status__in=(AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN))
        .order_by("suggestion_id", "pk")
        .values_list(
            "suggestion_id",
            "handling_unit_id",
            "suggestion__title",
            "suggestion__body",
            "suggestion__submitted_at",
        )
    )
    for pk, unit_id, title, body, submitted_at in rows.iterator(chunk_size=2000):
        year = submitted_at.year if submitted_at else 0
        yield RoutingDoc("suggestion", pk, year, title, f"{title}\n{body}", unit_id)


def history_docs() -> Iterator[RoutingDoc]:
    yield from suggestion_docs()
    for source in _sources:
        yield from source()


# --- The segmenter and its user dictionary -----------------------------------------

_lock = threading.Lock()
_segmenter: tuple[int | None, Segmenter] | None = None


def region_words(names: Iterable[str]) -> set[str]:
    """Return region names and their short forms (龙山区 → 龙山)."""
    words: set[str] = set()
    for name in names:
        words.add(name)
        for suffix in _REGION_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                words.add(name[: -len(suffix)])
                break
    return words


def dictionary_words() -> set[str]:
    """Return the user dictionary: region and unit names, unit short names."""
    words = region_words(Region.objects.values_list("name", flat=True))
    for name, short in HandlingUnit.objects.values_list("name", "short_name"):
        words.add(name)
        if short:
            words.add(short)
    return words


def _latest_build() -> RoutingIndexBuild | None:
    return RoutingIndexBuild.objects.order_by("-id").first()


def segmenter(stamp: int | None = None, *, reload: bool = False) -> Segmenter:
    """Return the process's segmenter, rebuilt when the index build ``stamp`` changed."""
    global _segmenter
    with _lock:
        if reload or _segmenter is None or _segmenter[0] != stamp:
            _segmenter = (stamp, Segmenter(dictionary_words()))
        return _segmenter[1]


# --- Building the index ------------------------------------------------------------


def term_table(
    docs: Iterable[RoutingDoc], tokens: Callable[[str], list[str]]
) -> tuple[int, dict[str, tuple[int, list, dict]]]:
    """Return the number of documents and, per term, (df, units, examples)."""
    df: Counter[str] = Counter()
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    # Per (term, unit): the newest item's (year, pk, source, title).
    newest: dict[tuple[str, int], tuple] = {}
    n = 0
    for doc in docs:
        n += 1
        ref = (doc.year, doc.pk, doc.source, doc.title[:60])
        for term in set(tokens(doc.text)):
            if len(term) > 64:
                continue
            df[term] += 1
            counts[term][doc.unit_id] += 1
            key = (term, doc.unit_id)
            known = newest.get(key)
            if known is None or ref[:2] > known[:2]:
                newest[key] = ref
    keep = rules.routing_units_per_term()
    max_df = max(2, int(n * rules.routing_max_df_share()))
    table: dict[str, tuple[int, list, dict]] = {}
    for term, count in df.items():
        if count > max_df:
            continue
        top = sorted(counts[term].items(), key=lambda pair: (-pair[1], pair[0]))[:keep]
        units = [[unit_id, round(c / count, 4)] for unit_id, c in top]
        examples = {}
        for unit_id, _c in top:
            year, pk, source, title = newest[(term, unit_id)]
            examples[str(unit_id)] = [source, pk, year, title]
        table[term] = (count, units, examples)
    return n, table


@transaction.atomic
def store_index(
    n: int, table: dict[str, tuple[int, list, dict]], *, seconds: float = 0, now=None
):
    """Replace the index with ``table`` in one transaction (readers see old or new)."""
    RoutingTerm.objects.all().delete()
    batch: list[RoutingTerm] = []
    for term in sorted(table):
        count, units, examples = table[term]
        batch.append(RoutingTerm(term=term, df=count, units=units, examples=examples))
        if len(batch) >= _BATCH:
            RoutingTerm.objects.bulk_create(batch)
            batch = []
    if batch:
        RoutingTerm.objects.bulk_create(batch)
    build = RoutingIndexBuild.objects.create(
        built_at=now or timezone.now(), documents=n, terms=len(table), seconds=seconds
    )
    # Keep the last few build records only.
    old = RoutingIndexBuild.objects.order_by("-id").values_list("pk", flat=True)[10:]
    RoutingIndexBuild.objects.filter(pk__in=list(old)).delete()
    return build


def build_index(*, now=None) -> RoutingIndexBuild:
    """Rebuild the routing index from the whole history (the daily job). Idempotent."""
    started = time.perf_counter()
    seg = segmenter(reload=True)
    n, table = term_table(history_docs(), seg.tokens)
    build = store_index(n, table, seconds=time.perf_counter() - started, now=now)
    segmenter(build.pk, reload=True)
    return build


# --- Proposing ---------------------------------------------------------------------


@dataclass
class LearnedUnit:
    """A unit the history proposes, its vote, its level and the example explaining it."""

    unit: HandlingUnit
    score: float
    level: str
    example: list = field(default_factory=list)  # [source, pk, year, title]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def explanation(self) -> str:
        if not self.example:
            return f"以往相似事项多由{self.unit.name}主办"
        source, pk, year, title = self.example
        if source == "suggestion" and title:
            what = f"与《{title}》（{year}年）相似"
        else:
            # A resident's request is never quoted: its text may be personal.
            what = f"与{year}年的一件群众诉求相似"
        return f"{what}，当时由{self.unit.short_name or self.unit.name}主办"


def unit_level(unit: HandlingUnit) -> str:
    """Return 分级处理's level of a unit: a 街道/乡镇 government, or county level and above."""
    if unit.kind == UnitKind.GOVERNMENT and unit.region.is_grassroots:
        return LEVEL_GRASSROOTS
    return LEVEL_COUNTY


def scores(text: str) -> tuple[list[tuple[int, float]], dict[int, list]]:
    """Return the units voted for ``text``, best first, and each one's example."""
    build = _latest_build()
    if build is None or build.documents == 0:
        return [], {}
    seg = segmenter(build.pk)
    terms = list(dict.fromkeys(seg.tokens(text)))[:QUERY_TERMS]
    if not terms:
        return [], {}
    n = build.documents
    total: Counter[int] = Counter()
    example_votes: dict[int, Counter] = defaultdict(Counter)
    example_of: dict[tuple, list] = {}
    for df, units, examples in RoutingTerm.objects.filter(term__in=terms).values_list(
        "df", "units", "examples"
    ):
        idf = math.log((n + 1) / (df + 0.5))
        for unit_id, share in units:
            weight = idf * share
            total[unit_id] += weight
            example = examples.get(str(unit_id))
            if example:
                key = (example[0], example[1])
                example_votes[unit_id][key] += weight
                example_of[key] = example
    ranked = sorted(total.items(), key=lambda pair: (-pair[1], pair[0]))
    best_examples = {}
    for unit_id, votes in example_votes.items():
        key = max(votes.items(), key=lambda pair: (pair[1], pair[0][1]))[0]
        best_examples[unit_id] = example_of[key]
    return ranked, best_examples


def propose(
    text: str, *, area_path: str = "", limit: int = PROPOSED_UNITS
) -> list[LearnedUnit]:
    """Propose lead units for ``text`` from the history, best first.

    Only active units whose region lies within ``area_path`` (the congress's
    or station's area) are proposed. Three queries: the build, the terms, the units.
    """
    ranked, examples = scores(text)
    if not ranked:
        return []
    candidates = [unit_id for unit_id, _score in ranked[: limit * 4]]
    units = HandlingUnit.objects.select_related("region").filter(
        pk__in=candidates, is_active=True
    )
    if area_path:
        units = units.filter(region__path__startswith=area_path)
    by_pk = {unit.pk: unit for unit in units}
    out: list[LearnedUnit] = []
    for unit_id, score in ranked[: limit * 4]:
        unit = by_pk.get(unit_id)
        if unit is None:
            continue
        out.append(
            LearnedUnit(unit, score, unit_level(unit), examples.get(unit_id, []))
        )
        if len(out) >= limit:
            break
    return out


def suggestion_text(suggestion: Suggestion) -> str:
    return f"{suggestion.title}\n{suggestion.body}"


# --- Duplicates --------------------------------------------------------------------

OPEN_OR_RECENT = (
    SuggestionStatus.SUBMITTED,
    SuggestionStatus.ACCEPTED,
    SuggestionStatus.ASSIGNED,
    SuggestionStatus.REPLIED,
    SuggestionStatus.REOPENED,
    SuggestionStatus.CLOSED,
)
_DUPLICATE_SHOWN = 5


@dataclass
class Duplicate:
    """A similar open or recent item and how similar it is (0..1)."""

    item: object
    score: float


def rank_duplicates(
    text: str,
    candidates: Iterable[tuple[object, str]],
    *,
    min_score: float | None = None,
) -> list[Duplicate]:
    """Return the candidates (item, text) similar to ``text``, best first."""
    if min_score is None:
        min_score = rules.duplicate_min_score()
    stamp = _stamp_cached()
    mine = _tokens(stamp, text)
    if not mine:
        return []
    places = _places(stamp)
    my_places = places.intersection(mine)
    found = []
    for item, theirs in candidates:
        their_tokens = _tokens(stamp, theirs)
        if my_places and my_places.isdisjoint(their_tokens):
            their_places = places.intersection(their_tokens)
            if their_places:
                # The same matter in another 街道/乡镇 is not the same item.
                continue
        score = text_similarity(mine, text, their_tokens, theirs)
        if score >= min_score:
            found.append(Duplicate(item, round(score, 2)))
    found.sort(key=lambda d: (-d.score, -getattr(d.item, "pk", 0)))
    return found[:_DUPLICATE_SHOWN]


@lru_cache(maxsize=8192)
def _tokens(stamp: int | None, text: str) -> list[str]:
    """Return the tokens of a candidate's text, kept per process: the same open
    items are compared on every page, and segmenting them is most of the cost."""
    return segmenter(stamp).tokens(text)


@lru_cache(maxsize=4)
def _places(stamp: int | None) -> frozenset[str]:
    """Return the names of the 街道/乡镇 (and their short forms) of the registry."""
    names = Region.objects.filter(kind__in=GRASSROOTS_KINDS).values_list(
        "name", flat=True
    )
    return frozenset(region_words(names))


_stamp = {"at": 0.0, "value": None}


def _stamp_cached() -> int | None:
    """Return the newest build's id, read at most once a minute per process."""
    now = time.monotonic()
    if now - _stamp["at"] > 60 or _stamp["at"] == 0.0:
        _stamp["value"] = (
            RoutingIndexBuild.objects.order_by("-id")
            .values_list("pk", flat=True)
            .first()
        )
        _stamp["at"] = now
    return _stamp["value"]


def similar_suggestions_for_text(
    *,
    congress_id: int,
    title: str,
    body: str,
    exclude_pk: int | None = None,
    base=None,
    now=None,
) -> list[Duplicate]:
    """Return open or recent items of the congress similar to a title and body.

    One query: the newest ``rules.duplicate_scan_limit()`` submitted items of
    the congress within ``rules.duplicate_days()``, not merged away, out of
    ``base`` (the items the reader may see; all items by default).
    """
    since = (now or timezone.now()) - dt.timedelta(days=rules.duplicate_days())
    base = Suggestion.objects.all() if base is None else base
    rows = (
        base.filter(
            congress_id=congress_id,
            status__in=OPEN_OR_RECENT,
            merged_into__isnull=True,
            submitted_at__gte=since,
        )
        .exclude(pk=exclude_pk)
        .only(
            "pk",
            "title",
            "body",
            "status",
            "submitted_at",
            "lead_deputy_id",
            "congress_id",
        )
        .order_by("-submitted_at", "-pk")[: rules.duplicate_scan_limit()]
    )
    text = f"{title}\n{body[:300]}"
    return rank_duplicates(text, ((s, f"{s.title}\n{s.body[:300]}") for s in rows))
