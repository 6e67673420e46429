"""The roster import: read a clerk's .xlsx, validate every row, then import it whole.

Two services: ``roster_preview`` parses and validates the file against the
registry and keeps it as a pending ``RosterImport`` (nothing else is written);
``roster_import_confirm`` parses and validates the kept file again and, only if
every row is valid, writes deputies, mandates and group memberships in one
transaction. Lookups are batched: the number of queries does not grow with the
number of rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.choices import Level
from renda.congresses.models import Congress, Constituency, Delegation, ElectoralUnit
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import action_log_record

from .choices import Gender, OccupationCategory, Party
from .models import Deputy, DeputyGroup, Mandate
from .models_roster import RosterImport, RosterImportStatus
from .permissions import can_manage_roster
from .services import deputy_derive_names


class RosterError(ApplicationError):
    code = "deputies.roster"


# Columns -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 12

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header


COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", width=6),
    Column("name", "姓名", required=True, width=10),
    Column("gender", "性别", required=True, width=6),
    Column("ethnicity", "民族", width=8),
    Column("birth_date", "出生日期", width=12),
    Column("party", "党派", required=True, aliases=("政治面貌",), width=12),
    Column("occupation", "职务", aliases=("职务/职业", "职业"), width=18),
    Column("work_unit", "工作单位", width=24),
    Column("occupation_category", "代表构成类别", aliases=("构成类别",), width=14),
    Column("phone", "手机号码", aliases=("手机", "联系电话"), width=14),
    Column("id_number", "公民身份号码", aliases=("身份证号码", "身份证号"), width=21),
    Column("delegation", "代表团", width=14),
    Column(
        "unit",
        "原选举单位/选区",
        aliases=("原选举单位", "选区", "原选举单位或选区", "选举单位"),
        width=18,
    ),
    Column("group", "代表小组", width=16),
    Column("start_date", "资格起始日期", width=12),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
DATA_SHEET_TITLE = "代表名单"
# The header row is looked for among the first rows (a title row comes first).
HEADER_SEARCH_ROWS = 10

MAX_LENGTHS = {"name": 50, "ethnicity": 20, "occupation": 100, "work_unit": 200}
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_NUMBER_RE = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"
EARLIEST_DATE = dt.date(1900, 1, 1)
# SQLite allows a limited number of bound parameters per query.
LOOKUP_CHUNK = 500

PARTY_ALIASES = {
    "中共": Party.CPC,
    "中国共产党": Party.CPC,
    "共产党员": Party.CPC,
    "中共预备": Party.CPC_PROBATIONARY,
    "预备党员": Party.CPC_PROBATIONARY,
    "民革党员": Party.RCCK,
    "民盟盟员": Party.CDL,
    "民建会员": Party.CNDCA,
    "民进会员": Party.CAPD,
    "农工党党员": Party.CPWDP,
    "致公党党员": Party.CZGP,
    "九三学社社员": Party.JS,
    "台盟盟员": Party.TDSGL,
    "无党派": Party.NON_PARTY,
}


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices}


def _normalise_header(value) -> str:
    text = str(value or "")
    for char in "*＊ \u3000\n\r\t":
        text = text.replace(char, "")
    return text.replace("／", "/")


HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        HEADER_LOOKUP[_normalise_header(_name)] = _column.key


# Results -----------------------------------------------------------------------


@dataclass
class CellError:
    row: int
    column: str
    header: str
    message: str

    @property
    def text(self) -> str:
        if self.column:
            return f"第 {self.row} 行 {self.column} 列（{self.header}）：{self.message}"
        return f"第 {self.row} 行：{self.message}"

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
            "text": self.text,
        }


@dataclass
class RosterRow:
    row: int
    cells: dict[str, object]
    letters: dict[str, str]
    values: dict[str, object] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    existing_deputy_id: int | None = None

    def error(self, key: str, message: str) -> None:
        column = COLUMN_BY_KEY[key]
        self.errors.append(
            CellError(self.row, self.letters.get(key, ""), column.header, message)
        )

    def raw(self, key: str) -> str:
        value = self.cells.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


@dataclass
class RosterCheck:
    rows: list[RosterRow]

    @property
    def errors(self) -> list[CellError]:
        return [e for r in self.rows for e in r.errors]

    def counts(self) -> dict[str, int]:
        ok = [r for r in self.rows if not r.errors]
        return {
            "rows": len(self.rows),
            "ok": len(ok),
            "with_errors": len(self.rows) - len(ok),
            "new_deputies": sum(1 for r in ok if r.existing_deputy_id is None),
            "existing_deputies": sum(1 for r in ok if r.existing_deputy_id is not None),
        }


# Reading the file --------------------------------------------------------------


def _read_upload(file) -> tuple[str, bytes]:
    name = str(getattr(file, "name", "") or "roster.xlsx")
    size = getattr(file, "size", None)
    limit = settings.RENDA_IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise RosterError(
            f"文件过大：不能超过 {limit // (1024 * 1024)} MB。", field="file"
        )
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read(limit + 1)
    if len(content) > limit:
        raise RosterError(
            f"文件过大：不能超过 {limit // (1024 * 1024)} MB。", field="file"
        )
    if not content:
        raise RosterError("上传的文件是空的。", field="file")
    if not name.lower().endswith(".xlsx"):
        raise RosterError(
            "文件类型不正确：请上传 Excel 工作簿（.xlsx），可先下载导入模板填写。",
            field="file",
        )
    return name[-200:], content


def _open_workbook(content: bytes):
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise RosterError(
            "文件无法读取：不是有效的 Excel 工作簿（.xlsx），或文件已损坏。",
            field="file",
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise RosterError(
            "文件无法读取：不是有效的 Excel 工作簿（.xlsx），或文件已损坏。",
            field="file",
        ) from error


def _find_header(rows: list[tuple]) -> tuple[int, dict[int, str]] | None:
    for index, row in enumerate(rows):
        mapping = {}
        for position, value in enumerate(row):
            key = HEADER_LOOKUP.get(_normalise_header(value))
            if key and key not in mapping.values():
                mapping[position] = key
        if "name" in mapping.values():
            return index, mapping
    return None


def parse_roster(content: bytes) -> list[RosterRow]:
    """Read the data rows of a roster workbook into raw cells keyed by column."""
    from openpyxl.utils import get_column_letter

    workbook = _open_workbook(content)
    try:
        sheets = list(workbook.worksheets)
        sheets.sort(key=lambda s: s.title != DATA_SHEET_TITLE)
        found = None
        for sheet in sheets:
            iterator = sheet.iter_rows(values_only=True)
            head = []
            for _ in range(HEADER_SEARCH_ROWS):
                try:
                    head.append(next(iterator))
                except StopIteration:
                    break
                except Exception as error:
                    raise RosterError(
                        "文件无法读取：工作表内容已损坏。", field="file"
                    ) from error
            header = _find_header(head)
            if header is not None:
                found = (sheet, iterator, head, header)
                break
        if found is None:
            raise RosterError(
                "表头不正确：找不到“姓名*”列。请使用导入模板，表头在标题行下面一行。",
                field="file",
            )
        sheet, iterator, head, (header_index, mapping) = found
        missing = [
            c.template_header
            for c in COLUMNS
            if c.required and c.key not in mapping.values()
        ]
        if missing:
            raise RosterError(
                f"表头不正确：缺少 {'、'.join(f'“{m}”' for m in missing)} 列。请使用导入模板。",
                field="file",
            )
        letters = {key: get_column_letter(pos + 1) for pos, key in mapping.items()}
        max_rows = settings.RENDA_IMPORT_MAX_ROWS
        rows: list[RosterRow] = []

        def remaining():
            yield from head[header_index + 1 :]
            yield from iterator

        row_number = header_index + 1
        try:
            for values in remaining():
                row_number += 1
                cells = {}
                for position, key in mapping.items():
                    value = values[position] if position < len(values) else None
                    if isinstance(value, str):
                        value = value.strip()
                    if value is not None and value != "":
                        cells[key] = value
                if not any(k != "seq" for k in cells):
                    continue
                if len(rows) >= max_rows:
                    raise RosterError(
                        f"行数过多：一次最多导入 {max_rows} 行，请分批导入。",
                        field="file",
                    )
                rows.append(RosterRow(row=row_number, cells=cells, letters=letters))
        except RosterError:
            raise
        except Exception as error:
            raise RosterError(
                "文件无法读取：工作表内容已损坏。", field="file"
            ) from error
    finally:
        workbook.close()
    if not rows:
        raise RosterError(
            "文件中没有代表数据：表头下面没有填写任何一行。", field="file"
        )
    return rows


# Checking values ---------------------------------------------------------------


def id_number_check_digit(first17: str) -> str:
    """Return the GB 11643 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CODES[total % 11]


def _parse_date(row: RosterRow, key: str, today: dt.date) -> dt.date | None:
    value = row.cells.get(key)
    if value is None:
        return None
    parsed: dt.date | None = None
    if isinstance(value, dt.datetime):
        parsed = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if 20000000 <= value <= 29991231 and float(value).is_integer():
            parsed = _parse_date_text(str(int(value)))
        elif 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel

            try:
                parsed = from_excel(value).date()
            except (ValueError, OverflowError):
                parsed = None
    else:
        parsed = _parse_date_text(str(value))
    if parsed is None:
        row.error(key, f"“{row.raw(key)}”不是有效日期，请按 YYYY-MM-DD 填写")
        return None
    if parsed > today:
        row.error(key, f"“{parsed:%Y-%m-%d}”晚于今天")
        return None
    if parsed < EARLIEST_DATE:
        row.error(key, f"“{parsed:%Y-%m-%d}”早于 1900 年")
        return None
    return parsed


DATE_TEXT_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?$"
)


def _parse_date_text(text: str) -> dt.date | None:
    text = text.strip()
    match = DATE_TEXT_RE.match(text)
    if match:
        parts = match.groups()
    elif re.fullmatch(r"\d{8}", text):
        parts = (text[:4], text[4:6], text[6:])
    else:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _check_text(row: RosterRow, key: str) -> str:
    text = row.raw(key)
    limit = MAX_LENGTHS.get(key)
    if limit and len(text) > limit:
        row.error(key, f"内容过长，不能超过 {limit} 个字")
    return text


GENDER_LABELS = _labels(Gender.choices)
PARTY_LABELS = _labels(Party.choices)
CATEGORY_LABELS = _labels(OccupationCategory.choices)


def _check_row(row: RosterRow, today: dt.date) -> None:
    """Check one row's own cells and fill ``row.values`` with clean values."""
    values = row.values
    name = _check_text(row, "name").replace("\u3000", "").replace(" ", "")
    if not name:
        row.error("name", "姓名不能为空")
    values["name"] = name

    gender = row.raw("gender")
    if not gender:
        row.error("gender", "性别不能为空")
    elif gender not in GENDER_LABELS:
        row.error("gender", f"“{gender}”不是有效的性别，应为 男 或 女")
    values["gender"] = GENDER_LABELS.get(gender, "")

    party = row.raw("party")
    if not party:
        row.error("party", "党派不能为空")
    elif party not in PARTY_LABELS and party not in PARTY_ALIASES:
        row.error(
            "party", f"“{party}”不是有效的党派，应为 {'、'.join(PARTY_LABELS)} 之一"
        )
    values["party"] = PARTY_LABELS.get(party) or PARTY_ALIASES.get(party, "")

    ethnicity = _check_text(row, "ethnicity") or "汉族"
    if not ethnicity.endswith("族"):
        ethnicity += "族"
    values["ethnicity"] = ethnicity
    values["occupation"] = _check_text(row, "occupation")
    values["work_unit"] = _check_text(row, "work_unit")

    category = row.raw("occupation_category")
    if category and category not in CATEGORY_LABELS:
        row.error(
            "occupation_category",
            f"“{category}”不是有效的代表构成类别，应为 {'、'.join(CATEGORY_LABELS)} 之一",
        )
    values["occupation_category"] = CATEGORY_LABELS.get(
        category, OccupationCategory.OTHER
    )

    values["birth_date"] = _parse_date(row, "birth_date", today)
    values["start_date"] = _parse_date(row, "start_date", today)

    phone = re.sub(r"[\s-]", "", row.raw("phone"))
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not MOBILE_RE.match(phone):
        row.error("phone", f"“{row.raw('phone')}”不是有效的手机号码（11 位）")
    values["phone"] = phone

    id_number = row.raw("id_number").replace(" ", "").upper()
    values["id_number"] = ""
    if id_number:
        if isinstance(row.cells.get("id_number"), float):
            row.error(
                "id_number", "公民身份号码被 Excel 当作数字保存，请把该列设为文本后重填"
            )
        elif not ID_NUMBER_RE.match(id_number):
            row.error("id_number", f"“{id_number}”不是有效的公民身份号码（应为 18 位）")
        elif id_number_check_digit(id_number[:17]) != id_number[17]:
            row.error("id_number", f"“{id_number}”的校验码不正确，请核对公民身份号码")
        else:
            try:
                id_birth = dt.date(
                    int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14])
                )
            except ValueError:
                row.error(
                    "id_number", f"“{id_number}”中的出生日期无效，请核对公民身份号码"
                )
            else:
                values["id_number"] = id_number
                birth = values["birth_date"]
                if birth is None and "birth_date" not in row.cells:
                    values["birth_date"] = id_birth
                elif birth is not None and birth != id_birth:
                    row.error(
                        "id_number",
                        f"公民身份号码中的出生日期 {id_birth:%Y-%m-%d} "
                        f"与出生日期 {birth:%Y-%m-%d} 不一致",
                    )


@dataclass
class _Registry:
    """What the checks need from the database, loaded in a few queries."""

    delegations: dict[str, int]
    electoral_units: dict[str, int]
    constituencies: dict[str, int]
    groups: dict[str, int]
    by_id_number: dict[str, tuple[int, str]]
    term_deputy_ids: set[int]
    term_name_births: set[tuple[str, dt.date]]


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _load_registry(*, congress, term, rows: list[RosterRow]) -> _Registry:
    id_numbers = sorted({r.values["id_number"] for r in rows if r.values["id_number"]})
    by_id_number: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(id_numbers):
        for pk, number, name in Deputy.objects.filter(id_number__in=chunk).values_list(
            "pk", "id_number", "name"
        ):
            by_id_number[number] = (pk, name)
    term_deputies = Mandate.objects.filter(term=term).values_list(
        "deputy_id", "deputy__name", "deputy__birth_date"
    )
    term_deputy_ids = set()
    term_name_births = set()
    for deputy_id, name, birth in term_deputies:
        term_deputy_ids.add(deputy_id)
        if birth is not None:
            term_name_births.add((name, birth))
    return _Registry(
        delegations=dict(
            Delegation.objects.filter(term=term).values_list("name", "pk")
        ),
        electoral_units=dict(
            ElectoralUnit.objects.filter(term=term).values_list("name", "pk")
        ),
        constituencies=dict(
            Constituency.objects.filter(term=term).values_list("name", "pk")
        ),
        groups=dict(
            DeputyGroup.objects.filter(congress=congress).values_list("name", "pk")
        ),
        by_id_number=by_id_number,
        term_deputy_ids=term_deputy_ids,
        term_name_births=term_name_births,
    )


def check_roster(*, congress, term, rows: list[RosterRow]) -> RosterCheck:
    """Validate every row against its own cells, the other rows and the registry."""
    today = timezone.localdate()
    for row in rows:
        _check_row(row, today)
    registry = _load_registry(congress=congress, term=term, rows=rows)
    prefers_constituency = congress.level in (Level.COUNTY, Level.TOWNSHIP)
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, dt.date], int] = {}
    for row in rows:
        values = row.values
        delegation = row.raw("delegation")
        values["delegation_id"] = None
        if delegation:
            values["delegation_id"] = registry.delegations.get(delegation)
            if values["delegation_id"] is None:
                row.error("delegation", f"“{delegation}”不是{term}的代表团")
        unit = row.raw("unit")
        values["electoral_unit_id"] = values["constituency_id"] = None
        if unit:
            unit_id = registry.electoral_units.get(unit)
            constituency_id = registry.constituencies.get(unit)
            if unit_id and constituency_id:
                if prefers_constituency:
                    unit_id = None
                else:
                    constituency_id = None
            if unit_id is None and constituency_id is None:
                row.error("unit", f"“{unit}”不是{term}的原选举单位或选区")
            values["electoral_unit_id"] = unit_id
            values["constituency_id"] = constituency_id
        group = row.raw("group")
        values["group_id"] = None
        if group:
            values["group_id"] = registry.groups.get(group)
            if values["group_id"] is None:
                row.error("group", f"“{group}”不是{congress.short_name}的代表小组")
        if values["start_date"] is None and "start_date" not in row.cells:
            values["start_date"] = term.start_date

        id_number = values["id_number"]
        name, birth = values["name"], values["birth_date"]
        if id_number:
            if id_number in seen_ids:
                row.error(
                    "id_number",
                    f"与第 {seen_ids[id_number]} 行是同一人（公民身份号码相同）",
                )
            else:
                seen_ids[id_number] = row.row
        if name and birth is not None:
            key = (name, birth)
            if key in seen_names:
                row.error(
                    "name",
                    f"与第 {seen_names[key]} 行是同一人（姓名和出生日期相同）",
                )
            else:
                seen_names[key] = row.row

        existing = registry.by_id_number.get(id_number) if id_number else None
        if existing is not None:
            deputy_id, existing_name = existing
            if name and existing_name != name:
                row.error(
                    "id_number",
                    f"该公民身份号码已属于已有代表“{existing_name}”，与姓名“{name}”不符",
                )
            elif deputy_id in registry.term_deputy_ids:
                row.error("name", f"{name} 已是{term}代表，不能重复导入")
            else:
                row.existing_deputy_id = deputy_id
        elif name and birth is not None and (name, birth) in registry.term_name_births:
            row.error(
                "name",
                f"{name}（{birth:%Y-%m-%d}）已是{term}代表，不能重复导入",
            )
    return RosterCheck(rows=rows)


# Services ----------------------------------------------------------------------


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


# The template -------------------------------------------------------------------

TEMPLATE_INSTRUCTIONS = (
    "1. 在“代表名单”工作表中从第 3 行起逐行填写，每行一名代表；不要修改第 2 行表头。",
    "2. 带 * 的列必须填写：姓名、性别、党派。",
    "3. 日期（出生日期、资格起始日期）按 YYYY-MM-DD 填写，如 1970-05-01，也可填 Excel 日期。",
    "4. 手机号码为 11 位大陆手机号；公民身份号码为 18 位，最后一位可以是 X。"
    "两列请保持文本格式，以免 Excel 改写长数字。",
    "5. 填写了公民身份号码且出生日期为空时，出生日期取自公民身份号码；两者都填时必须一致。",
    "6. 代表团、原选举单位/选区、代表小组须与系统中该届（该人大）已建立的名称完全一致。",
    "7. 资格起始日期为空时，取所选届次的开始日期。",
    "8. 公民身份号码与系统中已有代表相同的，视为同一人：不新建代表，只新增本届代表资格。",
    "9. 上传后系统先逐行校验并显示预览，没有任何错误时才能确认导入；导入要么全部成功，要么全部不写入。",
)
TEMPLATE_EXAMPLE = {
    "seq": 1,
    "name": "张三",
    "gender": "男",
    "ethnicity": "汉族",
    "birth_date": "1970-05-01",
    "party": "中共党员",
    "occupation": "党委书记",
    "work_unit": "辽源市某某公司",
    "occupation_category": "企业负责人",
    "phone": "13800000000",
    "id_number": "220402197005010011",
    "delegation": "龙山区代表团",
    "unit": "龙山区",
    "group": "向阳街道代表小组",
    "start_date": "2017-01-01",
}
TEMPLATE_DATA_ROWS = 1000


def roster_template_workbook(*, congress=None, term=None) -> bytes:
    """Build the .xlsx template a clerk fills in: title, header, lists, instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET_TITLE
    title = f"{term or (congress.name if congress else '人民代表大会')}代表名册"
    last = get_column_letter(len(COLUMNS))
    sheet["A1"] = title
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A1:{last}1")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    first_row, last_row = 3, 2 + TEMPLATE_DATA_ROWS
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        cell = sheet.cell(row=2, column=position, value=column.template_header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[letter].width = column.width
        if column.key in ("phone", "id_number", "birth_date", "start_date"):
            number_format = (
                "@" if column.key in ("phone", "id_number") else "yyyy-mm-dd"
            )
            for row in range(first_row, last_row + 1):
                sheet.cell(row=row, column=position).number_format = number_format
    sheet.freeze_panes = "C3"
    letters = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}

    def add_list(key: str, labels, *, allow_blank: bool) -> None:
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(str(label) for label in labels) + '"',
            allow_blank=allow_blank,
            showErrorMessage=True,
            errorTitle="输入有误",
            error=f"请从下拉列表中选择{COLUMN_BY_KEY[key].header}",
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letters[key]}{first_row}:{letters[key]}{last_row}")

    add_list("gender", GENDER_LABELS, allow_blank=False)
    add_list("party", PARTY_LABELS, allow_blank=False)
    add_list("occupation_category", CATEGORY_LABELS, allow_blank=True)

    guide = workbook.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 100
    guide["A1"] = "代表名册导入说明"
    guide["A1"].font = Font(size=14, bold=True)
    for offset, line in enumerate(TEMPLATE_INSTRUCTIONS, start=3):
        guide.cell(row=offset, column=1, value=line)
    example_row = len(TEMPLATE_INSTRUCTIONS) + 4
    guide.cell(
        row=example_row, column=1, value="填写示例（此行仅供参考，不会被导入）："
    )
    grey = Font(color="808080", italic=True)
    for position, column in enumerate(COLUMNS, start=1):
        guide.cell(
            row=example_row + 1, column=position, value=column.template_header
        ).font = Font(bold=True)
        guide.cell(
            row=example_row + 2, column=position, value=TEMPLATE_EXAMPLE[column.key]
        ).font = grey
    lists_row = example_row + 4
    guide.cell(row=lists_row, column=1, value="可选值：").font = Font(bold=True)
    guide.cell(row=lists_row + 1, column=1, value="性别：" + "、".join(GENDER_LABELS))
    guide.cell(row=lists_row + 2, column=1, value="党派：" + "、".join(PARTY_LABELS))
    guide.cell(
        row=lists_row + 3, column=1, value="代表构成类别：" + "、".join(CATEGORY_LABELS)
    )
    if term is not None:
        names = [
            ("代表团", Delegation.objects.filter(term=term)),
            ("原选举单位", ElectoralUnit.objects.filter(term=term)),
            ("选区", Constituency.objects.filter(term=term)),
            ("代表小组", DeputyGroup.objects.filter(congress=term.congress)),
        ]
        for offset, (label, queryset) in enumerate(names, start=4):
            values = list(queryset.values_list("name", flat=True)[:200])
            if values:
                guide.cell(
                    row=lists_row + offset,
                    column=1,
                    value=f"{label}：" + "、".join(values),
                )
    from renda.core.exporting import workbook_bytes

    return workbook_bytes(workbook)


# Reads -------------------------------------------------------------------------


def congresses_for_roster(user) -> QuerySet[Congress]:
    """Return the congresses whose roster the user may import."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.staff_congress_ids)


def get_roster_import_for_user(user, pk) -> RosterImport:
    """Return a pending or done import of a congress the user manages, or raise 404."""
    try:
        pending = RosterImport.objects.select_related("congress", "term__congress").get(
            pk=pk
        )
    except (RosterImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_manage_roster(user, pending.congress):
        raise Http404
    return pending


def roster_imports_visible_to(user) -> QuerySet[RosterImport]:
    """Return the imports of the congresses whose roster the user manages."""
    return (
        RosterImport.objects.filter(congress__in=congresses_for_roster(user))
        .select_related("congress", "term", "created_by")
        .defer("content", "preview")
    )
