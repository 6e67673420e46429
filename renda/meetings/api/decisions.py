"""/api/v1/meetings/decisions: 主任会议决定 (the chairpersons' meetings of a
congress and what each decided)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema

from renda.congresses.selectors import get_congress_for_user
from renda.core.api import DETAIL_ERRORS, MAX_ID

from ..choices import DecisionKind
from ..permissions import can_use_meetings, reads_congress
from ..selectors.decisions import (
    chairpersons_meetings_for,
    meeting_decisions_detail,
    meeting_label,
)

router = Router(tags=["主任会议决定"])

MeetingId = Path(..., ge=1, le=MAX_ID, description="主任会议编号")


class ChairpersonsMeetingOut(Schema):
    id: int
    number: int
    date: dt.date
    status: str
    label: str = Field(..., description="第N次主任会议（YYYY-MM-DD）")


class ChairpersonsMeetingQuery(Schema):
    congress_id: int = Field(..., ge=1, le=MAX_ID, description="人大编号")


class DecisionOut(Schema):
    id: int
    kind: DecisionKind
    kind_label: str
    title: str
    text: str
    subject_type: str | None = Field(None, description="关联事项类型（app.model）")
    subject_id: int | None = None
    subject_label: str = ""
    subject_url: str = ""
    agenda_item_id: int | None = None
    decided_on: dt.date


class MeetingDecisionsOut(Schema):
    meeting: ChairpersonsMeetingOut
    decisions: list[DecisionOut]


def _meeting_out(meeting) -> dict:
    return {
        "id": meeting.pk,
        "number": meeting.number,
        "date": meeting.date,
        "status": meeting.status,
        "label": meeting_label(meeting),
    }


@router.get(
    "/chairpersons-meetings",
    response={200: list[ChairpersonsMeetingOut], **DETAIL_ERRORS},
    summary="可引用的主任会议",
    description=(
        "本级人大已举行（未取消）的主任会议，最近的在前；登记主任会议决定时"
        "以其编号作为 chairpersons_meeting_id。只有本级常委会工作人员可查。"
    ),
)
def chairpersons_meetings(request, filters: Query[ChairpersonsMeetingQuery]):
    if not can_use_meetings(request.auth):
        raise PermissionDenied("您无权查看会议。")
    congress = get_congress_for_user(request.auth, filters.congress_id)
    if not reads_congress(request.auth, congress):
        raise PermissionDenied("您无权查看该人大的会议。")
    return [_meeting_out(m) for m in chairpersons_meetings_for(request.auth, congress)]


@router.get(
    "/{int:meeting_id}",
    response={200: MeetingDecisionsOut, **DETAIL_ERRORS},
    summary="一次主任会议的决定事项",
    description="主任会议决定的事项及其关联的监督、建议等事项；不可查看的会议 404。",
)
def meeting_decisions(request, meeting_id: int = MeetingId):
    detail = meeting_decisions_detail(request.auth, meeting_id)
    return {
        "meeting": _meeting_out(detail.meeting),
        "decisions": [
            {
                "id": row.decision.pk,
                "kind": row.decision.kind,
                "kind_label": row.decision.get_kind_display(),
                "title": row.decision.title,
                "text": row.decision.text,
                "subject_type": (
                    f"{row.decision.subject_type.app_label}.{row.decision.subject_type.model}"
                    if row.decision.subject_type_id
                    else None
                ),
                "subject_id": row.decision.subject_id,
                "subject_label": row.subject_label,
                "subject_url": row.subject_url,
                "agenda_item_id": row.decision.agenda_item_id,
                "decided_on": detail.meeting.date,
            }
            for row in detail.rows
        ],
    }
