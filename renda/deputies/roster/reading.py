"""Reading the uploaded .xlsx into rows, finding the header row among the first rows."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

from .columns import (
    COLUMNS,
    DATA_SHEET_TITLE,
    HEADER_LOOKUP,
    HEADER_SEARCH_ROWS,
    _normalise_header,
)
from .results import RosterError, RosterRow


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
