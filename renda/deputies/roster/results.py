"""What reading and checking a roster produce: rows, cell errors, the check, the error."""

from __future__ import annotations

from dataclasses import dataclass, field

from renda.core.errors import ApplicationError

from .columns import COLUMN_BY_KEY


class RosterError(ApplicationError):
    code = "deputies.roster"


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
