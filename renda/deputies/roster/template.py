"""The roster template workbook clerks fill in."""

from __future__ import annotations

from renda.congresses.models import Constituency, Delegation, ElectoralUnit

from ..models import DeputyGroup
from .checking import CATEGORY_LABELS, GENDER_LABELS, PARTY_LABELS
from .columns import COLUMN_BY_KEY, COLUMNS, DATA_SHEET_TITLE

TEMPLATE_INSTRUCTIONS = (
    "1. 在“代表名单”工作表中从第 3 行起逐行填写，每行一名代表；不要修改第 2 行表头。",
    "2. 带 * 的列必须填写：姓名、性别、党派。",
    "3. 日期（出生日期、资格起始日期）按 YYYY-MM-DD 填写，如 1970-05-01，也可填 Excel 日期。",
    "4. 手机号码为 11 位大陆手机号；公民身份号码为 18 位，最后一位可以是 X。"
    "两列请保持文本格式，以免 Excel 改写长数字。",
    "5. 填写了公民身份号码且出生日期为空时，出生日期取自公民身份号码；两者都填时必须一致。",
    "6. 代表团、原选举单位/选区、代表小组须与系统中该届（该人大）已建立的名称完全一致。",
    "7. 资格起始日期为空时，取所选届次的开始日期。",
    "8. 公民身份号码与系统中已有代表相同的，视为同一人：不新建代表，只新增本届代表资格。",
    "9. 上传后系统先逐行校验并显示预览，没有任何错误时才能确认导入；导入要么全部成功，要么全部不写入。",
)
TEMPLATE_EXAMPLE = {
    "seq": 1,
    "name": "张三",
    "gender": "男",
    "ethnicity": "汉族",
    "birth_date": "1970-05-01",
    "party": "中共党员",
    "occupation": "党委书记",
    "work_unit": "辽源市某某公司",
    "occupation_category": "企业负责人",
    "phone": "13800000000",
    "id_number": "220402197005010011",
    "delegation": "龙山区代表团",
    "unit": "龙山区",
    "group": "向阳街道代表小组",
    "start_date": "2017-01-01",
}
TEMPLATE_DATA_ROWS = 1000


def roster_template_workbook(*, congress=None, term=None) -> bytes:
    """Build the .xlsx template a clerk fills in: title, header, lists, instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET_TITLE
    title = f"{term or (congress.name if congress else '人民代表大会')}代表名册"
    last = get_column_letter(len(COLUMNS))
    sheet["A1"] = title
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A1:{last}1")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    first_row, last_row = 3, 2 + TEMPLATE_DATA_ROWS
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        cell = sheet.cell(row=2, column=position, value=column.template_header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[letter].width = column.width
        if column.key in ("phone", "id_number", "birth_date", "start_date"):
            number_format = (
                "@" if column.key in ("phone", "id_number") else "yyyy-mm-dd"
            )
            for row in range(first_row, last_row + 1):
                sheet.cell(row=row, column=position).number_format = number_format
    sheet.freeze_panes = "C3"
    letters = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}

    def add_list(key: str, labels, *, allow_blank: bool) -> None:
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(str(label) for label in labels) + '"',
            allow_blank=allow_blank,
            showErrorMessage=True,
            errorTitle="输入有误",
            error=f"请从下拉列表中选择{COLUMN_BY_KEY[key].header}",
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letters[key]}{first_row}:{letters[key]}{last_row}")

    add_list("gender", GENDER_LABELS, allow_blank=False)
    add_list("party", PARTY_LABELS, allow_blank=False)
    add_list("occupation_category", CATEGORY_LABELS, allow_blank=True)

    guide = workbook.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 100
    guide["A1"] = "代表名册导入说明"
    guide["A1"].font = Font(size=14, bold=True)
    for offset, line in enumerate(TEMPLATE_INSTRUCTIONS, start=3):
        guide.cell(row=offset, column=1, value=line)
    example_row = len(TEMPLATE_INSTRUCTIONS) + 4
    guide.cell(
        row=example_row, column=1, value="填写示例（此行仅供参考，不会被导入）："
    )
    grey = Font(color="808080", italic=True)
    for position, column in enumerate(COLUMNS, start=1):
        guide.cell(
            row=example_row + 1, column=position, value=column.template_header
        ).font = Font(bold=True)
        guide.cell(
            row=example_row + 2, column=position, value=TEMPLATE_EXAMPLE[column.key]
        ).font = grey
    lists_row = example_row + 4
    guide.cell(row=lists_row, column=1, value="可选值：").font = Font(bold=True)
    guide.cell(row=lists_row + 1, column=1, value="性别：" + "、".join(GENDER_LABELS))
    guide.cell(row=lists_row + 2, column=1, value="党派：" + "、".join(PARTY_LABELS))
    guide.cell(
        row=lists_row + 3, column=1, value="代表构成类别：" + "、".join(CATEGORY_LABELS)
    )
    if term is not None:
        names = [
            ("代表团", Delegation.objects.filter(term=term)),
            ("原选举单位", ElectoralUnit.objects.filter(term=term)),
            ("选区", Constituency.objects.filter(term=term)),
            ("代表小组", DeputyGroup.objects.filter(congress=term.congress)),
        ]
        for offset, (label, queryset) in enumerate(names, start=4):
            values = list(queryset.values_list("name", flat=True)[:200])
            if values:
                guide.cell(
                    row=lists_row + offset,
                    column=1,
                    value=f"{label}：" + "、".join(values),
                )
    from renda.core.exporting import workbook_bytes

    return workbook_bytes(workbook)
