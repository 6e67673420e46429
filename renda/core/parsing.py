"""Parsing of identifiers that arrive as text (query strings, form field names)."""

# Primary keys are 64-bit; anything longer is not one of ours.
MAX_PK_DIGITS = 18


def parse_pk(value) -> int | None:
    """Return ``value`` as a positive primary key, or None if it is not one.

    Only ASCII digits count: ``"²".isdigit()`` is true but ``int("²")`` fails.
    """
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_PK_DIGITS:
        return None
    number = int(text)
    return number or None
