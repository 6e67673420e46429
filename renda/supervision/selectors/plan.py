"""Reads of the plan area: topic calls, proposals, plans with versions, the public plan.

Pages, the API and the public pages read through these functions, so they
agree. Proposals: the congress's staff, leaders and members see all of a call
(a resident's name and phone masked except for staff); a deputy or a unit sees
its own. Plans: the congress's people see every version, drafts included; the
public sees published and superseded versions only (``public_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from renda.accounts.permissions import get_scope, region_subtree_q
from renda.core import receipts
from renda.core.errors import NotFound
from renda.core.masking import mask_phone

from ..choices import (
    PLAN_VERSION_STATES,
    PROPOSAL_STATES,
    PlanVersionStatus,
    ProposalSource,
    ProposalStatus,
    SupervisionKind,
)
from ..events.base import describe_event
from ..models import (
    PlanEntry,
    PlanVersion,
    SupervisionPlan,
    TopicCall,
    TopicProposal,
)
from ..permissions import (
    can_view_proposer_contact,
    manages_congress,
    reads_congress,
)
from ..services.common import not_found
from ..services.plan import call_is_open

PUBLIC_STATUSES = (PlanVersionStatus.PUBLISHED, PlanVersionStatus.SUPERSEDED)


def _pk(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 2**63 - 1 else None


def _congress_q(user, prefix: str) -> Q | None:
    """The congresses whose supervision work the user reads (None: all)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    query = Q(pk__in=[])
    congress_ids = scope.congress_ids | scope.member_congress_ids
    if congress_ids:
        query |= Q(**{f"{prefix}congress_id__in": congress_ids})
    if scope.region_paths:
        query |= region_subtree_q(f"{prefix}congress__region__path", scope.region_paths)
    return query


# Topic calls ---------------------------------------------------------------------------


@dataclass
class CallRow:
    call: TopicCall
    is_open: bool
    proposals: int | None = None


def call_list(user, *, today=None) -> list[CallRow]:
    """Calls this user works with: the congress's people all of theirs; proposers the open ones."""
    today = today or timezone.localdate()
    calls = TopicCall.objects.select_related("congress").order_by("-year", "pk")
    query = _congress_q(user, "")
    if query is not None:
        scope = get_scope(user)
        if scope.deputy_id is not None or scope.unit_ids:
            query |= Q(opens_on__lte=today, closes_on__gte=today)
        calls = calls.filter(query)
    return [CallRow(call, call_is_open(call, today)) for call in calls]


def get_call_for_user(user, pk, *, today=None) -> TopicCall:
    pk = _pk(pk)
    for row in call_list(user, today=today):
        if row.call.pk == pk:
            return row.call
    raise not_found("该议题征集")


def public_call(pk) -> TopicCall | None:
    pk = _pk(pk)
    if pk is None:
        return None
    return TopicCall.objects.select_related("congress").filter(pk=pk).first()


# Proposals -----------------------------------------------------------------------------


@dataclass
class ProposalFilters:
    call: int | None = None
    status: str = ""
    source: str = ""
    q: str = ""
    mine: bool = False

    @classmethod
    def from_query(cls, data) -> ProposalFilters:
        status = str(data.get("status") or "")
        source = str(data.get("source") or "")
        return cls(
            call=_pk(data.get("call")) if data.get("call") else None,
            status=status if status in ProposalStatus.values else "",
            source=source if source in ProposalSource.values else "",
            q=str(data.get("q") or "").strip()[:100],
            mine=str(data.get("mine") or "") in ("1", "true", "True"),
        )


def _own_q(user) -> Q:
    scope = get_scope(user)
    query = Q(pk__in=[])
    if scope.deputy_id is not None:
        query |= Q(deputy_id=scope.deputy_id)
    if scope.unit_ids:
        query |= Q(unit_id__in=scope.unit_ids)
    return query


def proposal_visibility_q(user) -> Q:
    query = _congress_q(user, "call__")
    if query is None:
        return Q()
    return query | _own_q(user)


def _shown(user, proposal: TopicProposal) -> TopicProposal:
    """Set ``shown_name``/``shown_phone``/``proposer_label``: masked unless staff."""
    full = can_view_proposer_contact(user, proposal.call.congress_id)
    name = proposal.proposer_name
    if proposal.source == ProposalSource.RESIDENT:
        proposal.shown_name = name if full else (name[:1] + "*" * (len(name) - 1))
        proposal.shown_phone = (
            proposal.proposer_phone if full else mask_phone(proposal.proposer_phone)
        )
        proposal.proposer_label = f"群众 {proposal.shown_name}"
    else:
        proposal.shown_name = ""
        proposal.shown_phone = ""
        if proposal.deputy_id:
            proposal.proposer_label = f"代表 {proposal.deputy.name}"
        elif proposal.unit_id:
            proposal.proposer_label = proposal.unit.name
        else:
            proposal.proposer_label = proposal.get_source_display()
    return proposal


def proposal_list(user, filters: ProposalFilters | None = None) -> list:
    filters = filters or ProposalFilters()
    proposals = TopicProposal.objects.select_related(
        "call", "call__congress", "deputy", "unit", "merged_into", "plan_entry"
    ).filter(proposal_visibility_q(user))
    if filters.mine:
        proposals = proposals.filter(_own_q(user))
    if filters.call:
        proposals = proposals.filter(call_id=filters.call)
    if filters.status:
        proposals = proposals.filter(status=filters.status)
    if filters.source:
        proposals = proposals.filter(source=filters.source)
    if filters.q:
        proposals = proposals.filter(
            Q(title__icontains=filters.q) | Q(reason__icontains=filters.q)
        )
    return [_shown(user, p) for p in proposals.order_by("-created_at", "-pk")]


def get_proposal_for_user(user, pk) -> TopicProposal:
    pk = _pk(pk)
    proposal = (
        TopicProposal.objects.select_related(
            "call", "call__congress", "deputy", "unit", "merged_into", "plan_entry"
        )
        .filter(proposal_visibility_q(user), pk=pk)
        .first()
    )
    if pk is None or proposal is None:
        raise not_found("该议题建议")
    return proposal


@dataclass
class ProposalDetail:
    proposal: TopicProposal
    events: list
    actions: list[str]
    merge_options: list = field(default_factory=list)
    entry_options: list = field(default_factory=list)


def proposal_actions(user, proposal) -> list[str]:
    if not manages_congress(user, proposal.call.congress_id):
        return []
    return [
        verb
        for verb in ("adopt", "merge", "decline")
        if PROPOSAL_STATES.can(proposal.status, verb)
    ]


def proposal_detail(user, pk) -> ProposalDetail:
    proposal = _shown(user, get_proposal_for_user(user, pk))
    actions = proposal_actions(user, proposal)
    events = [
        {"at": e.at, "kind": e.kind, "summary": describe_event(e)}
        for e in proposal.events.order_by("at", "pk")
    ]
    merge_options, entry_options = [], []
    if "merge" in actions:
        merge_options = list(
            TopicProposal.objects.filter(
                call_id=proposal.call_id,
                status__in=[ProposalStatus.SUBMITTED, ProposalStatus.ADOPTED],
            )
            .exclude(pk=proposal.pk)
            .order_by("pk")
        )
    if "adopt" in actions:
        entry_options = list(
            PlanEntry.objects.filter(
                version__plan__congress_id=proposal.call.congress_id,
                version__plan__year=proposal.call.year,
                version__status=PlanVersionStatus.DRAFT,
            ).order_by("version__number", "order")
        )
    return ProposalDetail(proposal, events, actions, merge_options, entry_options)


def proposal_for_receipt(number) -> TopicProposal | None:
    """The public receipt look-up: a proposal by its receipt number, or None."""
    number = receipts.receipt_lookup_key(number)
    if not number:
        return None
    return (
        TopicProposal.objects.select_related("call", "call__congress", "plan_entry")
        .filter(receipt_number=number, source=ProposalSource.RESIDENT)
        .first()
    )


# Plans ---------------------------------------------------------------------------------


def plan_list(user) -> list[SupervisionPlan]:
    plans = SupervisionPlan.objects.select_related("congress").prefetch_related(
        "versions"
    )
    query = _congress_q(user, "")
    if query is not None:
        plans = plans.filter(query)
    plans = list(plans.order_by("-year", "congress_id"))
    for plan in plans:
        versions = sorted(plan.versions.all(), key=lambda v: v.number)
        plan.latest = versions[-1] if versions else None
        published = [v for v in versions if v.status == PlanVersionStatus.PUBLISHED]
        plan.published = published[-1] if published else None
    return plans


def get_plan_for_user(user, pk) -> SupervisionPlan:
    pk = _pk(pk)
    plan = SupervisionPlan.objects.select_related("congress", "congress__region")
    query = _congress_q(user, "")
    if query is not None:
        plan = plan.filter(query)
    plan = plan.filter(pk=pk).first() if pk else None
    if plan is None:
        raise not_found("该计划")
    return plan


def _entries(version) -> list[PlanEntry]:
    if version is None:
        return []
    return list(
        version.entries.select_related(
            "lead_committee", "leader", "leader__deputy", "item"
        )
        .prefetch_related("themes", "target_units")
        .order_by("order", "pk")
    )


DIFF_FIELDS = [
    ("kind", "监督方式"),
    ("title", "议题名称"),
    ("lead_committee_id", "牵头委员会"),
    ("leader_id", "分管领导"),
    ("planned_month", "计划月份"),
    ("planned_meeting", "计划审议会议"),
    ("participants", "参加人员"),
]


def _signature(entry) -> dict:
    data = {name: getattr(entry, name) for name, _ in DIFF_FIELDS}
    data["themes"] = sorted(t.pk for t in entry.themes.all())
    data["target_units"] = sorted(u.pk for u in entry.target_units.all())
    return data


LABELS = dict(DIFF_FIELDS, themes="主题", target_units="被监督机关")


@dataclass
class VersionDiff:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (entry, [labels])

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def version_diff(entries: list, previous: list) -> VersionDiff:
    """What a version added, removed and changed against the one before it.

    Entries are matched by the item they name (copied entries keep it), else by
    their order number.
    """
    diff = VersionDiff()
    by_item = {e.item_id: e for e in previous if e.item_id}
    by_order = {e.order: e for e in previous if not e.item_id}
    matched = set()
    for entry in entries:
        old = by_item.get(entry.item_id) if entry.item_id else None
        if old is None and not entry.item_id:
            old = by_order.get(entry.order)
        if old is None:
            diff.added.append(entry)
            continue
        matched.add(old.pk)
        before, after = _signature(old), _signature(entry)
        fields = [LABELS[name] for name in after if before[name] != after[name]]
        if fields:
            diff.changed.append((entry, fields))
    diff.removed = [e for e in previous if e.pk not in matched]
    return diff


@dataclass
class PlanDetail:
    plan: SupervisionPlan
    versions: list
    version: PlanVersion
    entries: list
    previous: PlanVersion | None
    diff: VersionDiff | None
    actions: list[str]
    events: list


def plan_actions(user, plan, versions, version) -> list[str]:
    if not manages_congress(user, plan.congress_id) or not versions:
        return []
    latest = versions[-1]
    if version.pk != latest.pk:
        return []
    actions = [
        verb
        for verb in ("edit", "adopt", "publish")
        if PLAN_VERSION_STATES.can(latest.status, verb)
    ]
    if latest.status == PlanVersionStatus.PUBLISHED:
        actions.append("adjust")
    return actions


def _pick(versions, number, *, default):
    number = _pk(number) if number not in (None, "") else None
    if number is None:
        return default
    for version in versions:
        if version.number == number:
            return version
    raise not_found("该版本")


def plan_detail(user, pk, *, version=None) -> PlanDetail:
    plan = get_plan_for_user(user, pk)
    versions = list(plan.versions.order_by("number"))
    chosen = _pick(versions, version, default=versions[-1] if versions else None)
    previous = None
    if chosen is not None:
        earlier = [v for v in versions if v.number < chosen.number]
        previous = earlier[-1] if earlier else None
    entries = _entries(chosen)
    diff = version_diff(entries, _entries(previous)) if previous else None
    events = [
        {"at": e.at, "kind": e.kind, "summary": describe_event(e)}
        for e in plan.events.order_by("at", "pk")
    ]
    return PlanDetail(
        plan,
        versions,
        chosen,
        entries,
        previous,
        diff,
        plan_actions(user, plan, versions, chosen),
        events,
    )


def get_version_for_user(user, plan_pk, number) -> PlanVersion:
    plan = get_plan_for_user(user, plan_pk)
    versions = list(plan.versions.order_by("number"))
    return _pick(versions, number, default=None) or _missing()


def _missing():
    raise not_found("该版本")


def get_entry_for_user(user, pk) -> PlanEntry:
    pk = _pk(pk)
    entry = (
        PlanEntry.objects.select_related(
            "version", "version__plan", "version__plan__congress__region"
        )
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if entry is None or not reads_congress(user, entry.version.plan.congress):
        raise not_found("该计划议题")
    return entry


# The public plan -----------------------------------------------------------------------


@dataclass
class PublicPlan:
    plan: SupervisionPlan
    versions: list
    version: PlanVersion
    entries: list
    is_current: bool


def public_plan(congress_id, year, *, version=None) -> PublicPlan | None:
    """The published plan of a congress and year, with its earlier versions (or None)."""
    congress_id, year = _pk(congress_id), _pk(year)
    if congress_id is None or year is None:
        return None
    plan = (
        SupervisionPlan.objects.select_related("congress")
        .filter(congress_id=congress_id, year=year)
        .first()
    )
    if plan is None:
        return None
    versions = list(plan.versions.filter(status__in=PUBLIC_STATUSES).order_by("number"))
    if not versions:
        return None
    try:
        chosen = _pick(versions, version, default=versions[-1])
    except NotFound:
        return None
    return PublicPlan(
        plan, versions, chosen, _entries(chosen), chosen.pk == versions[-1].pk
    )


def kind_label(kind: str) -> str:
    return SupervisionKind(kind).label if kind in SupervisionKind.values else kind
