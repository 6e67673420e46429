"""Writes of supervision items: create, lifecycle, people, visits, documents, clock.

Each service checks permission first (``PermissionDenied``), then the input
(``ApplicationError`` naming the field), writes in one transaction, records one
timeline event (which writes the audit row) and schedules its notices after
the commit.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from renda.congresses.models import Committee, CommitteeMember
from renda.core.errors import ApplicationError, Conflict
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.deputies.models import Deputy
from renda.regions.models import Region
from renda.units.models import HandlingUnit

from ..choices import (
    Attendance,
    DocumentKind,
    ItemStatus,
    ParticipantRole,
    SupervisionKind,
    WorkReportStep,
    WorkReportSubtype,
)
from ..events import items as item_events
from ..models import (
    ItemDocument,
    Participant,
    SiteVisit,
    SupervisionItem,
    Theme,
    WorkingGroup,
    WorkReportMilestone,
)
from ..notices import base as notices_base
from ..notices import items as item_notices
from ..permissions import can_manage_item, manages_congress
from .common import (
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    checked_file,
    clean_date,
    clean_month,
    clean_text,
    clean_year,
    denied,
    invalid,
    lock,
)


def _ids_of(model, ids, *, field: str, label: str, **filters):
    ids = list(dict.fromkeys(ids or []))
    if any(isinstance(pk, bool) or not isinstance(pk, int) for pk in ids):
        raise invalid(f"{label}应为编号列表。", field)
    found = list(model.objects.filter(pk__in=ids, **filters))
    if len(found) != len(ids):
        raise invalid(f"{label}中有不存在或不属于本人大的项。", field)
    return found


@transaction.atomic
def item_create(
    *,
    congress,
    year: int,
    kind: str,
    title: str,
    actor,
    subtype: str = "",
    summary: str = "",
    theme_ids=(),
    target_unit_ids=(),
    lead_committee_id: int | None = None,
    leader_ids=(),
    planned_month: int | None = None,
    meeting_date=None,
    meeting_name: str = "",
    written_review: bool = False,
    follows: SupervisionItem | None = None,
) -> SupervisionItem:
    """Create a supervision item of a congress (its staff), planned."""
    if not manages_congress(actor, congress.pk):
        raise denied()
    if kind not in SupervisionKind.values:
        raise invalid("请选择监督方式。", "kind")
    if subtype and kind != SupervisionKind.WORK_REPORT:
        raise invalid("只有专项工作报告可以选择报告类别。", "subtype")
    if subtype and subtype not in WorkReportSubtype.values:
        raise invalid("报告类别无效。", "subtype")
    if (
        lead_committee_id is not None
        and not Committee.objects.filter(
            pk=lead_committee_id, congress=congress
        ).exists()
    ):
        raise invalid("牵头委员会不存在或不属于本人大。", "lead_committee")
    item = SupervisionItem.objects.create(
        congress=congress,
        year=clean_year(year),
        kind=kind,
        subtype=subtype
        or (WorkReportSubtype.GENERAL if kind == SupervisionKind.WORK_REPORT else ""),
        title=clean_text(
            title, field="title", label="议题名称", max_length=TITLE_MAX_LENGTH
        ),
        summary=clean_text(summary, field="summary", label="内容摘要", required=False),
        lead_committee_id=lead_committee_id,
        planned_month=clean_month(planned_month),
        meeting_date=meeting_date,
        meeting_name=clean_text(
            meeting_name,
            field="meeting_name",
            label="审议会议",
            max_length=100,
            required=False,
        ),
        written_review=bool(written_review),
        follows=follows,
        status=ItemStatus.PLANNED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    item.themes.set(
        _ids_of(Theme, theme_ids, field="themes", label="主题", congress=congress)
    )
    item.target_units.set(
        _ids_of(HandlingUnit, target_unit_ids, field="target_units", label="被监督机关")
    )
    item.leaders.set(
        _ids_of(
            CommitteeMember,
            leader_ids,
            field="leaders",
            label="分管领导",
            standing_committee__term__congress=congress,
        )
    )
    item_events.item_created_event(item=item, actor=actor)
    return item


def _lock_item(item) -> SupervisionItem:
    return lock(SupervisionItem, item.pk)


@transaction.atomic
def item_start(*, item, actor) -> SupervisionItem:
    """Mark a planned item as under way (inspections, research, the report drafted)."""
    item = _lock_item(item)
    if not manages_congress(actor, item.congress_id):
        raise denied()
    changed = transition(item, "start")
    item.save(update_fields=[*changed, "updated_at"])
    item_events.item_started_event(item=item, actor=actor)
    return item


@transaction.atomic
def item_complete(
    *, item, done_on, actor, meeting_name: str | None = None
) -> SupervisionItem:
    """Record the kind's main step done on ``done_on`` (heard, inspected, adopted).

    The year's counts (statistics, the summary) are made by this day.
    """
    item = _lock_item(item)
    if not manages_congress(actor, item.congress_id):
        raise denied()
    done_on = clean_date(done_on, field="done_on", label="完成日期")
    changed = transition(item, "complete")
    item.done_on = done_on
    fields = [*changed, "done_on", "updated_at"]
    if meeting_name is not None:
        item.meeting_name = clean_text(
            meeting_name,
            field="meeting_name",
            label="审议会议",
            max_length=100,
            required=False,
        )
        fields.append("meeting_name")
    item.save(update_fields=fields)
    item_events.item_completed_event(item=item, actor=actor)
    return item


@transaction.atomic
def item_cancel(*, item, reason: str, actor) -> SupervisionItem:
    """Cancel a planned or running item, with the reason (e.g. a plan adjustment)."""
    item = _lock_item(item)
    if not manages_congress(actor, item.congress_id):
        raise denied()
    reason = clean_text(
        reason, field="reason", label="取消原因", max_length=REASON_MAX_LENGTH
    )
    changed = transition(item, "cancel")
    item.cancel_reason = reason
    item.save(update_fields=[*changed, "cancel_reason", "updated_at"])
    item_events.item_cancelled_event(item=item, actor=actor)
    return item


# Particulars ---------------------------------------------------------------------

UPDATABLE = {
    "title": "议题名称",
    "summary": "内容摘要",
    "subtype": "报告类别",
    "themes": "主题",
    "target_units": "被监督机关",
    "lead_committee": "牵头委员会",
    "leaders": "分管领导",
    "planned_month": "计划月份",
    "meeting_date": "审议会议日期",
    "meeting_name": "审议会议",
    "written_review": "书面审议",
}


def _managed(item) -> SupervisionItem:
    """Lock the item; the caller checks the actor right after."""
    return _lock_item(item)


def _check_manager(item, actor) -> None:
    if not can_manage_item(actor, item):
        raise denied()


def _editable(item, actor) -> SupervisionItem:
    item = _managed(item)
    _check_manager(item, actor)
    transition(item, "edit")
    return item


@transaction.atomic
def item_update(*, item, actor, **changes) -> SupervisionItem:
    """Change an item's particulars (its staff), while its state allows edits.

    ``changes`` names any of ``UPDATABLE`` (ids for themes, target_units,
    lead_committee, leaders); the others are left as they are.
    """
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise invalid(
            f"不能修改的字段：{'、'.join(sorted(unknown))}。", sorted(unknown)[0]
        )
    item = _editable(item, actor)
    congress = item.congress
    fields: list[str] = []
    labels: list[str] = []
    if "title" in changes:
        item.title = clean_text(
            changes["title"],
            field="title",
            label="议题名称",
            max_length=TITLE_MAX_LENGTH,
        )
        fields.append("title")
    if "summary" in changes:
        item.summary = clean_text(
            changes["summary"], field="summary", label="内容摘要", required=False
        )
        fields.append("summary")
    if "subtype" in changes:
        subtype = changes["subtype"] or ""
        if item.kind != SupervisionKind.WORK_REPORT:
            if subtype:
                raise invalid("只有专项工作报告可以选择报告类别。", "subtype")
        elif subtype not in WorkReportSubtype.values:
            raise invalid("报告类别无效。", "subtype")
        item.subtype = subtype
        fields.append("subtype")
    if "lead_committee" in changes:
        committee_id = changes["lead_committee"]
        if committee_id is not None and (
            isinstance(committee_id, bool)
            or not isinstance(committee_id, int)
            or not Committee.objects.filter(pk=committee_id, congress=congress).exists()
        ):
            raise invalid("牵头委员会不存在或不属于本人大。", "lead_committee")
        item.lead_committee_id = committee_id
        fields.append("lead_committee")
    if "planned_month" in changes:
        item.planned_month = clean_month(changes["planned_month"])
        fields.append("planned_month")
    if "meeting_date" in changes:
        item.meeting_date = clean_date(
            changes["meeting_date"],
            field="meeting_date",
            label="审议会议日期",
            kind="filter",
            required=False,
        )
        fields.append("meeting_date")
    if "meeting_name" in changes:
        item.meeting_name = clean_text(
            changes["meeting_name"],
            field="meeting_name",
            label="审议会议",
            max_length=100,
            required=False,
        )
        fields.append("meeting_name")
    if "written_review" in changes:
        if not isinstance(changes["written_review"], bool):
            raise invalid("书面审议应为是或否。", "written_review")
        item.written_review = changes["written_review"]
        fields.append("written_review")
    if fields:
        item.save(update_fields=[*fields, "updated_at"])
    if "themes" in changes:
        item.themes.set(
            _ids_of(
                Theme,
                changes["themes"],
                field="themes",
                label="主题",
                congress=congress,
            )
        )
        fields.append("themes")
    if "target_units" in changes:
        item.target_units.set(
            _ids_of(
                HandlingUnit,
                changes["target_units"],
                field="target_units",
                label="被监督机关",
            )
        )
        fields.append("target_units")
    if "leaders" in changes:
        item.leaders.set(
            _ids_of(
                CommitteeMember,
                changes["leaders"],
                field="leaders",
                label="分管领导",
                standing_committee__term__congress=congress,
            )
        )
        fields.append("leaders")
    labels = [UPDATABLE[name] for name in fields]
    if labels:
        item_events.item_updated_event(item=item, actor=actor, fields=labels)
    return item


@transaction.atomic
def theme_create(*, congress, name: str, actor, rank: int = 100) -> Theme:
    """Add a theme the congress's items are grouped by (its staff)."""
    if not manages_congress(actor, congress.pk):
        raise denied()
    name = clean_text(name, field="name", label="主题名称", max_length=60)
    if isinstance(rank, bool) or not isinstance(rank, int) or not 0 <= rank <= 1000:
        raise invalid("排序应为 0 到 1000 之间的整数。", "rank")
    if Theme.objects.filter(congress=congress, name=name).exists():
        raise Conflict("已有同名主题。", code="supervision.theme_exists", field="name")
    theme = Theme.objects.create(congress=congress, name=name, rank=rank)
    action_log_record(
        actor=actor,
        action="supervision.theme_created",
        target=theme,
        summary=f"新增监督主题：{name}",
        data={"congress": congress.pk},
    )
    return theme


# Participants ----------------------------------------------------------------------

PERSON_ROLES = (ParticipantRole.STAFF, ParticipantRole.EXPERT, ParticipantRole.OFFICIAL)


def participant_name(participant) -> str:
    if participant.member_id:
        return participant.member.deputy.name
    if participant.deputy_id:
        return participant.deputy.name
    return participant.name


def _group_of(item, group_id):
    if group_id is None:
        return None
    if isinstance(group_id, bool) or not isinstance(group_id, int):
        raise invalid("工作组应为编号。", "working_group")
    group = WorkingGroup.objects.filter(pk=group_id, item=item).first()
    if group is None:
        raise invalid("工作组不存在或不属于本监督事项。", "working_group")
    return group


@transaction.atomic
def participants_invite(
    *,
    item,
    actor,
    member_ids=(),
    deputy_ids=(),
    people=(),
    working_group_id: int | None = None,
) -> list[Participant]:
    """Invite members of the standing committee, deputies of any level, and named
    staff, experts or officials; optionally into a working group.

    ``people`` is a list of ``{"role": STAFF|EXPERT|OFFICIAL, "name": ..., "title": ...}``.
    Invited members and deputies with accounts are told after the commit.
    """
    item = _editable(item, actor)
    group = _group_of(item, working_group_id)
    members = _ids_of(
        CommitteeMember,
        member_ids,
        field="members",
        label="常委会组成人员",
        standing_committee__term__congress=item.congress,
    )
    deputies = _ids_of(Deputy, deputy_ids, field="deputies", label="代表")
    rows = []
    if not isinstance(people, list | tuple):
        raise invalid("其他人员应为列表。", "people")
    for person in people:
        if not isinstance(person, dict) or set(person) - {"role", "name", "title"}:
            raise invalid("其他人员应包含身份、姓名、单位职务。", "people")
        role = person.get("role")
        if role not in PERSON_ROLES:
            raise invalid(
                "其他人员的身份应为工作人员、专家或被监督机关负责人。", "people"
            )
        rows.append(
            Participant(
                item=item,
                working_group=group,
                role=role,
                name=clean_text(
                    person.get("name"), field="people", label="姓名", max_length=50
                ),
                title=clean_text(
                    person.get("title"),
                    field="people",
                    label="单位职务",
                    max_length=100,
                    required=False,
                ),
            )
        )
    if not (members or deputies or rows):
        raise invalid("请选择要邀请的人员。", "members")
    taken_members = set(
        item.participants.filter(member__in=members).values_list("member_id", flat=True)
    )
    taken_deputies = set(
        item.participants.filter(deputy__in=deputies).values_list(
            "deputy_id", flat=True
        )
    )
    if taken_members or taken_deputies:
        names = [m.deputy.name for m in members if m.pk in taken_members] + [
            d.name for d in deputies if d.pk in taken_deputies
        ]
        raise Conflict(
            f"{'、'.join(names)}已在参加人员中。",
            code="supervision.participant_exists",
            field="members" if taken_members else "deputies",
        )
    rows = [
        *(
            Participant(
                item=item, working_group=group, role=ParticipantRole.MEMBER, member=m
            )
            for m in members
        ),
        *(
            Participant(
                item=item, working_group=group, role=ParticipantRole.DEPUTY, deputy=d
            )
            for d in deputies
        ),
        *rows,
    ]
    try:
        with transaction.atomic():
            for row in rows:
                row.save()
    except IntegrityError:
        raise Conflict(
            "所选人员已在参加人员中。", code="supervision.participant_exists"
        ) from None
    names = [
        *(m.deputy.name for m in members),
        *(d.name for d in deputies),
        *(row.name for row in rows if row.name),
    ]
    item_events.participants_invited_event(
        item=item, actor=actor, names=names, group=group.name if group else ""
    )
    invited = [row.pk for row in rows if row.member_id or row.deputy_id]
    if invited:
        notices_base.schedule(
            item_notices.participants_invited, item.pk, invited, actor=actor
        )
    return rows


def _lock_participant(participant) -> Participant:
    return lock(Participant, participant.pk)


@transaction.atomic
def participant_attendance_set(
    *, participant, attendance: str, actor, reason: str = ""
) -> Participant:
    """Record whether a participant attended, was on leave (with the reason) or absent."""
    participant = _lock_participant(participant)
    _editable(participant.item, actor)
    if attendance not in (Attendance.ATTENDED, Attendance.LEAVE, Attendance.ABSENT):
        raise invalid("出席情况应为参加、请假或缺席。", "attendance")
    participant.attendance = attendance
    participant.leave_reason = (
        clean_text(reason, field="reason", label="请假事由", max_length=200)
        if attendance == Attendance.LEAVE
        else ""
    )
    participant.save(update_fields=["attendance", "leave_reason", "updated_at"])
    participant = Participant.objects.select_related(
        "item", "member__deputy", "deputy"
    ).get(pk=participant.pk)
    item_events.participant_attendance_event(
        participant=participant, actor=actor, name=participant_name(participant)
    )
    return participant


@transaction.atomic
def participant_remove(*, participant, actor) -> None:
    """Withdraw an invitation (before the participant took part in a visit)."""
    participant = _lock_participant(participant)
    item = _editable(participant.item, actor)
    if participant.site_visits.exists():
        raise Conflict(
            "该人员已参加实地视察检查，不能移除。",
            code="supervision.participant_in_visit",
        )
    participant = Participant.objects.select_related("member__deputy", "deputy").get(
        pk=participant.pk
    )
    name = participant_name(participant)
    participant.delete()
    item_events.participant_removed_event(item=item, actor=actor, name=name)


# Working groups and site visits --------------------------------------------------------


@transaction.atomic
def working_group_create(
    *, item, name: str, actor, leader_id: int | None = None, region_ids=()
) -> WorkingGroup:
    """Form a working group led by a member, sent to places in the congress's area."""
    item = _editable(item, actor)
    name = clean_text(name, field="name", label="工作组名称", max_length=100)
    leader = None
    if leader_id is not None:
        [leader] = _ids_of(
            CommitteeMember,
            [leader_id],
            field="leader",
            label="带队领导",
            standing_committee__term__congress=item.congress,
        )
    region_path = getattr(item.congress.region, "path", "") or "/"
    regions = _ids_of(
        Region,
        region_ids,
        field="regions",
        label="前往地区",
        path__startswith=region_path,
    )
    group = WorkingGroup.objects.create(item=item, name=name, leader=leader)
    group.regions.set(regions)
    item_events.working_group_created_event(
        group=group,
        actor=actor,
        leader=leader.deputy.name if leader else "",
        regions=[r.name for r in regions],
    )
    return group


@transaction.atomic
def site_visit_record(
    *,
    item,
    date,
    place: str,
    actor,
    summary: str = "",
    participant_ids=(),
    working_group_id: int | None = None,
    today: dt.date | None = None,
) -> SiteVisit:
    """Record a site visit: the day (not in the future), the place, who went."""
    item = _editable(item, actor)
    date = clean_date(date, field="date", label="日期")
    if date > (today or timezone.localdate()):
        raise invalid("日期不能晚于今天。", "date")
    place = clean_text(place, field="place", label="地点", max_length=200)
    summary = clean_text(summary, field="summary", label="情况", required=False)
    group = _group_of(item, working_group_id)
    people = _ids_of(
        Participant, participant_ids, field="participants", label="参加人员", item=item
    )
    visit = SiteVisit.objects.create(
        item=item, working_group=group, date=date, place=place, summary=summary
    )
    visit.participants.set(people)
    item_events.site_visit_recorded_event(visit=visit, actor=actor)
    return visit


# Documents ----------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    item,
    kind: str,
    title: str,
    actor,
    text: str = "",
    file=None,
    note: str = "",
) -> ItemDocument:
    """Add a document; a new document of the same kind is its next version."""
    item = _editable(item, actor)
    if kind not in DocumentKind.values:
        raise invalid("请选择材料类别。", "kind")
    title = clean_text(title, field="title", label="标题", max_length=TITLE_MAX_LENGTH)
    text = clean_text(text, field="text", label="正文", required=False)
    note = clean_text(
        note,
        field="note",
        label="版本说明",
        max_length=REASON_MAX_LENGTH,
        required=False,
    )
    if not text and not file:
        raise invalid("请填写正文或上传附件。", "text")
    upload, file_name = checked_file(file)
    latest = item.documents.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    document = ItemDocument(
        item=item,
        kind=kind,
        version=latest + 1,
        title=title,
        text=text,
        note=note,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if upload is not None:
        document.file_name = file_name
        document.file.save(file_name, upload, save=False)
    document.save()
    item_events.document_added_event(document=document, actor=actor)
    return document


@transaction.atomic
def document_remove(*, document, actor) -> None:
    """Remove a document's latest version, if it is not published."""
    document = lock(ItemDocument, document.pk)
    item = _editable(document.item, actor)
    if document.published_at is not None:
        raise Conflict("已公开的材料不能删除。", code="supervision.document_published")
    if item.documents.filter(kind=document.kind, version__gt=document.version).exists():
        raise Conflict(
            "只能删除该类材料的最新版本。", code="supervision.document_not_latest"
        )
    if document.file:
        document.file.delete(save=False)
    document.delete()
    item_events.document_removed_event(item=item, document=document, actor=actor)


# The work-report clock and closing -------------------------------------------------------


@transaction.atomic
def milestone_record(
    *, item, step: str, done_on, actor, note: str = "", today: dt.date | None = None
) -> WorkReportMilestone:
    """Record the day a step of a work report's clock was done (or correct it)."""
    item = _editable(item, actor)
    if item.kind != SupervisionKind.WORK_REPORT:
        raise invalid("只有专项工作报告登记报告环节。", "step")
    if step not in WorkReportStep.values:
        raise invalid("请选择报告环节。", "step")
    done_on = clean_date(done_on, field="done_on", label="完成日期")
    if done_on > (today or timezone.localdate()):
        raise invalid("完成日期不能晚于今天。", "done_on")
    note = clean_text(
        note, field="note", label="说明", max_length=REASON_MAX_LENGTH, required=False
    )
    milestone, _ = WorkReportMilestone.objects.update_or_create(
        item=item,
        step=step,
        defaults={
            "done_on": done_on,
            "note": note,
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    item_events.milestone_recorded_event(milestone=milestone, actor=actor)
    return milestone


class CloseBlocked(ApplicationError):
    code = "supervision.close_blocked"
    status = 409


@transaction.atomic
def item_close(*, item, actor, now=None) -> SupervisionItem:
    """Close an item once it and all it produced are published and concluded."""
    from ..selectors.items import close_blockers

    item = _managed(item)
    _check_manager(item, actor)
    changed = transition(item, "close")
    blockers = close_blockers(item)
    if blockers:
        raise CloseBlocked(
            "还不能办结：" + "；".join(blockers) + "。",
            field="status",
            extra={"blockers": blockers},
        )
    item.closed_at = now or timezone.now()
    item.save(update_fields=[*changed, "closed_at", "updated_at"])
    item_events.item_closed_event(item=item, actor=actor)
    return item
