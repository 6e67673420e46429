"""/api/v1/supervision/items: supervision items, their people, visits, documents and
the work-report clock.

Lists are scoped to the user (``permissions.item_visibility_q``) and filtered as
the pages are (``selectors.items.ItemFilters``); an item outside the scope is
404; writes go through the services (403 for who may not, 409 for a wrong
state, 400 naming the field for bad input).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from renda.congresses.models import Congress
from renda.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    ErrorOut,
    Id,
    InvalidParameter,
    PagePagination,
    text,
)
from renda.core.dates import EventDate, FilterDate

from ..models import Participant, SiteVisit, SupervisionItem, Theme, WorkingGroup
from ..permissions import can_use_supervision
from ..selectors import items as selectors
from ..services import items as services

router = Router()

CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}


def _require(user) -> None:
    if not can_use_supervision(user):
        raise PermissionDenied("您无权查看监督工作。")


# Schemas ---------------------------------------------------------------------------


class SupervisionItemQuery(Schema):
    congress: Id | None = Field(None, description="人大编号")
    year: int | None = Field(None, ge=1979, le=2100, description="年度")
    kind: text(40) = Field(
        "", description="监督方式（SupervisionKind），未知值视为全部"
    )
    theme: Id | None = Field(None, description="主题编号")
    unit: Id | None = Field(None, description="被监督机关编号")
    status: text(20) = Field("", description="状态（ItemStatus），未知值视为全部")
    q: text(50) = Field("", description="按议题名称查找")


class SupervisionItemOut(Schema):
    id: int
    congress: int
    year: int
    kind: str
    kind_label: str
    subtype: str
    title: str
    summary: str
    status: str
    status_label: str
    planned_month: int | None
    meeting_date: dt.date | None
    meeting_name: str
    written_review: bool = Field(description="书面审议")
    done_on: dt.date | None
    published_at: dt.datetime | None
    closed_at: dt.datetime | None
    cancel_reason: str
    themes: list[int]
    target_units: list[int]
    lead_committee: int | None
    leaders: list[int]
    follows: int | None

    @staticmethod
    def resolve_congress(obj) -> int:
        return obj.congress_id

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_themes(obj) -> list[int]:
        return [t.pk for t in obj.themes.all()]

    @staticmethod
    def resolve_target_units(obj) -> list[int]:
        return [u.pk for u in obj.target_units.all()]

    @staticmethod
    def resolve_lead_committee(obj):
        return obj.lead_committee_id

    @staticmethod
    def resolve_leaders(obj) -> list[int]:
        return [m.pk for m in obj.leaders.all()]

    @staticmethod
    def resolve_follows(obj):
        return obj.follows_id


class SupervisionClockStepOut(Schema):
    step: str
    label: str
    due: dt.date
    provisional: bool = Field(description="节假日安排未知时为暂定")
    done_on: dt.date | None
    state: str = Field(
        description="done 按期完成、late 逾期完成、due 待完成、missed 已逾期"
    )
    state_label: str


class SupervisionTimelineOut(Schema):
    kind: str
    label: str
    text: str
    at: dt.datetime
    actor: str


class SupervisionParticipantOut(Schema):
    id: int
    role: str
    role_label: str
    name: str
    title: str
    attendance: str
    attendance_label: str
    leave_reason: str
    working_group_id: int | None


class SupervisionWorkingGroupOut(Schema):
    id: int
    name: str
    leader: int | None
    leader_name: str
    regions: list[int]

    @staticmethod
    def resolve_leader(obj):
        return obj.leader_id

    @staticmethod
    def resolve_leader_name(obj) -> str:
        return obj.leader.deputy.name if obj.leader_id else ""

    @staticmethod
    def resolve_regions(obj) -> list[int]:
        return [r.pk for r in obj.regions.all()]


class SupervisionSiteVisitOut(Schema):
    id: int
    date: dt.date
    place: str
    summary: str
    working_group: int | None
    participants: list[int]

    @staticmethod
    def resolve_working_group(obj):
        return obj.working_group_id

    @staticmethod
    def resolve_participants(obj) -> list[int]:
        return [p.pk for p in obj.participants.all()]


class SupervisionDocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    version: int
    title: str
    text: str
    note: str
    file_name: str
    has_file: bool
    published_at: dt.datetime | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_has_file(obj) -> bool:
        return bool(obj.file)


class SupervisionItemDetailOut(SupervisionItemOut):
    actions: list[str] = Field(description="您现在可以进行的操作")
    clock: list[SupervisionClockStepOut] | None = Field(
        description="专项工作报告的时间节点（未定审议会议日期时为空）"
    )
    timeline: list[SupervisionTimelineOut]
    participants: list[SupervisionParticipantOut]
    working_groups: list[SupervisionWorkingGroupOut]
    site_visits: list[SupervisionSiteVisitOut]
    documents: list[SupervisionDocumentOut]
    close_blockers: list[str] = Field(description="办结前尚需完成的事项")
    follow_ups: list[int]


class SupervisionItemIn(Schema):
    congress: Id
    year: int
    kind: str
    title: str
    subtype: str = ""
    summary: str = ""
    themes: list[Id] = []
    target_units: list[Id] = []
    lead_committee: Id | None = None
    leaders: list[Id] = []
    planned_month: int | None = None
    meeting_date: FilterDate | None = None
    meeting_name: str = ""
    written_review: bool = False
    follows: Id | None = Field(None, description="跟踪监督的原议题")


class SupervisionItemPatchIn(Schema):
    title: str | None = None
    subtype: str | None = None
    summary: str | None = None
    themes: list[Id] | None = None
    target_units: list[Id] | None = None
    lead_committee: Id | None = None
    leaders: list[Id] | None = None
    planned_month: int | None = None
    meeting_date: FilterDate | None = None
    meeting_name: str | None = None
    written_review: bool | None = None


class SupervisionCompleteIn(Schema):
    done_on: EventDate
    meeting_name: str | None = None


class SupervisionCancelIn(Schema):
    reason: str


class SupervisionPersonIn(Schema):
    role: str = Field(
        description="STAFF 工作人员、EXPERT 专家、OFFICIAL 被监督机关负责人"
    )
    name: str
    title: str = ""


class SupervisionInviteIn(Schema):
    members: list[Id] = Field([], description="本级常委会组成人员编号")
    deputies: list[Id] = Field([], description="代表编号（五级人大代表均可）")
    people: list[SupervisionPersonIn] = []
    working_group: Id | None = None


class SupervisionAttendanceIn(Schema):
    attendance: str = Field(description="ATTENDED 参加、LEAVE 请假、ABSENT 缺席")
    reason: str = ""


class SupervisionWorkingGroupIn(Schema):
    name: str
    leader: Id | None = None
    regions: list[Id] = []


class SupervisionSiteVisitIn(Schema):
    date: EventDate
    place: str
    summary: str = ""
    participants: list[Id] = []
    working_group: Id | None = None


class SupervisionDocumentIn(Schema):
    kind: str
    title: str
    text: str = ""
    note: str = ""


class SupervisionMilestoneIn(Schema):
    step: str
    done_on: EventDate
    note: str = ""


class SupervisionThemeQuery(Schema):
    congress: Id


class SupervisionThemeIn(Schema):
    congress: Id
    name: str
    rank: int = 100


class SupervisionThemeOut(Schema):
    id: int
    congress: int
    name: str
    rank: int

    @staticmethod
    def resolve_congress(obj) -> int:
        return obj.congress_id


# Helpers ---------------------------------------------------------------------------


def _one_item(item_id: int) -> SupervisionItem:
    return (
        SupervisionItem.objects.select_related("congress")
        .prefetch_related("themes", "target_units", "leaders")
        .get(pk=item_id)
    )


class _Detail:
    """An item seen through its detail: the item's fields plus what the detail computed."""

    def __init__(self, detail: selectors.ItemDetail):
        self._item = detail.item
        self.actions = detail.actions
        self.clock = detail.clock
        self.timeline = detail.timeline
        self.participants = detail.participants
        self.working_groups = detail.working_groups
        self.site_visits = detail.visits
        self.documents = detail.documents
        self.close_blockers = detail.close_blockers
        self.follow_ups = [f.pk for f in detail.follow_ups]

    def __getattr__(self, name):
        return getattr(self._item, name)


def _detail(request, item_id: int):
    return _Detail(selectors.item_detail(request.auth, item_id))


def _item(request, item_id: int) -> SupervisionItem:
    _require(request.auth)
    return selectors.get_item_for_user(request.auth, item_id)


def _congress(congress_id: int) -> Congress:
    congress = Congress.objects.select_related("region").filter(pk=congress_id).first()
    if congress is None:
        raise InvalidParameter("该人大不存在。", field="congress")
    return congress


# Items -----------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[SupervisionItemOut], **READ_ERRORS},
    summary="监督事项列表",
    description=(
        "您有权查看的监督事项，筛选与页面相同：工作人员、领导和常委会组成人员看到本级"
        "（及下级）人大的；被监督机关看到交给本单位的；代表看到受邀参加的和已公开的。"
    ),
)
@paginate(PagePagination)
def item_list(request, filters: Query[SupervisionItemQuery]):
    _require(request.auth)
    return selectors.item_list(
        request.auth, selectors.ItemFilters.from_query(filters.dict())
    )


@router.post(
    "",
    response={201: SupervisionItemOut, **CREATE_ERRORS},
    summary="登记监督事项",
    description="本级常委会工作人员登记监督事项（计划中）。",
)
def item_create(request, payload: SupervisionItemIn):
    _require(request.auth)
    congress = _congress(payload.congress)
    follows = None
    if payload.follows is not None:
        follows = (
            selectors.items_visible_to(request.auth)
            .filter(pk=payload.follows, congress=congress)
            .first()
        )
        if follows is None:
            raise InvalidParameter(
                "跟踪监督的原议题不存在或不属于本人大。", field="follows"
            )
    item = services.item_create(
        congress=congress,
        year=payload.year,
        kind=payload.kind,
        title=payload.title,
        subtype=payload.subtype,
        summary=payload.summary,
        theme_ids=payload.themes,
        target_unit_ids=payload.target_units,
        lead_committee_id=payload.lead_committee,
        leader_ids=payload.leaders,
        planned_month=payload.planned_month,
        meeting_date=payload.meeting_date,
        meeting_name=payload.meeting_name,
        written_review=payload.written_review,
        follows=follows,
        actor=request.auth,
    )
    return Status(201, _one_item(item.pk))


@router.get(
    "/themes",
    response={200: list[SupervisionThemeOut], **READ_ERRORS},
    summary="监督主题",
    description="一个人大的监督主题（用于筛选和归类监督事项）。",
)
def theme_list(request, filters: Query[SupervisionThemeQuery]):
    _require(request.auth)
    return list(Theme.objects.filter(congress_id=filters.congress))


@router.post(
    "/themes",
    response={201: SupervisionThemeOut, **CREATE_ERRORS},
    summary="新增监督主题",
    description="本级常委会工作人员新增主题；同名 409。",
)
def theme_create(request, payload: SupervisionThemeIn):
    _require(request.auth)
    theme = services.theme_create(
        congress=_congress(payload.congress),
        name=payload.name,
        rank=payload.rank,
        actor=request.auth,
    )
    return Status(201, theme)


@router.get(
    "/{item_id}",
    response={200: SupervisionItemDetailOut, **DETAIL_ERRORS},
    summary="监督事项详情",
    description=(
        "一个监督事项：时间线、专项工作报告时间节点、参加人员（不含电话）、工作组、"
        "实地视察检查、材料（未公开的仅本级人大可见）、办结前尚需、可进行的操作。"
    ),
)
def item_get(request, item_id: Id):
    _require(request.auth)
    return _detail(request, item_id)


@router.patch(
    "/{item_id}",
    response={200: SupervisionItemDetailOut, **WRITE_ERRORS},
    summary="修改监督事项",
    description="修改给出的字段；办结或取消后 409。",
)
def item_update(request, item_id: Id, payload: SupervisionItemPatchIn):
    item = _item(request, item_id)
    services.item_update(
        item=item, actor=request.auth, **payload.dict(exclude_unset=True)
    )
    return _detail(request, item_id)


@router.post(
    "/{item_id}/start",
    response={200: SupervisionItemDetailOut, **WRITE_ERRORS},
    summary="开始实施",
)
def item_start(request, item_id: Id):
    services.item_start(item=_item(request, item_id), actor=request.auth)
    return _detail(request, item_id)


@router.post(
    "/{item_id}/complete",
    response={200: SupervisionItemDetailOut, **WRITE_ERRORS},
    summary="登记完成（听取审议、检查结束、通过等）",
)
def item_complete(request, item_id: Id, payload: SupervisionCompleteIn):
    services.item_complete(
        item=_item(request, item_id),
        done_on=payload.done_on,
        meeting_name=payload.meeting_name,
        actor=request.auth,
    )
    return _detail(request, item_id)


@router.post(
    "/{item_id}/cancel",
    response={200: SupervisionItemDetailOut, **WRITE_ERRORS},
    summary="取消监督事项",
)
def item_cancel(request, item_id: Id, payload: SupervisionCancelIn):
    services.item_cancel(
        item=_item(request, item_id), reason=payload.reason, actor=request.auth
    )
    return _detail(request, item_id)


@router.post(
    "/{item_id}/close",
    response={200: SupervisionItemDetailOut, **WRITE_ERRORS},
    summary="办结",
    description=(
        "事项及其报告、审议意见、研究处理情况报告均已公开，审议意见均已办结后方可办结；"
        "否则 409，blockers 列出尚需完成的事项。"
    ),
)
def item_close(request, item_id: Id):
    services.item_close(item=_item(request, item_id), actor=request.auth)
    return _detail(request, item_id)


# Participants ------------------------------------------------------------------------


@router.get(
    "/{item_id}/participants",
    response={200: list[SupervisionParticipantOut], **DETAIL_ERRORS},
    summary="参加人员",
)
def participant_list(request, item_id: Id):
    _require(request.auth)
    return selectors.item_detail(request.auth, item_id).participants


@router.post(
    "/{item_id}/participants",
    response={201: list[SupervisionParticipantOut], **WRITE_ERRORS},
    summary="邀请参加人员",
    description="邀请本级常委会组成人员、各级人大代表及工作人员、专家等；已在名单中 409。",
)
def participant_invite(request, item_id: Id, payload: SupervisionInviteIn):
    item = _item(request, item_id)
    services.participants_invite(
        item=item,
        actor=request.auth,
        member_ids=payload.members,
        deputy_ids=payload.deputies,
        people=[p.dict() for p in payload.people],
        working_group_id=payload.working_group,
    )
    return Status(201, selectors.item_detail(request.auth, item_id).participants)


def _participant(request, item_id, participant_id) -> Participant:
    item = _item(request, item_id)
    return selectors.get_participant_for_user(request.auth, item, participant_id)


@router.post(
    "/{item_id}/participants/{participant_id}/attendance",
    response={200: list[SupervisionParticipantOut], **WRITE_ERRORS},
    summary="登记出席情况",
)
def participant_attendance(
    request, item_id: Id, participant_id: Id, payload: SupervisionAttendanceIn
):
    services.participant_attendance_set(
        participant=_participant(request, item_id, participant_id),
        attendance=payload.attendance,
        reason=payload.reason,
        actor=request.auth,
    )
    return selectors.item_detail(request.auth, item_id).participants


@router.post(
    "/{item_id}/participants/{participant_id}/remove",
    response={200: list[SupervisionParticipantOut], **WRITE_ERRORS},
    summary="移除参加人员",
)
def participant_remove(request, item_id: Id, participant_id: Id):
    services.participant_remove(
        participant=_participant(request, item_id, participant_id), actor=request.auth
    )
    return selectors.item_detail(request.auth, item_id).participants


# Working groups, site visits --------------------------------------------------------


@router.get(
    "/{item_id}/working-groups",
    response={200: list[SupervisionWorkingGroupOut], **DETAIL_ERRORS},
    summary="监督工作组",
)
def working_group_list(request, item_id: Id):
    _require(request.auth)
    return selectors.item_detail(request.auth, item_id).working_groups


@router.post(
    "/{item_id}/working-groups",
    response={201: SupervisionWorkingGroupOut, **WRITE_ERRORS},
    summary="组建监督工作组",
    description="带队领导为本级常委会组成人员，前往地区在本级人大区域内。",
)
def working_group_create(request, item_id: Id, payload: SupervisionWorkingGroupIn):
    group = services.working_group_create(
        item=_item(request, item_id),
        name=payload.name,
        leader_id=payload.leader,
        region_ids=payload.regions,
        actor=request.auth,
    )
    return Status(
        201,
        WorkingGroup.objects.select_related("leader__deputy")
        .prefetch_related("regions")
        .get(pk=group.pk),
    )


@router.get(
    "/{item_id}/site-visits",
    response={200: list[SupervisionSiteVisitOut], **DETAIL_ERRORS},
    summary="实地视察检查",
)
def site_visit_list(request, item_id: Id):
    _require(request.auth)
    return selectors.item_detail(request.auth, item_id).visits


@router.post(
    "/{item_id}/site-visits",
    response={201: SupervisionSiteVisitOut, **WRITE_ERRORS},
    summary="登记实地视察检查",
)
def site_visit_create(request, item_id: Id, payload: SupervisionSiteVisitIn):
    visit = services.site_visit_record(
        item=_item(request, item_id),
        date=payload.date,
        place=payload.place,
        summary=payload.summary,
        participant_ids=payload.participants,
        working_group_id=payload.working_group,
        actor=request.auth,
    )
    return Status(
        201, SiteVisit.objects.prefetch_related("participants").get(pk=visit.pk)
    )


# Documents ---------------------------------------------------------------------------


@router.get(
    "/{item_id}/documents",
    response={200: list[SupervisionDocumentOut], **DETAIL_ERRORS},
    summary="材料",
    description="未公开的材料（报告稿、纪要等）仅本级人大的工作人员、领导和组成人员可见。",
)
def document_list(request, item_id: Id):
    _require(request.auth)
    return selectors.item_detail(request.auth, item_id).documents


@router.post(
    "/{item_id}/documents",
    response={201: SupervisionDocumentOut, **WRITE_ERRORS},
    summary="添加材料（正文）",
    description="同一类材料再次添加即为新版本（版本号加一）。附件请在页面上传。",
)
def document_add(request, item_id: Id, payload: SupervisionDocumentIn):
    document = services.document_add(
        item=_item(request, item_id),
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        note=payload.note,
        actor=request.auth,
    )
    return Status(201, document)


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@router.post(
    "/{item_id}/documents/upload",
    response={201: SupervisionDocumentOut, **WRITE_ERRORS},
    summary="上传材料（附件）",
    description=(
        "multipart/form-data：字段 kind、title、text（可空）、note（可空）和文件 file"
        "（不超过 20MB）。同一类材料再次上传即为新版本。"
    ),
)
def document_upload(
    request,
    item_id: Id,
    kind: Form[str],
    title: Form[str],
    text: Form[str] = "",
    note: Form[str] = "",
    file: File[UploadedFile] = None,
):
    item = _item(request, item_id)
    if file is not None and file.size > MAX_UPLOAD_BYTES:
        raise InvalidParameter("附件不能超过 20MB。", field="file")
    document = services.document_add(
        item=item,
        kind=kind,
        title=title,
        text=text,
        note=note,
        file=file,
        actor=request.auth,
    )
    return Status(201, document)


@router.post(
    "/{item_id}/documents/{document_id}/remove",
    response={200: list[SupervisionDocumentOut], **WRITE_ERRORS},
    summary="删除材料",
    description="只能删除未公开的最新版本；否则 409。",
)
def document_remove(request, item_id: Id, document_id: Id):
    item = _item(request, item_id)
    document = selectors.get_document_for_user(request.auth, document_id)
    if document.item_id != item.pk:
        raise InvalidParameter("该材料不属于本监督事项。", field="document_id")
    services.document_remove(document=document, actor=request.auth)
    return selectors.item_detail(request.auth, item_id).documents


# The work-report clock --------------------------------------------------------------


@router.get(
    "/{item_id}/milestones",
    response={200: list[SupervisionClockStepOut], **DETAIL_ERRORS},
    summary="专项工作报告时间节点",
    description="按审议会议日期倒推的各环节期限及完成情况；非专项工作报告或未定会议日期时为空。",
)
def milestone_list(request, item_id: Id):
    _require(request.auth)
    return selectors.item_detail(request.auth, item_id).clock or []


@router.post(
    "/{item_id}/milestones",
    response={200: list[SupervisionClockStepOut], **WRITE_ERRORS},
    summary="登记报告环节完成",
    description="再次登记同一环节即更正其完成日期。",
)
def milestone_record(request, item_id: Id, payload: SupervisionMilestoneIn):
    services.milestone_record(
        item=_item(request, item_id),
        step=payload.step,
        done_on=payload.done_on,
        note=payload.note,
        actor=request.auth,
    )
    return selectors.item_detail(request.auth, item_id).clock or []
