"""Notices of the kind-specific steps: one function per step that tells anyone,
sent after the commit (``notices.base.schedule``)."""

from __future__ import annotations

from django.urls import reverse

from ..models import SupervisionItem
from .base import send, unit_staff


def _item_url(item) -> str:
    return reverse("supervision:item_detail", args=[item.pk])


def _tell_units(item_id: int, unit_ids, *, title: str, body: str, key: str, actor_id):
    item = SupervisionItem.objects.filter(pk=item_id).first()
    if item is None:
        return
    for unit_id in unit_ids:
        recipients = unit_staff(unit_id, except_user_id=actor_id)
        send(
            recipients,
            title=title,
            body=body,
            url=_item_url(item),
            target=item,
            dedupe_key=f"supervision:{key}:{item.pk}:{unit_id}",
        )


def inquiry_question_added(item_id, unit_id, order, *, actor_id=None):
    """The answering unit's staff: its officials are to attend and answer."""
    item = SupervisionItem.objects.filter(pk=item_id).only("title").first()
    if item is None or unit_id is None:
        return
    _tell_units(
        item_id,
        [unit_id],
        title="专题询问应询通知",
        body=f"“{item.title}”列入询问问题{order}，请贵单位负责人到会应询。",
        key=f"inquiry_question:{order}",
        actor_id=actor_id,
    )


def interpellation_answer_decided(item_id, unit_ids, mode_label, *, actor_id=None):
    """The units named to answer an interpellation."""
    item = SupervisionItem.objects.filter(pk=item_id).only("title").first()
    if item is None:
        return
    _tell_units(
        item_id,
        unit_ids,
        title="质询案答复通知",
        body=f"主任会议决定由贵单位对质询案“{item.title}”{mode_label}。",
        key="interpellation_decided",
        actor_id=actor_id,
    )


def interpellation_second_answer_required(item_id, unit_ids, *, actor_id=None):
    """More than half of the filers are not satisfied: the units answer again."""
    item = SupervisionItem.objects.filter(pk=item_id).only("title").first()
    if item is None:
        return
    _tell_units(
        item_id,
        unit_ids,
        title="质询案须再作答复",
        body=f"提质询案的常委会组成人员过半数对“{item.title}”的答复不满意，"
        "请贵单位再作答复。",
        key="interpellation_second_answer",
        actor_id=actor_id,
    )


def resolution_adopted(item_id, unit_ids, due, *, actor_id=None):
    """The bodies a resolution addresses: report on its execution by the deadline."""
    item = SupervisionItem.objects.filter(pk=item_id).only("title").first()
    if item is None:
        return
    _tell_units(
        item_id,
        unit_ids,
        title="决议决定已通过",
        body=f"“{item.title}”已表决通过"
        + (f"，请于 {due} 前报告执行情况。" if due else "。"),
        key="resolution_adopted",
        actor_id=actor_id,
    )
