"""Notices of the plan area: one function per event kind, sent after the commit."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from ..models import PlanVersion, TopicProposal
from .base import congress_members, congress_staff, send, unit_staff


def plan_published_notice(version_id: int, *, actor_id=None) -> None:
    """The plan is sent to the committee's members and to the bodies concerned."""
    version = (
        PlanVersion.objects.select_related("plan", "plan__congress")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return
    plan = version.plan
    url = reverse("supervision:plan_detail", args=[plan.pk])
    title = f"{plan.title}（第{version.number}版）已公布"
    members = list(congress_members(plan.congress_id, except_user_id=actor_id))
    members += list(congress_staff(plan.congress_id, except_user_id=actor_id))
    send(
        {user.pk: user for user in members}.values(),
        title=title,
        body=f"{plan.congress}{plan.year}年度监督工作计划已公布，请查阅。",
        url=url,
        target=plan,
        dedupe_key=f"supervision.plan_published.{version.pk}",
    )
    unit_ids = (
        version.entries.values_list("target_units", flat=True)
        .exclude(target_units=None)
        .distinct()
    )
    public_url = reverse("open:supervision_plan", args=[plan.congress_id, plan.year])
    for unit_id in set(unit_ids):
        send(
            unit_staff(unit_id, except_user_id=actor_id),
            title=title,
            body="计划中有向贵机关安排的监督议题，请查阅并做好准备。",
            url=public_url,
            target=plan,
            dedupe_key=f"supervision.plan_published.{version.pk}.unit.{unit_id}",
        )


def proposal_decided_notice(proposal_id: int, *, actor_id=None) -> None:
    """A deputy or a unit is told how its proposal was decided (with the reason)."""
    proposal = (
        TopicProposal.objects.select_related("deputy", "merged_into")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        return
    users = get_user_model().objects.none()
    if proposal.deputy_id and proposal.deputy.user_id:
        users = get_user_model().objects.filter(
            pk=proposal.deputy.user_id, is_active=True
        )
    elif proposal.unit_id:
        users = unit_staff(proposal.unit_id, except_user_id=actor_id)
    label = proposal.get_status_display()
    body = f"您提出的议题“{proposal.title}”{label}。"
    if proposal.decision_reason:
        body += f"说明：{proposal.decision_reason}"
    send(
        users,
        title=f"议题建议{label}",
        body=body,
        url=reverse("supervision:topic_my_proposals"),
        target=proposal,
        dedupe_key=f"supervision.proposal_decided.{proposal.pk}",
    )
