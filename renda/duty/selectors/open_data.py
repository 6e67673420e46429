"""The open data: deputies, congresses and their bodies as Popolo
(https://www.popoloproject.com), the mapping in docs/open-data.md.

Nothing private leaves here: no phone, ID number, work address or birth date
beyond its year.
"""

from __future__ import annotations

from django.urls import reverse

from renda.congresses.models import (
    Committee,
    CommitteeMember,
    Congress,
    Delegation,
    StandingCommittee,
)
from renda.deputies.choices import Gender
from renda.deputies.models import Deputy, DeputyGroup, Mandate

GENDERS = {Gender.MALE: "male", Gender.FEMALE: "female"}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _clean(item: dict) -> dict:
    """Leave out empty values (Popolo: absent rather than null)."""
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def person_id(pk: int) -> str:
    return f"deputy/{pk}"


def popolo(*, congress_id: int | None = None, absolute=lambda url: url) -> dict:
    """The Popolo document of every congress (or one) with its deputies."""
    congresses = Congress.objects.order_by("pk")
    if congress_id:
        congresses = congresses.filter(pk=congress_id)
    congress_ids = list(congresses.values_list("pk", flat=True))
    mandates = list(
        Mandate.objects.filter(term__congress_id__in=congress_ids)
        .select_related("term", "term__congress")
        .order_by("deputy_id", "start_date", "pk")
    )
    deputy_ids = {m.deputy_id for m in mandates}
    organizations = []
    for c in congresses:
        organizations.append(
            _clean(
                {
                    "id": f"congress/{c.pk}",
                    "name": c.name,
                    "classification": "legislature",
                    "parent_id": f"congress/{c.parent_id}"
                    if c.parent_id and (not congress_id)
                    else None,
                    "area_id": f"region/{c.region_id}" if c.region_id else None,
                }
            )
        )
    standing = list(
        StandingCommittee.objects.filter(term__congress_id__in=congress_ids)
        .select_related("term", "term__congress")
        .order_by("pk")
    )
    for s in standing:
        organizations.append(
            _clean(
                {
                    "id": f"standing-committee/{s.pk}",
                    "name": f"{s.term.short_name}{s.get_kind_display()}",
                    "classification": "committee",
                    "parent_id": f"congress/{s.term.congress_id}",
                    "founding_date": _date(s.term.start_date),
                    "dissolution_date": _date(s.term.end_date),
                }
            )
        )
    for committee in Committee.objects.filter(congress_id__in=congress_ids).order_by(
        "pk"
    ):
        organizations.append(
            {
                "id": f"committee/{committee.pk}",
                "name": committee.name,
                "classification": "committee",
                "parent_id": f"congress/{committee.congress_id}",
            }
        )
    delegations = list(
        Delegation.objects.filter(term__congress_id__in=congress_ids)
        .select_related("term")
        .order_by("pk")
    )
    for d in delegations:
        organizations.append(
            {
                "id": f"delegation/{d.pk}",
                "name": d.name,
                "classification": "delegation",
                "parent_id": f"congress/{d.term.congress_id}",
            }
        )
    groups = list(
        DeputyGroup.objects.filter(congress_id__in=congress_ids)
        .prefetch_related("members")
        .order_by("pk")
    )
    for g in groups:
        organizations.append(
            {
                "id": f"deputy-group/{g.pk}",
                "name": g.name,
                "classification": "group",
                "parent_id": f"congress/{g.congress_id}",
            }
        )

    memberships = []
    for m in mandates:
        memberships.append(
            _clean(
                {
                    "id": f"mandate/{m.pk}",
                    "person_id": person_id(m.deputy_id),
                    "organization_id": f"congress/{m.term.congress_id}",
                    "role": "代表",
                    "label": f"{m.term.congress.name}代表",
                    "start_date": _date(m.start_date),
                    "end_date": _date(m.end_date),
                }
            )
        )
        if m.delegation_id:
            memberships.append(
                _clean(
                    {
                        "id": f"mandate/{m.pk}/delegation",
                        "person_id": person_id(m.deputy_id),
                        "organization_id": f"delegation/{m.delegation_id}",
                        "role": "成员",
                        "start_date": _date(m.start_date),
                        "end_date": _date(m.end_date),
                    }
                )
            )
    for g in groups:
        for member in g.members.all():
            deputy_ids.add(member.pk)
            memberships.append(
                {
                    "id": f"deputy-group/{g.pk}/{member.pk}",
                    "person_id": person_id(member.pk),
                    "organization_id": f"deputy-group/{g.pk}",
                    "role": "组长" if g.leader_id == member.pk else "成员",
                }
            )
    posts = []
    members = CommitteeMember.objects.filter(standing_committee__in=standing).order_by(
        "standing_committee_id", "rank", "pk"
    )
    seen_posts = set()
    for cm in members:
        post = f"standing-committee/{cm.standing_committee_id}/{cm.role.lower()}"
        if post not in seen_posts:
            seen_posts.add(post)
            posts.append(
                {
                    "id": post,
                    "label": cm.get_role_display(),
                    "role": cm.get_role_display(),
                    "organization_id": f"standing-committee/{cm.standing_committee_id}",
                }
            )
        deputy_ids.add(cm.deputy_id)
        memberships.append(
            _clean(
                {
                    "id": f"committee-member/{cm.pk}",
                    "person_id": person_id(cm.deputy_id),
                    "organization_id": f"standing-committee/{cm.standing_committee_id}",
                    "post_id": post,
                    "role": cm.get_role_display(),
                    "start_date": _date(cm.took_office_on),
                    "end_date": _date(cm.left_office_on),
                }
            )
        )
    persons = []
    for d in Deputy.objects.filter(pk__in=deputy_ids).order_by("pk"):
        page = absolute(reverse("duty_public:deputy", args=[d.pk]))
        persons.append(
            _clean(
                {
                    "id": person_id(d.pk),
                    "name": d.name,
                    "sort_name": d.name_pinyin,
                    "gender": GENDERS.get(d.gender),
                    "birth_date": str(d.birth_date.year) if d.birth_date else None,
                    "image": absolute(d.photo.url) if d.photo else None,
                    "links": [{"url": page, "note": "公开页面"}],
                }
            )
        )
    return {
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "posts": posts,
    }
