"""Build roster workbooks in tests, the way a clerk fills in the template."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from renda.deputies.roster import COLUMNS, id_number_check_digit

HEADERS = [c.template_header for c in COLUMNS]


def make_id_number(region: str, birth: str, sequence: str = "001") -> str:
    """Return a valid 18-character ID number for a region code, YYYYMMDD and sequence."""
    first17 = f"{region}{birth}{sequence}"
    return first17 + id_number_check_digit(first17)


def roster_row(**values) -> dict:
    row = {
        "姓名*": "李明",
        "性别*": "男",
        "民族": "汉族",
        "出生日期": "1975-03-08",
        "党派*": "中共党员",
        "职务": "主任",
        "工作单位": "辽源市某单位",
        "代表构成类别": "党政领导干部",
        "手机号码": "13900001111",
        "公民身份号码": "",
        "代表团": "龙山区代表团",
        "原选举单位/选区": "",
        "代表小组": "",
        "资格起始日期": "",
    }
    row.update(values)
    return row


def roster_workbook(rows: list[dict], *, headers=None, title="代表名册") -> bytes:
    headers = headers or HEADERS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "代表名单"
    sheet.append([title])
    sheet.append(headers)
    for number, row in enumerate(rows, start=1):
        sheet.append([number if h == "序号" else row.get(h, "") for h in headers])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def roster_file(rows: list[dict], *, name="名册.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, roster_workbook(rows, **kwargs))
