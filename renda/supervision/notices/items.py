"""Notices of the items area: one function per event kind, sent after the commit."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from renda.notifications.choices import NotificationKind

from .base import congress_staff, send


def _item_url(item) -> str:
    return reverse("supervision:item_detail", args=[item.pk])


def participants_invited(item_id, participant_ids, *, actor_id=None):
    """The invited members and deputies who have accounts are told (not the actor)."""
    from ..models import Participant, SupervisionItem

    item = SupervisionItem.objects.get(pk=item_id)
    user_ids = set()
    for participant in Participant.objects.filter(
        pk__in=participant_ids
    ).select_related("member", "deputy"):
        if participant.member is not None and participant.member.user_id:
            user_ids.add(participant.member.user_id)
        if participant.deputy is not None and participant.deputy.user_id:
            user_ids.add(participant.deputy.user_id)
    user_ids.discard(actor_id)
    if not user_ids:
        return []
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
    return send(
        users,
        title="邀请您参加监督工作",
        body=f"您受邀参加“{item.title}”。",
        url=_item_url(item),
        target=item,
        dedupe_key=f"supervision.invited.{item.pk}.{'-'.join(map(str, sorted(participant_ids)))}",
    )


def milestone_missed(item, step_label: str, due, *, dedupe_key: str):
    """A step of the work-report clock passed undone: the congress's staff are told."""
    return send(
        congress_staff(item.congress_id),
        title="专项工作报告环节已逾期",
        body=f"“{item.title}”的“{step_label}”应于 {due.isoformat()} 前完成，尚未登记。",
        url=_item_url(item),
        target=item,
        dedupe_key=dedupe_key,
        kind=NotificationKind.SUPERVISION_DUE,
    )
