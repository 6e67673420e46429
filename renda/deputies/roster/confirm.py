"""The confirm service: check the kept file again and, if every row is valid, write it whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core.services import action_log_record

from ..models import Deputy, DeputyGroup, Mandate
from ..models_roster import RosterImport, RosterImportStatus
from ..services import deputy_derive_names
from .checking import check_roster
from .columns import LOOKUP_CHUNK
from .preview import _check_permission, _preview_data
from .reading import parse_roster
from .results import RosterCheck, RosterError


@dataclass(frozen=True)
class RosterImportOutcome:
    pending: RosterImport
    already_imported: bool
    counts: dict


def _write(*, congress, term, check: RosterCheck) -> dict:
    new_rows = [r for r in check.rows if r.existing_deputy_id is None]
    deputies = []
    for row in new_rows:
        values = row.values
        deputy = Deputy(
            name=values["name"],
            gender=values["gender"],
            ethnicity=values["ethnicity"],
            birth_date=values["birth_date"],
            party=values["party"],
            occupation=values["occupation"],
            work_unit=values["work_unit"],
            occupation_category=values["occupation_category"],
            phone=values["phone"],
            id_number=values["id_number"],
        )
        deputy_derive_names(deputy)
        deputies.append(deputy)
    Deputy.objects.bulk_create(deputies, batch_size=LOOKUP_CHUNK)
    if any(d.pk is None for d in deputies):
        # Backends without RETURNING: find the new rows by the creation order.
        raise RuntimeError("bulk_create did not return primary keys")
    for row, deputy in zip(new_rows, deputies, strict=True):
        row.values["deputy_id"] = deputy.pk
    for row in check.rows:
        if row.existing_deputy_id is not None:
            row.values["deputy_id"] = row.existing_deputy_id
    mandates = [
        Mandate(
            deputy_id=row.values["deputy_id"],
            term=term,
            start_date=row.values["start_date"],
            delegation_id=row.values["delegation_id"],
            electoral_unit_id=row.values["electoral_unit_id"],
            constituency_id=row.values["constituency_id"],
        )
        for row in check.rows
    ]
    Mandate.objects.bulk_create(mandates, batch_size=LOOKUP_CHUNK)
    Membership = DeputyGroup.members.through
    memberships = [
        Membership(
            deputygroup_id=row.values["group_id"], deputy_id=row.values["deputy_id"]
        )
        for row in check.rows
        if row.values["group_id"]
    ]
    Membership.objects.bulk_create(
        memberships, batch_size=LOOKUP_CHUNK, ignore_conflicts=True
    )
    return {
        "rows": len(check.rows),
        "new_deputies": len(deputies),
        "existing_deputies": len(check.rows) - len(deputies),
        "mandates": len(mandates),
        "group_memberships": len(memberships),
    }


def roster_import_confirm(*, pending: RosterImport, actor) -> RosterImportOutcome:
    """Import a pending roster whole, or not at all; a second call imports nothing.

    The kept file is parsed and validated again (the registry may have changed
    since the preview). If any row fails now, the preview is updated, nothing
    is imported and ``RosterError`` is raised.
    """
    failed = None
    with transaction.atomic():
        pending = (
            RosterImport.objects.select_for_update()
            .select_related("congress", "term__congress")
            .get(pk=pending.pk)
        )
        congress, term = pending.congress, pending.term
        _check_permission(actor=actor, congress=congress, term=term)
        if pending.status == RosterImportStatus.DONE:
            return RosterImportOutcome(
                pending=pending, already_imported=True, counts=pending.result
            )
        check = check_roster(
            congress=congress, term=term, rows=parse_roster(bytes(pending.content))
        )
        if check.errors:
            pending.preview = _preview_data(check)
            pending.save(update_fields=["preview", "updated_at"])
            failed = len(check.errors)
        else:
            try:
                with transaction.atomic():
                    counts = _write(congress=congress, term=term, check=check)
            except IntegrityError as error:
                raise RosterError(
                    "导入失败：名册数据刚刚被其他人修改，请重新上传后再试。"
                ) from error
            pending.status = RosterImportStatus.DONE
            pending.result = counts
            pending.imported_at = timezone.now()
            pending.save(
                update_fields=["status", "result", "imported_at", "updated_at"]
            )
            action_log_record(
                actor=actor,
                action="roster.import",
                target=pending,
                summary=(
                    f"导入{term}代表名册 {counts['rows']} 人"
                    f"（新增代表 {counts['new_deputies']} 人，"
                    f"已有代表新增资格 {counts['existing_deputies']} 人）"
                ),
                data={**counts, "file_sha256": pending.file_sha256, "term": term.pk},
            )
            return RosterImportOutcome(
                pending=pending, already_imported=False, counts=counts
            )
    raise RosterError(
        f"数据已发生变化，重新校验发现 {failed} 处错误，未导入任何数据。请查看预览并修改文件后重新上传。"
    )
