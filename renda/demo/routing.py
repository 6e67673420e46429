"""The demo's text routing: a few near-duplicate items for the staff, then the index.

Up to ``PLANTED`` items of the city congress that are being handled get a
reworded twin, submitted by another deputy of the same term two days before
"today": the staff's review page of each twin shows "可能重复的建议" with a
button to merge it into the original. Then the routing index is built from
the whole demo history (renda/suggestions/text_routing.py).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.deputies.models import Mandate
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.models import Suggestion
from renda.suggestions.services import suggestion_create_draft, suggestion_submit
from renda.suggestions.text_routing import build_index

PLANTED = 3


def reworded(title: str, body: str) -> tuple[str, str]:
    """Return a near-duplicate's title and body: same matter, other words."""
    core = title.removeprefix("关于").removesuffix("的建议")
    matter = core if core.endswith(("问题", "反映")) else f"{core}问题"
    return (
        f"关于尽快{matter}的建议"[:100],
        f"近期多位群众向代表反映此事。{body}\n希望有关部门抓紧研究解决。",
    )


def demo_routing_build(*, congress, today: dt.date) -> int:
    """Plant the near-duplicates, build the routing index; return how many were planted."""
    at = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=2), dt.time(10))
    )
    originals = (
        Suggestion.objects.filter(
            congress=congress,
            status__in=(SuggestionStatus.ACCEPTED, SuggestionStatus.ASSIGNED),
            merged_into__isnull=True,
            submitted_at__lt=at,
        )
        .select_related("term", "region")
        .order_by("-submitted_at", "-pk")[:PLANTED]
    )
    planted = 0
    for original in originals:
        mandate = (
            Mandate.objects.filter(term=original.term, deputy__user__isnull=False)
            .exclude(deputy_id=original.lead_deputy_id)
            .select_related("deputy__user")
            .order_by("pk")
            .first()
        )
        if mandate is None:
            continue
        title, body = reworded(original.title, original.body)
        user = mandate.deputy.user
        twin = suggestion_create_draft(
            actor=user,
            congress=congress,
            term=original.term,
            lead_deputy=mandate.deputy,
            title=title,
            body=body,
            region=original.region,
            category=original.category,
            now=at,
        )
        suggestion_submit(suggestion=twin, actor=user, now=at)
        planted += 1
    build_index()
    return planted
