"""Writes of the duty archive: attendance at plenary sessions (代表大会会议出席)
and activities outside Renda added by hand (履职记录补充), confirmed by staff."""

from __future__ import annotations

import datetime as dt
import os

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from renda.core.errors import ApplicationError
from renda.core.images import ImageRejected, reencoded_upload
from renda.core.state import transition
from renda.deputies.models import Deputy, Mandate

from .. import alerts, events, notices_archive, rules
from ..choices import (
    RECORD_KINDS,
    ArchiveKind,
    DutyEventKind,
    RecordStatus,
    SessionAttendanceStatus,
)
from ..models import DutyRecord, SessionAttendance
from ..permissions import is_deputy_self, manages_duty
from .common import audit, clean_choice, clean_text, denied, invalid

S = SessionAttendanceStatus

# Session attendance -----------------------------------------------------------


def session_half_days(session) -> int:
    """How many half days a session lasts (two a day, opening to closing)."""
    days = ((session.end_date or session.start_date) - session.start_date).days + 1
    return max(days, 1) * 2


def session_roll_deputies(session):
    """The deputies of the session's term whose mandate covered its opening day."""
    day = session.start_date
    return (
        Deputy.objects.filter(
            mandates__term=session.term, mandates__start_date__lte=day
        )
        .exclude(mandates__term=session.term, mandates__end_date__lt=day)
        .distinct()
        .order_by("stroke_key", "pk")
    )


def _half_days(value, *, field: str, label: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise invalid(f"{label}应为整数。", field)
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{label}应为整数。", field)
    number = value
    if number < 0:
        raise invalid(f"{label}不能为负数。", field)
    return number


def _clean_attendance(*, session, status, leave_half_days, absent_half_days, reason):
    """Check one row; return the values to store (ABSENT and LEAVE default to
    the whole session)."""
    status = clean_choice(status, S, field="status", label="出席情况")
    leave = _half_days(leave_half_days, field="leave_half_days", label="请假半天数")
    absent = _half_days(
        absent_half_days, field="absent_half_days", label="无故缺席半天数"
    )
    reason = clean_text(
        reason, field="reason", label="请假或缺席事由", max_length=200, required=False
    )
    whole = session_half_days(session)
    if status == S.PRESENT and (leave or absent):
        raise invalid("全程出席不应登记请假或缺席的半天数。", "status")
    if status == S.LEAVE:
        if absent:
            raise invalid(
                "请假（已批准）不应登记无故缺席；部分无故缺席请选择“部分出席”。",
                "absent_half_days",
            )
        leave = leave or whole
    if status == S.ABSENT:
        if leave:
            raise invalid(
                "未经批准缺席不应登记请假；部分请假请选择“部分出席”。",
                "leave_half_days",
            )
        absent = absent or whole
    if leave > whole:
        raise invalid(f"请假半天数不能超过会期（{whole}个半天）。", "leave_half_days")
    if absent > whole:
        raise invalid(
            f"无故缺席半天数不能超过会期（{whole}个半天）。", "absent_half_days"
        )
    if status == S.PARTIAL:
        if not (leave or absent):
            raise invalid("部分出席请填写请假或无故缺席的半天数。", "leave_half_days")
        if leave + absent >= whole:
            raise invalid(
                f"部分出席时请假与缺席合计应少于会期（{whole}个半天）；"
                "全部未出席请选择“请假”或“未经批准缺席”。",
                "absent_half_days",
            )
    if leave and not reason:
        raise invalid("请填写请假事由。", "reason")
    return status, leave, absent, reason


def _check_session(session, actor, today=None):
    if not manages_duty(actor, session.term.congress_id):
        raise denied("只有本级人大常委会工作人员可以登记代表大会会议出席情况。")
    today = today or timezone.localdate()
    if session.start_date > today:
        raise invalid("会议尚未开幕，不能登记出席情况。", "session")


def _write_attendance(
    *, session, deputy, status, leave, absent, reason, actor, row=None, locked=False
) -> tuple[SessionAttendance, bool]:
    """Create or correct one attendance row and add it to the duty timeline.
    The audit row is left to the caller (``_audit_attendance``), which writes it
    after every row lock of the transaction (decision 0017: audit rows last).
    ``locked`` says the caller has already locked the deputy's row (``row``, or
    None when there is none yet)."""
    if not locked:
        row = (
            SessionAttendance.objects.select_for_update()
            .filter(session=session, deputy=deputy)
            .first()
        )
    values = {
        "status": status,
        "leave_half_days": leave,
        "absent_half_days": absent,
        "reason": reason,
    }
    user = actor if getattr(actor, "is_authenticated", False) else None
    if row is None:
        row = SessionAttendance.objects.create(
            session=session, deputy=deputy, recorded_by=user, **values
        )
        changed = True
    else:
        fields = [k for k, v in values.items() if getattr(row, k) != v]
        changed = bool(fields)
        if changed:
            for key in fields:
                setattr(row, key, values[key])
            row.recorded_by = user
            row.save(update_fields=[*fields, "recorded_by", "updated_at"])
    if changed:
        events.record_event(
            DutyEventKind.ATTENDANCE,
            subject=row,
            actor=actor,
            deputy=deputy,
            congress=session.term.congress,
            session=str(session),
            status=row.get_status_display(),
        )
    return row, changed


def _audit_attendance(row: SessionAttendance, *, session, deputy, actor) -> None:
    audit(
        actor=actor,
        action="session_attendance",
        target=row,
        summary=f"{deputy.name} {session} {row.get_status_display()}",
        data={
            "status": row.status,
            "leave_half_days": row.leave_half_days,
            "absent_half_days": row.absent_half_days,
            "reason": row.reason,
        },
    )


def _check_deputy(session, deputy, field="deputy"):
    if not session_roll_deputies(session).filter(pk=deputy.pk).exists():
        raise invalid(f"{deputy.name}不是{session.term}的代表。", field)


@transaction.atomic
def session_attendance_record(
    *,
    session,
    deputy,
    status,
    leave_half_days=0,
    absent_half_days=0,
    reason="",
    actor,
    today: dt.date | None = None,
) -> SessionAttendance:
    """Record (or correct) a deputy's attendance at a plenary session; the same
    values again change nothing. Two sessions of a term missed without approval
    raise the committee's alert (never the end of the mandate)."""
    _check_session(session, actor, today)
    _check_deputy(session, deputy)
    status, leave, absent, reason = _clean_attendance(
        session=session,
        status=status,
        leave_half_days=leave_half_days,
        absent_half_days=absent_half_days,
        reason=reason,
    )
    row, changed = _write_attendance(
        session=session,
        deputy=deputy,
        status=status,
        leave=leave,
        absent=absent,
        reason=reason,
        actor=actor,
    )
    alerts.check_session_absences(deputy=deputy, term=session.term, actor=actor)
    if changed:
        _audit_attendance(row, session=session, deputy=deputy, actor=actor)
    return row


@transaction.atomic
def session_attendance_record_many(
    *, session, rows, actor, today: dt.date | None = None
) -> list[SessionAttendance]:
    """Record the roll of a session in one go: ``rows`` are dicts with
    ``deputy`` (or ``deputy_id``), ``status``, ``leave_half_days``,
    ``absent_half_days``, ``reason``. Every row is checked before any is
    written; an error names the deputy and the field (``rows.<n>.<field>``)."""
    _check_session(session, actor, today)
    if not isinstance(rows, list | tuple) or not rows:
        raise invalid("请填写出席情况。", "rows")
    roll = {d.pk: d for d in session_roll_deputies(session)}
    cleaned = []
    seen = set()
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise invalid("出席情况格式不正确。", f"rows.{index}")
        deputy = row.get("deputy")
        deputy_id = getattr(deputy, "pk", None) or row.get("deputy_id")
        if deputy_id not in roll:
            raise invalid(
                f"第{index + 1}行的代表不是{session.term}的代表。",
                f"rows.{index}.deputy_id",
            )
        if deputy_id in seen:
            raise invalid(
                f"{roll[deputy_id].name}重复登记。", f"rows.{index}.deputy_id"
            )
        seen.add(deputy_id)
        try:
            values = _clean_attendance(
                session=session,
                status=row.get("status"),
                leave_half_days=row.get("leave_half_days", 0),
                absent_half_days=row.get("absent_half_days", 0),
                reason=row.get("reason", ""),
            )
        except ApplicationError as error:
            raise invalid(
                f"{roll[deputy_id].name}：{error.message}",
                f"rows.{index}.{error.field}",
            ) from None
        cleaned.append((roll[deputy_id], values))
    # Lock the roll's existing rows at once, in one order, before any write: a
    # single mark made meanwhile then waits here, not behind an audit row of
    # this transaction (decision 0017). The audit rows come last.
    existing = {
        row.deputy_id: row
        for row in SessionAttendance.objects.select_for_update()
        .filter(session=session, deputy_id__in=[d.pk for d, _ in cleaned])
        .order_by("pk")
    }
    written = []
    for deputy, (status, leave, absent, reason) in cleaned:
        row, changed = _write_attendance(
            session=session,
            deputy=deputy,
            status=status,
            leave=leave,
            absent=absent,
            reason=reason,
            actor=actor,
            row=existing.get(deputy.pk),
            locked=True,
        )
        written.append((deputy, row, changed))
    for deputy, _values in cleaned:
        alerts.check_session_absences(deputy=deputy, term=session.term, actor=actor)
    for deputy, row, changed in written:
        if changed:
            _audit_attendance(row, session=session, deputy=deputy, actor=actor)
    return [row for _deputy, row, _changed in written]


# Activities added by hand -------------------------------------------------------

EVIDENCE_IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".heic"}


def _holds_mandate(deputy, congress) -> bool:
    return Mandate.objects.filter(deputy=deputy, term__congress=congress).exists()


def _clean_evidence(upload):
    """An image (re-encoded, location data stripped) or a PDF within the size
    limit; anything else is refused. Returns (file, original name)."""
    if upload is None:
        return None, ""
    name = os.path.basename(getattr(upload, "name", "") or "evidence")[:200]
    ext = os.path.splitext(name)[1].lower()
    size = getattr(upload, "size", None) or 0
    limit = rules.evidence_max_bytes()
    if size > limit:
        raise invalid(f"证明材料不能超过 {limit // (1024 * 1024)} MB。", "evidence")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head.startswith(b"%PDF"):
        if ext != ".pdf":
            name = os.path.splitext(name)[0] + ".pdf"
        content = upload.read()
        upload.seek(0)
        return ContentFile(content, name=name), name
    if ext == ".pdf":
        raise invalid("证明材料不是有效的 PDF 文件。", "evidence")
    try:
        clean = reencoded_upload(upload, label="证明材料", field="evidence")
    except ImageRejected:
        raise invalid(
            "证明材料只能是图片（JPG、PNG 等）或 PDF 文件。", "evidence"
        ) from None
    return clean, name


def _clean_record_fields(fields: dict, *, today: dt.date) -> dict:
    out = {}
    if "kind" in fields:
        if fields["kind"] not in [k.value for k in RECORD_KINDS]:
            raise invalid("请选择有效的活动类别。", "kind")
        out["kind"] = fields["kind"]
    if "date" in fields:
        value = fields["date"]
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise invalid("请填写活动日期。", "date")
        if value > today:
            raise invalid("活动日期不能晚于今天。", "date")
        if value.year < 2000:
            raise invalid("活动日期不正确。", "date")
        out["date"] = value
    if "title" in fields:
        out["title"] = clean_text(
            fields["title"], field="title", label="活动名称", max_length=200
        )
    for key, label, length in (
        ("place", "地点", 200),
        ("organiser", "组织单位", 200),
        ("description", "情况说明", 2000),
    ):
        if key in fields:
            out[key] = clean_text(
                fields[key], field=key, label=label, max_length=length, required=False
            )
    return out


def _lock_record(record) -> DutyRecord:
    return (
        DutyRecord.objects.select_for_update(of=("self",))
        .select_related("deputy", "congress")
        .get(pk=record.pk)
    )


def can_add_record(actor, deputy, congress) -> bool:
    return is_deputy_self(actor, deputy) or manages_duty(actor, congress)


@transaction.atomic
def duty_record_add(
    *,
    congress,
    deputy,
    kind,
    date,
    title,
    actor,
    place="",
    organiser="",
    description="",
    evidence=None,
    today: dt.date | None = None,
) -> DutyRecord:
    """Add an activity done outside Renda's records (the deputy for themself,
    staff for a deputy of their congress), with optional evidence; it counts
    once staff confirm it."""
    if not can_add_record(actor, deputy, congress):
        raise denied("只能为本人或本级人大的代表补充履职记录。")
    if not _holds_mandate(deputy, congress):
        raise invalid(f"{deputy.name}不是{congress.name}的代表。", "deputy")
    values = _clean_record_fields(
        {
            "kind": kind,
            "date": date,
            "title": title,
            "place": place,
            "organiser": organiser,
            "description": description,
        },
        today=today or timezone.localdate(),
    )
    file, name = _clean_evidence(evidence)
    user = actor if getattr(actor, "is_authenticated", False) else None
    record = DutyRecord(congress=congress, deputy=deputy, submitted_by=user, **values)
    if file is not None:
        record.evidence.save(name, file, save=False)
        record.evidence_name = name
    record.save()
    events.record_event(
        DutyEventKind.RECORD_ADDED,
        subject=record,
        actor=actor,
        deputy=deputy,
        congress=congress,
        title=record.title,
        kind=record.get_kind_display(),
    )
    audit(
        actor=actor,
        action="record_add",
        target=record,
        summary=f"补充履职记录：{deputy.name} {record.title}",
    )
    if is_deputy_self(actor, deputy):
        notices_archive.record_added(record)
    return record


def _may_edit(actor, record) -> bool:
    return is_deputy_self(actor, record.deputy) or manages_duty(
        actor, record.congress_id
    )


EDITABLE = ("kind", "date", "title", "place", "organiser", "description")


@transaction.atomic
def duty_record_edit(
    *, record, actor, evidence=None, today: dt.date | None = None, **fields
) -> DutyRecord:
    """Change a record awaiting confirmation (its deputy, submitter or staff)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown record fields: {sorted(unknown)}")
    record = _lock_record(record)
    if not _may_edit(actor, record):
        raise denied()
    transition(record, "edit", action="修改")
    values = _clean_record_fields(fields, today=today or timezone.localdate())
    changed = [k for k, v in values.items() if getattr(record, k) != v]
    for key in changed:
        setattr(record, key, values[key])
    file, name = _clean_evidence(evidence)
    if file is not None:
        record.evidence.save(name, file, save=False)
        record.evidence_name = name
        changed += ["evidence", "evidence_name"]
    if changed:
        record.save(update_fields=[*changed, "updated_at"])
        audit(
            actor=actor,
            action="record_edit",
            target=record,
            summary=f"修改履职记录：{record.title}",
            data={"fields": sorted(changed)},
        )
    return record


@transaction.atomic
def duty_record_withdraw(*, record, actor) -> DutyRecord:
    """Withdraw a record awaiting confirmation (the deputy or whoever added it)."""
    record = _lock_record(record)
    if not (is_deputy_self(actor, record.deputy)):
        raise denied("只有提交人可以撤回该履职记录。")
    changed = transition(record, "withdraw", action="撤回")
    record.save(update_fields=[*changed, "updated_at"])
    audit(
        actor=actor,
        action="record_withdraw",
        target=record,
        summary=f"撤回履职记录：{record.title}",
    )
    return record


def _decide(record, *, verb: str, note: str, actor, required: bool) -> DutyRecord:
    record = _lock_record(record)
    if not manages_duty(actor, record.congress_id):
        raise denied("只有本级人大常委会工作人员可以确认履职记录。")
    label = "不予确认的理由" if verb == "reject" else "确认意见"
    note = clean_text(
        note, field="note", label=label, max_length=500, required=required
    )
    changed = transition(record, verb, action=record.state_table.actions[verb])
    record.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    record.decided_at = timezone.now()
    record.decision_note = note
    record.save(
        update_fields=[
            *changed,
            "decided_by",
            "decided_at",
            "decision_note",
            "updated_at",
        ]
    )
    events.record_event(
        DutyEventKind.RECORD_DECIDED,
        subject=record,
        actor=actor,
        deputy=record.deputy,
        congress=record.congress,
        title=record.title,
        status=record.get_status_display(),
        note=note,
    )
    audit(
        actor=actor,
        action=f"record_{verb}",
        target=record,
        summary=f"{record.get_status_display()}履职记录：{record.deputy.name} {record.title}",
    )
    notices_archive.record_decided(record)
    return record


@transaction.atomic
def duty_record_confirm(*, record, actor, note="") -> DutyRecord:
    """Confirm a hand-added record (staff of its congress): it counts from now."""
    return _decide(record, verb="confirm", note=note, actor=actor, required=False)


@transaction.atomic
def duty_record_reject(*, record, actor, note="") -> DutyRecord:
    """Refuse a hand-added record (staff, with the reason told to the deputy)."""
    return _decide(record, verb="reject", note=note, actor=actor, required=True)


__all__ = [
    "ArchiveKind",
    "RecordStatus",
    "duty_record_add",
    "duty_record_confirm",
    "duty_record_edit",
    "duty_record_reject",
    "duty_record_withdraw",
    "session_attendance_record",
    "session_attendance_record_many",
    "session_half_days",
    "session_roll_deputies",
]
