"""Masking of phone numbers and ID numbers (renda.core.masking)."""

import pytest

from renda.core.masking import mask_id_number, mask_phone
from renda.deputies.models import Deputy


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+86 138 1234 5678", "861******5678"),
        ("0437-3221234", "043****1234"),
        ("(0437) 322-1234", "043****1234"),
        ("043732212345", "043*****2345"),
        ("12345", "*****"),
        ("110", "***"),
    ],
)
def test_phone_keeps_only_the_first_three_and_last_four_digits(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize("phone", ["", None])
def test_missing_phone_masks_to_empty(phone):
    assert mask_phone(phone) == ""


def test_phone_without_digits_reveals_nothing():
    assert mask_phone("暂无") == ""


@pytest.mark.parametrize(
    "phone", ["13812345678", "0437-3221234", "32212345", "+86 138 1234 5678"]
)
def test_masked_phone_never_shows_the_middle_digits(phone):
    digits = "".join(c for c in phone if c.isdigit())

    masked = mask_phone(phone)

    assert "*" in masked
    assert digits[3:-4] not in masked.replace("*", "")


def test_seven_digit_local_number_is_not_shown_whole():
    assert mask_phone("3221234") != "3221234"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("220402198001011234", "220402********1234"),
        ("22040219800101123X", "220402********123X"),
        ("22040219800101123x", "220402********123x"),
        ("220402800101123", "220402*****1123"),
        ("1234567890", "**********"),
        ("AB123", "*****"),
    ],
)
def test_id_number_keeps_region_code_and_last_four(value, masked):
    assert mask_id_number(value) == masked


def test_id_number_hides_the_birth_date():
    value = "220402198001011234"

    assert "19800101" not in mask_id_number(value)


@pytest.mark.parametrize("value", ["", None])
def test_missing_id_number_masks_to_empty(value):
    assert mask_id_number(value) == ""


def test_deputy_masked_phone_property():
    assert Deputy(name="张三", phone="13987654321").masked_phone == "139****4321"
    assert Deputy(name="张三", phone="").masked_phone == ""
