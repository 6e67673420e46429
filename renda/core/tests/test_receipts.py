"""Receipt numbers: digits with a Damm check digit, grouped for reading aloud."""

import pytest
from django.template import Context, Template

from renda.core.receipts import (
    MISTYPED_MESSAGE,
    RECEIPT_DIGITS,
    WRONG_LENGTH_MESSAGE,
    damm_check_digit,
    damm_is_valid,
    format_receipt_number,
    new_receipt_number,
    normalize_receipt_number,
    receipt_number_problem,
)


def test_damm_check_digit_matches_the_published_example():
    # The worked example of the Damm algorithm: 572 -> 4.
    assert damm_check_digit("572") == "4"
    assert damm_is_valid("5724")
    assert not damm_is_valid("5723")


def test_new_numbers_are_twelve_digits_that_pass_the_check_and_do_not_repeat():
    numbers = {new_receipt_number() for _ in range(500)}
    assert len(numbers) == 500
    for number in numbers:
        assert len(number) == RECEIPT_DIGITS
        assert number.isdigit()
        assert number[0] != "0"
        assert damm_is_valid(number)


def test_every_single_digit_error_and_adjacent_swap_is_caught():
    for _ in range(200):
        number = new_receipt_number()
        for index, digit in enumerate(number):
            for other in "0123456789":
                if other != digit:
                    typo = number[:index] + other + number[index + 1 :]
                    assert receipt_number_problem(typo) == MISTYPED_MESSAGE
        for index in range(RECEIPT_DIGITS - 1):
            if number[index] != number[index + 1]:
                swapped = (
                    number[:index]
                    + number[index + 1]
                    + number[index]
                    + number[index + 2 :]
                )
                assert receipt_number_problem(swapped) == MISTYPED_MESSAGE


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2020 1234 5678", "202012345678"),
        ("2020-1234-5678", "202012345678"),
        ("２０２０　１２３４－５６７８", "202012345678"),
        ("2020—1234·5678", "202012345678"),
        ("abcd efgh jk", "ABCDEFGHJK"),
        ("yt-abc", "YTABC"),
        (None, ""),
    ],
)
def test_typed_numbers_fold_to_the_stored_form(typed, stored):
    assert normalize_receipt_number(typed) == stored


def test_problems_are_told_only_for_numbers_of_digits():
    number = new_receipt_number()
    assert receipt_number_problem(number) is None
    assert receipt_number_problem(number[:-1]) == WRONG_LENGTH_MESSAGE
    assert receipt_number_problem("ABCDEFGHJK") is None  # an older number
    assert receipt_number_problem("") is None


def test_numbers_are_shown_in_groups_of_four_and_older_ones_as_stored():
    assert format_receipt_number("202012345678") == "2020 1234 5678"
    assert format_receipt_number("ABCDEFGHJK") == "ABCDEFGHJK"
    html = Template("{% load receipts %}{{ n|receipt_number }}").render(
        Context({"n": "202012345678"})
    )
    assert html == "2020 1234 5678"
