import pytest

from renda.core.parsing import parse_pk


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (5, 5),
        ("0", None),
        ("", None),
        (None, None),
        ("²", None),
        ("١٢", None),
        ("-3", None),
        ("1e3", None),
        ("9" * 19, None),
    ],
)
def test_parse_pk(value, expected):
    assert parse_pk(value) == expected
