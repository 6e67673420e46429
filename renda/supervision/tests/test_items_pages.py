"""The items pages: list, new item, detail with its action forms, downloads."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from renda.supervision.choices import ItemStatus, SupervisionKind, WorkReportStep
from renda.supervision.models import ItemDocument, SupervisionItem
from renda.supervision.services import items as services

from .factories_items import research, work_report

pytestmark = pytest.mark.django_db


def test_list_filters_and_links(client, world, committee_staff):
    report = work_report(world, committee_staff)
    research(world, committee_staff)
    client.force_login(committee_staff)
    response = client.get(reverse("supervision:item_list"), {"kind": "WORK_REPORT"})
    assert response.status_code == 200
    assert [i.pk for i in response.context["page"].object_list] == [report.pk]
    assert reverse("supervision:item_detail", args=[report.pk]) in response.text


def test_list_rows_show_their_themes_at_a_fixed_number_of_queries(
    client, world, committee_staff, django_assert_max_num_queries
):
    from renda.supervision.models import Theme

    theme = Theme.objects.create(congress=world.city_congress, name="优化营商环境")
    report = work_report(world, committee_staff)
    report.themes.add(theme)
    client.force_login(committee_staff)
    client.get(reverse("supervision:item_list"))
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("supervision:item_list"))
    for _ in range(5):
        research(world, committee_staff).themes.add(theme)
    with django_assert_max_num_queries(len(captured)):
        more = client.get(reverse("supervision:item_list"))

    assert '<span class="badge">优化营商环境</span>' in response.text
    assert more.text.count('<span class="badge">优化营商环境</span>') == 6


def test_create_an_item_on_the_page(client, world, committee_staff):
    client.force_login(committee_staff)
    url = reverse("supervision:item_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "congress": world.city_congress.pk,
            "year": 2020,
            "kind": SupervisionKind.WORK_REPORT,
            "title": "关于优化营商环境工作情况的报告",
            "target_units": [world.unit_city.pk],
            "meeting_date": "2020-06-24",
            "written_review": "on",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:item_detail", args=[item.pk])
    assert item.written_review is True
    response = client.post(url, {"congress": world.city_congress.pk, "year": 2020})
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors


def test_the_detail_shows_the_clock_and_the_panels(client, world, committee_staff):
    item = work_report(world, committee_staff, written_review=True)
    client.force_login(committee_staff)
    response = client.get(reverse("supervision:item_detail", args=[item.pk]))
    assert response.status_code == 200
    text = response.text
    assert 'data-step="REVISED_RECEIVED"' in text
    assert "2020-06-12" in text
    assert 'data-flag="written_review"' in text
    assert 'data-action="record_milestone"' in text
    assert response.context["detail"].item == item
    templates = {t.name for t in response.templates}
    assert "supervision/kinds/_panel.html" in templates
    assert "supervision/followup/_item_panel.html" in templates


@override_settings(
    RENDA_SUPERVISION_RULES={"220400": {"revised_received_days_before": 12}}
)
def test_the_rules_setting_changes_the_page(client, world, committee_staff):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    response = client.get(reverse("supervision:item_detail", args=[item.pk]))
    clock = {s.step: s.due for s in response.context["detail"].clock}
    assert clock[WorkReportStep.REVISED_RECEIVED] == dt.date(2020, 6, 12)
    with override_settings(
        RENDA_SUPERVISION_RULES={"220400": {"revised_received_days_before": 15}}
    ):
        response = client.get(reverse("supervision:item_detail", args=[item.pk]))
    clock = {s.step: s.due for s in response.context["detail"].clock}
    assert clock[WorkReportStep.REVISED_RECEIVED] == dt.date(2020, 6, 9)


def test_action_forms_post_and_errors(client, world, committee_staff):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    pk = item.pk
    response = client.post(reverse("supervision:item_start", args=[pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("supervision:item_invite", args=[pk]),
        {"deputies": [world.deputy_city_a.pk, world.deputy_xian.pk]},
    )
    assert response.status_code == 302
    assert item.participants.count() == 2
    participant = item.participants.first()
    response = client.post(
        reverse("supervision:item_attendance", args=[pk, participant.pk]),
        {"attendance": "LEAVE"},
    )
    assert response.status_code == 400  # the reason is missing
    response = client.post(
        reverse("supervision:item_attendance", args=[pk, participant.pk]),
        {"attendance": "LEAVE", "reason": "出差"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("supervision:item_milestone", args=[pk]),
        {"step": "OPINIONS_SENT", "done_on": "2020-05-20"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("supervision:item_document_add", args=[pk]),
        {
            "kind": "REPORT_DRAFT",
            "title": "报告稿",
            "file": SimpleUploadedFile("稿.pdf", b"%PDF-1.4 draft"),
        },
    )
    assert response.status_code == 302
    document = ItemDocument.objects.get()
    download = client.get(
        reverse("supervision:item_document_download", args=[document.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 draft"
    response = client.post(
        reverse("supervision:item_group_create", args=[pk]),
        {"name": "第一组", "regions": [world.longshan.pk]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("supervision:item_visit_create", args=[pk]),
        {"date": "2020-06-01", "place": "龙山区", "participants": [participant.pk]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("supervision:item_complete", args=[pk]), {"done_on": "2020-06-24"}
    )
    assert response.status_code == 302
    response = client.post(reverse("supervision:item_close", args=[pk]))
    assert response.status_code == 409
    assert "监督事项尚未公开" in response.text
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    kinds = list(item.events.values_list("kind", flat=True))
    assert "SITE_VISIT_RECORDED" in kinds
    assert "WORKING_GROUP_CREATED" in kinds


def test_a_draft_file_is_not_downloaded_by_the_unit(
    client, world, committee_staff, unit_staff
):
    from renda.supervision.services.items import document_add

    item = work_report(world, committee_staff)
    document = document_add(
        item=item,
        kind="REPORT_DRAFT",
        title="稿",
        file=SimpleUploadedFile("稿.pdf", b"%PDF-1.4 draft"),
        actor=committee_staff,
    )
    client.force_login(unit_staff)
    url = reverse("supervision:item_document_download", args=[document.pk])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("supervision:item_detail", args=[item.pk])).status_code
        == 200
    )


def test_the_detail_page_query_count_is_flat(
    client, world, committee_staff, django_assert_max_num_queries
):
    from renda.supervision.services.items import participants_invite

    item = work_report(world, committee_staff)
    participants_invite(
        item=item,
        actor=committee_staff,
        deputy_ids=[world.deputy_city_a.pk, world.deputy_city_b.pk],
        people=[{"role": "EXPERT", "name": f"专家{n}"} for n in range(5)],
    )
    client.force_login(committee_staff)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("supervision:item_detail", args=[item.pk]))
    assert response.status_code == 200


def test_a_provisional_due_day_shows_as_such(client, world, committee_staff):
    item = work_report(world, committee_staff, meeting_date=dt.date(2099, 6, 24))
    client.force_login(committee_staff)
    response = client.get(reverse("supervision:item_detail", args=[item.pk]))
    assert response.text.count("（暂定）") == 4
    item = work_report(world, committee_staff)
    response = client.get(reverse("supervision:item_detail", args=[item.pk]))
    assert "暂定" not in response.text


def test_a_refused_invite_keeps_the_deputies_ticked(client, world, committee_staff):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    client.post(reverse("supervision:item_start", args=[item.pk]))
    ticked = [world.deputy_city_a.pk, world.deputy_xian.pk]

    response = client.post(
        reverse("supervision:item_invite", args=[item.pk]),
        {"deputies": ticked, "person_name": "王专家", "person_title": "教授"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    for pk in ticked:
        assert f'name="deputies" value="{pk}" checked' in html
    assert 'value="王专家"' in html
    assert not item.participants.exists()


def test_the_invite_search_keeps_the_deputies_already_ticked(
    client, world, committee_staff
):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    chosen = world.deputy_city_a

    response = client.get(
        reverse("supervision:item_deputy_options", args=[item.pk]),
        {"q": world.deputy_xian.name, "deputies": [chosen.pk]},
    )

    html = response.content.decode()
    assert f'name="deputies" value="{chosen.pk}" checked' in html
    assert f'name="deputies" value="{world.deputy_xian.pk}">' in html


def test_a_refused_attendance_mark_shows_on_its_row_with_the_choice(
    client, world, committee_staff
):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    client.post(reverse("supervision:item_start", args=[item.pk]))
    client.post(
        reverse("supervision:item_invite", args=[item.pk]),
        {"deputies": [world.deputy_city_a.pk]},
    )
    participant = item.participants.get()
    long_reason = "出差" * 101  # 202 characters: over the 200 allowed

    response = client.post(
        reverse("supervision:item_attendance", args=[item.pk, participant.pk]),
        {"attendance": "LEAVE", "reason": long_reason},
    )

    html = response.content.decode()
    assert response.status_code == 400
    row = html.split(f'data-participant="{participant.pk}"')[1].split("</li>")[0]
    assert '<option value="LEAVE" selected>' in row
    assert f'value="{long_reason}"' in row
    assert 'role="alert"' in row
    participant.refresh_from_db()
    assert participant.leave_reason == ""


def test_a_step_the_item_no_longer_allows_answers_409_and_says_why(
    client, world, committee_staff
):
    # Given the item's page open while a colleague cancelled the item elsewhere.
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    services.item_cancel(item=item, reason="计划调整", actor=committee_staff)

    started = client.post(reverse("supervision:item_start", args=[item.pk]))
    cancelled = client.post(
        reverse("supervision:item_cancel", args=[item.pk]), {"reason": "会议延期"}
    )

    assert started.status_code == 409
    assert "该监督事项当前状态为“已取消”，不能开始。" in started.text
    assert cancelled.status_code == 409
    assert "该监督事项当前状态为“已取消”，不能取消。" in cancelled.text
    item.refresh_from_db()
    assert item.status == ItemStatus.CANCELLED
    assert item.events.filter(kind="ITEM_CANCELLED").count() == 1
