"""Receipt numbers of the public forms (回执编号 / 查询码), read aloud over the phone.

A new receipt number is 12 digits: 11 random digits (the first never 0, so a
spreadsheet or a phone keeps it whole) and a Damm check digit, shown in three
groups of four ("2020 1234 5678"). The Damm check catches every single mistyped
digit and every swap of two neighbouring digits, so a mistyped number is told
apart from one that does not exist without asking the database
(docs/decisions/0008-receipt-numbers.md).

Older numbers were letters (and digits without 0/1, sometimes with a prefix such
as "YT"); they keep working: ``receipt_number_problem`` only judges numbers made
of digits alone, which no older number was.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

RECEIPT_DIGITS = 12
RECEIPT_GROUP = 4
# Enough room, in a stored field, for the longest older number ("YT" + 10).
RECEIPT_MAX_LENGTH = 20

# The Damm quasigroup of order 10 (weakly totally antisymmetric), as published
# by H. Michael Damm (2004) and reproduced in every implementation.
_DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

# What people type between groups: spaces (also full-width), hyphens and dashes
# of every kind, dots and underscores.
_SEPARATORS = re.compile(r"[\s\u3000\-_.·\u2010-\u2015\u2212\uff0d\u30fb]+")

MISTYPED_MESSAGE = "查询码校验位不符，请核对。"
WRONG_LENGTH_MESSAGE = f"查询码是 {RECEIPT_DIGITS} 位数字，请核对。"


def damm_interim(digits: str) -> int:
    """Return the Damm interim digit of a string of ASCII digits."""
    interim = 0
    for char in digits:
        interim = _DAMM_TABLE[interim][ord(char) - 48]
    return interim


def damm_check_digit(digits: str) -> str:
    """Return the check digit that makes ``digits`` + it pass the Damm check."""
    return str(damm_interim(digits))


def damm_is_valid(digits: str) -> bool:
    """Tell whether a string of ASCII digits (check digit last) passes the Damm check."""
    return (
        bool(digits)
        and digits.isascii()
        and digits.isdigit()
        and (damm_interim(digits) == 0)
    )


def new_receipt_number() -> str:
    """Return a new random receipt number: 11 random digits and a Damm check digit.

    Random, not sequential, so that a number says nothing of the others and
    cannot be guessed from one's own; uniqueness is the database's unique
    constraint (callers retry on the rare collision).
    """
    payload = str(secrets.randbelow(9) + 1) + "".join(
        str(secrets.randbelow(10)) for _ in range(RECEIPT_DIGITS - 2)
    )
    return payload + damm_check_digit(payload)


def normalize_receipt_number(value: object) -> str:
    """Fold a typed receipt number to its stored form.

    Full-width characters count as their ASCII forms; spaces, hyphens, dashes
    and dots between groups are dropped; letters (older numbers) are upper-cased.
    """
    text = unicodedata.normalize("NFKC", value if isinstance(value, str) else "")
    return _SEPARATORS.sub("", text).upper()


def receipt_lookup_key(value: object) -> str:
    """Fold a typed receipt number for a look-up, cut to the longest stored number."""
    return normalize_receipt_number(value)[:RECEIPT_MAX_LENGTH]


def receipt_number_problem(number: str) -> str | None:
    """Return why a normalised number made of digits cannot be one of ours, else None.

    A number with letters in it is an older one (or not a number at all): the
    look-up decides. Digits alone must be 12 long and pass the Damm check.
    """
    if not (number and number.isascii() and number.isdigit()):
        return None
    if len(number) != RECEIPT_DIGITS:
        return WRONG_LENGTH_MESSAGE
    if not damm_is_valid(number):
        return MISTYPED_MESSAGE
    return None


def format_receipt_number(number: object) -> str:
    """Return a receipt number as it is shown and read aloud: "2020 1234 5678".

    Older letter numbers come back as stored.
    """
    text = str(number or "")
    if len(text) == RECEIPT_DIGITS and text.isascii() and text.isdigit():
        return " ".join(
            text[start : start + RECEIPT_GROUP]
            for start in range(0, RECEIPT_DIGITS, RECEIPT_GROUP)
        )
    return text
