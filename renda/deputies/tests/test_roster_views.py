"""The roster import pages: who may use them, and what a clerk sees."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from renda.core.models import ActionLog
from renda.deputies.models import Deputy, Mandate
from renda.deputies.models_roster import RosterImport
from renda.deputies.roster import roster_preview
from renda.deputies.tests.roster_helpers import roster_file, roster_row


def _upload(client, congress, file, term=None):
    data = {"congress": congress.pk, "file": file}
    if term is not None:
        data["term"] = term.pk
    return client.post(reverse("roster:upload"), data)


def test_clerk_uploads_previews_and_confirms(client, world, committee_staff):
    client.force_login(committee_staff)
    rows = [roster_row(**{"姓名*": "宋佳"}), roster_row(**{"姓名*": "唐宁"})]

    response = _upload(client, world.city_congress, roster_file(rows))

    pending = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roster:preview", args=[pending.pk])
    assert pending.term == world.city_term  # the current term by default
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "确认导入 2 人" in html
    assert 'id="count-new">2<' in html
    deputies_before = Deputy.objects.count()

    confirmed = client.post(reverse("roster:confirm", args=[pending.pk]), follow=True)

    assert "导入成功：共 2 人，新增代表 2 人" in confirmed.content.decode()
    assert Deputy.objects.count() == deputies_before + 2
    # A double click imports nothing more and says so.
    again = client.post(reverse("roster:confirm", args=[pending.pk]), follow=True)
    assert "该名册已经导入过，本次没有重复导入" in again.content.decode()
    assert Deputy.objects.count() == deputies_before + 2
    assert ActionLog.objects.filter(action="roster.import").count() == 1


def test_preview_page_lists_errors_and_offers_no_confirm(
    client, world, committee_staff
):
    client.force_login(committee_staff)
    rows = [roster_row(**{"姓名*": "陈红", "出生日期": "1970-13-45"})]
    response = _upload(client, world.city_congress, roster_file(rows))

    html = client.get(response["Location"]).content.decode()

    assert "第 3 行 E 列（出生日期）：“1970-13-45”不是有效日期" in html
    assert "确认导入" not in html
    mandates_before = Mandate.objects.count()
    pending = RosterImport.objects.get()
    client.post(reverse("roster:confirm", args=[pending.pk]))
    assert Mandate.objects.count() == mandates_before


def test_existing_deputy_is_shown_as_getting_a_mandate(client, world, committee_staff):
    from renda.deputies.services import deputy_update
    from renda.deputies.tests.roster_helpers import make_id_number

    id_number = make_id_number("220402", "19700501", "077")
    deputy_update(
        deputy=world.deputy_longshan, actor=committee_staff, id_number=id_number
    )
    client.force_login(committee_staff)
    rows = [
        roster_row(
            **{"姓名*": "张贵", "公民身份号码": id_number, "出生日期": "1970-05-01"}
        )
    ]
    response = _upload(client, world.city_congress, roster_file(rows))

    html = client.get(response["Location"]).content.decode()

    assert "已有代表，将新增资格" in html
    assert 'id="count-existing">1<' in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名册.csv", b"a,b,c", "文件类型不正确"),
        ("名册.xlsx", b"PK\x03\x04broken", "文件无法读取"),
    ],
)
def test_bad_upload_shows_message_on_the_form(
    client, world, committee_staff, name, content, message
):
    client.force_login(committee_staff)

    response = _upload(client, world.city_congress, SimpleUploadedFile(name, content))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RosterImport.objects.exists()


def test_empty_upload_shows_message(client, world, committee_staff):
    client.force_login(committee_staff)

    response = _upload(
        client, world.city_congress, SimpleUploadedFile("名册.xlsx", b"")
    )

    assert response.status_code == 400
    assert "上传的文件是空的" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_oversize_upload_shows_message(client, world, committee_staff, settings):
    settings.RENDA_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(committee_staff)
    big = SimpleUploadedFile("名册.xlsx", b"x" * (2 * 1024 * 1024 + 1))

    response = _upload(client, world.city_congress, big)

    assert response.status_code == 400
    assert "文件过大：不能超过 2 MB" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_wrong_header_shows_message(client, world, committee_staff):
    client.force_login(committee_staff)
    file = roster_file([{"姓名": "某人"}], headers=["序号", "姓名", "性别"])

    response = _upload(client, world.city_congress, file)

    assert response.status_code == 400
    assert "表头不正确：缺少 “党派*” 列" in response.content.decode()


def test_term_of_another_congress_is_refused(client, world, system_admin):
    client.force_login(system_admin)
    other_term = world.deputy_longshan.mandates.get().term

    response = _upload(
        client, world.city_congress, roster_file([roster_row()]), term=other_term
    )

    assert response.status_code == 400
    assert "所选届次不属于该人大" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_district_staff_cannot_import_into_city_congress(
    client, world, committee_staff, district_staff
):
    client.force_login(district_staff)

    response = _upload(client, world.city_congress, roster_file([roster_row()]))

    assert response.status_code == 404
    assert not RosterImport.objects.exists()
    # Nor see or confirm the city's pending import.
    pending = roster_preview(
        congress=world.city_congress,
        term=world.city_term,
        file=roster_file([roster_row()]),
        actor=committee_staff,
    )
    deputies_before = Deputy.objects.count()
    assert client.get(reverse("roster:preview", args=[pending.pk])).status_code == 404
    confirm_url = reverse("roster:confirm", args=[pending.pk])
    assert client.post(confirm_url).status_code == 404
    assert Deputy.objects.count() == deputies_before


def test_district_staff_sees_only_own_congress_in_form(client, world, district_staff):
    client.force_login(district_staff)

    html = client.get(reverse("roster:upload")).content.decode()

    assert world.xian_congress.name in html
    assert world.city_congress.name not in html


@pytest.mark.parametrize("role", ["unit_staff", "deputy", "leader", "station_chief"])
def test_other_roles_get_403(client, world, role, request):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("roster:upload")).status_code == 403
    assert client.get(reverse("roster:template")).status_code == 403
    response = _upload(client, world.city_congress, roster_file([roster_row()]))
    assert response.status_code == 403
    assert not RosterImport.objects.exists()


def test_anonymous_is_sent_to_login(client, world):
    for url in (reverse("roster:upload"), reverse("roster:template")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_template_download(client, world, committee_staff):
    client.force_login(committee_staff)

    response = client.get(
        reverse("roster:template"), {"congress": world.city_congress.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["代表名单"]["B2"].value == "姓名*"
    guide = "\n".join(
        str(c.value) for row in workbook["填写说明"].iter_rows() for c in row if c.value
    )
    assert "龙山区代表团" in guide
    assert "向阳街道代表小组" in guide


def test_template_for_congress_out_of_scope_is_404(client, world, district_staff):
    client.force_login(district_staff)

    response = client.get(
        reverse("roster:template"), {"congress": world.city_congress.pk}
    )

    assert response.status_code == 404
