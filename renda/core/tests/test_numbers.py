import pytest

from renda.core.numbers import chinese_number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "一"),
        (8, "八"),
        (10, "十"),
        (13, "十三"),
        (18, "十八"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (999, "九百九十九"),
        (0, "0"),
        (1000, "1000"),
    ],
)
def test_chinese_number(value, text):
    assert chinese_number(value) == text
