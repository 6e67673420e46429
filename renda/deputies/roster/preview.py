"""The preview service: check the file and keep it as a pending ``RosterImport``."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from renda.core.errors import PermissionDenied

from ..models_roster import RosterImport
from ..permissions import can_manage_roster
from .checking import check_roster
from .reading import _read_upload, parse_roster
from .results import RosterCheck, RosterError


def _check_permission(*, actor, congress, term) -> None:
    if not can_manage_roster(actor, congress):
        raise PermissionDenied("您无权导入该人大的代表名册。")
    if term.congress_id != congress.pk:
        raise RosterError("所选届次不属于该人大。", field="term")


PREVIEW_ROW_FIELDS = ("name", "gender", "party", "delegation", "unit", "group")


def _preview_data(check: RosterCheck) -> dict:
    rows = []
    for row in check.rows:
        if row.errors:
            status = "error"
        elif row.existing_deputy_id is not None:
            status = "existing"
        else:
            status = "new"
        rows.append(
            {
                "row": row.row,
                "status": status,
                **{key: row.raw(key) for key in PREVIEW_ROW_FIELDS},
            }
        )
    return {
        "counts": check.counts(),
        "errors": [e.as_dict() for e in check.errors],
        "rows": rows,
        "checked_at": timezone.now().isoformat(),
    }


def roster_preview(*, congress, term, file, actor) -> RosterImport:
    """Parse and validate an uploaded roster and keep it as a pending import.

    File-level problems (not an .xlsx, damaged, empty, too large, wrong header)
    raise ``RosterError`` and write nothing. Row problems are listed in the
    pending import's preview; it can be confirmed only when there are none.
    """
    _check_permission(actor=actor, congress=congress, term=term)
    file_name, content = _read_upload(file)
    rows = parse_roster(content)
    check = check_roster(congress=congress, term=term, rows=rows)
    return RosterImport.objects.create(
        congress=congress,
        term=term,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        file_name=file_name,
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        preview=_preview_data(check),
    )
