"""/api/v1/meetings/personnel: 任免与票决评议.

- appointments and removals of a meeting: list, propose, read, edit, withdraw
  (before the vote: it ends without one), put to the vote (one vote per person
  by default; ``merged`` for several uncontested ones), the oath;
- 票决评议 of handling units: list, create, read, start (one graded vote per
  unit), decide (grades by the rules copied at creation), publish;
- ``/evaluations/mine``: a unit's staff read their own units' published results.

Staff of the congress write; its leaders and members read; out of scope 404,
a reader's write 403, bad input 400, a wrong state 409.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
)

from ..choices import VoteMode
from ..models import Appointment, VoteEvaluation
from ..selectors.personnel import (
    EvaluationFilters,
    appointment_list,
    can_read_personnel,
    can_see_unit_evaluations,
    evaluation_detail,
    evaluation_list,
    get_appointment_for_user,
    get_meeting_for_user,
    personnel_page,
    unit_evaluation_entries,
)
from ..services import evaluations as evaluation_services
from ..services import personnel as personnel_services
from ..services.common import invalid

router = Router(tags=["任免与票决评议"])

CREATE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
AppointmentId = Path(..., ge=1, le=MAX_ID, description="任免事项编号")
EvaluationId = Path(..., ge=1, le=MAX_ID, description="票决评议编号")


def _require_reader(user) -> None:
    if not can_read_personnel(user):
        raise PermissionDenied("您无权查看任免与票决评议。")


# Schemas --------------------------------------------------------------------------------


class AppointmentOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    kind: str = Field(description="APPOINTMENT 任命、REMOVAL 免职")
    kind_label: str
    person_name: str
    post: str
    organisation: str
    proposed_by: str
    position: int
    status: str
    status_label: str
    vote_id: int | None
    vote_status: str | None
    vote_result: str | None
    withdraw_reason: str
    sworn: bool
    actions: list[str] = Field(description="您现在可以做的操作")


class AppointmentIn(Schema):
    meeting: Id = Field(description="会议编号")
    kind: str = Field(description="APPOINTMENT 任命、REMOVAL 免职")
    person_name: str = Field(max_length=50)
    post: str = Field(max_length=100)
    organisation: str = Field("", max_length=100)
    proposed_by: str = Field("", max_length=100)
    agenda_item: Id | None = Field(None, description="议程编号（可不填）")


class AppointmentPatch(Schema):
    person_name: str | None = Field(None, max_length=50)
    post: str | None = Field(None, max_length=100)
    organisation: str | None = Field(None, max_length=100)
    proposed_by: str | None = Field(None, max_length=100)


class AppointmentWithdrawIn(Schema):
    reason: str = Field(max_length=500, description="撤回理由")


class AppointmentsVoteIn(Schema):
    appointments: list[Id] = Field(description="任免事项编号", max_length=100)
    mode: str = Field(
        VoteMode.IN_MEETING.value,
        description="IN_MEETING 电子表决、ONLINE 网络表决、TALLY 纸质票或举手（录入结果）",
    )
    merged: bool = Field(False, description="合并表决（无争议的同类事项）")
    closes_at: dt.datetime | None = Field(None, description="网络表决截止时间")


class AppointmentVoteOut(Schema):
    id: int
    title: str
    kind: str
    mode: str
    status: str


class PersonnelOathIn(Schema):
    meeting: Id
    appointments: list[Id] = Field(max_length=100, description="宣誓人（已通过的任命）")
    taken_at: dt.datetime
    place: str = Field("", max_length=100)
    supervised_by: str = Field(max_length=50, description="监誓人")
    led_by: str = Field("", max_length=50, description="领誓人（集体宣誓时必填）")


class PersonnelOathOut(Schema):
    id: int
    meeting_id: int
    taken_at: dt.datetime
    place: str
    supervised_by: str
    led_by: str
    appointments: list[int]


class VoteEvaluationIn(Schema):
    meeting: Id
    year: int = Field(ge=2000, le=2100, description="评议年度（建议办理年度）")
    title: str = Field(max_length=200)
    units: list[Id] = Field(max_length=200, description="承办单位编号")


class VoteEvaluationStartIn(Schema):
    mode: str = Field(VoteMode.IN_MEETING.value, description="表决方式")
    closes_at: dt.datetime | None = None


class VoteEvaluationEntryOut(Schema):
    id: int
    handling_unit_id: int
    handling_unit_name: str
    position: int
    figures: dict
    vote_id: int | None
    vote_status: str | None
    vote_result: str | None
    satisfied: int | None
    basically_satisfied: int | None
    unsatisfied: int | None
    not_voting: int | None
    electorate: int | None
    grade: str
    grade_label: str
    grade_reasons: list[str]


class VoteEvaluationOut(Schema):
    id: int
    meeting_id: int
    title: str
    year: int
    status: str
    status_label: str
    published_at: dt.datetime | None


class VoteEvaluationDetailOut(VoteEvaluationOut):
    grading_rules: dict
    entries: list[VoteEvaluationEntryOut]
    actions: list[str]


class UnitVoteEvaluationOut(Schema):
    evaluation_id: int
    title: str
    year: int
    published_at: dt.datetime | None
    entry: VoteEvaluationEntryOut


class VoteEvaluationQuery(Schema):
    meeting: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", max_length=16)


# Appointments ---------------------------------------------------------------------------


def _appointment_out(user, appointment: Appointment) -> dict:
    page = personnel_page(user, appointment.meeting_id)
    row = next(r for r in page.rows if r.appointment.pk == appointment.pk)
    a = row.appointment
    return {
        "id": a.pk,
        "meeting_id": a.meeting_id,
        "agenda_item_id": a.agenda_item_id,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "person_name": a.person_name,
        "post": a.post,
        "organisation": a.organisation,
        "proposed_by": a.proposed_by,
        "position": a.position,
        "status": a.status,
        "status_label": a.get_status_display(),
        "vote_id": a.vote_id,
        "vote_status": a.vote.status if a.vote else None,
        "vote_result": (a.vote.result or None) if a.vote else None,
        "withdraw_reason": a.withdraw_reason,
        "sworn": row.sworn,
        "actions": row.actions,
    }


@router.get(
    "/appointments",
    response={200: list[AppointmentOut], **DETAIL_ERRORS},
    summary="一次会议的任免事项",
    description="给出 meeting（会议编号）；按顺序列出任命和免职事项及其表决、宣誓情况。",
)
def appointments_list_api(request, meeting: int = Query(..., ge=1, le=MAX_ID)):
    _require_reader(request.auth)
    page = personnel_page(request.auth, meeting)
    return [_appointment_out(request.auth, r.appointment) for r in page.rows]


def _agenda_item(meeting, pk):
    if pk is None:
        return None
    item = meeting.agenda_items.filter(pk=pk).first()
    if item is None:
        raise invalid("议程不属于该会议。", "agenda_item")
    return item


@router.post(
    "/appointments",
    response={201: AppointmentOut, **CREATE_ERRORS},
    summary="提请任免事项",
    description="在会议上提请一项任命或免职（工作人员）。",
)
def appointment_create_api(request, payload: AppointmentIn):
    _require_reader(request.auth)
    meeting = get_meeting_for_user(request.auth, payload.meeting)
    appointment = personnel_services.appointment_propose(
        meeting=meeting,
        kind=payload.kind,
        person_name=payload.person_name,
        post=payload.post,
        organisation=payload.organisation,
        proposed_by=payload.proposed_by,
        agenda_item=_agenda_item(meeting, payload.agenda_item),
        actor=request.auth,
    )
    return Status(201, _appointment_out(request.auth, appointment))


@router.post(
    "/appointments/vote",
    response={201: list[AppointmentVoteOut], **CREATE_ERRORS},
    summary="任免事项提付表决",
    description=(
        "默认逐人表决（每项一次表决）；merged=true 时将无争议的同类事项合并为一次表决。"
        "同一职务有待表决的免职事项时，须先表决免职（409）。"
    ),
)
def appointments_vote_api(request, payload: AppointmentsVoteIn):
    _require_reader(request.auth)
    ids = sorted(set(payload.appointments))
    if not ids:
        raise invalid("请选择提付表决的任免事项。", "appointments")
    found = [get_appointment_for_user(request.auth, pk) for pk in ids]
    votes = personnel_services.appointments_put_to_vote(
        appointments=found,
        mode=payload.mode,
        merged=payload.merged,
        closes_at=payload.closes_at,
        actor=request.auth,
    )
    return Status(
        201,
        [
            {
                "id": v.pk,
                "title": v.title,
                "kind": v.kind,
                "mode": v.mode,
                "status": v.status,
            }
            for v in votes
        ],
    )


@router.get(
    "/appointments/{int:appointment_id}",
    response={200: AppointmentOut, **DETAIL_ERRORS},
    summary="一项任免事项",
)
def appointment_get_api(request, appointment_id: int = AppointmentId):
    _require_reader(request.auth)
    appointment = get_appointment_for_user(request.auth, appointment_id)
    appointment_list(request.auth, appointment.meeting)
    return _appointment_out(request.auth, appointment)


@router.patch(
    "/appointments/{int:appointment_id}",
    response={200: AppointmentOut, **WRITE_ERRORS},
    summary="修改任免事项",
    description="提付表决前可以修改；之后 409。",
)
def appointment_update_api(
    request, payload: AppointmentPatch, appointment_id: int = AppointmentId
):
    _require_reader(request.auth)
    appointment = get_appointment_for_user(request.auth, appointment_id)
    fields = {
        k: ("" if v is None else v)
        for k, v in payload.model_dump(exclude_unset=True).items()
    }
    appointment = personnel_services.appointment_update(
        appointment=appointment, actor=request.auth, **fields
    )
    return _appointment_out(request.auth, appointment)


@router.post(
    "/appointments/{int:appointment_id}/withdraw",
    response={200: AppointmentOut, **WRITE_ERRORS},
    summary="撤回任免事项",
    description="表决前撤回：不再表决（已提付但未开始的表决一并撤回）；表决开始后 409。",
)
def appointment_withdraw_api(
    request, payload: AppointmentWithdrawIn, appointment_id: int = AppointmentId
):
    _require_reader(request.auth)
    appointment = get_appointment_for_user(request.auth, appointment_id)
    appointment = personnel_services.appointment_withdraw(
        appointment=appointment, reason=payload.reason, actor=request.auth
    )
    return _appointment_out(request.auth, appointment)


@router.post(
    "/oaths",
    response={201: PersonnelOathOut, **CREATE_ERRORS},
    summary="登记宪法宣誓",
    description="只能为本次会议已通过的任命登记；已登记的 409。",
)
def oath_create_api(request, payload: PersonnelOathIn):
    _require_reader(request.auth)
    meeting = get_meeting_for_user(request.auth, payload.meeting)
    ids = sorted(set(payload.appointments))
    found = list(Appointment.objects.filter(pk__in=ids, meeting=meeting))
    if len(found) != len(ids):
        raise invalid("宣誓人应为本次会议通过任命的人员。", "appointments")
    oath = personnel_services.oath_record(
        meeting=meeting,
        appointments=found,
        taken_at=payload.taken_at,
        place=payload.place,
        supervised_by=payload.supervised_by,
        led_by=payload.led_by,
        actor=request.auth,
    )
    return Status(
        201,
        {
            "id": oath.pk,
            "meeting_id": oath.meeting_id,
            "taken_at": oath.taken_at,
            "place": oath.place,
            "supervised_by": oath.supervised_by,
            "led_by": oath.led_by,
            "appointments": [a.pk for a in oath.appointments.all()],
        },
    )


# 票决评议 ---------------------------------------------------------------------------------


def _entry_out(entry) -> dict:
    vote = entry.vote
    closed = vote is not None and bool(vote.result)
    return {
        "id": entry.pk,
        "handling_unit_id": entry.handling_unit_id,
        "handling_unit_name": entry.handling_unit.name,
        "position": entry.position,
        "figures": entry.figures or {},
        "vote_id": entry.vote_id,
        "vote_status": vote.status if vote else None,
        "vote_result": vote.result if closed else None,
        "satisfied": vote.satisfied_count if closed else None,
        "basically_satisfied": vote.basically_satisfied_count if closed else None,
        "unsatisfied": vote.unsatisfied_count if closed else None,
        "not_voting": vote.not_voting_count if closed else None,
        "electorate": vote.electorate_size if closed else None,
        "grade": entry.grade,
        "grade_label": entry.get_grade_display() if entry.grade else "",
        "grade_reasons": entry.grade_reasons or [],
    }


def _evaluation_out(evaluation: VoteEvaluation) -> dict:
    return {
        "id": evaluation.pk,
        "meeting_id": evaluation.meeting_id,
        "title": evaluation.title,
        "year": evaluation.year,
        "status": evaluation.status,
        "status_label": evaluation.get_status_display(),
        "published_at": evaluation.published_at,
    }


def _detail_out(user, pk: int) -> dict:
    detail = evaluation_detail(user, pk)
    return {
        **_evaluation_out(detail.evaluation),
        "grading_rules": detail.evaluation.grading_rules,
        "entries": [_entry_out(e) for e in detail.entries],
        "actions": detail.actions,
    }


@router.get(
    "/evaluations",
    response={200: list[VoteEvaluationOut], **READ_ERRORS},
    summary="票决评议列表",
    description="您所在人大常委会的票决评议，可按会议、年度、状态筛选。",
)
@paginate(PagePagination)
def evaluations_list_api(request, filters: Query[VoteEvaluationQuery]):
    _require_reader(request.auth)
    return [
        _evaluation_out(e)
        for e in evaluation_list(
            request.auth,
            EvaluationFilters(
                meeting=filters.meeting,
                year=filters.year,
                status=EvaluationFilters.from_query({"status": filters.status}).status,
            ),
        )[:1000]
    ]


@router.post(
    "/evaluations",
    response={201: VoteEvaluationDetailOut, **CREATE_ERRORS},
    summary="安排票决评议",
    description="选择参加评议的承办单位；各单位的办理情况数据（按时签收、按时答复、代表满意度）随之取得。",
)
def evaluation_create_api(request, payload: VoteEvaluationIn):
    _require_reader(request.auth)
    meeting = get_meeting_for_user(request.auth, payload.meeting)
    evaluation = evaluation_services.evaluation_create(
        meeting=meeting,
        year=payload.year,
        title=payload.title,
        units=list(dict.fromkeys(payload.units)),
        actor=request.auth,
    )
    return Status(201, _detail_out(request.auth, evaluation.pk))


@router.get(
    "/evaluations/mine",
    response={200: list[UnitVoteEvaluationOut], **READ_ERRORS},
    summary="本单位的票决评议结果",
    description="承办单位工作人员查看本单位已公布的票决评议结果。",
)
@paginate(PagePagination)
def unit_evaluations_api(request):
    if not can_see_unit_evaluations(request.auth):
        raise PermissionDenied("只有承办单位工作人员可以查看本单位的评议结果。")
    return [
        {
            "evaluation_id": e.evaluation_id,
            "title": e.evaluation.title,
            "year": e.evaluation.year,
            "published_at": e.evaluation.published_at,
            "entry": _entry_out(e),
        }
        for e in unit_evaluation_entries(request.auth)[:1000]
    ]


@router.get(
    "/evaluations/{int:evaluation_id}",
    response={200: VoteEvaluationDetailOut, **DETAIL_ERRORS},
    summary="票决评议详情",
)
def evaluation_get_api(request, evaluation_id: int = EvaluationId):
    _require_reader(request.auth)
    return _detail_out(request.auth, evaluation_id)


def _step(request, evaluation_id: int, call) -> dict:
    _require_reader(request.auth)
    detail = evaluation_detail(request.auth, evaluation_id)
    call(detail.evaluation)
    return _detail_out(request.auth, evaluation_id)


@router.post(
    "/evaluations/{int:evaluation_id}/start",
    response={200: VoteEvaluationDetailOut, **WRITE_ERRORS},
    summary="开始表决",
    description="每个单位一项表决（满意、基本满意、不满意）；电子表决和网络表决随即开始。",
)
def evaluation_start_api(
    request, payload: VoteEvaluationStartIn, evaluation_id: int = EvaluationId
):
    return _step(
        request,
        evaluation_id,
        lambda ev: evaluation_services.evaluation_start(
            evaluation=ev,
            mode=payload.mode,
            closes_at=payload.closes_at,
            actor=request.auth,
        ),
    )


@router.post(
    "/evaluations/{int:evaluation_id}/decide",
    response={200: VoteEvaluationDetailOut, **WRITE_ERRORS},
    summary="评定结果",
    description="各单位的表决全部结束后，按评定规则评定优秀、合格、不合格。",
)
def evaluation_decide_api(request, evaluation_id: int = EvaluationId):
    return _step(
        request,
        evaluation_id,
        lambda ev: evaluation_services.evaluation_decide(
            evaluation=ev, actor=request.auth
        ),
    )


@router.post(
    "/evaluations/{int:evaluation_id}/publish",
    response={200: VoteEvaluationDetailOut, **WRITE_ERRORS},
    summary="公布结果",
    description="公布评定结果，并通知各承办单位。",
)
def evaluation_publish_api(request, evaluation_id: int = EvaluationId):
    return _step(
        request,
        evaluation_id,
        lambda ev: evaluation_services.evaluation_publish(
            evaluation=ev, actor=request.auth
        ),
    )
