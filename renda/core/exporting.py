"""Save spreadsheets (.xlsx) in which no cell is a formula.

A text a user typed (a suggestion's title, a resident's words) that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by spreadsheet
programs as a formula (OWASP "CSV/formula injection"), and openpyxl itself
stores any string beginning with ``=`` as a live formula (``<f>`` in the sheet's
XML). Renda's exports never mean to write a formula, so every export saves its
workbook through ``workbook_bytes``: each such text becomes a string cell with
Excel's quote prefix (shown as typed, never evaluated, still text when the cell
is edited). Numbers, dates and other texts are left as they are.
``write_cell`` does the same for one cell as it is written.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The first characters that make a spreadsheet program read a text as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """Tell whether a value is text a spreadsheet program would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _keep_as_text(cell) -> None:
    if cell.data_type == TYPE_FORMULA and not isinstance(cell.value, str):
        # An array or data-table formula object: no user text, nothing to keep.
        cell.value = None
        return
    if is_formula_like(cell.value):
        cell.data_type = TYPE_STRING
        cell.quotePrefix = True


def write_cell(sheet, row: int, column: int, value):
    """Write one value into a cell, formula-like text as text; return the cell."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    _keep_as_text(cell)
    return cell


def text_only(workbook: Workbook) -> Workbook:
    """Turn every formula-like text of every sheet into a text cell; return the workbook."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == TYPE_FORMULA or is_formula_like(cell.value):
                    _keep_as_text(cell)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """Return the saved .xlsx file of a workbook, with no cell a formula."""
    buffer = io.BytesIO()
    text_only(workbook).save(buffer)
    return buffer.getvalue()


__all__ = [
    "FORMULA_PREFIXES",
    "XLSX_TYPE",
    "is_formula_like",
    "text_only",
    "workbook_bytes",
    "write_cell",
]
