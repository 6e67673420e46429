"""Every check of supervision work, asked by services, selectors, pages, the API
and the navigation alike.

Who sees what:

- system administrators: everything;
- committee staff (常委会工作人员) of a congress: manage its supervision work;
  read that of the congresses below it in its area;
- leadership members (班子成员) and committee members (常委会组成人员) of a
  congress: read all of its supervision work (drafts included), not manage it;
- unit staff (the bodies supervised, 一府一委两院): the items addressed to their
  unit, the review opinions and rectification points sent to it, its filings;
- deputies: the items they are invited to, their own topic proposals, and
  everything published;
- station staff and the public: what is published only (``/open/``).
"""

from __future__ import annotations

from django.db.models import Q

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope, region_subtree_q

# Congress-wide roles -----------------------------------------------------------------


def manages_congress(user, congress_id) -> bool:
    """Committee staff of this congress (or an administrator) manage its supervision."""
    scope = get_scope(user)
    return scope.is_admin or congress_id in scope.staff_congress_ids


def reads_congress(user, congress) -> bool:
    """Staff, leaders and members of the congress read all its supervision work.

    Staff and leaders also read the work of the congresses below theirs.
    """
    scope = get_scope(user)
    if scope.is_admin:
        return True
    congress_id = getattr(congress, "pk", congress)
    if congress_id in scope.congress_ids or congress_id in scope.member_congress_ids:
        return True
    path = getattr(getattr(congress, "region", None), "path", None)
    return bool(path) and any(path.startswith(p) for p in scope.region_paths)


def can_use_supervision(user) -> bool:
    """The supervision pages (navigation): staff, leaders, members, units, deputies."""
    scope = get_scope(user)
    return scope.is_admin or scope.has(
        Role.COMMITTEE_STAFF,
        Role.LEADER,
        Role.COMMITTEE_MEMBER,
        Role.UNIT_STAFF,
        Role.DEPUTY,
    )


def can_manage_any_supervision(user) -> bool:
    """Pages that create things (new item, new plan): staff of some congress."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.staff_congress_ids)


def reads_any_congress(user) -> bool:
    """Statistics, boards and the plan pages: staff, leaders, members."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.congress_ids or scope.member_congress_ids)


# Items ---------------------------------------------------------------------------------


def item_visibility_q(user, prefix: str = "") -> Q:
    """Match the items (at ``prefix``, e.g. "item__") this user may see."""
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    query = Q(**{f"{prefix}published_at__isnull": False})
    if not scope.is_authenticated:
        return query
    congress_ids = scope.congress_ids | scope.member_congress_ids
    if congress_ids:
        query |= Q(**{f"{prefix}congress_id__in": congress_ids})
    if scope.region_paths:
        query |= region_subtree_q(f"{prefix}congress__region__path", scope.region_paths)
    if scope.unit_ids:
        query |= Q(**{f"{prefix}target_units__in": scope.unit_ids})
        query |= Q(**{f"{prefix}opinions__unit_id__in": scope.unit_ids})
    if scope.deputy_id is not None:
        query |= Q(**{f"{prefix}participants__deputy_id": scope.deputy_id})
    return query


def can_view_item(user, item) -> bool:
    """Answered by the same query as the lists (see selectors), for one item."""
    scope = get_scope(user)
    if scope.is_admin or item.published_at is not None:
        return True
    if not scope.is_authenticated:
        return False
    if reads_congress(user, item.congress):
        return True
    if scope.unit_ids and (
        item.target_units.filter(pk__in=scope.unit_ids).exists()
        or item.opinions.filter(unit_id__in=scope.unit_ids).exists()
    ):
        return True
    return (
        scope.deputy_id is not None
        and item.participants.filter(deputy_id=scope.deputy_id).exists()
    )


def sees_drafts(user, item) -> bool:
    """Internal drafts, minutes and personal data of an item: its congress's people."""
    return reads_congress(user, item.congress)


def can_manage_item(user, item) -> bool:
    """Edit an item, its people, documents, steps and follow-up: its congress's staff."""
    return manages_congress(user, item.congress_id)


# The plan and its topic call ----------------------------------------------------------


def can_view_plan_drafts(user, congress) -> bool:
    """Draft versions and all proposals: the congress's staff, leaders and members."""
    return reads_congress(user, congress)


def can_propose_topic(user) -> bool:
    """Propose a topic in the app: a deputy, or a unit asking to report."""
    scope = get_scope(user)
    return scope.deputy_id is not None or bool(scope.unit_ids)


def can_view_proposer_contact(user, congress_id) -> bool:
    """A resident's name and phone on a proposal: the congress's staff only."""
    return manages_congress(user, congress_id)


# Review opinions, rectification points, handling reports ------------------------------


def opinion_visibility_q(user, prefix: str = "") -> Q:
    """Match the review opinions (at ``prefix``) this user may see."""
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    query = Q(**{f"{prefix}published_at__isnull": False})
    if not scope.is_authenticated:
        return query
    congress_ids = scope.congress_ids | scope.member_congress_ids
    if congress_ids:
        query |= Q(**{f"{prefix}item__congress_id__in": congress_ids})
    if scope.region_paths:
        query |= region_subtree_q(
            f"{prefix}item__congress__region__path", scope.region_paths
        )
    if scope.unit_ids:
        # A unit sees the opinions sent to it (not drafts), and those where it
        # answers for a rectification point.
        query |= Q(**{f"{prefix}unit_id__in": scope.unit_ids}) & Q(
            **{f"{prefix}sent_on__isnull": False}
        )
        query |= Q(**{f"{prefix}points__unit_id__in": scope.unit_ids}) & Q(
            **{f"{prefix}sent_on__isnull": False}
        )
    return query


def can_use_unit_queue(user) -> bool:
    """The unit's queue of opinions and points sent to it (监督交办): unit staff."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.unit_ids)


def can_file_handling_report(user, opinion) -> bool:
    """The body's staff file its handling report."""
    scope = get_scope(user)
    return opinion.unit_id in scope.unit_ids


def can_report_point_progress(user, point) -> bool:
    """The responsible unit's staff report progress on a point (staff may, too)."""
    scope = get_scope(user)
    return point.unit_id in scope.unit_ids or manages_congress(
        user, point.opinion.item.congress_id
    )


# Filing review ------------------------------------------------------------------------


def can_file_documents(user) -> bool:
    """Bodies file their normative documents through their unit pages."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.unit_ids) or bool(scope.staff_congress_ids)


def can_file_for_unit(user, unit_id) -> bool:
    return unit_id in get_scope(user).unit_ids


def can_review_filings(user, congress_id) -> bool:
    """Check filings and conduct reviews: the congress's staff."""
    return manages_congress(user, congress_id)


def filing_visibility_q(user, prefix: str = "") -> Q:
    """Match the filings' documents (at ``prefix``) this user may see unpublished.

    Accepted filings are public (the searchable list); the rest is seen by the
    congress's people and by the issuing unit.
    """
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    query = Q(**{f"{prefix}filing__status": "ACCEPTED"})
    if not scope.is_authenticated:
        return query
    congress_ids = scope.congress_ids | scope.member_congress_ids
    if congress_ids:
        query |= Q(**{f"{prefix}congress_id__in": congress_ids})
    if scope.unit_ids:
        query |= Q(**{f"{prefix}issuing_unit_id__in": scope.unit_ids})
    if scope.staff_congress_ids:
        query |= Q(**{f"{prefix}issuing_congress_id__in": scope.staff_congress_ids})
    return query


# Statistics, summary, boards ------------------------------------------------------------


def can_view_statistics(user, congress) -> bool:
    """The year's statistics and boards of a congress."""
    return reads_congress(user, congress)


def can_download_summary(user, congress) -> bool:
    """The generated 监督工作综述: the congress's staff and leaders."""
    scope = get_scope(user)
    congress_id = getattr(congress, "pk", congress)
    return (
        manages_congress(user, congress_id) or congress_id in scope.leader_congress_ids
    )


# Filing review: reviews (appended by the filing area) ------------------------------


def review_visibility_q(user, prefix: str = "") -> Q:
    """Match the reviews (at ``prefix``) this user may see: the congress's people.

    Reviews are internal until concluded; a proposer follows theirs on the
    public receipt page, never through these lists.
    """
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    query = Q(pk__in=[])
    if not scope.is_authenticated:
        return query
    congress_ids = scope.congress_ids | scope.member_congress_ids
    if congress_ids:
        query |= Q(**{f"{prefix}congress_id__in": congress_ids})
    if scope.region_paths:
        query |= region_subtree_q(f"{prefix}congress__region__path", scope.region_paths)
    return query


def can_view_reviews(user) -> bool:
    """The review pages: the people of some congress."""
    return reads_any_congress(user)
