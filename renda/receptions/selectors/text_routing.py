"""Residents' requests in text routing: history, the routing proposal, repeats.

- ``request_docs`` yields every routed request with its handling unit, for the
  routing index (registered with suggestions' ``register_routing_source``). A
  request's text is learned from but never quoted: its examples carry no title.
- ``request_routing_proposal`` proposes the level (分级处理) and the unit from
  the text (suggestions' ``text_routing.propose``), for the station's page.
- ``similar_open_requests`` lists the station's open requests like this one,
  for the station's staff only (one query, bounded by
  ``RENDA_SUGGESTION_DUPLICATE_SCAN_LIMIT``). The resident is told nothing
  on the public form: another resident's request is personal (decision 0014).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from renda.suggestions import text_routing

from ..choices import PublicRequestStatus, RequestTier
from ..models import PublicRequest

_LEVEL_TIER = {
    text_routing.LEVEL_GRASSROOTS: RequestTier.GRASSROOTS,
    text_routing.LEVEL_COUNTY: RequestTier.SUGGESTION,
}
_OPEN = (PublicRequestStatus.RECEIVED, PublicRequestStatus.ROUTED)


def request_docs() -> Iterator[text_routing.RoutingDoc]:
    """Yield the routed requests and their handling units (text never quoted)."""
    rows = (
        PublicRequest.objects.filter(handling_unit__isnull=False)
        .exclude(status=PublicRequestStatus.RECEIVED)
        .order_by("pk")
        .values_list("pk", "handling_unit_id", "content", "location", "created_at")
    )
    for pk, unit_id, content, location, created_at in rows.iterator(chunk_size=2000):
        yield text_routing.RoutingDoc(
            "request", pk, created_at.year, "", f"{content}\n{location}", unit_id
        )


@dataclass
class RequestProposal:
    """What the history proposes for a request: the tier, the unit, and why."""

    tier: str
    tier_label: str
    unit: object
    explanation: str


def _area_path(station) -> str:
    region = station.region
    return region.parent.path if region.parent_id else region.path


def request_routing_proposal(request: PublicRequest) -> RequestProposal | None:
    """Propose the tier and the unit of a received request from its text, or None."""
    learned = text_routing.propose(
        f"{request.content}\n{request.location}",
        area_path=_area_path(request.station),
        limit=1,
    )
    if not learned:
        return None
    best = learned[0]
    tier = _LEVEL_TIER[best.level]
    return RequestProposal(
        tier=tier,
        tier_label=RequestTier(tier).label,
        unit=best.unit,
        explanation=best.explanation,
    )


def similar_open_requests(request: PublicRequest) -> list[text_routing.Duplicate]:
    """Return the station's other open requests similar to this one, best first."""
    rows = (
        PublicRequest.objects.filter(station_id=request.station_id, status__in=_OPEN)
        .exclude(pk=request.pk)
        .only("pk", "receipt_number", "content", "status", "created_at", "station_id")
        .order_by("-created_at", "-pk")[: text_routing.rules.duplicate_scan_limit()]
    )
    return text_routing.rank_duplicates(
        request.content, ((r, r.content[:300]) for r in rows)
    )
