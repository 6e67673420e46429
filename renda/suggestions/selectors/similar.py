"""Similar earlier suggestions, and the units that handled them (按相似建议).

Two titles are similar when they share enough character bigrams once the
words every title has (关于, 建议, 加强...) are taken out: "关于加快老旧小区
加装电梯的建议" and "老旧小区加装电梯补贴" share 老旧, 旧小, 小区, 加装, 装电,
电梯. The cost is bounded: one query reads at most ``similar_scan_limit()``
titles of the same congress within ``similar_years()`` (newest first), one
more reads the chosen items' assignments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from .. import rules
from ..choices import AssignmentRole, AssignmentStatus, SuggestionStatus
from ..models import Assignment, Suggestion

# Words of almost every title: they say nothing about the matter.
COMMON_WORDS = (
    "关于",
    "的建议",
    "建议",
    "意见",
    "进一步",
    "加强",
    "加快",
    "推进",
    "推动",
    "提升",
    "提高",
    "完善",
    "解决",
    "问题",
    "工作",
    "我市",
    "我区",
    "我县",
    "有关",
    "相关",
    "尽快",
    "进行",
    # Place words every local item has; the place itself is the area's reason.
    "街道",
    "社区",
)
_COMMON = re.compile("|".join(sorted(COMMON_WORDS, key=len, reverse=True)))
_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
# How many similar items to learn from, and how many units to propose.
SIMILAR_ITEMS = 5
SIMILAR_UNITS = 3
_NOT_HANDLED = (AssignmentStatus.RETURNED, AssignmentStatus.WITHDRAWN)


def title_bigrams(text: str) -> frozenset[str]:
    """Return the character bigrams of a title, common words taken out."""
    cleaned = _COMMON.sub(" ", text or "")
    grams: set[str] = set()
    for run in _RUN.findall(cleaned):
        if len(run) == 1:
            continue
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


@dataclass
class SimilarUnit:
    """A unit that handled similar earlier items, with those items' titles."""

    unit_id: int
    score: float
    examples: list[str] = field(default_factory=list)


def similar_suggestions(
    suggestion: Suggestion, *, now: dt.datetime | None = None
) -> list[tuple[Suggestion, float]]:
    """Return the earlier items of the congress most similar to ``suggestion``.

    Only items that were assigned count (their units are what we learn);
    each with its score (shared bigrams over the smaller set), best first.
    """
    mine = title_bigrams(suggestion.title)
    minimum = rules.similar_min_shared_bigrams()
    if len(mine) < minimum:
        return []
    since = (now or timezone.now()) - dt.timedelta(days=365 * rules.similar_years())
    candidates = (
        Suggestion.objects.filter(
            congress_id=suggestion.congress_id,
            submitted_at__gte=since,
            merged_into__isnull=True,
        )
        .exclude(pk=suggestion.pk)
        .exclude(
            status__in=[
                SuggestionStatus.DRAFT,
                SuggestionStatus.SUBMITTED,
                SuggestionStatus.REJECTED,
                SuggestionStatus.RETURNED_FOR_CLARIFICATION,
                SuggestionStatus.ACCEPTED,
            ]
        )
        .only("pk", "title")
        .order_by("-submitted_at", "-pk")[: rules.similar_scan_limit()]
    )
    scored: list[tuple[Suggestion, float]] = []
    for item in candidates:
        theirs = title_bigrams(item.title)
        shared = len(mine & theirs)
        if shared < minimum:
            continue
        scored.append((item, shared / min(len(mine), len(theirs))))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:SIMILAR_ITEMS]


def units_of_similar_suggestions(
    suggestion: Suggestion, *, now: dt.datetime | None = None
) -> list[SimilarUnit]:
    """Return the units that led or handled similar earlier items, best first."""
    similar = similar_suggestions(suggestion, now=now)
    if not similar:
        return []
    scores = {item.pk: score for item, score in similar}
    titles = {item.pk: item.title for item, _score in similar}
    assignments = (
        Assignment.objects.filter(suggestion_id__in=scores)
        .exclude(status__in=_NOT_HANDLED)
        .exclude(role=AssignmentRole.JOINT)
        .values_list("suggestion_id", "handling_unit_id")
    )
    total: Counter[int] = Counter()
    examples: dict[int, list[str]] = {}
    for suggestion_id, unit_id in assignments:
        total[unit_id] += scores[suggestion_id]
        seen = examples.setdefault(unit_id, [])
        if titles[suggestion_id] not in seen:
            seen.append(titles[suggestion_id])
    ranked = sorted(total.items(), key=lambda pair: (-pair[1], pair[0]))
    return [
        SimilarUnit(unit_id=unit_id, score=score, examples=examples[unit_id][:2])
        for unit_id, score in ranked[:SIMILAR_UNITS]
    ]
