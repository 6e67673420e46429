"""/api/v1/meetings/decisions: 主任会议决定 (the chairpersons' meetings of a
congress and what each decided)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from renda.congresses.selectors import get_congress_for_user
from renda.core.api import DETAIL_ERRORS, MAX_ID, ErrorOut, Id, choices_text

from ..choices import DecisionKind
from ..models import AgendaItem
from ..permissions import can_use_meetings, manages_congress, reads_congress
from ..selectors.decisions import (
    chairpersons_meetings_for,
    get_chairpersons_meeting_for_user,
    meeting_decisions_detail,
    meeting_label,
)
from ..services.common import invalid
from ..services.decisions import decision_record

router = Router(tags=["主任会议决定"])

MeetingId = Path(..., ge=1, le=MAX_ID, description="主任会议编号")
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
DecisionKindIn = StrEnum("DecisionKindIn", {v: v for v in DecisionKind.values})


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


class DecisionIn(Schema):
    kind: DecisionKindIn = Field(description=f"决定类别：{choices_text(DecisionKind)}")
    title: Annotated[str, StringConstraints(max_length=200)] = Field(
        description="决定事项（必填）"
    )
    text: Annotated[str, StringConstraints(max_length=5000)] = Field(
        "", description="决定内容"
    )
    agenda_item_id: Id | None = Field(
        None, description="所属议程（须为本次主任会议的议程）"
    )


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
            _decision_out(
                row.decision, detail.meeting, row.subject_label, row.subject_url
            )
            for row in detail.rows
        ],
    }


def _decision_out(decision, meeting, subject_label="", subject_url="") -> dict:
    return {
        "id": decision.pk,
        "kind": decision.kind,
        "kind_label": decision.get_kind_display(),
        "title": decision.title,
        "text": decision.text,
        "subject_type": (
            f"{decision.subject_type.app_label}.{decision.subject_type.model}"
            if decision.subject_type_id
            else None
        ),
        "subject_id": decision.subject_id,
        "subject_label": subject_label,
        "subject_url": subject_url,
        "agenda_item_id": decision.agenda_item_id,
        "decided_on": meeting.date,
    }


@router.post(
    "/{int:meeting_id}",
    response={201: DecisionOut, **WRITE_ERRORS},
    summary="登记主任会议决定（工作人员）",
    description=(
        "本级常委会工作人员直接登记主任会议决定的事项（如拟定常委会会议议程），"
        "不关联监督、建议等事项；会议须已举行且未取消，议程须属于本次主任会议。"
        "不可查看的会议 404，无权登记 403。"
    ),
)
def meeting_decision_create(request, payload: DecisionIn, meeting_id: int = MeetingId):
    meeting = get_chairpersons_meeting_for_user(request.auth, meeting_id)
    if not manages_congress(request.auth, meeting.standing_committee.term.congress_id):
        raise PermissionDenied("您无权登记主任会议决定。")
    agenda_item = None
    if payload.agenda_item_id is not None:
        agenda_item = AgendaItem.objects.filter(
            pk=payload.agenda_item_id, meeting=meeting
        ).first()
        if agenda_item is None:
            raise invalid("议程不属于该主任会议。", "agenda_item_id")
    decision = decision_record(
        meeting=meeting,
        kind=payload.kind.value,
        title=payload.title,
        text=payload.text,
        agenda_item=agenda_item,
        subject=None,
        actor=request.auth,
    )
    return Status(201, _decision_out(decision, meeting))
