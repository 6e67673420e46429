"""Reads of stories, donations and the public deputy pages.

- stories: the staff and leaders see their congress's, a deputy their own, the
  public only published ones;
- donations: the staff and leaders of the congress they are recorded under;
  totals per congress, per level of that congress and per campaign, money and
  goods apart, and the donors (distinct deputies);
- public deputy data: never the phone, the ID number, the work address or the
  birth date beyond its year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.choices import Level
from renda.congresses.models import Congress
from renda.core.parsing import parse_pk
from renda.deputies.models import Deputy, DeputyGroup, Mandate

from ..archive import archives_for
from ..choices import ArchiveKind, DonationKind, StoryStatus
from ..events import timeline
from ..models import Donation, DutyStory, StoryPhoto
from ..permissions import is_deputy_self, manages_duty, reads_duty


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None


# Stories ---------------------------------------------------------------------


@dataclass
class StoryFilters:
    congress_id: int | None = None
    deputy_id: int | None = None
    status: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> StoryFilters:
        status = (query.get("status") or "").strip()
        return cls(
            congress_id=parse_pk(query.get("congress_id")),
            deputy_id=parse_pk(query.get("deputy_id")),
            status=status if status in StoryStatus.values else "",
            q=(query.get("q") or "").strip()[:50],
        )


def stories_visible_to(user) -> QuerySet[DutyStory]:
    """Stories the user reads: their congress's (staff, leaders), their own
    (a deputy), everything (administrator)."""
    scope = get_scope(user)
    rows = DutyStory.objects.select_related("deputy", "congress")
    if scope.is_admin:
        return rows
    condition = Q(congress_id__in=scope.congress_ids)
    if scope.deputy_id is not None:
        condition |= Q(deputy_id=scope.deputy_id)
    return rows.filter(condition)


def story_list(user, filters: StoryFilters | None = None) -> QuerySet[DutyStory]:
    """The stories the user reads, filtered, newest first."""
    filters = filters or StoryFilters()
    rows = stories_visible_to(user)
    if filters.congress_id:
        rows = rows.filter(congress_id=filters.congress_id)
    if filters.deputy_id:
        rows = rows.filter(deputy_id=filters.deputy_id)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.q:
        rows = rows.filter(Q(title__contains=filters.q) | Q(deputy__name=filters.q))
    return rows.order_by("-happened_on", "-id")


def get_story_for_user(user, pk) -> DutyStory:
    """One story the user reads, or 404."""
    story = stories_visible_to(user).filter(pk=parse_pk(pk) or 0).first()
    if story is None:
        raise Http404
    return story


STAFF_VERBS = ("return", "publish", "unpublish")
WRITER_VERBS = ("edit", "submit")


@dataclass
class StoryDetail:
    story: DutyStory
    photos: list[StoryPhoto]
    actions: list[str]
    timeline: list = field(default_factory=list)
    photos_left: int = 0


def story_actions(user, story) -> list[str]:
    """The verbs this user may take on the story now."""
    table = story.state_table
    actions = []
    writer = is_deputy_self(user, story.deputy_id) or manages_duty(
        user, story.congress_id
    )
    if writer:
        actions += [v for v in WRITER_VERBS if table.can(story.status, v)]
    if manages_duty(user, story.congress_id):
        actions += [v for v in STAFF_VERBS if table.can(story.status, v)]
    return actions


def story_detail(user, pk) -> StoryDetail:
    """A story with its photos, timeline and the actions the user may take."""
    from .. import rules

    story = get_story_for_user(user, pk)
    photos = list(story.photos.all())
    return StoryDetail(
        story=story,
        photos=photos,
        actions=story_actions(user, story),
        timeline=timeline(story),
        photos_left=max(0, rules.story_photo_limit() - len(photos)),
    )


def public_stories(*, congress_id: int | None = None, deputy_id=None):
    """Published stories, newest first (the public pages and API)."""
    rows = DutyStory.objects.filter(status=StoryStatus.PUBLISHED).select_related(
        "deputy", "congress"
    )
    if congress_id:
        rows = rows.filter(congress_id=congress_id)
    if deputy_id:
        rows = rows.filter(deputy_id=deputy_id)
    return rows.order_by("-happened_on", "-id")


def public_story(pk) -> DutyStory:
    story = public_stories().filter(pk=parse_pk(pk) or 0).first()
    if story is None:
        raise Http404
    return story


# Donations -------------------------------------------------------------------


@dataclass
class DonationFilters:
    congress_id: int | None = None
    level: str = ""
    campaign: str = ""
    kind: str = ""
    deputy_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""

    @classmethod
    def from_query(cls, query) -> DonationFilters:
        level = (query.get("level") or "").strip()
        kind = (query.get("kind") or "").strip()
        return cls(
            congress_id=parse_pk(query.get("congress_id")),
            level=level if level in Level.values else "",
            campaign=(query.get("campaign") or "").strip()[:100],
            kind=kind if kind in DonationKind.values else "",
            deputy_id=parse_pk(query.get("deputy_id")),
            date_from=_date(query.get("date_from")),
            date_to=_date(query.get("date_to")),
            q=(query.get("q") or "").strip()[:50],
        )


def donations_visible_to(user) -> QuerySet[Donation]:
    """Donations recorded under the congresses the user reads."""
    scope = get_scope(user)
    rows = Donation.objects.select_related("deputy", "congress")
    if scope.is_admin:
        return rows
    return rows.filter(congress_id__in=scope.congress_ids)


def donation_list(user, filters: DonationFilters | None = None) -> QuerySet[Donation]:
    """The donations the user reads, filtered, newest first."""
    filters = filters or DonationFilters()
    rows = donations_visible_to(user)
    if filters.congress_id:
        rows = rows.filter(congress_id=filters.congress_id)
    if filters.level:
        rows = rows.filter(congress__level=filters.level)
    if filters.campaign:
        rows = rows.filter(campaign=filters.campaign)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.deputy_id:
        rows = rows.filter(deputy_id=filters.deputy_id)
    if filters.date_from:
        rows = rows.filter(date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(date__lte=filters.date_to)
    if filters.q:
        rows = rows.filter(
            Q(deputy__name=filters.q)
            | Q(recipient__contains=filters.q)
            | Q(goods__contains=filters.q)
        )
    return rows.order_by("-date", "-id")


@dataclass(frozen=True)
class DonationTotals:
    money: Decimal
    goods: Decimal
    donors: int
    count: int

    @property
    def total(self) -> Decimal:
        return self.money + self.goods


@dataclass
class DonationSummary:
    totals: DonationTotals
    by_congress: list[tuple[str, DonationTotals]]
    by_level: list[tuple[str, DonationTotals]]
    by_campaign: list[tuple[str, DonationTotals]]


def _totals(rows) -> DonationTotals:
    data = rows.aggregate(
        money=Sum("amount", filter=Q(kind=DonationKind.MONEY)),
        goods=Sum("amount", filter=Q(kind=DonationKind.GOODS)),
        donors=Count("deputy", distinct=True),
        count=Count("id"),
    )
    return DonationTotals(
        money=data["money"] or Decimal("0.00"),
        goods=data["goods"] or Decimal("0.00"),
        donors=data["donors"] or 0,
        count=data["count"] or 0,
    )


def _grouped(rows, key: str) -> dict:
    out = {}
    for row in (
        rows.order_by()
        .values(key)
        .annotate(
            money=Sum("amount", filter=Q(kind=DonationKind.MONEY)),
            goods=Sum("amount", filter=Q(kind=DonationKind.GOODS)),
            donors=Count("deputy", distinct=True),
            count=Count("id"),
        )
    ):
        out[row[key]] = DonationTotals(
            money=row["money"] or Decimal("0.00"),
            goods=row["goods"] or Decimal("0.00"),
            donors=row["donors"],
            count=row["count"],
        )
    return out


def donation_summary(user, filters: DonationFilters | None = None) -> DonationSummary:
    """Totals of the filtered donations: all, per congress, per level of that
    congress and per campaign (money and goods apart, donors distinct)."""
    rows = donation_list(user, filters)
    per_congress = _grouped(rows, "congress_id")
    names = dict(Congress.objects.filter(pk__in=per_congress).values_list("pk", "name"))
    per_level = _grouped(rows, "congress__level")
    per_campaign = _grouped(rows, "campaign")
    return DonationSummary(
        totals=_totals(rows),
        by_congress=sorted(
            ((names.get(pk, ""), t) for pk, t in per_congress.items()),
            key=lambda item: -item[1].total,
        ),
        by_level=[
            (str(label), per_level[value])
            for value, label in Level.choices
            if value in per_level
        ],
        by_campaign=sorted(
            ((name or "（未填活动）", t) for name, t in per_campaign.items()),
            key=lambda item: -item[1].total,
        ),
    )


def get_donation_for_user(user, pk, *, manage: bool = False) -> Donation:
    """One donation the user reads (or manages), or 404."""
    donation = donations_visible_to(user).filter(pk=parse_pk(pk) or 0).first()
    if donation is None or (manage and not manages_duty(user, donation.congress_id)):
        raise Http404
    return donation


def donation_campaigns(user) -> list[str]:
    return sorted(
        set(
            donations_visible_to(user)
            .exclude(campaign="")
            .values_list("campaign", flat=True)
        )
    )


# Public deputies ----------------------------------------------------------------


@dataclass
class PublicDeputyFilters:
    congress_id: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, query) -> PublicDeputyFilters:
        return cls(
            congress_id=parse_pk(query.get("congress_id")),
            q=(query.get("q") or "").strip()[:50],
        )


def public_deputies(filters: PublicDeputyFilters | None = None) -> QuerySet[Deputy]:
    """Deputies with a current mandate, by name, pinyin or initials."""
    filters = filters or PublicDeputyFilters()
    current = Q(mandates__end_date__isnull=True)
    if filters.congress_id:
        # One condition on the same mandate: current AND in that congress.
        current &= Q(mandates__term__congress_id=filters.congress_id)
    rows = Deputy.objects.filter(current)
    if filters.q:
        q = filters.q
        lowered = q.lower().replace(" ", "")
        rows = rows.filter(
            Q(name__contains=q)
            | Q(name_pinyin__icontains=lowered)
            | Q(name_initials__istartswith=lowered)
        )
    return rows.distinct().order_by("stroke_key", "name", "id")


def public_congresses() -> QuerySet[Congress]:
    return (
        Congress.objects.filter(terms__mandates__isnull=False)
        .distinct()
        .order_by("level", "name")
    )


@dataclass
class PublicDeputy:
    deputy: Deputy
    birth_year: int | None
    mandates: list[dict]
    groups: list[dict]
    year: int
    duty_counts: list[tuple[str, str, int]]
    stories: list[DutyStory]

    def as_dict(self, *, photo_url: str = "", page_url: str = "") -> dict:
        d = self.deputy
        return {
            "id": d.pk,
            "name": d.name,
            "name_pinyin": d.name_pinyin,
            "gender": d.get_gender_display(),
            "ethnicity": d.ethnicity,
            "birth_year": self.birth_year,
            "party": d.get_party_display(),
            "occupation_category": d.get_occupation_category_display()
            if d.occupation_category
            else "",
            "photo_url": photo_url,
            "page_url": page_url,
            "mandates": self.mandates,
            "groups": self.groups,
            "year": self.year,
            "duty_counts": [
                {"kind": kind, "label": label, "count": count}
                for kind, label, count in self.duty_counts
            ],
            "stories": [
                {
                    "id": s.pk,
                    "title": s.title,
                    "happened_on": s.happened_on.isoformat(),
                }
                for s in self.stories
            ],
        }


def public_year(value) -> int:
    """A year asked in the query (1979 to this year), else this year."""
    this_year = timezone.localdate().year
    year = parse_pk(value)
    return year if year and 1979 <= year <= this_year else this_year


def public_deputy(pk, *, year: int | None = None) -> PublicDeputy:
    """What the public page of a deputy shows (a current mandate, or 404)."""
    deputy = (
        Deputy.objects.filter(pk=parse_pk(pk) or 0, mandates__end_date__isnull=True)
        .distinct()
        .first()
    )
    if deputy is None:
        raise Http404
    year = year or timezone.localdate().year
    mandates = list(
        Mandate.objects.filter(deputy=deputy, end_date__isnull=True)
        .select_related("term__congress", "delegation")
        .order_by("term__congress__level", "term__congress__name")
    )
    groups = list(
        DeputyGroup.objects.filter(members=deputy).select_related("station", "congress")
    )
    # A record may be in the archive of each congress the deputy sits in (a
    # reception day serves every level): each record counts once here.
    counted: dict[str, object] = {}
    for mandate in mandates:
        archive = archives_for(
            congress=mandate.term.congress,
            year=year,
            deputy_ids=[deputy.pk],
            term=mandate.term,
        )[deputy.pk]
        for entry in archive.counted:
            if entry.kind != ArchiveKind.ADJUSTMENT:
                counted.setdefault(entry.key, entry)
    counts: dict[str, int] = {}
    for entry in counted.values():
        counts[entry.kind] = counts.get(entry.kind, 0) + int(entry.quantity)
    return PublicDeputy(
        deputy=deputy,
        birth_year=deputy.birth_date.year if deputy.birth_date else None,
        mandates=[
            {
                "congress_id": m.term.congress_id,
                "congress": m.term.congress.name,
                "level": m.term.congress.get_level_display(),
                "term": str(m.term),
                "delegation": m.delegation.name if m.delegation_id else "",
                "start_date": m.start_date.isoformat(),
            }
            for m in mandates
        ],
        groups=[
            {
                "group": g.name,
                "congress": g.congress.name,
                "station": g.station.name if g.station_id else "",
                "leader": g.leader_id == deputy.pk,
            }
            for g in groups
        ],
        year=year,
        duty_counts=[
            (kind, str(label), counts[kind])
            for kind, label in ArchiveKind.choices
            if counts.get(kind)
        ],
        stories=list(public_stories(deputy_id=deputy.pk)[:20]),
    )


__all__ = [
    "DonationFilters",
    "DonationSummary",
    "DonationTotals",
    "PublicDeputy",
    "PublicDeputyFilters",
    "StoryDetail",
    "StoryFilters",
    "donation_campaigns",
    "donation_list",
    "donation_summary",
    "donations_visible_to",
    "get_donation_for_user",
    "get_story_for_user",
    "public_congresses",
    "public_deputies",
    "public_deputy",
    "public_stories",
    "public_year",
    "public_story",
    "reads_duty",
    "stories_visible_to",
    "story_actions",
    "story_detail",
    "story_list",
]
