"""Writes of training (培训) and the 人大讲坛: create, edit, cancel, hold; enrol
by hand or by the training's target; check in by the door's QR code or by
staff; materials.

Who may do what (docs/duty-training.md): staff of the training's congress run
it; a deputy checks themself in with the door's code on a day of the training.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from renda.core.errors import NotFound
from renda.core.images import reencoded_upload
from renda.core.state import transition
from renda.deputies.models import Deputy, DeputyGroup, Mandate

from .. import events, notices_training, rules
from ..choices import (
    CheckInMethod,
    DutyEventKind,
    TrainingKind,
    TrainingStatus,
    TrainingTarget,
)
from ..models import Enrollment, Training, TrainingMaterial
from ..permissions import is_deputy_self, manages_duty
from .common import audit, clean_choice, clean_text, denied, invalid, new_token

OPTIONAL = {
    "topic",
    "speaker",
    "speaker_title",
    "place",
    "online",
    "description",
    "term",
}
EDITABLE = {
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "hours",
    "target",
    *OPTIONAL,
}
PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
SIGNATURES = {".pdf": PDF, ".docx": ZIP, ".xlsx": ZIP, ".pptx": ZIP}
IMAGES = {".jpg", ".jpeg", ".png"}
ALLOWED_TEXT = (
    "PDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）文件或 JPG、PNG 图片"
)


# Shared pieces ------------------------------------------------------------------


def lock_training(training: Training) -> Training:
    """Lock the training's row for the rest of the transaction."""
    return Training.objects.select_for_update().get(pk=training.pk)


def _check_manage(actor, training_or_congress) -> None:
    congress_id = getattr(training_or_congress, "congress_id", None)
    if congress_id is None:
        congress_id = getattr(training_or_congress, "pk", training_or_congress)
    if not manages_duty(actor, congress_id):
        raise denied("您无权管理该人大的培训。")


def _event(training, *, actor, change: str, summary: str, deputy=None) -> None:
    events.record_event(
        DutyEventKind.TRAINING,
        subject=training,
        actor=actor,
        deputy=deputy,
        congress=training.congress,
        change=change,
        summary=summary,
    )


def _clean_date(value, *, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise invalid(f"请填写{label}。", field)
    if not 2000 <= value.year <= 2100:
        raise invalid(f"{label}应在 2000 年至 2100 年之间。", field)
    return value


def _clean_hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise invalid("学时应为数字。", "hours") from None
    if not hours.is_finite():
        raise invalid("学时应为数字。", "hours")
    top = rules.training_max_hours()
    if hours <= 0 or hours > top:
        raise invalid(f"学时应大于 0 且不超过 {top}。", "hours")
    if hours != hours.quantize(Decimal("0.1")):
        raise invalid("学时最多保留一位小数。", "hours")
    return hours


def _clean(values: dict, congress) -> dict:
    """Check every field of a training; return the clean values."""
    out = {
        "kind": clean_choice(
            values.get("kind"), TrainingKind, field="kind", label="类别"
        ),
        "title": clean_text(
            values.get("title"), field="title", label="名称", max_length=200
        ),
        "starts_on": _clean_date(
            values.get("starts_on"), field="starts_on", label="开始日期"
        ),
        "ends_on": _clean_date(
            values.get("ends_on"), field="ends_on", label="结束日期"
        ),
        "hours": _clean_hours(values.get("hours")),
        "target": clean_choice(
            values.get("target"), TrainingTarget, field="target", label="培训对象"
        ),
    }
    if out["ends_on"] < out["starts_on"]:
        raise invalid("结束日期不能早于开始日期。", "ends_on")
    for name, label, length in (
        ("topic", "主题", 200),
        ("speaker", "主讲人", 100),
        ("speaker_title", "主讲人单位职务", 200),
        ("place", "地点", 200),
        ("description", "内容简介", 5000),
    ):
        out[name] = clean_text(
            values.get(name) or "",
            field=name,
            label=label,
            max_length=length,
            required=False,
        )
    online = values.get("online", False)
    if not isinstance(online, bool):
        raise invalid("请选择是否线上举办。", "online")
    out["online"] = online
    if not out["place"] and not online:
        raise invalid("请填写地点，或选择线上举办。", "place")
    term = values.get("term")
    if term is not None and getattr(term, "congress_id", None) != congress.pk:
        raise invalid("请选择本级人大的届次。", "term")
    if out["target"] == TrainingTarget.NEW_DEPUTIES and term is None:
        raise invalid("培训对象为本届新任代表时，请选择届次。", "term")
    out["term"] = term
    return out


# Trainings ------------------------------------------------------------------------


@transaction.atomic
def training_create(
    *,
    congress,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours,
    target: str,
    actor,
    **optional,
) -> Training:
    """Create a training of a congress (staff): a course, a lecture or a study trip."""
    _check_manage(actor, congress)
    unknown = set(optional) - OPTIONAL
    if unknown:
        raise TypeError(f"training_create got {sorted(unknown)}")
    values = _clean(
        {
            "kind": kind,
            "title": title,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "hours": hours,
            "target": target,
            **optional,
        },
        congress,
    )
    training = Training.objects.create(
        congress=congress,
        checkin_token=new_token(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    _event(training, actor=actor, change="created", summary=f"创建：{training.title}")
    audit(
        actor=actor,
        action="training_create",
        target=training,
        summary=f"创建培训：{training.title}",
    )
    return training


@transaction.atomic
def training_edit(*, training: Training, actor, **changes) -> Training:
    """Change a planned training's fields (staff); the others keep their values."""
    training = lock_training(training)
    _check_manage(actor, training)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"training_edit got {sorted(unknown)}")
    transition(training, "edit")
    current = {name: getattr(training, name) for name in EDITABLE}
    values = _clean({**current, **changes}, training.congress)
    changed = [name for name, value in values.items() if current[name] != value]
    for name in changed:
        setattr(training, name, values[name])
    if changed:
        training.save(update_fields=[*changed, "updated_at"])
        labels = {f.name: str(f.verbose_name) for f in Training._meta.fields}
        summary = "修改：" + "、".join(labels.get(n, n) for n in changed)
        _event(training, actor=actor, change="edited", summary=summary)
        audit(
            actor=actor,
            action="training_edit",
            target=training,
            summary=summary,
            data={"fields": changed},
        )
    return training


@transaction.atomic
def training_cancel(*, training: Training, actor, reason: str = "") -> Training:
    """Cancel a planned training (staff); attendance taken is kept."""
    training = lock_training(training)
    _check_manage(actor, training)
    reason = clean_text(
        reason, field="reason", label="取消原因", max_length=500, required=False
    )
    changed = transition(training, "cancel")
    training.save(update_fields=[*changed, "updated_at"])
    summary = "取消" + (f"：{reason}" if reason else "")
    _event(training, actor=actor, change="cancelled", summary=summary)
    audit(actor=actor, action="training_cancel", target=training, summary=summary)
    return training


@transaction.atomic
def training_hold(*, training: Training, actor) -> Training:
    """Mark a training held (staff): enrolment ends; attendance may still be
    completed afterwards."""
    training = lock_training(training)
    _check_manage(actor, training)
    changed = transition(training, "hold")
    training.save(update_fields=[*changed, "updated_at"])
    attended = training.enrollments.filter(attended_at__isnull=False).count()
    summary = f"结束报名，已签到 {attended} 人"
    _event(training, actor=actor, change="held", summary=summary)
    audit(actor=actor, action="training_hold", target=training, summary=summary)
    return training


# Who a training is for ------------------------------------------------------------


def _active_on(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def congress_deputies(training: Training):
    """Deputies holding a mandate of the training's congress on its first day."""
    return Deputy.objects.filter(
        Exists(
            Mandate.objects.filter(
                _active_on(training.starts_on),
                deputy=OuterRef("pk"),
                term__congress_id=training.congress_id,
            )
        )
    )


def target_deputies(training: Training):
    """The deputies the training's target names (none for CHOSEN)."""
    target = training.target
    if target == TrainingTarget.NEW_DEPUTIES:
        if training.term_id is None:
            return Deputy.objects.none()
        earlier = Mandate.objects.filter(
            deputy=OuterRef("pk"),
            term__congress_id=training.congress_id,
            term__number__lt=training.term.number,
        )
        return Deputy.objects.filter(
            Exists(
                Mandate.objects.filter(
                    deputy=OuterRef("pk"),
                    term_id=training.term_id,
                    end_date__isnull=True,
                )
            ),
            ~Exists(earlier),
        )
    if target == TrainingTarget.GROUP_LEADERS:
        return Deputy.objects.filter(
            Exists(
                DeputyGroup.objects.filter(
                    leader=OuterRef("pk"), congress_id=training.congress_id
                )
            )
        )
    if target == TrainingTarget.ALL_DEPUTIES:
        term = (
            training.congress.terms.filter(start_date__lte=training.starts_on)
            .order_by("-number")
            .first()
        )
        if term is None:
            return Deputy.objects.none()
        return Deputy.objects.filter(
            Exists(
                Mandate.objects.filter(
                    _active_on(training.starts_on), deputy=OuterRef("pk"), term=term
                )
            )
        )
    return Deputy.objects.none()


def may_join(training: Training, deputy) -> bool:
    """A deputy not enrolled may still come: one the target names, or, at a
    lecture of the 人大讲坛, any deputy of its congress."""
    if target_deputies(training).filter(pk=deputy.pk).exists():
        return True
    return (
        training.kind == TrainingKind.LECTURE
        and congress_deputies(training).filter(pk=deputy.pk).exists()
    )


def _enrol(training, deputy_ids, actor) -> list[int]:
    existing = set(
        training.enrollments.filter(deputy_id__in=deputy_ids).values_list(
            "deputy_id", flat=True
        )
    )
    new = [pk for pk in dict.fromkeys(deputy_ids) if pk not in existing]
    recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    Enrollment.objects.bulk_create(
        Enrollment(training=training, deputy_id=pk, recorded_by=recorded_by)
        for pk in new
    )
    return new


def _enrolled_step(training, new: list[int], *, actor, how: str) -> None:
    if not new:
        return
    summary = f"{how}报名 {len(new)} 人"
    _event(training, actor=actor, change="enrolled", summary=summary)
    audit(
        actor=actor,
        action="enrollment_add",
        target=training,
        summary=summary,
        data={"deputies": new},
    )
    notices_training.enrolled(training, new)


@transaction.atomic
def enrollment_add(*, training: Training, deputies, actor) -> list[Enrollment]:
    """Enrol deputies (staff); those already enrolled are skipped. Only deputies
    holding a mandate of the training's congress may be enrolled."""
    training = lock_training(training)
    _check_manage(actor, training)
    transition(training, "enrol")
    ids = []
    for deputy in deputies:
        pk = getattr(deputy, "pk", deputy)
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise invalid("请选择代表。", "deputies")
        ids.append(pk)
    if not ids:
        raise invalid("请选择要报名的代表。", "deputies")
    eligible = set(
        congress_deputies(training).filter(pk__in=ids).values_list("pk", flat=True)
    )
    outside = [pk for pk in ids if pk not in eligible]
    if outside:
        raise invalid("只能为本级人大的在任代表报名。", "deputies")
    new = _enrol(training, ids, actor)
    _enrolled_step(training, new, actor=actor, how="")
    return list(training.enrollments.filter(deputy_id__in=new))


@transaction.atomic
def enrollment_by_target(*, training: Training, actor) -> list[Enrollment]:
    """Enrol every deputy the training's target names (staff); idempotent."""
    training = lock_training(training)
    _check_manage(actor, training)
    transition(training, "enrol")
    ids = list(target_deputies(training).values_list("pk", flat=True))
    new = _enrol(training, ids, actor)
    _enrolled_step(
        training,
        new,
        actor=actor,
        how=f"按培训对象（{TrainingTarget(training.target).label}）",
    )
    return list(training.enrollments.filter(deputy_id__in=new))


@transaction.atomic
def enrollment_remove(*, enrollment: Enrollment, actor) -> None:
    """Take a deputy off a planned training (staff); one who came stays."""
    training = lock_training(enrollment.training)
    _check_manage(actor, training)
    transition(training, "enrol", action="调整报名")
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.attended_at is not None:
        raise invalid("该代表已签到，不能取消报名。", "enrollment")
    name = enrollment.deputy.name
    enrollment.delete()
    _event(training, actor=actor, change="unenrolled", summary=f"取消报名：{name}")
    audit(
        actor=actor,
        action="enrollment_remove",
        target=training,
        summary=f"取消报名：{name}",
    )


def _certificate_number(training: Training) -> str:
    issued = training.enrollments.exclude(certificate_number="").count()
    return f"{training.starts_on.year}-{training.pk}-{issued + 1}"


@transaction.atomic
def enrollment_check_in(
    *,
    training: Training,
    deputy,
    method: str,
    actor,
    token: str | None = None,
    now: dt.datetime | None = None,
    hours=None,
) -> Enrollment:
    """Record a deputy's attendance (签到).

    QR: the deputy themself, with the door's token, on a day of the training; a
    deputy not enrolled but eligible is enrolled on the spot. STAFF: staff of
    the congress, any time after the start. Checking in twice keeps the first
    time. The hours default to the training's; a certificate number is issued.
    """
    training = lock_training(training)
    now = now or timezone.now()
    method = clean_choice(method, CheckInMethod, field="method", label="签到方式")
    if method == CheckInMethod.QR:
        if not token or not isinstance(token, str) or token != training.checkin_token:
            raise NotFound("签到码无效。", code="duty.training_token")
        if not is_deputy_self(actor, deputy):
            raise denied("扫码签到只能为本人签到。")
        today = timezone.localdate(now)
        if not training.starts_on <= today <= training.ends_on:
            raise invalid(
                f"签到时间为 {training.starts_on:%Y-%m-%d} 至 "
                f"{training.ends_on:%Y-%m-%d}，今天不能扫码签到。",
                "token",
            )
    else:
        _check_manage(actor, training)
        if timezone.localdate(now) < training.starts_on:
            raise invalid("培训尚未开始，不能登记签到。", "deputy")
    transition(training, "attend")
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(training=training, deputy=deputy)
        .first()
    )
    if enrollment is None:
        allowed = (
            may_join(training, deputy)
            if method == CheckInMethod.QR
            else congress_deputies(training).filter(pk=deputy.pk).exists()
        )
        if not allowed:
            raise denied("您不在本次培训的对象范围内，请联系工作人员。")
        enrollment = Enrollment.objects.create(training=training, deputy=deputy)
    if enrollment.attended_at is not None:
        return enrollment
    enrollment.attended_at = now
    enrollment.method = method
    enrollment.hours = training.hours if hours in (None, "") else _clean_hours(hours)
    enrollment.certificate_number = _certificate_number(training)
    enrollment.recorded_by = (
        actor if getattr(actor, "is_authenticated", False) else None
    )
    enrollment.save(
        update_fields=[
            "attended_at",
            "method",
            "hours",
            "certificate_number",
            "recorded_by",
            "updated_at",
        ]
    )
    local = timezone.localtime(now)
    summary = f"{deputy.name} {CheckInMethod(method).label} {local:%m-%d %H:%M}"
    _event(training, actor=actor, change="checked_in", summary=summary, deputy=deputy)
    audit(
        actor=actor,
        action="enrollment_check_in",
        target=enrollment,
        summary=f"签到：{training.title}，{summary}",
    )
    return enrollment


# Materials --------------------------------------------------------------------------


def check_material(upload) -> tuple[str, object]:
    """Refuse a file of another type, empty, too big or not what its name says;
    return a clean name and the file to store (images re-encoded)."""
    if upload is None:
        raise invalid("请选择要上传的文件。", "file")
    raw = os.path.basename(str(getattr(upload, "name", "") or ""))
    stem, extension = os.path.splitext(raw)
    extension = extension.lower()
    if extension not in rules.training_material_kinds():
        raise invalid(f"只能上传{ALLOWED_TEXT}。", "file")
    size = getattr(upload, "size", 0) or 0
    if size <= 0:
        raise invalid("文件是空的。", "file")
    limit = rules.material_max_bytes()
    if size > limit:
        raise invalid(f"文件不能超过 {limit // (1024 * 1024)}MB。", "file")
    stem = (
        "".join(
            ch for ch in stem if ch.isprintable() and ch not in '/\\:*?"<>|'
        ).strip()[:100]
        or "材料"
    )
    if extension in IMAGES:
        clean = reencoded_upload(
            upload, label="图片", field="file", formats=("JPEG", "PNG")
        )
        name = f"{stem}{os.path.splitext(clean.name)[1] or extension}"
        return name, clean
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise invalid("文件内容与扩展名不符。", "file")
    return f"{stem}{extension}", upload


@transaction.atomic
def material_add(*, training: Training, upload, title: str, actor) -> TrainingMaterial:
    """Add a material (课件、讲义、图片) to a training (staff)."""
    training = lock_training(training)
    _check_manage(actor, training)
    if training.status == TrainingStatus.CANCELLED:
        transition(training, "edit", action="上传材料")
    name, stored = check_material(upload)
    title = clean_text(
        title or os.path.splitext(name)[0],
        field="title",
        label="材料名称",
        max_length=200,
    )
    data = stored.read() if hasattr(stored, "read") else bytes(stored)
    material = TrainingMaterial(training=training, title=title, size=len(data))
    material.file.save(name, ContentFile(data), save=False)
    material.save()
    _event(training, actor=actor, change="material", summary=f"上传材料：{title}")
    audit(
        actor=actor,
        action="material_add",
        target=training,
        summary=f"上传培训材料：{title}",
    )
    return material
