"""/api/v1/duty/training: 培训与人大讲坛 — the list, one training (enrolments with
attendance, materials, actions), create and edit, cancel and hold, enrolment
by target or by ids, check-in by staff and by the deputy's QR code, materials,
the statistics and the deputy's own (/me).

The same selectors and services as the pages: a training outside the user's
scope answers 404, a reader's write 403, a broken rule 400 (with the field),
a wrong state 409.
"""

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress, Term
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    choices_text,
)
from renda.core.dates import EventDate
from renda.deputies.models import Deputy

from ..choices import CheckInMethod, TrainingKind, TrainingTarget
from ..models import Enrollment, Training
from ..permissions import (
    can_manage_any_duty,
    can_use_duty_staff,
    can_use_my_duty,
    can_use_training,
)
from ..selectors.training import (
    TrainingFilters,
    get_managed_training,
    get_training_for_user,
    my_trainings,
    training_detail,
    training_list,
    training_stats,
)
from ..services import training as services
from ..services.common import invalid

router = Router(tags=["培训与人大讲坛"])

CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
TrainingId = Path(..., ge=1, le=MAX_ID, description="培训编号")
EnrollmentId = Path(..., ge=1, le=MAX_ID, description="报名编号")

KindIn = StrEnum("TrainingKindIn", {v: v for v in TrainingKind.values})
TargetIn = StrEnum("TrainingTargetIn", {v: v for v in TrainingTarget.values})


def short(max_length: int):
    return Annotated[str, StringConstraints(max_length=max_length)]


# Schemas -------------------------------------------------------------------------------


class TrainingQuery(Schema):
    congress: Id | None = Field(None, description="人大编号")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    kind: KindIn | None = Field(None, description=f"类别：{choices_text(TrainingKind)}")
    q: short(50) = Field("", description="名称、主题或主讲人包含的文字")


class TrainingOut(Schema):
    id: int
    congress_id: int
    kind: str
    kind_label: str
    title: str
    topic: str
    speaker: str
    speaker_title: str
    starts_on: dt.date
    ends_on: dt.date
    hours: Decimal
    place: str
    online: bool
    target: str
    term_id: int | None
    status: str
    status_label: str
    url: str


class TrainingListOut(TrainingOut):
    enrolled: int = Field(description="报名人数")
    attended: int = Field(description="签到人数")


class TrainingEnrollmentOut(Schema):
    id: int
    deputy_id: int
    name: str
    attended_at: dt.datetime | None
    method: str
    hours: Decimal | None
    certificate_number: str
    certificate_url: str = Field("", description="结业证书（.docx）；未签到为空")


class TrainingMaterialOut(Schema):
    id: int
    title: str
    size: int
    url: str


class TrainingEventOut(Schema):
    title: str
    detail: str
    actor: str
    at: dt.datetime


class TrainingDetailOut(TrainingOut):
    description: str
    enrolled: int
    attended: int
    enrollments: list[TrainingEnrollmentOut] = Field(
        description="工作人员和班子成员看到全部报名；代表只看到本人的"
    )
    materials: list[TrainingMaterialOut]
    timeline: list[TrainingEventOut]
    actions: list[str] = Field(
        description="您现在可以做的操作：edit、enrol、attend、hold、cancel、material"
    )


class TrainingIn(Schema):
    congress: Id = Field(description="人大编号")
    kind: KindIn = Field(description=f"类别：{choices_text(TrainingKind)}")
    title: short(200)
    topic: short(200) = ""
    speaker: short(100) = ""
    speaker_title: short(200) = ""
    starts_on: EventDate = Field(description="开始日期")
    ends_on: EventDate = Field(description="结束日期")
    hours: Decimal = Field(gt=0, le=1000, max_digits=5, decimal_places=1)
    place: short(200) = ""
    online: bool = False
    description: short(5000) = ""
    target: TargetIn = Field(description=f"培训对象：{choices_text(TrainingTarget)}")
    term: Id | None = Field(None, description="届次编号（本届新任代表培训必填）")


class TrainingPatch(Schema):
    kind: KindIn | None = None
    title: short(200) | None = None
    topic: short(200) | None = None
    speaker: short(100) | None = None
    speaker_title: short(200) | None = None
    starts_on: EventDate | None = None
    ends_on: EventDate | None = None
    hours: Decimal | None = Field(None, gt=0, le=1000, max_digits=5, decimal_places=1)
    place: short(200) | None = None
    online: bool | None = None
    description: short(5000) | None = None
    target: TargetIn | None = None
    term: Id | None = None


class TrainingCancelIn(Schema):
    reason: short(500) = ""


class TrainingEnrolIn(Schema):
    by_target: bool = Field(False, description="按培训对象报名")
    deputies: list[Id] = Field(
        default_factory=list, max_length=2000, description="要报名的代表编号"
    )


class TrainingEnrolledOut(Schema):
    added: int = Field(description="新报名人数（已报名的跳过）")
    enrolled: int = Field(description="报名总人数")


class TrainingCheckInIn(Schema):
    deputy: Id = Field(description="代表编号")
    hours: Decimal | None = Field(
        None,
        gt=0,
        le=1000,
        max_digits=5,
        decimal_places=1,
        description="学时，不填取培训学时",
    )


class TrainingQrCheckInIn(Schema):
    token: short(64) = Field(description="签到二维码中的签到码")


class TrainingKindStatsOut(Schema):
    kind: str
    label: str
    trainings: int
    person_times: int
    hours: Decimal


class TrainingCoverageOut(Schema):
    name: str
    deputies: int
    attended: int
    coverage: float = Field(description="覆盖率（%）")
    person_times: int
    hours: Decimal


class TrainingDeputyHoursOut(Schema):
    deputy_id: int
    name: str
    delegation: str
    trainings: int
    hours: Decimal


class TrainingStatsOut(Schema):
    congress_id: int
    year: int
    trainings: int
    person_times: int = Field(description="参训人次（已签到的报名）")
    hours: Decimal
    trip_deputies: int = Field(description="参加外出学习考察的代表人数")
    by_kind: list[TrainingKindStatsOut]
    total: TrainingCoverageOut
    by_group: list[TrainingCoverageOut]
    by_delegation: list[TrainingCoverageOut]
    by_deputy: list[TrainingDeputyHoursOut]


class TrainingStatsQuery(Schema):
    congress: Id = Field(description="人大编号")
    year: int = Field(ge=2000, le=2100, description="年度")


class MyTrainingOut(Schema):
    enrollment_id: int
    training: TrainingOut
    attended_at: dt.datetime | None
    hours: Decimal | None
    certificate_number: str
    certificate_url: str


class MyTrainingsOut(Schema):
    enrolled: int
    attended: int
    hours: Decimal
    trainings: list[MyTrainingOut]


# Shaping ---------------------------------------------------------------------------------


def _training_out(training) -> dict:
    return {
        "id": training.pk,
        "congress_id": training.congress_id,
        "kind": training.kind,
        "kind_label": training.get_kind_display(),
        "title": training.title,
        "topic": training.topic,
        "speaker": training.speaker,
        "speaker_title": training.speaker_title,
        "starts_on": training.starts_on,
        "ends_on": training.ends_on,
        "hours": training.hours,
        "place": training.place,
        "online": training.online,
        "target": training.target,
        "term_id": training.term_id,
        "status": training.status,
        "status_label": training.get_status_display(),
        "url": reverse("duty:training_detail", args=[training.pk]),
    }


def _list_out(training) -> dict:
    return {
        **_training_out(training),
        "enrolled": training.enrolled_count,
        "attended": training.attended_count,
    }


def _certificate_url(row) -> str:
    if row.attended_at and row.certificate_number:
        return reverse("duty:training_certificate", args=[row.pk])
    return ""


def _enrollment_out(row) -> dict:
    return {
        "id": row.pk,
        "deputy_id": row.deputy_id,
        "name": row.deputy.name,
        "attended_at": row.attended_at,
        "method": row.method,
        "hours": row.hours,
        "certificate_number": row.certificate_number,
        "certificate_url": _certificate_url(row),
    }


def _material_out(material) -> dict:
    return {
        "id": material.pk,
        "title": material.title,
        "size": material.size,
        "url": reverse("duty:training_material", args=[material.pk]),
    }


def _detail_out(user, pk: int) -> dict:
    detail = training_detail(user, pk)
    return {
        **_training_out(detail.training),
        "description": detail.training.description,
        "enrolled": detail.enrolled,
        "attended": detail.attended,
        "enrollments": [_enrollment_out(r) for r in detail.enrollments],
        "materials": [_material_out(m) for m in detail.materials],
        "timeline": [
            {"title": e.title, "detail": e.detail, "actor": e.actor, "at": e.at}
            for e in detail.timeline
        ],
        "actions": detail.actions,
    }


class _Mapped:
    """A queryset as the paginator slices it, each row turned by ``turn``."""

    def __init__(self, queryset, turn):
        self.queryset = queryset
        self.turn = turn

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key):
        return [self.turn(row) for row in self.queryset[key]]


def _term(congress, term_id):
    if term_id is None:
        return None
    term = Term.objects.filter(pk=term_id, congress=congress).first()
    if term is None:
        raise invalid("请选择本级人大的届次。", "term")
    return term


# Trainings ---------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[TrainingListOut], **READ_ERRORS},
    summary="培训列表",
    description="工作人员和班子成员看到本级人大的培训；代表看到本人报名的、培训对象包括本人的"
    "和本级人大讲坛。最新的在前。其他角色 403。",
)
@paginate(PagePagination)
def training_list_api(request, filters: Query[TrainingQuery]):
    if not can_use_training(request.auth):
        raise PermissionDenied("您无权查看培训。")
    return _Mapped(
        training_list(
            request.auth,
            TrainingFilters(
                congress=filters.congress,
                year=filters.year,
                kind=str(filters.kind) if filters.kind else "",
                q=filters.q.strip(),
            ),
        ),
        _list_out,
    )


@router.post(
    "",
    response={201: TrainingDetailOut, **CREATE_ERRORS},
    summary="新建培训（工作人员）",
    description="培训班、人大讲坛或外出学习考察。结束日期不早于开始日期，学时大于 0，"
    "须填写地点或选择线上，本届新任代表培训须选择届次。",
)
def training_create_api(request, payload: TrainingIn):
    if not can_manage_any_duty(request.auth):
        raise PermissionDenied("您无权新建培训。")
    congress = Congress.objects.filter(pk=payload.congress).first()
    if congress is None:
        raise Http404
    scope = get_scope(request.auth)
    if not scope.is_admin and congress.pk not in scope.congress_ids:
        raise Http404
    training = services.training_create(
        congress=congress,
        kind=str(payload.kind),
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        hours=payload.hours,
        target=str(payload.target),
        topic=payload.topic,
        speaker=payload.speaker,
        speaker_title=payload.speaker_title,
        place=payload.place,
        online=payload.online,
        description=payload.description,
        term=_term(congress, payload.term),
        actor=request.auth,
    )
    return Status(201, _detail_out(request.auth, training.pk))


@router.get(
    "/{int:training_id}",
    response={200: TrainingDetailOut, **DETAIL_ERRORS},
    summary="培训详情",
    description="培训信息、报名与签到（代表只看到本人的）、材料、记录和您现在可以做的操作。",
)
def training_get(request, training_id: int = TrainingId):
    return _detail_out(request.auth, training_id)


@router.patch(
    "/{int:training_id}",
    response={200: TrainingDetailOut, **WRITE_ERRORS},
    summary="修改培训（工作人员）",
    description="只能修改报名中的培训；不传的字段不变。",
)
def training_edit_api(request, payload: TrainingPatch, training_id: int = TrainingId):
    training = get_managed_training(request.auth, training_id)
    changes = payload.dict(exclude_unset=True)
    for name in ("kind", "target"):
        if changes.get(name) is not None:
            changes[name] = str(changes[name])
    if "term" in changes:
        changes["term"] = _term(training.congress, changes["term"])
    changes = {k: v for k, v in changes.items() if v is not None or k == "term"}
    services.training_edit(training=training, actor=request.auth, **changes)
    return _detail_out(request.auth, training_id)


@router.post(
    "/{int:training_id}/cancel",
    response={200: TrainingDetailOut, **WRITE_ERRORS},
    summary="取消培训（工作人员）",
    description="只能取消报名中的培训。",
)
def training_cancel_api(
    request, payload: TrainingCancelIn, training_id: int = TrainingId
):
    training = get_managed_training(request.auth, training_id)
    services.training_cancel(
        training=training, reason=payload.reason, actor=request.auth
    )
    return _detail_out(request.auth, training_id)


@router.post(
    "/{int:training_id}/hold",
    response={200: TrainingDetailOut, **WRITE_ERRORS},
    summary="结束报名（工作人员）",
    description="培训已举办：报名结束，签到仍可补登。",
)
def training_hold_api(request, training_id: int = TrainingId):
    training = get_managed_training(request.auth, training_id)
    services.training_hold(training=training, actor=request.auth)
    return _detail_out(request.auth, training_id)


# Enrolment and check-in ------------------------------------------------------------------


@router.post(
    "/{int:training_id}/enrol",
    response={200: TrainingEnrolledOut, **WRITE_ERRORS},
    summary="报名（工作人员）",
    description="by_target=true 按培训对象报名（新任代表、代表小组组长、本级全体代表）；"
    "或在 deputies 中列出代表编号（须为本级人大的在任代表）。已报名的跳过。",
)
def training_enrol_api(
    request, payload: TrainingEnrolIn, training_id: int = TrainingId
):
    training = get_managed_training(request.auth, training_id)
    if payload.by_target:
        rows = services.enrollment_by_target(training=training, actor=request.auth)
    else:
        rows = services.enrollment_add(
            training=training, deputies=list(payload.deputies), actor=request.auth
        )
    return {"added": len(rows), "enrolled": training.enrollments.count()}


@router.post(
    "/enrollments/{int:enrollment_id}/remove",
    response={200: TrainingEnrolledOut, **WRITE_ERRORS},
    summary="取消报名（工作人员）",
    description="已签到的代表不能取消报名。",
)
def enrollment_remove_api(request, enrollment_id: int = EnrollmentId):
    enrollment = Enrollment.objects.filter(pk=enrollment_id).first()
    if enrollment is None:
        raise Http404
    training = get_managed_training(request.auth, enrollment.training_id)
    services.enrollment_remove(enrollment=enrollment, actor=request.auth)
    return {"added": 0, "enrolled": training.enrollments.count()}


@router.post(
    "/{int:training_id}/checkin",
    response={200: TrainingEnrollmentOut, **WRITE_ERRORS},
    summary="登记签到（工作人员）",
    description="培训开始后由工作人员为代表登记签到；重复登记保留第一次的时间。",
)
def training_checkin_api(
    request, payload: TrainingCheckInIn, training_id: int = TrainingId
):
    training = get_managed_training(request.auth, training_id)
    deputy = Deputy.objects.filter(pk=payload.deputy).first()
    if deputy is None:
        raise invalid("请选择代表。", "deputy")
    row = services.enrollment_check_in(
        training=training,
        deputy=deputy,
        method=CheckInMethod.STAFF,
        hours=payload.hours,
        actor=request.auth,
    )
    return _enrollment_out(row)


@router.post(
    "/{int:training_id}/checkin/qr",
    response={200: TrainingEnrollmentOut, **WRITE_ERRORS},
    summary="扫码签到（代表本人）",
    description="代表用会场门口二维码中的签到码为本人签到，只能在培训日期内；"
    "签到码不对 404；重复签到保留第一次的时间。",
)
def training_qr_checkin_api(
    request, payload: TrainingQrCheckInIn, training_id: int = TrainingId
):
    if not can_use_my_duty(request.auth):
        raise PermissionDenied("扫码签到仅供人大代表本人使用。")
    training = Training.objects.filter(pk=training_id).first()
    if training is None or payload.token != training.checkin_token:
        raise Http404
    scope = get_scope(request.auth)
    deputy = (
        Deputy.objects.filter(pk=scope.deputy_id).first() if scope.deputy_id else None
    )
    if deputy is None:
        raise PermissionDenied("扫码签到仅供人大代表本人使用。")
    row = services.enrollment_check_in(
        training=training,
        deputy=deputy,
        method=CheckInMethod.QR,
        token=payload.token,
        actor=request.auth,
    )
    return _enrollment_out(row)


# Materials ----------------------------------------------------------------------------------


@router.get(
    "/{int:training_id}/materials",
    response={200: list[TrainingMaterialOut], **DETAIL_ERRORS},
    summary="培训材料",
    description="能看到该培训的用户都可以下载材料（url）。",
)
def materials_api(request, training_id: int = TrainingId):
    training = get_training_for_user(request.auth, training_id)
    return [_material_out(m) for m in training.materials.all()]


@router.post(
    "/{int:training_id}/materials",
    response={201: TrainingMaterialOut, **WRITE_ERRORS},
    summary="上传培训材料（工作人员，multipart/form-data）",
    description=f"字段 title（可不填）、file（{services.ALLOWED_TEXT}；图片重新编码，去除位置信息）。",
)
def material_add_api(
    request,
    file: File[UploadedFile],
    title: str = Form("", max_length=200),
    training_id: int = TrainingId,
):
    training = get_managed_training(request.auth, training_id)
    material = services.material_add(
        training=training, upload=file, title=title, actor=request.auth
    )
    return Status(201, _material_out(material))


# Statistics and the deputy's own -------------------------------------------------------------


@router.get(
    "/stats",
    response={200: TrainingStatsOut, **DETAIL_ERRORS},
    summary="培训统计",
    description="某人大某年度的参训人次、学时、各类别，以及按人大、代表小组、代表团的覆盖率"
    "（在任代表中至少参加一次的比例）和每位代表的学时。工作人员和班子成员可看。",
)
def training_stats_api(request, filters: Query[TrainingStatsQuery]):
    if not can_use_duty_staff(request.auth):
        raise PermissionDenied("您无权查看培训统计。")
    scope = get_scope(request.auth)
    congress = Congress.objects.filter(pk=filters.congress).first()
    if congress is None or not (scope.is_admin or congress.pk in scope.congress_ids):
        raise Http404
    stats = training_stats(request.auth, congress, filters.year)

    def coverage(line) -> dict:
        return {**line.__dict__, "coverage": line.coverage}

    return {
        "congress_id": congress.pk,
        "year": stats.year,
        "trainings": stats.trainings,
        "person_times": stats.person_times,
        "hours": stats.hours,
        "trip_deputies": stats.trip_deputies,
        "by_kind": [k.__dict__ for k in stats.by_kind],
        "total": coverage(stats.total),
        "by_group": [coverage(line) for line in stats.by_group],
        "by_delegation": [coverage(line) for line in stats.by_delegation],
        "by_deputy": [d.__dict__ for d in stats.by_deputy],
    }


@router.get(
    "/me",
    response={200: MyTrainingsOut, **READ_ERRORS},
    summary="我的培训（代表）",
    description="本人报名的培训、签到、学时和结业证书。",
)
def my_training_api(request):
    if not can_use_my_duty(request.auth):
        raise PermissionDenied("只有人大代表可以查看本人的培训。")
    rows = my_trainings(request.auth)
    attended = [r for r in rows if r.attended_at]
    return {
        "enrolled": len(rows),
        "attended": len(attended),
        "hours": sum(
            (r.hours if r.hours is not None else r.training.hours for r in attended),
            Decimal(0),
        ),
        "trainings": [
            {
                "enrollment_id": r.pk,
                "training": _training_out(r.training),
                "attended_at": r.attended_at,
                "hours": r.hours,
                "certificate_number": r.certificate_number,
                "certificate_url": _certificate_url(r),
            }
            for r in rows
        ],
    }
