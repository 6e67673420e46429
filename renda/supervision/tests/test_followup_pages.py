import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.supervision.choices import ItemStatus, OpinionStatus
from renda.supervision.models import HandlingReport, ReviewOpinion
from renda.supervision.services import followup as services

from .factories_followup import heard_item, open_point, sent_opinion

pytestmark = pytest.mark.django_db


def test_staff_compile_approve_and_send_through_the_pages(
    client, world, committee_staff
):
    item = heard_item(world, committee_staff)
    client.force_login(committee_staff)
    new = reverse("supervision:followup_opinion_new", args=[item.pk])
    assert 'data-action="create"' in client.get(new).content.decode()
    response = client.post(
        new, {"unit": world.unit_city.pk, "text": "  ", "compiled_on": "2024-06-28"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["text"]
    response = client.post(
        new,
        {"unit": world.unit_city.pk, "text": "审议意见", "compiled_on": "2024-06-28"},
    )
    opinion = ReviewOpinion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "supervision:opinion_detail", args=[opinion.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert 'data-action="approve"' in detail
    assert 'data-action="send"' not in detail
    action = reverse("supervision:opinion_action", args=[opinion.pk, "send"])
    # Not approved yet: the send form is refused as a wrong state (409).
    assert client.post(action, {"sent_on": "2024-07-01"}).status_code == 409
    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 6, 30), actor=committee_staff
    )
    assert (
        f"第{held.number}次主任会议（2024-06-30）"
        in client.get(response["Location"]).content.decode()
    )
    approved = client.post(
        reverse("supervision:opinion_action", args=[opinion.pk, "approve"]),
        {"chairpersons_meeting": held.pk},
    )
    assert approved.status_code == 302
    assert (
        reverse("meetings:decisions", args=[held.pk])
        in client.get(approved["Location"]).content.decode()
    )
    # The meeting's decisions page links back to the opinions.
    decisions = client.get(reverse("meetings:decisions", args=[held.pk]))
    assert (
        reverse("supervision:opinion_detail", args=[opinion.pk])
        in decisions.content.decode()
    )
    response = client.post(action, {"sent_on": "2024-07-01"})
    assert response.status_code == 302
    opinion.refresh_from_db()
    item.refresh_from_db()
    assert opinion.status == OpinionStatus.SENT
    assert opinion.report_due == dt.date(2024, 10, 8)
    assert item.status == ItemStatus.FOLLOWING_UP
    page = client.get(reverse("supervision:opinion_detail", args=[opinion.pk]))
    assert "2024-10-08" in page.content.decode()


def test_the_unit_files_its_report_with_a_file_from_its_queue(
    client, world, committee_staff, unit_staff
):
    opinion = sent_opinion(world, committee_staff)
    client.force_login(unit_staff)
    queue = client.get(reverse("supervision:followup_unit"))
    assert queue.status_code == 200
    assert [o.pk for o in queue.context["queue"].opinions] == [opinion.pk]
    response = client.post(
        reverse("supervision:opinion_action", args=[opinion.pk, "file_report"]),
        {
            "filed_on": "2024-09-20",
            "file": SimpleUploadedFile("报告.pdf", b"%PDF-1.4", "application/pdf"),
        },
    )
    assert response.status_code == 302
    report = HandlingReport.objects.get()
    assert report.file_name == "报告.pdf"
    assert report.late is False
    download = client.get(reverse("supervision:followup_report_file", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4"
    queue = client.get(reverse("supervision:followup_unit"))
    [shown] = queue.context["queue"].opinions
    assert shown.status == OpinionStatus.REPORTED
    assert "报送研究处理情况报告</a>" not in queue.content.decode()


def test_the_item_panel_shows_opinions_tests_and_the_chain(
    world, committee_staff, unit_staff
):
    opinion = sent_opinion(world, committee_staff)
    follow = services.follow_up_item_create(
        item=opinion.item,
        year=2025,
        kind="FIELD_INSPECTION",
        title="跟踪视察营商环境",
        actor=committee_staff,
    )
    template = Template('{% include "supervision/followup/_item_panel.html" %}')
    for user, item, expected in (
        (committee_staff, opinion.item, ["交辽源", "跟踪视察营商环境", "整理审议意见"]),
        (committee_staff, follow, ["关于优化营商环境工作情况的报告"]),
    ):
        request = RequestFactory().get("/")
        request.user = user
        html = template.render(Context({"item": item, "request": request}))
        for text in expected:
            assert text in html, text
    request = RequestFactory().get("/")
    request.user = unit_staff
    html = template.render(Context({"item": opinion.item, "request": request}))
    assert "整理审议意见" not in html


def test_the_list_page_stays_within_its_queries(
    client, world, committee_staff, django_assert_max_num_queries
):
    for _ in range(3):
        sent_opinion(world, committee_staff)
    client.force_login(committee_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("supervision:opinions"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3


def test_a_refused_progress_report_keeps_the_text_the_unit_wrote(
    client, world, committee_staff, unit_staff
):
    opinion = sent_opinion(world, committee_staff)
    point = open_point(world, committee_staff, opinion)
    client.force_login(unit_staff)

    response = client.post(
        reverse("supervision:point_action", args=[point.pk, "report_progress"]),
        {
            "text": "已压减至五个工作日，正在修订办事指南",
            "evidence": SimpleUploadedFile(
                "进展.exe", b"MZ\x90\x00", "application/octet-stream"
            ),
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "已压减至五个工作日，正在修订办事指南</textarea>" in html
    # The file cannot come back: its name is given to the page, which asks
    # for it again beside the input (static/js/forms.js).
    assert "{&quot;evidence&quot;: [&quot;进展.exe&quot;]}" in html
    assert not point.progress_reports.exists()


def test_a_report_filed_from_a_stale_tab_comes_back_with_its_text(
    client, world, committee_staff, unit_staff
):
    # Two clerks of the unit had the page open; one filed first. The second's
    # post is refused (409) and the page shows the refusal and the text typed.
    opinion = sent_opinion(world, committee_staff)
    client.force_login(unit_staff)
    action = reverse("supervision:opinion_action", args=[opinion.pk, "file_report"])
    assert (
        client.post(action, {"text": "第一份", "filed_on": "2024-09-20"}).status_code
        == 302
    )
    typed = "第二个窗口写的研究处理情况：已压减审批环节三项"

    response = client.post(
        action,
        {
            "text": typed,
            "filed_on": "2024-09-21",
            "file": SimpleUploadedFile("报告.pdf", b"%PDF-1.4", "application/pdf"),
        },
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-refused="file_report"' in html
    assert "未能报送研究处理情况报告" in html
    assert f"{typed}</textarea>" in html
    assert "data-dropped-files=" in html
    assert 'action="' + action + '"' not in html
    assert HandlingReport.objects.get().text == "第一份"


def test_progress_posted_on_a_point_finished_meanwhile_keeps_the_text(
    client, world, committee_staff, unit_staff
):
    opinion = sent_opinion(world, committee_staff)
    point = open_point(world, committee_staff, opinion)
    services.point_finish(
        point=point, actor=committee_staff, done_on=dt.date(2024, 9, 1)
    )
    client.force_login(unit_staff)
    typed = "已完成办事指南修订并公布"

    response = client.post(
        reverse("supervision:point_action", args=[point.pk, "report_progress"]),
        {"text": typed},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-refused="report_progress"' in html
    assert f"{typed}</textarea>" in html
    assert not point.progress_reports.exists()
