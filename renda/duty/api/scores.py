"""/api/v1/duty/scores: 履职积分 — rule versions, the ranking (the board's),
the deputy's own scores, publication and closing, corrections, alerts."""

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    choices_text,
)

from ..choices import AlertStatus, CorrectionStatus, ScorePeriod
from ..models import DutyAlert, DutyScore, ScoreCorrection, ScoreYear, ScoringRules
from ..permissions import can_use_duty_staff, can_use_my_duty, manages_duty
from ..selectors import scores as sel
from ..services import scores as services

router = Router(tags=["履职积分"])

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
DutyScorePeriodIn = StrEnum("DutyScorePeriodIn", {v: v for v in ScorePeriod.values})
DutyScoreGroupingIn = StrEnum("DutyScoreGroupingIn", {k: k for k in sel.GROUPINGS})
ScoreCorrectionStatusIn = StrEnum(
    "ScoreCorrectionStatusIn", {v: v for v in CorrectionStatus.values}
)
DutyAlertStatusIn = StrEnum("DutyAlertStatusIn", {v: v for v in AlertStatus.values})
Year = Annotated[int, Field(ge=2000, le=2100)]
Points = Annotated[Decimal, Field(ge=-100, le=100, max_digits=5, decimal_places=1)]


def _staff(user) -> None:
    if not can_use_duty_staff(user):
        raise PermissionDenied("您无权查看代表履职积分。")


# Schemas ----------------------------------------------------------------------------


class DutyRulesOut(Schema):
    id: int
    congress_id: int
    version: int = Field(description="版本号")
    effective_year: int = Field(description="起始年度：此后各年度适用，直至更新的版本")
    title: str
    note: str
    data: dict[str, Any] = Field(
        description="规则：base、items、minimums、bands、pass_mark"
    )
    created_at: dt.datetime
    created_by: str = ""


class DutyRulesQuery(Schema):
    congress: int | None = Field(
        None, ge=1, le=MAX_ID, description="人大编号（默认第一个）"
    )


class DutyRulesIn(Schema):
    congress: Id = Field(description="人大编号")
    effective_year: Year = Field(description="起始年度（须晚于已定稿的年度）")
    title: Annotated[str, StringConstraints(max_length=200)] = Field(
        description="规则名称"
    )
    note: Annotated[str, StringConstraints(max_length=2000)] = Field(
        "", description="修订说明"
    )
    data: dict[str, Any] = Field(
        description="规则：{base, items: {类别: {points, cap}}, minimums: {类别: 次数}, "
        "bands: [{min, label}], pass_mark}"
    )


class DutyScoreRowOut(Schema):
    rank: int = Field(description="在所选范围内的名次（同分同名次）")
    grouping_label: str = Field(description="排名范围（全体代表、某代表团……）")
    deputy_id: int
    deputy_name: str
    total: Decimal
    band: str
    minimums_met: bool
    delegation: str
    group: str
    station: str
    final: bool
    score_id: int | None = Field(None, description="已公布积分的编号；实时预览为空")
    preview: bool = Field(description="实时预览（未公布）")


class DutyScoreQuery(Schema):
    congress: int | None = Field(None, ge=1, le=MAX_ID, description="人大编号")
    year: Year | None = Field(None, description="年度（默认最近公布的）")
    period: DutyScorePeriodIn | None = Field(
        None, description=f"期间：{choices_text(ScorePeriod)}"
    )
    grouping: DutyScoreGroupingIn = Field(
        DutyScoreGroupingIn.congress,
        description="排名范围：congress 全体、delegation 代表团、group 代表小组、station 联络站",
    )
    delegation: int | None = Field(None, ge=1, le=MAX_ID, description="代表团编号")
    group: int | None = Field(None, ge=1, le=MAX_ID, description="代表小组编号")
    station: int | None = Field(None, ge=1, le=MAX_ID, description="联络站编号")
    band: Annotated[str, StringConstraints(max_length=20)] = Field(
        "", description="等次名称"
    )
    q: Annotated[str, StringConstraints(max_length=50)] = Field(
        "", description="代表姓名包含"
    )


class DutyScoreLineOut(Schema):
    kind: str
    label: str
    count: str
    points_each: str
    points: str
    cap: str = Field(description="上限（空为不设）")
    capped: bool


class DutyScoreMissingOut(Schema):
    kind: str
    label: str
    required: int
    done: int


class ScoreCorrectionOut(Schema):
    id: int
    score_id: int
    deputy_id: int
    deputy_name: str
    year: int
    kind: str
    reason: str
    status: str
    status_label: str
    points: Decimal | None = None
    decision: str
    created_at: dt.datetime
    decided_at: dt.datetime | None = None


class DutyMyScoreOut(Schema):
    id: int
    congress_id: int
    year: int
    period: str
    period_label: str
    total: Decimal
    band: str
    minimums_met: bool
    final: bool
    base: str
    adjustment: str
    lines: list[DutyScoreLineOut]
    missing: list[DutyScoreMissingOut]
    corrections: list[ScoreCorrectionOut]
    can_ask: bool = Field(description="现在可以申请更正")
    corrections_until: dt.date | None = None


class DutyMyScoresOut(Schema):
    deputy_id: int
    deputy_name: str
    scores: list[DutyMyScoreOut]


class ScorePublishIn(Schema):
    congress: Id = Field(description="人大编号")
    year: Year
    period: DutyScorePeriodIn = Field(description=f"期间：{choices_text(ScorePeriod)}")


class ScoreYearCloseIn(Schema):
    congress: Id = Field(description="人大编号")
    year: Year


class DutyScoreYearOut(Schema):
    congress_id: int
    year: int
    status: str
    status_label: str
    rules_id: int | None = None
    corrections_until: dt.date | None = None
    closed_at: dt.datetime | None = None
    deputies: int = Field(description="已公布积分的代表人数（该年度最近公布的期间）")


class ScoreCorrectionQuery(Schema):
    congress: int | None = Field(None, ge=1, le=MAX_ID, description="人大编号")
    status: ScoreCorrectionStatusIn | None = Field(
        None, description=f"状态：{choices_text(CorrectionStatus)}"
    )


class ScoreCorrectionIn(Schema):
    score: Id = Field(description="年度积分编号（本人的）")
    reason: Annotated[str, StringConstraints(max_length=1000)] = Field(
        description="更正理由（必填）"
    )
    kind: Annotated[str, StringConstraints(max_length=24)] = Field(
        "", description="涉及项目（档案类别，可空）"
    )


class ScoreCorrectionDecideIn(Schema):
    accept: bool = Field(description="true 同意更正，false 不予更正")
    points: Points | None = Field(None, description="调整分值（同意时必填，不为 0）")
    decision: Annotated[str, StringConstraints(max_length=2000)] = Field(
        description="处理意见（必填）"
    )


class DutyAlertOut(Schema):
    id: int
    congress_id: int
    deputy_id: int
    deputy_name: str
    kind: str
    kind_label: str
    year: int | None = None
    detail: str
    status: str
    status_label: str
    handled_note: str
    handled_at: dt.datetime | None = None
    created_at: dt.datetime


class DutyAlertQuery(Schema):
    congress: int | None = Field(None, ge=1, le=MAX_ID, description="人大编号")
    status: DutyAlertStatusIn | None = Field(
        None, description=f"状态：{choices_text(AlertStatus)}"
    )


class DutyAlertHandleIn(Schema):
    note: Annotated[str, StringConstraints(max_length=2000)] = Field(
        description="处理情况（必填）"
    )


# Output -------------------------------------------------------------------------------


def _rules_out(version: ScoringRules) -> dict:
    return {
        "id": version.pk,
        "congress_id": version.congress_id,
        "version": version.version,
        "effective_year": version.effective_year,
        "title": version.title,
        "note": version.note,
        "data": version.data,
        "created_at": version.created_at,
        "created_by": str(version.created_by or ""),
    }


def _correction_out(c: ScoreCorrection) -> dict:
    return {
        "id": c.pk,
        "score_id": c.score_id,
        "deputy_id": c.deputy_id,
        "deputy_name": c.deputy.name,
        "year": c.score.year,
        "kind": c.kind,
        "reason": c.reason,
        "status": c.status,
        "status_label": c.get_status_display(),
        "points": c.points,
        "decision": c.decision,
        "created_at": c.created_at,
        "decided_at": c.decided_at,
    }


def _alert_out(a: DutyAlert) -> dict:
    return {
        "id": a.pk,
        "congress_id": a.congress_id,
        "deputy_id": a.deputy_id,
        "deputy_name": a.deputy.name,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "year": a.year,
        "detail": a.detail,
        "status": a.status,
        "status_label": a.get_status_display(),
        "handled_note": a.handled_note,
        "handled_at": a.handled_at,
        "created_at": a.created_at,
    }


def _year_out(score_year: ScoreYear, period: str | None = None) -> dict:
    scores = DutyScore.objects.filter(
        congress_id=score_year.congress_id, year=score_year.year
    )
    if period:
        scores = scores.filter(period=period)
    return {
        "congress_id": score_year.congress_id,
        "year": score_year.year,
        "status": score_year.status,
        "status_label": score_year.get_status_display(),
        "rules_id": score_year.rules_id,
        "corrections_until": score_year.corrections_until,
        "closed_at": score_year.closed_at,
        "deputies": scores.values("deputy_id").distinct().count(),
    }


def my_score_out(item) -> dict:
    score = item.score
    return {
        "id": score.pk,
        "congress_id": score.congress_id,
        "year": score.year,
        "period": score.period,
        "period_label": item.period_label,
        "total": score.total,
        "band": score.band,
        "minimums_met": score.minimums_met,
        "final": score.final,
        "base": item.base,
        "adjustment": item.adjustment,
        "lines": [line.__dict__ for line in item.lines],
        "missing": item.missing,
        "corrections": [_correction_out(c) for c in item.corrections],
        "can_ask": item.can_ask,
        "corrections_until": item.corrections_until,
    }


def row_out(row, preview: bool) -> dict:
    return {**row.__dict__, "preview": preview}


# Rules ---------------------------------------------------------------------------------


@router.get(
    "/rules",
    response={200: list[DutyRulesOut], **DETAIL_ERRORS},
    summary="积分规则版本",
    description="人大的全部积分规则版本，最新的在前（工作人员、班子成员）。",
)
def rules_list_api(request, filters: Query[DutyRulesQuery]):
    _staff(request.auth)
    congress = sel.get_score_congress(request.auth, filters.congress)
    return [_rules_out(v) for v in sel.rules_list(request.auth, congress)]


@router.get(
    "/rules/{int:rules_id}",
    response={200: DutyRulesOut, **DETAIL_ERRORS},
    summary="积分规则（一个版本）",
    description="一个版本的积分规则；不可查看的 404。",
)
def rules_detail_api(
    request, rules_id: int = Path(..., ge=1, le=MAX_ID, description="规则编号")
):
    _staff(request.auth)
    return _rules_out(sel.get_rules_for_user(request.auth, rules_id))


@router.post(
    "/rules",
    response={201: DutyRulesOut, **WRITE_ERRORS},
    summary="修订积分规则（新版本，工作人员）",
    description="保存为新版本，自起始年度起适用；起始年度不得早于或等于已定稿的年度。",
)
def rules_create_api(request, payload: DutyRulesIn):
    _staff(request.auth)
    congress = sel.get_score_congress(request.auth, payload.congress)
    version = services.rules_save(
        congress=congress,
        data=payload.data,
        effective_year=payload.effective_year,
        title=payload.title,
        note=payload.note,
        actor=request.auth,
    )
    return Status(201, _rules_out(version))


# Scores ---------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[DutyScoreRowOut], **DETAIL_ERRORS},
    summary="履职积分排名",
    description="一个人大某年度某期间的积分排名（已公布的快照；尚未公布时为实时预览，"
    "preview=true），按所选范围（全体、代表团、代表小组、联络站）排名。工作人员、班子成员可查。",
)
@paginate(PagePagination)
def score_list_api(request, filters: Query[DutyScoreQuery]):
    _staff(request.auth)
    ranking = sel.score_list(
        request.auth,
        sel.ScoreFilters(
            congress=filters.congress,
            year=filters.year,
            period=filters.period.value if filters.period else "",
            grouping=filters.grouping.value,
            delegation=filters.delegation,
            group=filters.group,
            station=filters.station,
            band=filters.band,
            q=filters.q,
        ),
    )
    return [row_out(row, ranking.preview) for row in ranking.rows]


@router.get(
    "/me",
    response={200: DutyMyScoresOut, **READ_ERRORS},
    summary="我的履职积分",
    description="代表本人已公布的各期积分：明细（次数×分值=得分，上限）、"
    "未达到的最低履职要求、更正申请；其他角色 403。",
)
def my_scores_api(request):
    if not can_use_my_duty(request.auth):
        raise PermissionDenied("只有代表本人可以查看自己的履职积分。")
    deputy = sel.deputy_for_user(request.auth)
    return {
        "deputy_id": deputy.pk,
        "deputy_name": deputy.name,
        "scores": [my_score_out(s) for s in sel.deputy_scores(request.auth, deputy)],
    }


@router.post(
    "/publish",
    response={200: DutyScoreYearOut, **WRITE_ERRORS},
    summary="公布积分（工作人员）",
    description="公布某年度一个季度（自1月起累计）或全年的积分，逐一通知代表；"
    "年度未定稿时重新公布同一季度将替换快照。公布全年后开放更正申请。",
)
def publish_api(request, payload: ScorePublishIn):
    _staff(request.auth)
    congress = sel.get_score_congress(request.auth, payload.congress)
    score_year = services.scores_publish(
        congress=congress,
        year=payload.year,
        period=payload.period.value,
        actor=request.auth,
    )
    return _year_out(score_year, payload.period.value)


@router.post(
    "/close",
    response={200: DutyScoreYearOut, **WRITE_ERRORS},
    summary="年度积分定稿（工作人员）",
    description="更正申请处理完毕后定稿：最后一次按该年度规则重算全年积分并标记为定稿，"
    "此后不再重算。",
)
def close_api(request, payload: ScoreYearCloseIn):
    _staff(request.auth)
    congress = sel.get_score_congress(request.auth, payload.congress)
    score_year = services.year_close(
        congress=congress, year=payload.year, actor=request.auth
    )
    return _year_out(score_year, ScorePeriod.YEAR)


# Corrections -------------------------------------------------------------------------------


@router.get(
    "/corrections",
    response={200: list[ScoreCorrectionOut], **DETAIL_ERRORS},
    summary="积分更正申请",
    description="人大的积分更正申请，最新的在前（工作人员、班子成员）。",
)
@paginate(PagePagination)
def correction_list_api(request, filters: Query[ScoreCorrectionQuery]):
    _staff(request.auth)
    congress = sel.get_score_congress(request.auth, filters.congress)
    rows = sel.correction_list(
        request.auth,
        congress,
        status=filters.status.value if filters.status else "",
    )
    return [_correction_out(c) for c in rows]


@router.post(
    "/corrections",
    response={201: ScoreCorrectionOut, **WRITE_ERRORS},
    summary="申请更正年度积分（代表本人）",
    description="代表本人对已公布的年度积分提出更正申请，须在更正截止日期前，"
    "同一时间只能有一项待处理的申请；他人的积分 404。",
)
def correction_create_api(request, payload: ScoreCorrectionIn):
    if not can_use_my_duty(request.auth):
        raise PermissionDenied("只有代表本人可以申请更正履职积分。")
    score = sel.get_own_score(request.auth, payload.score)
    correction = services.correction_ask(
        score=score, reason=payload.reason, kind=payload.kind, actor=request.auth
    )
    return Status(201, _correction_out(correction))


@router.get(
    "/corrections/{int:correction_id}",
    response={200: ScoreCorrectionOut, **DETAIL_ERRORS},
    summary="一项积分更正申请",
    description="申请的代表本人、人大的工作人员和班子成员可查；其他 404。",
)
def correction_detail_api(
    request, correction_id: int = Path(..., ge=1, le=MAX_ID, description="申请编号")
):
    return _correction_out(sel.get_correction_for_user(request.auth, correction_id))


@router.post(
    "/corrections/{int:correction_id}/decide",
    response={200: ScoreCorrectionOut, **WRITE_ERRORS},
    summary="处理积分更正申请（工作人员）",
    description="同意（填写不为 0 的调整分值和处理意见，重算该代表的年度积分）或不予更正。",
)
def correction_decide_api(
    request,
    payload: ScoreCorrectionDecideIn,
    correction_id: int = Path(..., ge=1, le=MAX_ID, description="申请编号"),
):
    correction = sel.get_correction_for_user(request.auth, correction_id)
    if not manages_duty(request.auth, correction.score.congress_id):
        raise PermissionDenied("您无权处理该更正申请。")
    decided = services.correction_decide(
        correction=correction,
        accept=payload.accept,
        points=payload.points,
        decision=payload.decision,
        actor=request.auth,
    )
    return _correction_out(sel.get_correction_for_user(request.auth, decided.pk))


# Alerts ----------------------------------------------------------------------------------


@router.get(
    "/alerts",
    response={200: list[DutyAlertOut], **DETAIL_ERRORS},
    summary="履职提示",
    description="连续两年积分不合格、两次未经批准不出席代表大会会议的提示（工作人员、班子成员）；"
    "提示不终止代表资格。",
)
@paginate(PagePagination)
def alert_list_api(request, filters: Query[DutyAlertQuery]):
    _staff(request.auth)
    congress = sel.get_score_congress(request.auth, filters.congress)
    rows = sel.alert_list(
        request.auth, congress, status=filters.status.value if filters.status else ""
    )
    return [_alert_out(a) for a in rows]


@router.post(
    "/alerts/{int:alert_id}/handle",
    response={200: DutyAlertOut, **WRITE_ERRORS},
    summary="处理履职提示（工作人员）",
    description="记录代表工作委员会的处理情况；已处理的 409。",
)
def alert_handle_api(
    request,
    payload: DutyAlertHandleIn,
    alert_id: int = Path(..., ge=1, le=MAX_ID, description="提示编号"),
):
    alert = sel.get_alert_for_user(request.auth, alert_id)
    if not manages_duty(request.auth, alert.congress_id):
        raise PermissionDenied("您无权处理该履职提示。")
    handled = services.alert_handle(alert=alert, note=payload.note, actor=request.auth)
    return _alert_out(sel.get_alert_for_user(request.auth, handled.pk))
