"""Planning the demo items (pure: the same seed gives the same items)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from renda.suggestions.choices import (
    Channel,
    Period,
)

from .. import data
from .. import suggestion_text as text
from .fates import (
    ASSIGNED,
    BAI_ITEMS,
    BUCKETS,
    CLARIFY,
    CLOSED_RATED,
    CLOSED_WINDOW,
    DRAFT,
    KEY_OVERSEERS,
    KEYABLE_FATES,
    LIVE,
    MERGE_GROUP,
    REPLIED,
    SESSION_DAYS,
    SUBMITTED,
)


@dataclass
class ItemPlan:
    """One planned suggestion: its words, its people and the state it ends in."""

    number: int
    year: int
    period: str
    channel: str
    fate: str
    closes_next_year: bool
    topic: text.Topic
    title: str
    body: str
    region_code: str
    lead_key: str
    cosigner_keys: list[str]
    submitted_on: dt.date
    clarify_first: bool = False
    overseer: str = ""
    merged: list[ItemPlan] = field(default_factory=list)
    live: str = ""  # "", or the deadline wanted: overdue / due_soon / open
    lead_unit: str = ""


class _Planner:
    def __init__(self, *, seed: int, plan, regions: dict):
        self.rng = random.Random(f"suggestions-{seed}")  # noqa: S311 - demo data
        self.plan = plan
        self.regions = regions
        self.used_titles: set[str] = set()
        self.number = 0
        self.by_county: dict[str, list[str]] = {}
        for person in plan.city_deputies:
            self.by_county.setdefault(person.county_code, []).append(person.key)
        # Each county has a dozen deputies who write most of its suggestions.
        self.active = {
            county: sorted(self.rng.sample(keys, min(12, len(keys))))
            for county, keys in sorted(self.by_county.items())
        }
        self.all_city = [p.key for p in plan.city_deputies]
        urban = [
            code
            for code, region in sorted(regions.items())
            if len(code) == 9
            and code[:6] in ("220402", "220403")
            and region.name.endswith("街道")
        ]
        rural = [
            code
            for code, region in sorted(regions.items())
            if len(code) == 9 and not region.name.endswith("街道")
        ]
        self.urban = urban
        self.rural = rural
        self.dongfeng = [c for c in rural if c.startswith("220421")]
        self.city_code = "220400"

    def _place(self, topic: text.Topic) -> tuple[str, str]:
        rng = self.rng
        kind = topic.place
        if kind == "school":
            return rng.choice(text.SCHOOLS), rng.choice(self.urban)
        if kind == "bus":
            return f"{rng.choice(text.BUS_LINES)}", self.city_code
        if kind == "street_section":
            return rng.choice(text.STREET_SECTIONS), rng.choice(self.urban)
        if kind == "junction":
            return rng.choice(text.JUNCTIONS), rng.choice(self.urban)
        if kind == "landmark":
            return rng.choice(text.LANDMARKS), rng.choice(self.urban)
        if kind == "market":
            return rng.choice(text.MARKETS), rng.choice(self.urban)
        if kind == "river":
            return rng.choice(text.RIVERS), self.city_code
        if kind == "street":
            return rng.choice(data.CITY_STREETS), rng.choice(self.urban)
        if kind == "community":
            code = rng.choice(self.urban)
            community = rng.choice(data.COMMUNITY_NAMES)
            return f"{self.regions[code].name}{community}社区", code
        if kind in ("village", "township", "deer"):
            code = rng.choice(self.dongfeng if kind == "deer" else self.rural)
            name = self.regions[code].name
            if kind == "village":
                return f"{name}{rng.choice(data.VILLAGE_NAMES)}村", code
            return name, code
        return "", self.city_code

    def _words(self, topic: text.Topic, place: str) -> tuple[str, str]:
        rng = self.rng
        title = topic.title.format(place=place)
        where = place or "我市"
        asks = rng.sample(topic.asks, min(3, len(topic.asks)))
        numbers = "一二三四"
        ask_text = "；".join(f"{numbers[i]}是{ask}" for i, ask in enumerate(asks))
        opening = rng.choice(
            (
                "经走访调研和群众反映，",
                "在代表联络站接待选民时，群众反映：",
                "近期多位居民向代表反映，",
                "据代表视察中了解，",
            )
        )
        body = (
            f"{opening}{where}{topic.problem}，{topic.impact}。\n为此建议：{ask_text}。"
        )
        return title, body

    def item(
        self,
        *,
        year: int,
        period: str,
        channel: str,
        fate: str,
        closes_next_year: bool,
        submitted_on: dt.date,
        topic: text.Topic | None = None,
        lead_key: str | None = None,
        live: str = "",
        lead_unit: str = "",
    ) -> ItemPlan:
        rng = self.rng
        topics = text.FORMAL_TOPICS if channel == Channel.FORMAL else text.SMALL_TOPICS
        eligible = [t for t in topics if year in t.years or live]
        if lead_unit:
            eligible = [t for t in eligible if t.lead[0] == lead_unit] or eligible
        title = body = region_code = ""
        for _attempt in range(40):
            chosen = topic or rng.choice(eligible)
            place, region_code = self._place(chosen)
            title, body = self._words(chosen, place)
            if title not in self.used_titles:
                break
        self.used_titles.add(title)
        county = region_code[:6] if len(region_code) >= 6 else ""
        if lead_key is None:
            pool = (
                self.active.get(county) or self.active[rng.choice(sorted(self.active))]
            )
            lead_key = rng.choice(pool)
        cosigners = [
            key
            for key in rng.sample(self.all_city, rng.choice((0, 0, 1, 2, 3)))
            if key != lead_key
        ]
        self.number += 1
        return ItemPlan(
            number=self.number,
            year=year,
            period=period,
            channel=channel,
            fate=fate,
            closes_next_year=closes_next_year,
            topic=chosen,
            title=title,
            body=body,
            region_code=region_code,
            lead_key=lead_key,
            cosigner_keys=cosigners,
            submitted_on=submitted_on,
            live=live,
            lead_unit=lead_unit,
        )

    def submitted_on(self, year, period, channel, fate, closes_next_year) -> dt.date:
        rng = self.rng
        if period == Period.SESSION:
            return SESSION_DAYS[year] + dt.timedelta(days=rng.randrange(0, 4))
        if fate in (DRAFT, SUBMITTED, CLARIFY):
            return dt.date(year, 12, rng.randrange(14, 22))
        if year == 2020 and channel == Channel.FORMAL and not closes_next_year:
            # The spring of the epidemic: recess suggestions from March on.
            start, end = dt.date(2020, 3, 2), dt.date(2020, 6, 30)
        elif channel == Channel.FORMAL and closes_next_year:
            start, end = dt.date(year, 9, 1), dt.date(year, 11, 20)
        elif channel == Channel.FORMAL:
            start, end = dt.date(year, 3, 4), dt.date(year, 6, 28)
        elif closes_next_year or fate in (REPLIED, ASSIGNED):
            start, end = dt.date(year, 12, 1), dt.date(year, 12, 15)
        else:
            start, end = dt.date(year, 3, 1), dt.date(year, 10, 31)
        return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def plan_items(*, seed: int, plan, regions: dict, today: dt.date) -> list[ItemPlan]:
    """Plan every demo suggestion from the seed (titles and people do not depend on today)."""
    planner = _Planner(seed=seed, plan=plan, regions=regions)
    rng = planner.rng
    items: list[ItemPlan] = []
    bai = list(BAI_ITEMS)
    for (year, period), rows in BUCKETS.items():
        bucket: list[ItemPlan] = []
        for fate, count, channel, next_year in rows:
            for _ in range(count):
                lead_key = None
                if (year, period, fate) in bai:
                    bai.remove((year, period, fate))
                    lead_key = "bai_yujing"
                topic = None
                # The first recess items of 2020 are the epidemic's.
                if (
                    year == 2020
                    and period == Period.RECESS
                    and channel == Channel.FORMAL
                    and not next_year
                    and rng.random() < 0.35
                ):
                    topic = rng.choice(
                        [t for t in text.FORMAL_TOPICS if t.years == (2020,)]
                    )
                submitted = planner.submitted_on(year, period, channel, fate, next_year)
                if topic is not None and topic.title.startswith("关于加强疫情"):
                    submitted = dt.date(2020, 2, 3) + dt.timedelta(
                        days=rng.randrange(0, 30)
                    )
                item = planner.item(
                    year=year,
                    period=period,
                    channel=channel,
                    fate=fate,
                    closes_next_year=next_year,
                    submitted_on=submitted,
                    topic=topic,
                    lead_key=lead_key,
                )
                if fate == MERGE_GROUP:
                    for _other in range(2):
                        other = planner.item(
                            year=year,
                            period=period,
                            channel=channel,
                            fate=MERGE_GROUP,
                            closes_next_year=next_year,
                            submitted_on=submitted,
                            topic=item.topic,
                        )
                        item.merged.append(other)
                bucket.append(item)
        # Some session items were sent back for details before being accepted.
        for item in bucket:
            if item.fate in (CLOSED_RATED, CLOSED_WINDOW) and rng.random() < 0.06:
                item.clarify_first = True
        # Key suggestions.
        if period == Period.SESSION:
            overseers = list(KEY_OVERSEERS[year])
            candidates = [
                item
                for item in bucket
                if item.fate in KEYABLE_FATES
                and item.topic.key_worthy
                and not item.closes_next_year
            ]
            rng.shuffle(candidates)
            for item, overseer in zip(candidates, overseers, strict=False):
                item.overseer = overseer
        items.extend(bucket)
    # Live items, dated from the load day.
    for fate, channel, unit_name, is_bai, deadline in LIVE:
        days_back = {DRAFT: 1, SUBMITTED: 2, CLARIFY: 6}.get(fate, 30)
        items.append(
            planner.item(
                year=today.year,
                period=Period.RECESS,
                channel=channel,
                fate=fate,
                closes_next_year=False,
                submitted_on=today - dt.timedelta(days=days_back),
                lead_key="bai_yujing" if is_bai else None,
                live=deadline or "pre",
                lead_unit=unit_name or "",
            )
        )
    # Items that must stay REPLIED go last: the closing sweeps run before them.
    order = {REPLIED: 1}
    items.sort(key=lambda item: (bool(item.live), order.get(item.fate, 0)))
    return items
