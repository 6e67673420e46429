"""What the suggestion schemas share: text bounds, validators, references."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

# The longest body of a suggestion or a reply: about twenty printed pages.
LONG_TEXT_MAX_LENGTH = 20_000
SIGNED_BY_MAX_LENGTH = 50
MAX_COSIGNERS = 100
MAX_UNITS = 30
MAX_MERGED = 100
ALLOWED_CONTROL = {"\n", "\r", "\t"}


def _multiline(value: str) -> str:
    # Line breaks and tabs belong in a letter; other control characters never do
    # (PostgreSQL refuses NUL).
    if any(ord(char) < 32 and char not in ALLOWED_CONTROL for char in value):
        raise ValueError("不能包含控制字符。")
    return value


def long_text(max_length: int):
    """Free text from a body: bounded, line breaks allowed, no other control characters."""
    return Annotated[
        str, StringConstraints(max_length=max_length), AfterValidator(_multiline)
    ]


def _label(choices_class, value) -> str:
    return str(choices_class(value).label) if value else ""


# Shared pieces -------------------------------------------------------------------


class DeputyRefOut(Schema):
    id: int
    name: str = Field(description="姓名")


class UnitRefOut(Schema):
    id: int
    name: str = Field(description="承办单位名称")
