"""The roster import: read a clerk's .xlsx, validate every row, then import it whole.

Two services: ``roster_preview`` parses and validates the file against the
registry and keeps it as a pending ``RosterImport`` (nothing else is written);
``roster_import_confirm`` parses and validates the kept file again and, only if
every row is valid, writes deputies, mandates and group memberships in one
transaction. Lookups are batched: the number of queries does not grow with the
number of rows.
"""

from .checking import (
    CATEGORY_LABELS,
    DATE_TEXT_RE,
    GENDER_LABELS,
    PARTY_LABELS,
    check_roster,
    id_number_check_digit,
)
from .columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    DATA_SHEET_TITLE,
    EARLIEST_DATE,
    HEADER_LOOKUP,
    HEADER_SEARCH_ROWS,
    ID_CHECK_CODES,
    ID_NUMBER_RE,
    ID_WEIGHTS,
    LOOKUP_CHUNK,
    MAX_LENGTHS,
    MOBILE_RE,
    PARTY_ALIASES,
    Column,
)
from .confirm import RosterImportOutcome, roster_import_confirm
from .preview import PREVIEW_ROW_FIELDS, roster_preview
from .reading import parse_roster
from .reads import (
    congresses_for_roster,
    get_roster_import_for_user,
    roster_imports_visible_to,
)
from .results import CellError, RosterCheck, RosterError, RosterRow
from .template import (
    TEMPLATE_DATA_ROWS,
    TEMPLATE_EXAMPLE,
    TEMPLATE_INSTRUCTIONS,
    roster_template_workbook,
)

__all__ = [
    "CATEGORY_LABELS",
    "COLUMNS",
    "COLUMN_BY_KEY",
    "CellError",
    "Column",
    "DATA_SHEET_TITLE",
    "DATE_TEXT_RE",
    "EARLIEST_DATE",
    "GENDER_LABELS",
    "HEADER_LOOKUP",
    "HEADER_SEARCH_ROWS",
    "ID_CHECK_CODES",
    "ID_NUMBER_RE",
    "ID_WEIGHTS",
    "LOOKUP_CHUNK",
    "MAX_LENGTHS",
    "MOBILE_RE",
    "PARTY_ALIASES",
    "PARTY_LABELS",
    "PREVIEW_ROW_FIELDS",
    "RosterCheck",
    "RosterError",
    "RosterImportOutcome",
    "RosterRow",
    "TEMPLATE_DATA_ROWS",
    "TEMPLATE_EXAMPLE",
    "TEMPLATE_INSTRUCTIONS",
    "check_roster",
    "congresses_for_roster",
    "get_roster_import_for_user",
    "id_number_check_digit",
    "parse_roster",
    "roster_import_confirm",
    "roster_imports_visible_to",
    "roster_preview",
    "roster_template_workbook",
]
