"""Writes of the annual plan (年度监督工作计划, art. 63) and its topic call (议题征集).

The topic call: staff open it; deputies and units propose in the app,
residents through the public form (captcha in the view, rate limit and receipt
here); staff adopt, merge or decline each proposal (the proposer sees the
reason). The plan: version 1 drafted, entries edited while DRAFT, adopted by
the chairpersons' meeting, published (an item per entry, notices to members and
the bodies). An adjustment is a new version copied from the published one, with
its reason; publishing it supersedes the old one and cancels the items of
entries it removed. Every step records one event; notices go after the commit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.models import Committee, CommitteeMember
from renda.core import receipts
from renda.core.captcha import client_hash_for
from renda.core.errors import ApplicationError, Conflict
from renda.core.ratelimit import rate_limit_take
from renda.core.repeats import RepeatedSubmission, same_text
from renda.core.services import action_log_record
from renda.core.state import allowed, transition
from renda.meetings.choices import DecisionKind
from renda.units.models import HandlingUnit

from .. import rules
from ..choices import (
    PlanVersionStatus,
    ProposalSource,
    ProposalStatus,
    SupervisionKind,
)
from ..events import plan as plan_events
from ..models import (
    PlanEntry,
    PlanVersion,
    SupervisionItem,
    SupervisionPlan,
    Theme,
    TopicCall,
    TopicProposal,
)
from ..notices.base import schedule
from ..notices.plan import plan_published_notice, proposal_decided_notice
from ..permissions import can_propose_topic, manages_congress
from .common import (
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    clean_date,
    clean_month,
    clean_text,
    clean_year,
    denied,
    invalid,
    lock,
    not_found,
)
from .decisions import check_meeting, decide
from .items import item_cancel, item_create

# Older numbers: "YT" and 10 of these letters and digits. New ones are digits
# (renda.core.receipts); the older ones keep working.
RECEIPT_PREFIX = "YT"
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10
RECEIPT_ATTEMPTS = 8
PROPOSAL_TEXT_MAX_LENGTH = 2000
MEETING_MAX_LENGTH = 100
PARTICIPANTS_MAX_LENGTH = 300
PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _today(today):
    return today or timezone.localdate()


# The topic call ------------------------------------------------------------------------


def call_is_open(call: TopicCall, today: dt.date | None = None) -> bool:
    today = _today(today)
    return call.opens_on <= today <= call.closes_on


@transaction.atomic
def topic_call_open(
    *,
    congress,
    year,
    title,
    opens_on,
    closes_on,
    actor,
    description: str = "",
) -> TopicCall:
    """Open the call for a year's topics (one per congress and year)."""
    if not manages_congress(actor, congress.pk):
        raise denied()
    year = clean_year(year)
    title = clean_text(title, field="title", label="标题", max_length=TITLE_MAX_LENGTH)
    description = clean_text(
        description, field="description", label="说明", required=False
    )
    opens_on = clean_date(opens_on, field="opens_on", label="开始日期")
    closes_on = clean_date(closes_on, field="closes_on", label="截止日期")
    if closes_on < opens_on:
        raise invalid("截止日期不能早于开始日期。", "closes_on")
    if TopicCall.objects.filter(congress=congress, year=year).exists():
        raise invalid(f"{year}年度的议题征集已经发起。", "year")
    call = TopicCall.objects.create(
        congress=congress,
        year=year,
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=_user(actor),
    )
    action_log_record(
        actor=actor,
        action="supervision.topic_call_opened",
        target=call,
        summary=f"发起{year}年度监督议题征集：{title}",
        data={"year": year},
    )
    return call


def new_receipt_number() -> str:
    """Return a new receipt number: 12 digits with a check digit (renda.core.receipts)."""
    return receipts.new_receipt_number()


def _check_kind(value) -> str:
    if value in (None, ""):
        return ""
    if value not in SupervisionKind.values:
        raise invalid("建议的监督方式无效。", "suggested_kind")
    return value


def _create_proposal(**fields) -> TopicProposal:
    for _attempt in range(RECEIPT_ATTEMPTS):
        try:
            with transaction.atomic():
                return TopicProposal.objects.create(
                    receipt_number=new_receipt_number(), **fields
                )
        except IntegrityError:
            continue
    raise ApplicationError(  # pragma: no cover - 31^10 numbers
        "生成回执编号失败，请重试。", code="supervision.receipt"
    )


def _check_open(call, today) -> None:
    if not call_is_open(call, today):
        raise Conflict(
            f"议题征集不在征集期内（{call.opens_on:%Y年%-m月%-d日}至"
            f"{call.closes_on:%Y年%-m月%-d日}）。",
            code="supervision.topic_call_closed",
        )


@transaction.atomic
def topic_propose(
    *,
    call,
    title,
    reason,
    actor,
    suggested_kind: str = "",
    unit_id: int | None = None,
    today: dt.date | None = None,
) -> TopicProposal:
    """A deputy proposes a topic, or a unit asks to report, while the call is open."""
    if not can_propose_topic(actor):
        raise denied("只有人大代表和被监督机关可以在此提出议题。")
    scope = get_scope(actor)
    _check_open(call, today)
    if scope.deputy_id is not None and unit_id is None:
        source, deputy_id, unit = ProposalSource.DEPUTY, scope.deputy_id, None
    else:
        if unit_id is None:
            if len(scope.unit_ids) != 1:
                raise invalid("请选择申请报告的机关。", "unit")
            unit_id = next(iter(scope.unit_ids))
        if isinstance(unit_id, bool) or unit_id not in scope.unit_ids:
            raise invalid("申请报告的机关不在您的权限范围内。", "unit")
        source, deputy_id = ProposalSource.UNIT, None
        unit = HandlingUnit.objects.get(pk=unit_id)
    proposal = _create_proposal(
        call=call,
        source=source,
        deputy_id=deputy_id,
        unit=unit,
        title=clean_text(
            title, field="title", label="议题", max_length=TITLE_MAX_LENGTH
        ),
        reason=clean_text(
            reason,
            field="reason",
            label="理由和建议",
            max_length=PROPOSAL_TEXT_MAX_LENGTH,
        ),
        suggested_kind=_check_kind(suggested_kind),
        created_by=_user(actor),
    )
    plan_events.proposal_submitted_event(proposal=proposal, actor=actor)
    return proposal


def clean_phone(value) -> str:
    text = unicodedata.normalize("NFKC", value if isinstance(value, str) else "")
    text = re.sub(r"[\s]", "", text)
    if not text:
        raise invalid("请填写联系电话。", "phone")
    if not PHONE_RE.match(text):
        raise invalid("联系电话格式不对，请填写手机号或带区号的固定电话。", "phone")
    return text


@transaction.atomic
def topic_propose_public(
    *,
    call,
    name,
    phone,
    title,
    reason,
    client_ip: str | None,
    now: dt.datetime | None = None,
) -> TopicProposal:
    """A resident proposes a topic through the public form (the view checks the captcha).

    At most ``rules.public_proposals_per_hour()`` from one address in an hour
    and ``public_proposals_per_call_per_day`` for the call from all addresses
    (``RateLimited``, nothing stored); the address is kept only as its keyed hash. Returns the proposal, whose
    receipt number the resident keeps to follow it.
    """
    now = now or timezone.now()
    _check_open(call, timezone.localdate(now))
    ip_hash = client_hash_for(client_ip or "unknown")
    # The same text sent again (a double tap): lock the call, so that two posts
    # at once find each other, and answer with the first proposal.
    TopicCall.objects.select_for_update().filter(pk=call.pk).first()
    folded = same_text(str(title or ""), str(reason or ""))
    for earlier in TopicProposal.objects.filter(
        call=call,
        source=ProposalSource.RESIDENT,
        ip_hash=ip_hash,
        # created_at is the clock's time, whatever ``now`` a caller passes.
        created_at__gte=timezone.now() - rules.public_repeat_window(),
    ).order_by("created_at", "id"):
        if same_text(earlier.title, earlier.reason) == folded:
            raise RepeatedSubmission(earlier, code="supervision.repeated")
    # Counted in this transaction: a refusal (RateLimited) or a later failure
    # rolls the count back with the proposal (renda.core.ratelimit).
    rate_limit_take(*rules.public_proposal_limits(call, client_ip))
    proposal = _create_proposal(
        call=call,
        source=ProposalSource.RESIDENT,
        proposer_name=clean_text(name, field="name", label="姓名", max_length=50),
        proposer_phone=clean_phone(phone),
        title=clean_text(
            title, field="title", label="议题", max_length=TITLE_MAX_LENGTH
        ),
        reason=clean_text(
            reason,
            field="reason",
            label="理由和建议",
            max_length=PROPOSAL_TEXT_MAX_LENGTH,
        ),
        ip_hash=ip_hash,
    )
    plan_events.proposal_submitted_event(proposal=proposal, actor=None, at=now)
    return proposal


# Screening ----------------------------------------------------------------------------


def _lock_proposal(proposal) -> TopicProposal:
    proposal = lock(TopicProposal, proposal.pk)
    proposal.call = TopicCall.objects.get(pk=proposal.call_id)
    return proposal


def _check_screener(actor, proposal) -> None:
    if not manages_congress(actor, proposal.call.congress_id):
        raise denied()


def _decided(proposal, fields, now) -> None:
    proposal.decided_at = now or timezone.now()
    proposal.save(update_fields=[*fields, "decided_at", "updated_at"])


@transaction.atomic
def proposal_adopt(
    *, proposal, actor, entry_id: int | None = None, now=None
) -> TopicProposal:
    """Adopt a proposal, optionally naming the plan entry that takes it up."""
    proposal = _lock_proposal(proposal)
    _check_screener(actor, proposal)
    entry = None
    if entry_id not in (None, ""):
        if isinstance(entry_id, bool) or not isinstance(entry_id, int):
            raise invalid("计划议题应为编号。", "entry")
        entry = (
            PlanEntry.objects.select_related("version__plan")
            .filter(
                pk=entry_id,
                version__plan__congress_id=proposal.call.congress_id,
                version__plan__year=proposal.call.year,
            )
            .first()
        )
        if entry is None:
            raise invalid("计划议题不存在或不属于本年度计划。", "entry")
    changed = transition(proposal, "adopt")
    proposal.plan_entry = entry
    proposal.decision_reason = ""
    _decided(proposal, [*changed, "plan_entry", "decision_reason"], now)
    plan_events.proposal_adopted_event(proposal=proposal, actor=actor)
    schedule(proposal_decided_notice, proposal.pk, actor=actor)
    return proposal


@transaction.atomic
def proposal_merge(*, proposal, into_id, reason, actor, now=None) -> TopicProposal:
    """Merge a proposal into another of the same call, with the reason."""
    proposal = _lock_proposal(proposal)
    _check_screener(actor, proposal)
    if isinstance(into_id, bool) or not isinstance(into_id, int):
        raise invalid("请选择合并到的议题建议。", "into")
    into = TopicProposal.objects.filter(pk=into_id, call_id=proposal.call_id).first()
    if into is None or into.pk == proposal.pk:
        raise invalid("合并到的议题建议应为本次征集中的另一条建议。", "into")
    if into.status not in (ProposalStatus.SUBMITTED, ProposalStatus.ADOPTED):
        raise invalid("不能合并到已合并或未采纳的建议。", "into")
    reason = clean_text(
        reason, field="reason", label="合并说明", max_length=REASON_MAX_LENGTH
    )
    changed = transition(proposal, "merge")
    proposal.merged_into = into
    proposal.decision_reason = reason
    _decided(proposal, [*changed, "merged_into", "decision_reason"], now)
    plan_events.proposal_merged_event(proposal=proposal, actor=actor)
    schedule(proposal_decided_notice, proposal.pk, actor=actor)
    return proposal


@transaction.atomic
def proposal_decline(*, proposal, reason, actor, now=None) -> TopicProposal:
    """Decline a proposal; the reason is required and the proposer sees it."""
    proposal = _lock_proposal(proposal)
    _check_screener(actor, proposal)
    reason = clean_text(
        reason, field="reason", label="不予采纳的理由", max_length=REASON_MAX_LENGTH
    )
    changed = transition(proposal, "decline")
    proposal.decision_reason = reason
    _decided(proposal, [*changed, "decision_reason"], now)
    plan_events.proposal_declined_event(proposal=proposal, actor=actor)
    schedule(proposal_decided_notice, proposal.pk, actor=actor)
    return proposal


# The plan -----------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, congress, year, title, actor) -> SupervisionPlan:
    """Draft a year's plan: the plan and its version 1 (DRAFT)."""
    if not manages_congress(actor, congress.pk):
        raise denied()
    year = clean_year(year)
    title = clean_text(title, field="title", label="标题", max_length=TITLE_MAX_LENGTH)
    if SupervisionPlan.objects.filter(congress=congress, year=year).exists():
        raise invalid(f"{year}年度监督工作计划已经存在。", "year")
    plan = SupervisionPlan.objects.create(congress=congress, year=year, title=title)
    PlanVersion.objects.create(plan=plan, number=1)
    plan_events.plan_created_event(plan=plan, actor=actor)
    return plan


def _lock_version(version) -> PlanVersion:
    version = lock(PlanVersion, version.pk)
    version.plan = SupervisionPlan.objects.get(pk=version.plan_id)
    return version


def _check_manager(actor, plan) -> None:
    if not manages_congress(actor, plan.congress_id):
        raise denied()


def _entry_values(
    plan,
    *,
    kind,
    title,
    theme_ids,
    lead_committee_id,
    leader_id,
    planned_month,
    planned_meeting,
    target_unit_ids,
    participants,
) -> dict:
    if kind not in SupervisionKind.values:
        raise invalid("请选择监督方式。", "kind")
    title = clean_text(
        title, field="title", label="议题名称", max_length=TITLE_MAX_LENGTH
    )
    congress = plan.congress
    if lead_committee_id not in (None, ""):
        if isinstance(lead_committee_id, bool) or not isinstance(
            lead_committee_id, int
        ):
            raise invalid("牵头委员会应为编号。", "lead_committee")
        if not Committee.objects.filter(
            pk=lead_committee_id, congress=congress
        ).exists():
            raise invalid("牵头委员会不存在或不属于本人大。", "lead_committee")
    else:
        lead_committee_id = None
    if leader_id not in (None, ""):
        if isinstance(leader_id, bool) or not isinstance(leader_id, int):
            raise invalid("分管领导应为编号。", "leader")
        if not CommitteeMember.objects.filter(
            pk=leader_id, standing_committee__term__congress=congress
        ).exists():
            raise invalid("分管领导不是本人大常委会组成人员。", "leader")
    else:
        leader_id = None
    themes = _ids(Theme, theme_ids, field="themes", label="主题", congress=congress)
    units = _ids(
        HandlingUnit, target_unit_ids, field="target_units", label="被监督机关"
    )
    return {
        "kind": kind,
        "title": title,
        "lead_committee_id": lead_committee_id,
        "leader_id": leader_id,
        "planned_month": clean_month(planned_month),
        "planned_meeting": clean_text(
            planned_meeting,
            field="planned_meeting",
            label="计划审议会议",
            max_length=MEETING_MAX_LENGTH,
            required=False,
        ),
        "participants": clean_text(
            participants,
            field="participants",
            label="参加人员",
            max_length=PARTICIPANTS_MAX_LENGTH,
            required=False,
        ),
        "_themes": themes,
        "_units": units,
    }


def _ids(model, ids, *, field: str, label: str, **filters) -> list:
    ids = list(dict.fromkeys(ids or []))
    if any(isinstance(pk, bool) or not isinstance(pk, int) for pk in ids):
        raise invalid(f"{label}应为编号列表。", field)
    found = list(model.objects.filter(pk__in=ids, **filters))
    if len(found) != len(ids):
        raise invalid(f"{label}中有不存在或不属于本人大的项。", field)
    return found


@transaction.atomic
def plan_entry_add(
    *,
    version,
    actor,
    kind,
    title,
    theme_ids=(),
    lead_committee_id=None,
    leader_id=None,
    planned_month=None,
    planned_meeting: str = "",
    target_unit_ids=(),
    participants: str = "",
) -> PlanEntry:
    """Add an entry to a DRAFT version."""
    version = _lock_version(version)
    _check_manager(actor, version.plan)
    transition(version, "edit")
    values = _entry_values(
        version.plan,
        kind=kind,
        title=title,
        theme_ids=theme_ids,
        lead_committee_id=lead_committee_id,
        leader_id=leader_id,
        planned_month=planned_month,
        planned_meeting=planned_meeting,
        target_unit_ids=target_unit_ids,
        participants=participants,
    )
    themes, units = values.pop("_themes"), values.pop("_units")
    last = version.entries.order_by("-order").values_list("order", flat=True).first()
    entry = PlanEntry.objects.create(version=version, order=(last or 0) + 1, **values)
    entry.themes.set(themes)
    entry.target_units.set(units)
    plan_events.plan_entry_event(plan_events.PLAN_ENTRY_ADDED, entry=entry, actor=actor)
    return entry


def _lock_entry(entry) -> PlanEntry:
    entry = lock(PlanEntry, entry.pk)
    entry.version = _lock_version(entry.version)
    return entry


@transaction.atomic
def plan_entry_update(
    *,
    entry,
    actor,
    kind,
    title,
    theme_ids=(),
    lead_committee_id=None,
    leader_id=None,
    planned_month=None,
    planned_meeting: str = "",
    target_unit_ids=(),
    participants: str = "",
) -> PlanEntry:
    """Replace an entry's particulars (a DRAFT version only)."""
    entry = _lock_entry(entry)
    _check_manager(actor, entry.version.plan)
    transition(entry.version, "edit")
    values = _entry_values(
        entry.version.plan,
        kind=kind,
        title=title,
        theme_ids=theme_ids,
        lead_committee_id=lead_committee_id,
        leader_id=leader_id,
        planned_month=planned_month,
        planned_meeting=planned_meeting,
        target_unit_ids=target_unit_ids,
        participants=participants,
    )
    themes, units = values.pop("_themes"), values.pop("_units")
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save(update_fields=[*values, "updated_at"])
    entry.themes.set(themes)
    entry.target_units.set(units)
    plan_events.plan_entry_event(
        plan_events.PLAN_ENTRY_UPDATED, entry=entry, actor=actor
    )
    return entry


@transaction.atomic
def plan_entry_remove(*, entry, actor) -> None:
    """Remove an entry from a DRAFT version."""
    entry = _lock_entry(entry)
    _check_manager(actor, entry.version.plan)
    transition(entry.version, "edit")
    plan_events.plan_entry_event(
        plan_events.PLAN_ENTRY_REMOVED, entry=entry, actor=actor
    )
    entry.delete()


@transaction.atomic
def plan_version_adopt(
    *, version, chairpersons_meeting, actor, today=None
) -> PlanVersion:
    """Record that a chairpersons' meeting (主任会议) adopted a version: a decision
    of that meeting (meetings' record) linked from the version, dated by it."""
    version = _lock_version(version)
    _check_manager(actor, version.plan)
    check_meeting(
        chairpersons_meeting, congress=version.plan.congress, today=_today(today)
    )
    changed = transition(version, "adopt")
    if not version.entries.exists():
        raise invalid("计划中还没有议题。", "entries")
    plan = version.plan
    title = f"通过{plan.year}年度监督工作计划" + (
        f"（第{version.number}版，调整）" if version.number > 1 else ""
    )
    decided = decide(
        meeting=chairpersons_meeting,
        congress=plan.congress,
        kind=DecisionKind.SUPERVISION_PLAN,
        title=title,
        text=version.reason,
        subject=version,
        actor=actor,
        today=_today(today),
    )
    version.chairpersons_decision = decided.decision
    version.chair_meeting = decided.meeting_name[:MEETING_MAX_LENGTH]
    version.adopted_on = decided.decided_on
    version.save(
        update_fields=[
            *changed,
            "chairpersons_decision",
            "chair_meeting",
            "adopted_on",
            "updated_at",
        ]
    )
    plan_events.plan_version_adopted_event(version=version, actor=actor)
    return version


@transaction.atomic
def plan_version_publish(*, version, actor, now=None) -> PlanVersion:
    """Publish an adopted version; items for new entries; supersede the previous one."""
    version = _lock_version(version)
    plan = version.plan
    _check_manager(actor, plan)
    changed = transition(version, "publish")
    version.published_at = now or timezone.now()
    version.save(update_fields=[*changed, "published_at", "updated_at"])
    # Every row this publication changes is locked before its first audit row
    # (decision 0017): the versions it supersedes and the items it cancels.
    kept = set(version.entries.exclude(item=None).values_list("item_id", flat=True))
    previous = list(
        PlanVersion.objects.select_for_update()
        .filter(
            plan=plan, status=PlanVersionStatus.PUBLISHED, number__lt=version.number
        )
        .order_by("number")
    )
    dropped = (
        PlanEntry.objects.filter(version__in=previous)
        .exclude(item=None)
        .exclude(item_id__in=kept)
        .values_list("item_id", flat=True)
    )
    list(
        SupervisionItem.objects.select_for_update()
        .filter(pk__in=sorted(set(dropped)))
        .order_by("pk")
    )
    created = 0
    entries = version.entries.prefetch_related("themes", "target_units")
    for entry in entries:
        if entry.item_id is not None:
            continue
        item = item_create(
            congress=plan.congress,
            year=plan.year,
            kind=entry.kind,
            title=entry.title,
            actor=actor,
            theme_ids=[t.pk for t in entry.themes.all()],
            target_unit_ids=[u.pk for u in entry.target_units.all()],
            lead_committee_id=entry.lead_committee_id,
            leader_ids=[entry.leader_id] if entry.leader_id else [],
            planned_month=entry.planned_month,
            meeting_name=entry.planned_meeting,
        )
        entry.item = item
        entry.save(update_fields=["item", "updated_at"])
        created += 1
    kept = set(version.entries.exclude(item=None).values_list("item_id", flat=True))
    for old in previous:
        old_changed = transition(old, "supersede")
        old.save(update_fields=[*old_changed, "updated_at"])
        for old_entry in old.entries.select_related("item").exclude(item=None):
            item = old_entry.item
            if item.pk in kept or not allowed(item, "cancel"):
                continue
            item_cancel(
                item=item,
                reason=f"年度监督工作计划调整：{version.reason}"[:REASON_MAX_LENGTH],
                actor=actor,
            )
            kept.add(item.pk)
    plan_events.plan_version_published_event(
        version=version, items_created=created, actor=actor
    )
    schedule(plan_published_notice, version.pk, actor=actor)
    return version


@transaction.atomic
def plan_adjust(*, plan, reason, actor) -> PlanVersion:
    """Start an adjustment: a new DRAFT version copied from the published one."""
    plan = lock(SupervisionPlan, plan.pk)
    _check_manager(actor, plan)
    reason = clean_text(reason, field="reason", label="调整理由")
    versions = list(plan.versions.order_by("number"))
    published = [v for v in versions if v.status == PlanVersionStatus.PUBLISHED]
    if not published:
        raise Conflict(
            "计划尚未公布，直接修改草案即可，无需调整。",
            code="supervision.plan_invalid_state",
        )
    if versions[-1].status != PlanVersionStatus.PUBLISHED:
        raise Conflict(
            "已有一个尚未公布的调整版本，请先完成它。",
            code="supervision.plan_invalid_state",
        )
    source = published[-1]
    version = PlanVersion.objects.create(
        plan=plan, number=versions[-1].number + 1, reason=reason
    )
    for entry in source.entries.prefetch_related("themes", "target_units"):
        copy = PlanEntry.objects.create(
            version=version,
            order=entry.order,
            kind=entry.kind,
            title=entry.title,
            lead_committee_id=entry.lead_committee_id,
            leader_id=entry.leader_id,
            planned_month=entry.planned_month,
            planned_meeting=entry.planned_meeting,
            participants=entry.participants,
            item_id=entry.item_id,
        )
        copy.themes.set(entry.themes.all())
        copy.target_units.set(entry.target_units.all())
    plan_events.plan_adjusted_event(version=version, actor=actor)
    return version


def get_version(plan, number) -> PlanVersion:
    version = plan.versions.filter(number=number).first()
    if version is None:
        raise not_found("该版本")
    return version
