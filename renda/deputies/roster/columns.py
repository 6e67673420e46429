"""The roster's columns, how their headers are recognised, and the limits values must meet."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..choices import Party


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
