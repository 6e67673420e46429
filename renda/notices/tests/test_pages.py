"""The notice pages: staff write and publish through the form, recipients read
and answer; bad input answers 400 with a Chinese message naming the field;
the main pages' query counts do not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renda.deputies.tests.factories import DeputyFactory, MandateFactory

from .. import services
from ..choices import AnswerForm, NoticeStatus
from ..models import Notice
from .factories import deputy_user, make_notice

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(world, **extra):
    data = {
        "title": "关于参加代表小组活动的通知",
        "body": "请按时参加。",
        "category": "",
        "answer_form": AnswerForm.ATTEND,
        "answer_options": "",
        "answer_deadline": "",
        "whole_congress": "on",
        "deputy_names": "",
        "usernames": "",
        "then": "save",
    }
    data.update(extra)
    return data


def _errors(response) -> str:
    return response.content.decode()


def test_staff_write_and_publish_a_notice_with_a_file(
    client, world, committee_staff, deputy
):
    client.force_login(committee_staff)
    data = _form(
        world,
        then="publish",
        whole_congress="",
        groups=[world.group_longshan.pk],
        deputy_names="张贵",
        attachments=SimpleUploadedFile("议程.pdf", PDF),
    )

    response = client.post(reverse("notices:create"), data)

    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:manage_detail", args=[notice.pk])
    assert notice.status == NoticeStatus.PUBLISHED
    assert sorted(notice.receipts.values_list("name", flat=True)) == sorted(
        ["丁照民", "张贵"]
    )
    assert notice.attachments.get().original_name == "议程.pdf"
    page = client.get(response["Location"])
    assert "已读" in page.content.decode()
    assert "无账号，无法送达" in page.content.decode()  # 张贵 has no account


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"title": ""}, "请填写标题。"),
        ({"body": "   "}, "请填写正文。"),
        ({"answer_form": "MAYBE"}, "回复方式无效，请重新选择。"),
        ({"answer_deadline": "明天"}, "回复截止时间格式不对"),
        ({"deputy_names": "查无此人"}, "没有找到：查无此人"),
        ({"usernames": "nobody"}, "没有找到以下账号"),
        ({"groups": ["99999999999999999999"]}, "所选代表小组无效"),
        ({"answer_form": AnswerForm.CUSTOM}, "请至少填写一个回复选项"),
        (
            {"whole_congress": "", "then": "publish"},
            "请至少选择一个通知对象",
        ),
        (
            {"attachments": SimpleUploadedFile("病毒.exe", b"MZ")},
            "“病毒.exe”的类型不支持",
        ),
        (
            {"attachments": SimpleUploadedFile("假的.pdf", b"not a pdf")},
            "不是真正的PDF 文件",
        ),
    ],
)
def test_bad_input_answers_400_naming_the_field(
    client, world, committee_staff, change, field_message
):
    client.force_login(committee_staff)

    response = client.post(reverse("notices:create"), _form(world, **change))

    assert response.status_code == 400
    assert field_message in _errors(response)
    assert not Notice.objects.exists()


def test_a_draft_edited_after_it_was_published_keeps_what_was_typed(
    client, world, committee_staff
):
    # Given the edit form open in one tab while the notice was published in another.
    notice = make_notice(world, committee_staff)
    client.force_login(committee_staff)
    url = reverse("notices:edit", args=[notice.pk])
    assert client.get(url).status_code == 200
    services.notice_publish(notice=notice, actor=committee_staff)
    body = "请各位代表于12月10日上午9时到市人大常委会机关三楼会议室参加集中视察。"

    refused = client.post(
        url,
        _form(
            world,
            title="关于参加集中视察的通知",
            body=body,
            attachments=SimpleUploadedFile("议程.pdf", PDF),
        ),
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该通知当前状态为“已发布”，不能修改。" in html
    assert 'value="关于参加集中视察的通知"' in html
    assert body in html
    # The page asks for the file again (core.context_processors.dropped_files).
    assert "议程.pdf" in html.split('data-dropped-files="', 1)[1].split('"', 1)[0]
    notice.refresh_from_db()
    assert notice.title == "关于做好疫情防控工作的通知"
    assert not notice.attachments.exists()
    # Opened afresh, the edit link goes back to the notice.
    assert client.get(url).status_code == 302


def test_a_refused_new_notice_says_its_files_must_be_chosen_again(
    client, world, committee_staff
):
    client.force_login(committee_staff)

    refused = client.post(
        reverse("notices:create"),
        _form(world, title="", attachments=SimpleUploadedFile("议程.pdf", PDF)),
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "议程.pdf" in html.split('data-dropped-files="', 1)[1].split('"', 1)[0]
    assert not Notice.objects.exists()


def test_a_recipient_reads_by_opening_and_answers_with_a_big_button(
    client, world, committee_staff, deputy
):
    notice = make_notice(
        world, committee_staff, answer_form=AnswerForm.ATTEND, publish=True
    )
    client.force_login(deputy)

    inbox = client.get(reverse("notices:inbox") + "?unread=1")
    assert [r.notice_id for r in inbox.context["page"]] == [notice.pk]

    page = client.get(reverse("notices:read", args=[notice.pk]))
    assert page.status_code == 200
    assert 'data-action="answer"' in page.content.decode()
    assert notice.receipts.get(user=deputy).read_at is not None

    response = client.post(
        reverse("notices:answer", args=[notice.pk]), {"answer": "参加"}
    )
    assert response.status_code == 302
    assert notice.receipts.get(user=deputy).answer == "参加"

    bad = client.post(reverse("notices:answer", args=[notice.pk]), {"answer": "也许"})
    assert bad.status_code == 400
    assert "请选择回复：参加、不参加。" in bad.content.decode()


def test_an_answer_after_the_deadline_is_refused_on_the_page(
    client, world, committee_staff, deputy
):
    notice = make_notice(
        world,
        committee_staff,
        answer_deadline=timezone.now() + dt.timedelta(minutes=5),
        publish=True,
    )
    Notice.objects.filter(pk=notice.pk).update(
        answer_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(deputy)

    page = client.get(reverse("notices:read", args=[notice.pk]))
    assert "回复已截止" in page.content.decode()
    response = client.post(
        reverse("notices:answer", args=[notice.pk]), {"answer": "收到"}
    )
    assert response.status_code == 409
    assert "不能再回复或修改" in response.content.decode()


def test_staff_remind_once_then_wait(client, world, committee_staff, deputy):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(committee_staff)
    url = reverse("notices:remind", args=[notice.pk])

    assert client.post(url).status_code == 302
    again = client.post(url)

    assert again.status_code == 409
    assert "距上次提醒不足 1 小时" in again.content.decode()


def test_withdraw_needs_a_reason_on_the_page(client, world, committee_staff):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(committee_staff)

    response = client.post(
        reverse("notices:withdraw", args=[notice.pk]), {"reason": ""}
    )

    assert response.status_code == 400
    assert "请填写撤回理由。" in response.content.decode()


def test_receipts_filter_and_mask_phones(client, world, committee_staff, deputy):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(committee_staff)
    url = reverse("notices:manage_detail", args=[notice.pk])

    unread = client.get(url + "?show=unread")
    lost = client.get(
        url + "?show=undeliverable",
        headers={"HX-Request": "true", "HX-Target": "receipts"},
    )

    assert [r.name for r in unread.context["receipts"]] == ["丁照民"]
    assert "138****5678" in unread.content.decode()
    assert "13812345678" not in unread.content.decode()
    assert [r.name for r in lost.context["receipts"]] == ["白玉晶"]
    assert "<html" not in lost.content.decode()  # the table only, for htmx


def test_staff_of_another_congress_get_404_for_its_notices(
    client, world, committee_staff, district_staff
):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(district_staff)

    for name in ("manage_detail", "edit"):
        assert (
            client.get(reverse(f"notices:{name}", args=[notice.pk])).status_code == 404
        )
    assert (
        client.get(reverse("notices:manage_detail", args=[10**17])).status_code == 404
    )


def _crowd(world, count: int):
    """Deputies of the city congress with accounts."""
    for index in range(count):
        person = DeputyFactory(name=f"代表{index:02d}", phone=f"1390000{index:04d}")
        MandateFactory(deputy=person, term=world.city_term)
        deputy_user(person, f"d{index:02d}")


@pytest.mark.parametrize("crowd", [2, 12])
def test_query_counts_do_not_grow_with_rows(
    client, world, committee_staff, deputy, crowd, django_assert_max_num_queries
):
    _crowd(world, crowd)
    notices = [
        make_notice(world, committee_staff, title=f"通知{i}", publish=True)
        for i in range(crowd // 2 + 1)
    ]
    for notice in notices[:2]:
        services.receipt_answer(notice=notice, user=deputy, answer="收到")
    notice = notices[0]

    client.force_login(committee_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notices:manage_list")).status_code == 200
    with django_assert_max_num_queries(22):
        assert (
            client.get(reverse("notices:manage_detail", args=[notice.pk])).status_code
            == 200
        )
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/notices/{notice.pk}/receipts").status_code == 200
    client.force_login(deputy)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("notices:inbox")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/notices/inbox").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("notices:read", args=[notice.pk])).status_code == 200


def test_the_admin_shows_notices_read_only(
    client, world, committee_staff, system_admin
):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(system_admin)

    listing = client.get(reverse("admin:notices_notice_changelist"))
    receipts = client.get(reverse("admin:notices_noticereceipt_changelist"))
    add = client.get(reverse("admin:notices_notice_add"))

    assert listing.status_code == 200
    assert notice.title in listing.content.decode()
    assert receipts.status_code == 200
    assert add.status_code == 403


def test_hostile_query_strings_never_reach_the_database_as_is(
    client, world, committee_staff
):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(committee_staff)

    listing = client.get(
        reverse("notices:manage_list") + "?q=%00疫情&status=BOGUS&page=x"
    )
    detail = client.get(
        reverse("notices:manage_detail", args=[notice.pk])
        + "?show=%00&answer=%00收到&page=99999"
    )

    assert listing.status_code == 200
    assert listing.context["filters"].q == "疫情"
    assert detail.status_code == 200
    assert detail.context["receipt_filters"].answer == "收到"
