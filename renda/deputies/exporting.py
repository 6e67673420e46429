"""Export of the deputy list to .xlsx, in the list's order and with its filters."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from renda.core.exporting import workbook_bytes

from .selectors import (
    DeputyFilters,
    deputies_with_details,
    deputies_with_full_phone_for,
    deputy_list,
)

# (header, column width in characters)
COLUMNS = [
    ("姓名", 10),
    ("性别", 6),
    ("民族", 8),
    ("出生日期", 12),
    ("党派", 12),
    ("职务", 24),
    ("工作单位", 30),
    ("代表团", 16),
    ("所属人大及届次", 30),
    ("代表小组", 22),
    ("联络站", 24),
    ("手机号码", 15),
]
EXPORT_FILENAME = "人大代表名单.xlsx"
TITLE = "人大代表名单"


def _phone_rule(user, deputies):
    """Return a function telling whether the user may see a listed deputy's full phone.

    The deputies whose number the user may see are looked up once for the whole
    list (``deputies_with_full_phone_for``), not once per row.
    """
    allowed = set(
        deputies_with_full_phone_for(user)
        .filter(pk__in=deputies.values("pk"))
        .values_list("pk", flat=True)
    )
    return lambda deputy: deputy.pk in allowed


def deputies_workbook(*, user, filters: DeputyFilters) -> tuple[bytes, int, bool]:
    """Build the workbook of the user's filtered deputy list.

    Return its bytes, the number of deputies and whether any full phone number
    was written (the caller records that in the audit log).
    """
    deputies = deputies_with_details(deputy_list(user=user, filters=filters), user=user)
    may_see_full = _phone_rule(user, deputies)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    sheet.append([f"{TITLE}（导出时间：{timezone.localtime():%Y-%m-%d %H:%M}）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([header for header, _ in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    count = 0
    full_written = False
    for number, deputy in enumerate(deputies.iterator(chunk_size=500), start=1):
        mandates = deputy.sitting_mandates
        groups = deputy.visible_groups
        full = bool(deputy.phone) and may_see_full(deputy)
        full_written = full_written or full
        sheet.append(
            [
                deputy.name,
                deputy.get_gender_display(),
                deputy.ethnicity,
                deputy.birth_date,
                deputy.get_party_display(),
                deputy.occupation,
                deputy.work_unit,
                "、".join(m.delegation.name for m in mandates if m.delegation_id),
                "、".join(m.term.short_name for m in mandates),
                "、".join(g.name for g in groups),
                "、".join(
                    dict.fromkeys(g.station.name for g in groups if g.station_id)
                ),
                deputy.phone if full else deputy.masked_phone,
            ]
        )
        sheet.cell(row=number + 2, column=4).number_format = "yyyy-mm-dd"
        count = number
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{count + 2}"
    return workbook_bytes(workbook), count, full_written
