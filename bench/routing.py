"""Text routing: accuracy of the learned unit proposal, duplicates, latency at 1M.

Usage:

    .venv/bin/python bench/routing.py                     # build the demo, measure
    .venv/bin/python bench/routing.py --database sqlite:////tmp/demo.sqlite3
    .venv/bin/python bench/routing.py --sizes 10000 100000 1000000

(a) Accuracy. The demo (``demo_load`` in a fresh SQLite database) is split by
time: the index learns from the lead assignments of items submitted in 2019
and from the residents' requests, and is tested on the items of 2020. For
each test item: the learned proposal (``text_routing.propose``, top-1 and
top-3) against tiered routing's area-only choice (``_area_and_category``:
the category's departments, else the area's government — ``propose_units``
without the text), and, for reference, today's ``propose_units`` (units named
in the text first). Goal: the learned top-1 beats area-only top-1.

(b) Duplicates. 50 near-duplicates of 2020 items (seeded: synonyms swapped,
sentences reordered, a lead-in added) and 50 unrelated queries (other 2020
items against a pool without their own twin) are compared with the pool of
the original's congress and year (at most the scan limit), as the pages do
(``rank_duplicates``). Precision = flagged originals / all flagged;
recall = planted whose original was flagged.

(c) Latency. Synthetic histories of 10k (the baseline), 100k and 1M items
(a Zipf vocabulary of 30,000 words, 12-20 words per item, the demo's units)
are indexed with the same ``term_table``/``store_index`` as the daily job;
then ``propose`` (segmenting, the build row, the term rows, the units) is
timed over 300 queries each. Goal: p95 < 50 ms at 1M.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = 20201
PLANTED = 50
QUERIES = 300
VOCABULARY = 30_000

SYNONYMS = {
    "加快": "尽快",
    "解决": "处理",
    "改善": "改进",
    "建设": "修建",
    "加强": "强化",
    "治理": "整治",
    "增设": "增加",
    "小区": "住宅小区",
    "道路": "马路",
    "群众": "居民",
    "问题": "状况",
    "完善": "健全",
}


def prepare(database_url: str | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="renda-routing-"))
    os.environ["RENDA_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'demo.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    if database_url is None:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo_load", "--flush", "--yes", verbosity=0)
        print(f"routing_demo seconds={time.perf_counter() - started:.1f}", flush=True)


def reword(text: str, rng: random.Random) -> str:
    for word, other in SYNONYMS.items():
        if word in text and rng.random() < 0.7:
            text = text.replace(word, other)
    sentences = [s for s in text.replace("\n", "。").split("。") if s.strip()]
    rng.shuffle(sentences)
    return "代表多次听到群众反映：" + "。".join(sentences) + "。"


def accuracy() -> bool:
    from renda.suggestions.models import Suggestion
    from renda.suggestions.routing import _area_and_category, propose_units
    from renda.suggestions.text_routing import (
        history_docs,
        propose,
        segmenter,
        store_index,
        term_table,
    )
    from renda.units.models import HandlingUnit

    docs = list(history_docs())
    train = [d for d in docs if d.source == "request" or d.year <= 2019]
    test = [d for d in docs if d.source == "suggestion" and d.year == 2020]
    seg = segmenter(reload=True)
    n, table = term_table(train, seg.tokens)
    store_index(n, table)
    items = Suggestion.objects.select_related(
        "congress__region", "region", "congress"
    ).in_bulk([d.pk for d in test])
    active = HandlingUnit.objects.filter(is_active=True)
    hits = {"learned1": 0, "learned3": 0, "area1": 0, "area3": 0, "named1": 0}
    for doc in test:
        item = items[doc.pk]
        learned = [
            u.unit.pk for u in propose(doc.text, area_path=item.congress.region.path)
        ]
        area, category = _area_and_category(item, active)
        area_only = [u.pk for u in (category or area)]
        named = [u.pk for u in propose_units(suggestion=item)]
        hits["learned1"] += learned[:1] == [doc.unit_id]
        hits["learned3"] += doc.unit_id in learned[:3]
        hits["area1"] += area_only[:1] == [doc.unit_id]
        hits["area3"] += doc.unit_id in area_only[:3]
        hits["named1"] += named[:1] == [doc.unit_id]
    total = len(test)
    rate = {k: v / total for k, v in hits.items()}
    print(
        f"routing_accuracy train={len(train)} test={total} terms={len(table)} "
        f"learned_top1={rate['learned1']:.3f} learned_top3={rate['learned3']:.3f} "
        f"area_only_top1={rate['area1']:.3f} area_only_top3={rate['area3']:.3f} "
        f"propose_units_top1={rate['named1']:.3f}",
        flush=True,
    )
    return rate["learned1"] > rate["area1"]


def duplicates() -> None:
    from renda.suggestions import rules
    from renda.suggestions.models import Suggestion
    from renda.suggestions.text_routing import rank_duplicates

    rng = random.Random(SEED)
    items = list(
        Suggestion.objects.filter(submitted_at__year=2020, merged_into__isnull=True)
        .only("pk", "title", "body", "congress_id")
        .order_by("pk")
    )
    by_congress: dict[int, list] = {}
    for item in items:
        by_congress.setdefault(item.congress_id, []).append(item)
    limit = rules.duplicate_scan_limit()
    originals = rng.sample(items, PLANTED)
    flagged = correct = found = 0

    def pool(item, *, without=None):
        rows = [s for s in by_congress[item.congress_id] if s.pk != without][:limit]
        return [(s, f"{s.title}\n{s.body[:300]}") for s in rows]

    planted = [
        (original, reword(f"{original.title}\n{original.body[:300]}", rng))
        for original in originals
    ]
    others = [s for s in items if s not in originals]
    unrelated = rng.sample(others, PLANTED)
    # Precision and recall by threshold (the shown default is rules.duplicate_min_score()).
    sweep = []
    for threshold in (0.3, 0.4, 0.5, 0.6):
        ok = flags = hit = 0
        for original, text in planted:
            hits = rank_duplicates(text, pool(original), min_score=threshold)
            flags += len(hits)
            ok += sum(1 for h in hits if h.item.pk == original.pk)
            hit += any(h.item.pk == original.pk for h in hits)
        for query in unrelated:
            text = f"{query.title}\n{query.body[:300]}"
            flags += len(
                rank_duplicates(
                    text, pool(query, without=query.pk), min_score=threshold
                )
            )
        sweep.append(
            f"t{threshold}:p={ok / flags if flags else 0:.2f},r={hit / PLANTED:.2f}"
        )
    print("routing_duplicates_sweep " + " ".join(sweep), flush=True)

    # The demo writes its items from topic templates: items of one topic share the
    # title's words and most of the body. A flag on an item with the same title as
    # the query's original is a template twin, a duplicate in the data itself.
    def twin(a, b) -> bool:
        return a.title == b.title

    titles = Counter(item.title for item in items)
    twins = sum(count for count in titles.values() if count > 1)
    started = time.perf_counter()
    twin_flags = first = 0
    for original, text in planted:
        hits = rank_duplicates(text, pool(original))
        flagged += len(hits)
        correct += sum(1 for h in hits if h.item.pk == original.pk)
        twin_flags += sum(
            1 for h in hits if h.item.pk != original.pk and twin(h.item, original)
        )
        found += any(h.item.pk == original.pk for h in hits)
        first += bool(hits) and hits[0].item.pk == original.pk
    unrelated_flags = 0
    for query in unrelated:
        text = f"{query.title}\n{query.body[:300]}"
        hits = rank_duplicates(text, pool(query, without=query.pk))
        unrelated_flags += len(hits)
        twin_flags += sum(1 for h in hits if twin(h.item, query))
    seconds = time.perf_counter() - started
    all_flags = flagged + unrelated_flags
    print(
        f"routing_duplicates_template items_2020={len(items)} sharing_a_title={twins} "
        f"precision_counting_template_twins={(correct + twin_flags) / all_flags if all_flags else 0:.3f}",
        flush=True,
    )
    precision = (
        correct / (flagged + unrelated_flags) if flagged + unrelated_flags else 0
    )
    print(
        f"routing_duplicates planted={PLANTED} recall={found / PLANTED:.3f} "
        f"precision={precision:.3f} original_first={first / PLANTED:.3f} "
        f"flags_on_planted={flagged} "
        f"flags_on_unrelated={unrelated_flags} ms_per_check={seconds * 1000 / (2 * PLANTED):.1f}",
        flush=True,
    )


def synthetic_docs(
    n: int, unit_ids: list[int], vocabulary: list[str], rng: random.Random
):
    from renda.suggestions.text_routing import RoutingDoc

    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    # Each unit prefers its own slice of the vocabulary, as departments do.
    slices = {u: i * (len(vocabulary) // len(unit_ids)) for i, u in enumerate(unit_ids)}
    common = rng.choices(vocabulary, weights=weights, k=n * 8)
    for i in range(n):
        unit = unit_ids[i % len(unit_ids)]
        own = [
            vocabulary[(slices[unit] + rng.randrange(600)) % len(vocabulary)]
            for _ in range(6)
        ]
        words = common[i * 8 : (i + 1) * 8] + own
        yield RoutingDoc("suggestion", i + 1, 2010 + i % 15, "", " ".join(words), unit)


def latency(sizes: list[int]) -> bool:
    from renda.core.text import Segmenter
    from renda.suggestions import text_routing
    from renda.units.models import HandlingUnit

    rng = random.Random(SEED)
    # Two-character words from a block of rare characters, so that rjieba cuts
    # them as the user dictionary says.
    base = 0x4E00 + 3000
    vocabulary = list(
        dict.fromkeys(
            chr(base + rng.randrange(4000)) + chr(base + rng.randrange(4000))
            for _ in range(VOCABULARY * 2)
        )
    )[:VOCABULARY]
    unit_ids = list(
        HandlingUnit.objects.filter(is_active=True).values_list("pk", flat=True)
    )
    area = HandlingUnit.objects.select_related("region").first().region.path[:2]
    results = {}
    for n in sizes:
        started = time.perf_counter()
        count, table = text_routing.term_table(
            synthetic_docs(n, unit_ids, vocabulary, rng), str.split
        )
        build = text_routing.store_index(count, table)
        built = time.perf_counter() - started
        text_routing._segmenter = (build.pk, Segmenter(vocabulary))
        queries = [
            "，".join(rng.choices(vocabulary, k=rng.randrange(10, 30)))
            for _ in range(QUERIES)
        ]
        text_routing.propose(queries[0], area_path=area)  # warm
        times = []
        for query in queries:
            t = time.perf_counter()
            text_routing.propose(query, area_path=area)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        results[n] = p95
        print(
            f"routing_latency items={n} terms={len(table)} build_s={built:.1f} "
            f"p50_ms={p50:.2f} p95_ms={p95:.2f}",
            flush=True,
        )
    worst = max(results.values())
    baseline = results[min(results)]
    print(
        f"routing_latency worst_p95_ms={worst:.2f} baseline_p95_ms={baseline:.2f}",
        flush=True,
    )
    return worst < 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an already loaded demo database URL")
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000]
    )
    args = parser.parse_args()
    prepare(args.database)
    ok = accuracy()
    duplicates()
    fast = latency(args.sizes)
    if not ok:
        print("routing: the learned proposal does not beat area-only on top-1")
    if not fast:
        print("routing: p95 over 50 ms")
    return 0 if ok and fast else 1


if __name__ == "__main__":
    sys.exit(main())
