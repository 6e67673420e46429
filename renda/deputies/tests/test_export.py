"""Export of the deputy list to .xlsx: content, order, masking, audit, access."""

import io
from urllib.parse import quote

from django.urls import reverse
from openpyxl import load_workbook

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.core.models import ActionLog

EXPORT = reverse("deputies:export")
HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "党派",
    "职务",
    "工作单位",
    "代表团",
    "所属人大及届次",
    "代表小组",
    "联络站",
    "手机号码",
]


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_export_writes_title_header_and_rows_in_stroke_order(
    client, world, committee_staff
):
    client.force_login(committee_staff)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = sheet_of(response)
    assert sheet["A1"].value.startswith("人大代表名单")
    assert [c.value for c in sheet[2]] == HEADERS
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["G"].width == 30
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["丁照民", "王芳", "白玉晶", "张贵"]
    first = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
    assert first[1] == "男"
    assert first[4] == "中共党员"
    assert first[7] == "龙山区代表团"
    assert first[8] == "辽源市第八届人大"
    assert first[9] == "向阳街道代表小组"
    assert first[10] == world.station_longshan.name


def test_export_follows_the_list_filters(client, world, committee_staff):
    client.force_login(committee_staff)
    response = client.get(EXPORT, {"q": "wf"})
    names = [
        row[0] for row in sheet_of(response).iter_rows(min_row=3, values_only=True)
    ]
    assert names == ["王芳"]


def test_export_for_staff_has_full_phones_and_one_audit_row(
    client, world, committee_staff
):
    client.force_login(committee_staff)
    sheet = sheet_of(client.get(EXPORT, {"congress": world.city_congress.pk}))
    phones = [row[11] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert phones == ["13812345678", "13987654321"]
    logs = ActionLog.objects.filter(action="deputy.export")
    assert logs.count() == 1
    assert logs.get().data["count"] == 2
    assert logs.get().actor == committee_staff


def test_export_is_scoped_to_the_user(client, world, district_staff):
    client.force_login(district_staff)
    sheet = sheet_of(client.get(EXPORT))
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["王芳"]


def test_export_filename_is_chinese_rfc5987(client, committee_staff):
    client.force_login(committee_staff)
    disposition = client.get(EXPORT)["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"filename*=utf-8''{quote('人大代表名单.xlsx')}" in disposition


def test_export_masks_phones_the_user_may_not_see(client, world):
    # Given a 西安区 leader who is also a city deputy: the deputy role shows the
    # city colleagues, but only the leader role (西安区) and self give numbers.
    user = UserFactory(username="two_roles")
    RoleAssignmentFactory(user=user, role=Role.LEADER, congress=world.xian_congress)
    RoleAssignmentFactory(user=user, role=Role.DEPUTY, deputy=world.deputy_city_a)
    client.force_login(user)

    sheet = sheet_of(client.get(EXPORT))

    phones = {row[0]: row[11] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert phones == {
        "丁照民": "13812345678",  # self
        "王芳": "13600002222",  # a 西安区 deputy, under the leader role
        "白玉晶": "139****4321",  # a city colleague: masked
    }
    log = ActionLog.objects.get(action="deputy.export")
    assert log.actor == user


def test_export_phone_rule_follows_permissions(world, deputy, leader):
    from renda.deputies.exporting import _phone_rule
    from renda.deputies.models import Deputy

    everyone = Deputy.objects.all()
    own_rule = _phone_rule(deputy, everyone)
    assert own_rule(world.deputy_city_a) is True
    assert own_rule(world.deputy_city_b) is False
    assert _phone_rule(leader, everyone)(world.deputy_city_b) is True


def test_export_is_refused_to_deputies_and_station_staff(client, deputy, station_chief):
    for user in (deputy, station_chief):
        client.force_login(user)
        assert client.get(EXPORT).status_code == 403
    assert not ActionLog.objects.filter(action="deputy.export").exists()


def test_export_with_a_bad_filter_still_answers(client, committee_staff):
    client.force_login(committee_staff)
    response = client.get(EXPORT, {"gender": "X"})
    assert response.status_code == 200
    assert len(list(sheet_of(response).iter_rows(min_row=3))) == 4
