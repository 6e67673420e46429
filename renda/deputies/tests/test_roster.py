"""The roster import services: preview validates everything, confirm writes all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from renda.congresses.models import ElectoralUnit
from renda.core.errors import PermissionDenied
from renda.core.models import ActionLog
from renda.deputies.models import Deputy, DeputyGroup, Mandate
from renda.deputies.models_roster import RosterImport, RosterImportStatus
from renda.deputies.roster import (
    RosterError,
    roster_import_confirm,
    roster_preview,
    roster_template_workbook,
)
from renda.deputies.services import deputy_update
from renda.deputies.tests.factories import DeputyFactory
from renda.deputies.tests.roster_helpers import (
    make_id_number,
    roster_file,
    roster_row,
)


def _snapshot():
    return (
        Deputy.objects.count(),
        Mandate.objects.count(),
        DeputyGroup.members.through.objects.count(),
        ActionLog.objects.filter(action="roster.import").count(),
    )


def _preview(world, actor, rows, **kwargs):
    return roster_preview(
        congress=world.city_congress,
        term=world.city_term,
        file=roster_file(rows, **kwargs),
        actor=actor,
    )


def _texts(pending) -> list[str]:
    return [e["text"] for e in pending.preview["errors"]]


def test_broken_file_lists_every_error_by_row_and_cell_and_writes_nothing(
    world, committee_staff
):
    # Given a file with one fault per row (rows 3.. in Excel, after title and header)
    good_id = make_id_number("220402", "19800101", "012")
    wrong_check = "0" if good_id[17] != "0" else "1"
    rows = [
        roster_row(**{"姓名*": ""}),  # row 3: missing name
        roster_row(**{"姓名*": "陈红", "出生日期": "1970-13-45"}),  # row 4
        roster_row(**{"姓名*": "刘洋", "代表团": "不存在代表团"}),  # row 5
        roster_row(**{"姓名*": "周敏", "公民身份号码": good_id, "出生日期": ""}),
        roster_row(**{"姓名*": "周敏", "公民身份号码": good_id, "出生日期": ""}),
        roster_row(**{"姓名*": "吴刚", "手机号码": "1390000"}),  # row 8
        roster_row(
            **{"姓名*": "郑强", "公民身份号码": good_id[:17] + wrong_check}
        ),  # row 9
        roster_row(**{"姓名*": "王静", "出生日期": "2999-01-01"}),  # row 10
        roster_row(**{"姓名*": "孙丽", "性别*": "未知", "党派*": "某党"}),  # row 11
        roster_row(**{"姓名*": "何伟", "代表小组": "无此小组"}),  # row 12
        roster_row(**{"姓名*": "马超", "原选举单位/选区": "无此单位"}),  # row 13
    ]
    before = _snapshot()

    # When the clerk uploads it
    pending = _preview(world, committee_staff, rows)

    # Then every fault is named by Excel row and cell
    texts = _texts(pending)
    assert "第 3 行 B 列（姓名）：姓名不能为空" in texts
    assert (
        "第 4 行 E 列（出生日期）：“1970-13-45”不是有效日期，请按 YYYY-MM-DD 填写"
        in texts
    )
    assert (
        "第 5 行 L 列（代表团）：“不存在代表团”不是辽源市第八届人民代表大会的代表团"
        in texts
    )
    assert (
        "第 7 行 K 列（公民身份号码）：与第 6 行是同一人（公民身份号码相同）" in texts
    )
    assert "第 8 行 J 列（手机号码）：“1390000”不是有效的手机号码（11 位）" in texts
    assert (
        f"第 9 行 K 列（公民身份号码）：“{good_id[:17] + wrong_check}”的校验码不正确，"
        "请核对公民身份号码" in texts
    )
    assert "第 10 行 E 列（出生日期）：“2999-01-01”晚于今天" in texts
    assert "第 11 行 C 列（性别）：“未知”不是有效的性别，应为 男 或 女" in texts
    assert any(
        t.startswith("第 11 行 F 列（党派）：“某党”不是有效的党派") for t in texts
    )
    assert "第 12 行 N 列（代表小组）：“无此小组”不是辽源市人大的代表小组" in texts
    assert (
        "第 13 行 M 列（原选举单位/选区）：“无此单位”不是辽源市第八届人民代表大会的原选举单位或选区"
        in texts
    )
    assert pending.preview["counts"] == {
        "rows": 11,
        "ok": 1,
        "with_errors": 10,
        "new_deputies": 1,
        "existing_deputies": 0,
    }
    assert not pending.can_confirm
    # And nothing of the roster was written, and confirming is refused
    assert _snapshot() == before
    with pytest.raises(RosterError):
        roster_import_confirm(pending=pending, actor=committee_staff)
    assert _snapshot() == before
    pending.refresh_from_db()
    assert pending.status == RosterImportStatus.PENDING


def test_duplicate_by_name_and_birth_date_within_file(world, committee_staff):
    rows = [roster_row(**{"姓名*": "赵雪"}), roster_row(**{"姓名*": "赵雪"})]

    pending = _preview(world, committee_staff, rows)

    assert _texts(pending) == [
        "第 4 行 B 列（姓名）：与第 3 行是同一人（姓名和出生日期相同）"
    ]


def test_id_number_birth_date_must_match_birth_date_column(world, committee_staff):
    id_number = make_id_number("220402", "19750308", "021")
    rows = [roster_row(**{"公民身份号码": id_number, "出生日期": "1975-03-09"})]

    pending = _preview(world, committee_staff, rows)

    assert _texts(pending) == [
        "第 3 行 K 列（公民身份号码）：公民身份号码中的出生日期 1975-03-08 "
        "与出生日期 1975-03-09 不一致"
    ]


def test_good_file_imports_every_row_with_one_audit_row(world, committee_staff):
    # Given a valid file of 30 deputies, some in a group, dates in several forms
    ElectoralUnit.objects.create(term=world.city_term, name="龙山区")
    rows = []
    for i in range(30):
        rows.append(
            roster_row(
                **{
                    "姓名*": f"林{'一二三四五六七八九十'[i % 10]}{'甲乙丙'[i // 10]}",
                    "性别*": "女" if i % 2 else "男",
                    "民族": "满" if i == 0 else "汉族",
                    "出生日期": dt.datetime(1960 + i, 1, 2)
                    if i % 2
                    else f"{1960 + i}/1/2",
                    "手机号码": f"139{i:08d}",
                    "公民身份号码": make_id_number(
                        "220402", f"{1960 + i}0102", f"{i:03d}"
                    ),
                    "原选举单位/选区": "龙山区" if i < 5 else "",
                    "代表小组": "向阳街道代表小组" if i < 3 else "",
                    "资格起始日期": "2017-01-15" if i == 0 else "",
                }
            )
        )
    before = _snapshot()
    pending = _preview(world, committee_staff, rows)
    assert pending.preview["errors"] == []
    assert pending.can_confirm
    assert _snapshot() == before

    # When the clerk confirms
    outcome = roster_import_confirm(pending=pending, actor=committee_staff)

    # Then every row is a deputy with a mandate of the term; one audit row
    assert not outcome.already_imported
    assert outcome.counts["rows"] == 30
    assert Deputy.objects.count() == before[0] + 30
    assert Mandate.objects.filter(term=world.city_term).count() == 2 + 30
    assert world.group_longshan.members.count() == 1 + 3
    first = Deputy.objects.get(id_number=rows[0]["公民身份号码"])
    assert first.name_pinyin == "linyijia"
    assert first.ethnicity == "满族"
    assert first.birth_date == dt.date(1960, 1, 2)
    assert first.occupation_category == "OFFICIAL"
    mandate = first.mandates.get()
    assert mandate.start_date == dt.date(2017, 1, 15)
    assert mandate.delegation == world.delegation
    assert mandate.electoral_unit.name == "龙山区"
    second = Deputy.objects.get(id_number=rows[1]["公民身份号码"])
    assert second.gender == "F"
    assert second.mandates.get().start_date == world.city_term.start_date
    logs = ActionLog.objects.filter(action="roster.import")
    assert logs.count() == 1
    assert logs.get().data["new_deputies"] == 30
    pending.refresh_from_db()
    assert pending.status == RosterImportStatus.DONE


def test_confirming_twice_imports_once(world, committee_staff):
    pending = _preview(world, committee_staff, [roster_row(**{"姓名*": "高远"})])
    roster_import_confirm(pending=pending, actor=committee_staff)
    after_first = _snapshot()

    outcome = roster_import_confirm(pending=pending, actor=committee_staff)

    assert outcome.already_imported
    assert _snapshot() == after_first
    assert Deputy.objects.filter(name="高远").count() == 1


def test_uploading_the_same_file_again_reports_deputies_already_in_term(
    world, committee_staff
):
    rows = [roster_row(**{"姓名*": "高远"})]
    roster_import_confirm(
        pending=_preview(world, committee_staff, rows), actor=committee_staff
    )

    again = _preview(world, committee_staff, rows)

    assert _texts(again) == [
        "第 3 行 B 列（姓名）：高远（1975-03-08）已是辽源市第八届人民代表大会代表，不能重复导入"
    ]


def test_registry_deputy_gets_a_second_mandate(world, committee_staff):
    # Given a district deputy known by ID number
    id_number = make_id_number("220402", "19700501", "033")
    deputy = world.deputy_longshan
    deputy_update(deputy=deputy, actor=committee_staff, id_number=id_number)
    rows = [
        roster_row(
            **{
                "姓名*": deputy.name,
                "公民身份号码": id_number,
                "出生日期": "1970-05-01",
            }
        ),
        roster_row(**{"姓名*": "新代表"}),
    ]

    pending = _preview(world, committee_staff, rows)

    assert pending.preview["errors"] == []
    assert pending.preview["counts"]["existing_deputies"] == 1
    assert pending.preview["counts"]["new_deputies"] == 1
    assert [r["status"] for r in pending.preview["rows"]] == ["existing", "new"]
    deputies_before = Deputy.objects.count()
    roster_import_confirm(pending=pending, actor=committee_staff)
    assert Deputy.objects.count() == deputies_before + 1
    assert set(deputy.mandates.values_list("term__congress", flat=True)) == {
        world.longshan_congress.pk,
        world.city_congress.pk,
    }


def test_registry_deputy_already_in_term_is_an_error(world, committee_staff):
    id_number = make_id_number("220402", "19700501", "044")
    deputy = world.deputy_city_a
    deputy_update(deputy=deputy, actor=committee_staff, id_number=id_number)

    pending = _preview(
        world,
        committee_staff,
        [
            roster_row(
                **{"姓名*": deputy.name, "公民身份号码": id_number, "出生日期": ""}
            )
        ],
    )

    assert _texts(pending) == [
        f"第 3 行 B 列（姓名）：{deputy.name} 已是辽源市第八届人民代表大会代表，不能重复导入"
    ]


def test_registry_id_number_with_another_name_is_an_error(world, committee_staff):
    id_number = make_id_number("220402", "19700501", "055")
    deputy_update(
        deputy=world.deputy_longshan, actor=committee_staff, id_number=id_number
    )

    pending = _preview(
        world,
        committee_staff,
        [roster_row(**{"姓名*": "别人", "公民身份号码": id_number, "出生日期": ""})],
    )

    assert _texts(pending) == [
        "第 3 行 K 列（公民身份号码）：该公民身份号码已属于已有代表“张贵”，与姓名“别人”不符"
    ]


def test_confirm_validates_again_and_writes_nothing_if_data_changed(
    world, committee_staff
):
    # Given a clean preview
    id_number = make_id_number("220402", "19750308", "066")
    pending = _preview(
        world,
        committee_staff,
        [
            roster_row(**{"姓名*": "甲一", "公民身份号码": id_number}),
            roster_row(**{"姓名*": "甲二"}),
        ],
    )
    assert pending.can_confirm
    # And someone registers a different person with that ID number meanwhile
    DeputyFactory(name="乙某", id_number=id_number)
    before = _snapshot()

    with pytest.raises(RosterError, match="重新校验发现 1 处错误"):
        roster_import_confirm(pending=pending, actor=committee_staff)

    assert _snapshot() == before
    pending.refresh_from_db()
    assert pending.status == RosterImportStatus.PENDING
    assert not pending.can_confirm


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名册.xls", b"not excel at all", "文件类型不正确"),
        ("名册.xlsx", b"not a zip file", "文件无法读取"),
        ("名册.xlsx", b"", "上传的文件是空的"),
    ],
)
def test_bad_files_are_refused_with_a_message(
    world, committee_staff, name, content, message
):
    with pytest.raises(RosterError, match=message):
        roster_preview(
            congress=world.city_congress,
            term=world.city_term,
            file=SimpleUploadedFile(name, content),
            actor=committee_staff,
        )
    assert not RosterImport.objects.exists()


def test_workbook_without_data_rows_is_refused(world, committee_staff):
    with pytest.raises(RosterError, match="没有代表数据"):
        _preview(world, committee_staff, [])
    assert not RosterImport.objects.exists()


def test_wrong_header_is_refused(world, committee_staff):
    headers = ["序号", "姓名", "性别", "生日"]
    with pytest.raises(RosterError) as caught:
        _preview(world, committee_staff, [{"姓名": "某人"}], headers=headers)
    assert caught.value.message == "表头不正确：缺少 “党派*” 列。请使用导入模板。"
    with pytest.raises(RosterError, match="找不到“姓名\\*”列"):
        _preview(world, committee_staff, [{"名字": "某人"}], headers=["名字"])
    assert not RosterImport.objects.exists()


def test_oversize_file_is_refused(world, committee_staff, settings):
    settings.RENDA_IMPORT_MAX_BYTES = 1024
    with pytest.raises(RosterError, match="文件过大"):
        _preview(world, committee_staff, [roster_row()])
    assert not RosterImport.objects.exists()


def test_too_many_rows_is_refused(world, committee_staff, settings):
    settings.RENDA_IMPORT_MAX_ROWS = 2
    rows = [roster_row(**{"姓名*": n}) for n in ("甲", "乙", "丙")]
    with pytest.raises(RosterError, match="一次最多导入 2 行"):
        _preview(world, committee_staff, rows)
    assert not RosterImport.objects.exists()


def test_district_staff_cannot_preview_or_confirm_city_roster(
    world, committee_staff, district_staff
):
    with pytest.raises(PermissionDenied):
        _preview(world, district_staff, [roster_row()])
    pending = _preview(world, committee_staff, [roster_row()])
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        roster_import_confirm(pending=pending, actor=district_staff)
    assert _snapshot() == before


def test_queries_do_not_grow_with_rows(
    world, committee_staff, django_assert_max_num_queries
):
    rows = [
        roster_row(
            **{
                "姓名*": f"钱{i}",
                "公民身份号码": make_id_number("220402", "19750308", f"{i:03d}"),
                "代表小组": "向阳街道代表小组",
            }
        )
        for i in range(60)
    ]
    pending = _preview(world, committee_staff, rows)
    assert pending.can_confirm
    with django_assert_max_num_queries(20):
        roster_import_confirm(pending=pending, actor=committee_staff)
    assert Deputy.objects.filter(name__startswith="钱").count() == 60


def test_template_has_header_lists_and_is_refused_when_unfilled(world, committee_staff):
    content = roster_template_workbook(
        congress=world.city_congress, term=world.city_term
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["代表名单"]
    assert sheet["A1"].value == "辽源市第八届人民代表大会代表名册"
    assert [c.value for c in sheet[2]][:6] == [
        "序号",
        "姓名*",
        "性别*",
        "民族",
        "出生日期",
        "党派*",
    ]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"男,女"' in formulas
    assert any("中共党员" in f and "九三学社" in f for f in formulas)
    assert any("党政领导干部" in f for f in formulas)
    assert "填写说明" in workbook.sheetnames
    # The example lives on the instructions sheet: the untouched template has no data.
    with pytest.raises(RosterError, match="没有代表数据"):
        roster_preview(
            congress=world.city_congress,
            term=world.city_term,
            file=SimpleUploadedFile("模板.xlsx", content),
            actor=committee_staff,
        )


def test_filled_template_imports(world, committee_staff):
    workbook = load_workbook(
        io.BytesIO(
            roster_template_workbook(congress=world.city_congress, term=world.city_term)
        )
    )
    sheet = workbook["代表名单"]
    sheet["B3"], sheet["C3"], sheet["F3"] = "许诺", "女", "九三学社"
    sheet["E3"] = dt.datetime(1981, 7, 9)
    output = io.BytesIO()
    workbook.save(output)

    pending = roster_preview(
        congress=world.city_congress,
        term=world.city_term,
        file=SimpleUploadedFile("名册.xlsx", output.getvalue()),
        actor=committee_staff,
    )
    roster_import_confirm(pending=pending, actor=committee_staff)

    deputy = Deputy.objects.get(name="许诺")
    assert (deputy.party, deputy.birth_date) == ("JS", dt.date(1981, 7, 9))


def test_numbers_typed_as_excel_numbers(world, committee_staff):
    # A phone typed as a number is fine; an ID number stored as a float lost digits.
    rows = [
        roster_row(**{"姓名*": "数字甲", "手机号码": 13900002222, "出生日期": 27150}),
        roster_row(**{"姓名*": "数字乙", "公民身份号码": 2.20402197503e17}),
    ]

    pending = _preview(world, committee_staff, rows)

    assert _texts(pending) == [
        "第 4 行 K 列（公民身份号码）：公民身份号码被 Excel 当作数字保存，请把该列设为文本后重填"
    ]
    assert pending.preview["counts"]["ok"] == 1
