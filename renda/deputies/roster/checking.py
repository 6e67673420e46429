"""Checking every row's values and matching them against the registry in batched lookups."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from renda.congresses.choices import Level
from renda.congresses.models import Constituency, Delegation, ElectoralUnit

from ..choices import Gender, OccupationCategory, Party
from ..models import Deputy, DeputyGroup, Mandate
from .columns import (
    EARLIEST_DATE,
    ID_CHECK_CODES,
    ID_NUMBER_RE,
    ID_WEIGHTS,
    LOOKUP_CHUNK,
    MAX_LENGTHS,
    MOBILE_RE,
    PARTY_ALIASES,
    _labels,
)
from .results import RosterCheck, RosterRow


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
