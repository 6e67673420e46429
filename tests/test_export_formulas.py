"""No user text becomes a formula in an exported workbook (OWASP formula injection).

openpyxl stores any string beginning with ``=`` as a live formula (an ``<f>``
element in the sheet's XML); spreadsheet programs also read ``+ - @``, tab and
CR as the start of one. Every export saves through ``renda.core.exporting``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from renda.core.exporting import is_formula_like, workbook_bytes, write_cell
from renda.suggestions.stats_export import ledger_workbook
from renda.suggestions.tests.factories import submitted

DANGEROUS = [
    '=HYPERLINK("http://evil.example","点此")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return "".join(archive.read(name).decode() for name in names)


def assert_no_formula(content: bytes) -> None:
    assert not re.search(r"<f[ >]", sheet_xml(content))


def test_formula_like_text_is_saved_as_text_and_numbers_stay_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*DANGEROUS, 42, 3.5, "普通文字", "a=b", dt.date(2025, 3, 3)])
    write_cell(sheet, 2, 1, "=1+2")

    content = workbook_bytes(workbook)

    assert_no_formula(content)
    saved = load_workbook(io.BytesIO(content)).active
    row = list(saved[1])
    for cell, value in zip(row, DANGEROUS, strict=False):
        assert cell.data_type == "s"
        assert cell.value == value
        assert cell.quotePrefix
    assert row[len(DANGEROUS)].value == 42
    assert row[len(DANGEROUS)].data_type == "n"
    assert row[len(DANGEROUS) + 1].value == 3.5
    assert row[len(DANGEROUS) + 2].value == "普通文字"
    assert not row[len(DANGEROUS) + 2].quotePrefix
    assert saved["A2"].value == "=1+2"
    assert saved["A2"].data_type == "s"


def test_is_formula_like():
    assert all(is_formula_like(value) for value in DANGEROUS)
    assert not any(is_formula_like(v) for v in ["", "文字", 0, -1, None, "1-2"])


def test_ledger_writes_a_title_starting_with_equals_as_text(
    world, deputy, committee_staff
):
    # A resident's first line becomes the title when the request is converted.
    titled = submitted(world, deputy, title='=HYPERLINK("http://evil.example","x")')
    other = submitted(world, deputy, title="@SUM(1+1)")

    content = ledger_workbook(
        user=committee_staff,
        congress=world.city_congress,
        year=titled.submitted_at.year,
    )

    assert_no_formula(content)
    sheet = load_workbook(io.BytesIO(content)).active
    titles = {row[1].value: row[1] for row in sheet.iter_rows(min_row=3)}
    for item in (titled, other):
        cell = titles[item.title]
        assert cell.data_type == "s"
        assert cell.quotePrefix


@pytest.mark.parametrize("text", ["=1+1", "@cmd"])
def test_deputy_export_writes_formula_like_work_unit_as_text(
    client, world, committee_staff, text
):
    world.deputy_city_a.work_unit = text
    world.deputy_city_a.save(update_fields=["work_unit"])
    client.force_login(committee_staff)

    response = client.get(reverse("deputies:export"))

    assert response.status_code == 200
    assert_no_formula(response.content)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[6] for row in sheet.iter_rows(min_row=3) if row[6].value == text]
    assert cells
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
