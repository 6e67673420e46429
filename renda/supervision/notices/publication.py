"""Notices of the publication area: members are told when an item is published."""

from __future__ import annotations

from django.urls import reverse

from .base import congress_members, send


def item_published(item_id: int, *, actor_id=None) -> None:
    """Tell the congress's members and leaders that an item is published (art. 10, 17)."""
    from ..models import SupervisionItem

    item = SupervisionItem.objects.filter(pk=item_id).first()
    if item is None or item.published_at is None:
        return
    send(
        congress_members(item.congress_id, except_user_id=actor_id),
        title=f"监督事项已公开：{item.title}",
        body=item.public_summary[:200],
        url=reverse("open:supervision_detail", args=[item.pk]),
        target=item,
        dedupe_key=f"supervision.item_published:{item.pk}",
    )
