"""The deputy's pages: my suggestions, write/draft/submit, detail, rating."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from renda.deputies.tests.factories import MandateFactory
from renda.suggestions import services
from renda.suggestions.choices import (
    Category,
    Channel,
    EventKind,
    Period,
    Rating,
    SuggestionStatus,
)
from renda.suggestions.models import Attachment, Feedback, Suggestion
from renda.suggestions.panels import register_panel, unregister_panel
from renda.suggestions.pending_uploads import PENDING_MAX_AGE, pending_purge

from .factories import (
    START,
    assigned,
    deputy_user,
    draft,
    event_kinds,
    reply,
    snapshot,
    submitted,
    unit_user,
)
from .test_attachments import pdf, stored_names, upload


def form_data(world, **overrides) -> dict:
    data = {
        "congress": world.city_congress.pk,
        "channel": Channel.VOICE,
        "period": Period.RECESS,
        "title": "关于修缮向阳街道老旧小区路灯的建议",
        "body": "向阳街道多个老旧小区路灯损坏，夜间出行不便，建议尽快修缮。",
        "category": Category.URBAN_RURAL_CONSTRUCTION,
        "region": world.longshan.pk,
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# My suggestions -----------------------------------------------------------------------


def test_my_list_shows_led_and_cosigned_items_newest_first(world, deputy, client):
    fellow = deputy_user(world.deputy_city_b, "deputy_b")
    older = submitted(world, deputy, title="较早的建议")
    newer = draft(world, deputy, title="较新的草稿")
    cosigned = submitted(
        world,
        fellow,
        lead_deputy=world.deputy_city_b,
        cosigners=[world.deputy_city_a],
        title="白代表领衔、我附议的建议",
    )
    others = submitted(world, fellow, lead_deputy=world.deputy_city_b, title="别人的")
    client.force_login(deputy)

    response = client.get(reverse("suggestions:my"))

    assert response.status_code == 200
    listed = [item.pk for item in response.context["page"].object_list]
    assert listed == [cosigned.pk, newer.pk, older.pk]
    assert others.pk not in listed
    html = response.content.decode()
    assert "附议" in html
    assert "领衔" in html
    assert "草稿" in html
    assert "已提交" in html


def test_my_list_filters_by_status_group(world, deputy, committee_staff, client):
    kept = draft(world, deputy, title="草稿一")
    rejected = submitted(world, deputy, title="未立案的")
    services.suggestion_reject(
        suggestion=rejected, reason="属于信访事项", actor=committee_staff
    )
    client.force_login(deputy)

    drafts = client.get(reverse("suggestions:my") + "?status=draft")
    refused = client.get(reverse("suggestions:my") + "?status=rejected")
    unknown = client.get(reverse("suggestions:my") + "?status=nonsense")

    assert [s.pk for s in drafts.context["page"].object_list] == [kept.pk]
    assert [s.pk for s in refused.context["page"].object_list] == [rejected.pk]
    assert unknown.status_code == 200
    assert len(unknown.context["page"].object_list) == 2
    tabs = {tab["label"]: tab["count"] for tab in drafts.context["tabs"]}
    assert tabs == {
        "全部": 2,
        "草稿": 1,
        "办理中": 0,
        "已答复待评价": 0,
        "已办结": 0,
        "未立案": 1,
    }


def test_my_list_shows_the_due_date_and_an_overdue_badge(
    world, deputy, committee_staff, client
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)
    client.force_login(deputy)

    response = client.get(reverse("suggestions:my"))

    [item] = response.context["page"].object_list
    assert item.next_due_at == assignment.due_at
    assert item.is_overdue is True
    html = response.content.decode()
    assert "已超期" in html
    assert f"{assignment.due_at.year}年{assignment.due_at.month}月" in html


@pytest.mark.parametrize("role", ["unit_staff", "committee_staff", "station_chief"])
def test_my_list_is_for_deputies_only(role, request, client):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("suggestions:my")).status_code == 403
    assert client.get(reverse("suggestions:new")).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(reverse("suggestions:my"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# Writing ----------------------------------------------------------------------------


def test_new_form_explains_each_channel_and_carries_a_key(world, deputy, client):
    client.force_login(deputy)

    response = client.get(reverse("suggestions:new"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "15 天内答复" in html
    assert "7 天内答复" in html
    assert "3 个月内答复" in html
    key = response.context["form"].initial["idempotency_key"]
    assert str(uuid.UUID(key)) == key
    assert f'value="{key}"' in html
    assert "保存草稿" in html
    assert "提交" in html
    regions = dict(response.context["form"].fields["region"].choices)
    assert world.longshan.pk in regions
    assert world.province.pk not in regions


def test_save_draft_creates_a_draft_and_returns_to_editing(world, deputy, client):
    client.force_login(deputy)

    response = client.post(reverse("suggestions:new"), form_data(world, save="1"))

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("suggestions:edit", args=[suggestion.pk])
    assert suggestion.status == SuggestionStatus.DRAFT
    assert suggestion.lead_deputy == world.deputy_city_a
    assert suggestion.channel == Channel.VOICE
    assert suggestion.region == world.longshan
    assert event_kinds(suggestion) == [EventKind.CREATED]


def test_submit_with_cosigners_and_files(world, deputy, client):
    client.force_login(deputy)
    data = form_data(
        world,
        submit="1",
        cosigners=[world.deputy_city_b.pk],
        attachments=[pdf("现场照片.pdf"), upload("问题清单.xlsx")],
    )

    response = client.post(reverse("suggestions:new"), data)

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("suggestions:detail", args=[suggestion.pk])
    assert suggestion.status == SuggestionStatus.SUBMITTED
    assert list(suggestion.cosigners.all()) == [world.deputy_city_b]
    assert sorted(suggestion.attachments.values_list("original_name", flat=True)) == [
        "现场照片.pdf",
        "问题清单.xlsx",
    ]
    assert event_kinds(suggestion) == [EventKind.CREATED, EventKind.SUBMITTED]


def test_double_tap_on_submit_creates_one_suggestion(world, deputy, client):
    client.force_login(deputy)
    data = form_data(world, submit="1")

    first = client.post(reverse("suggestions:new"), {**data, "attachments": [pdf()]})
    second = client.post(
        reverse("suggestions:new"), {**data, "attachments": [pdf()]}, follow=True
    )

    suggestion = Suggestion.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == reverse(
        "suggestions:detail", args=[suggestion.pk]
    )
    assert "这次提交已经处理过了，没有重复保存。" in messages_of(second)
    assert Attachment.objects.count() == 1
    assert event_kinds(suggestion) == [EventKind.CREATED, EventKind.SUBMITTED]


def test_double_tap_on_save_draft_creates_one_draft(world, deputy, client):
    client.force_login(deputy)
    data = form_data(world, save="1")

    client.post(reverse("suggestions:new"), data)
    client.post(reverse("suggestions:new"), data)

    assert Suggestion.objects.count() == 1


def test_submit_without_body_is_refused_and_nothing_is_kept(world, deputy, client):
    client.force_login(deputy)
    before = stored_names()
    data = form_data(world, submit="1", body="   ", attachments=[pdf()])

    response = client.post(reverse("suggestions:new"), data)

    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["请填写建议内容后再提交。"]
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_names() == before
    # The retry gets a fresh key: the refused one produced nothing.
    assert response.context["form"].data["idempotency_key"] != data["idempotency_key"]


def test_spoofed_attachment_is_refused_naming_the_file(world, deputy, client):
    client.force_login(deputy)
    data = form_data(
        world, submit="1", attachments=[upload("会议纪要.docx", b"MZ\x90\x00binary")]
    )

    response = client.post(reverse("suggestions:new"), data)

    assert response.status_code == 400
    [message] = response.context["form"].errors["attachments"]
    assert "“会议纪要.docx”" in message
    assert not Suggestion.objects.exists()


def test_too_many_or_too_big_files_are_refused(world, deputy, client, settings):
    settings.RENDA_ATTACHMENT_MAX_FILES = 2
    settings.RENDA_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(deputy)
    files = [pdf("一.pdf"), pdf("二.pdf"), upload("三.pdf", b"%PDF-" + b"0" * 4096)]

    response = client.post(
        reverse("suggestions:new"), form_data(world, submit="1", attachments=files)
    )

    errors = response.context["form"].errors["attachments"]
    assert any("每件最多 2 个附件" in error for error in errors)
    assert any("“三.pdf”" in error and "1 KB" in error for error in errors)
    assert not Suggestion.objects.exists()


def test_missing_title_and_bad_region_name_the_fields(world, deputy, client):
    client.force_login(deputy)

    response = client.post(
        reverse("suggestions:new"),
        form_data(world, title="", region=world.province.pk, save="1"),
    )

    errors = response.context["form"].errors
    assert errors["title"] == ["请填写标题。"]
    assert "不在辽源市人大的行政区域内" in errors["region"][0]
    assert not Suggestion.objects.exists()


def test_deputy_with_two_congresses_chooses_one(world, deputy, client):
    MandateFactory(deputy=world.deputy_city_a, term=world.longshan_congress.terms.get())
    client.force_login(deputy)

    chooser = client.get(reverse("suggestions:new"))
    chosen = client.get(
        reverse("suggestions:new") + f"?congress={world.longshan_congress.pk}"
    )
    invalid = client.get(
        reverse("suggestions:new") + f"?congress={world.xian_congress.pk}"
    )

    assert chooser.templates[0].name == "suggestions/deputy_choose_congress.html"
    assert "辽源市龙山区人大" in chooser.content.decode()
    assert chosen.context["congress"] == world.longshan_congress
    assert "所选人大无效" in invalid.content.decode()

    data = form_data(world, congress=world.longshan_congress.pk, save="1")
    client.post(reverse("suggestions:new"), data)
    assert Suggestion.objects.get().congress == world.longshan_congress


def test_deputy_without_a_sitting_mandate_is_told_plainly(world, deputy, client):
    world.deputy_city_a.mandates.update(end_date=dt.date(2020, 1, 1), end_reason="X")
    client.force_login(deputy)

    response = client.get(reverse("suggestions:new"))

    assert response.status_code == 403
    assert "没有在任的代表资格" in response.content.decode()


def test_cosigner_search_by_initials_keeps_chosen_and_leaves_out_the_lead(
    world, deputy, client
):
    client.force_login(deputy)
    url = reverse("suggestions:cosigner_options")

    found = client.get(url, {"q": "byj"})
    kept = client.get(url, {"q": "zzz", "cosigners": [world.deputy_city_b.pk]})
    self_search = client.get(url, {"q": "dzm"})

    assert [d.name for d in found.context["results"]] == ["白玉晶"]
    assert [d.name for d in kept.context["selected"]] == ["白玉晶"]
    assert "checked" in kept.content.decode()
    assert self_search.context["results"] == []
    # A district deputy has no seat in the city term.
    assert client.get(url, {"q": "wf"}).context["results"] == []


# Editing ------------------------------------------------------------------------------


def test_edit_changes_the_draft_and_removes_a_file(
    world, deputy, client, django_capture_on_commit_callbacks
):
    client.force_login(deputy)
    client.post(
        reverse("suggestions:new"), form_data(world, save="1", attachments=[pdf()])
    )
    suggestion = Suggestion.objects.get()
    [attachment] = suggestion.attachments.all()
    name = attachment.file.name
    edit = reverse("suggestions:edit", args=[suggestion.pk])
    page = client.get(edit)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit,
            form_data(
                world,
                title="关于修缮路灯的建议（补充）",
                remove_attachments=[attachment.pk],
                save="1",
                idempotency_key=page.context["form"].initial["idempotency_key"],
            ),
        )

    suggestion.refresh_from_db()
    assert response.status_code == 302
    assert suggestion.title == "关于修缮路灯的建议（补充）"
    assert not suggestion.attachments.exists()
    assert name not in stored_names()


def test_another_deputy_cannot_open_or_edit(world, deputy, client):
    suggestion = draft(world, deputy)
    client.force_login(deputy_user(world.deputy_city_b, "deputy_b"))
    before = snapshot(suggestion)

    assert (
        client.get(reverse("suggestions:detail", args=[suggestion.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("suggestions:edit", args=[suggestion.pk]),
        form_data(world, title="篡改", save="1"),
    )

    assert response.status_code == 404
    assert snapshot(suggestion) == before


def test_a_cosigner_sees_but_may_not_edit(world, deputy, client):
    suggestion = submitted(world, deputy, cosigners=[world.deputy_city_b])
    services_status = suggestion.status
    client.force_login(deputy_user(world.deputy_city_b, "deputy_b"))

    assert (
        client.get(reverse("suggestions:detail", args=[suggestion.pk])).status_code
        == 200
    )
    response = client.get(reverse("suggestions:edit", args=[suggestion.pk]))

    assert response.status_code == 403
    assert Suggestion.objects.get().status == services_status


def test_a_submitted_item_cannot_be_edited_and_says_why(world, deputy, client):
    suggestion = submitted(world, deputy)
    client.force_login(deputy)

    response = client.get(
        reverse("suggestions:edit", args=[suggestion.pk]), follow=True
    )

    assert "这件建议当前状态为“已提交”，不能再修改。" in messages_of(response)


def test_an_edit_posted_after_the_item_was_submitted_keeps_what_was_typed(
    world, deputy, client
):
    # The edit page stayed open in one tab while the item was submitted from
    # another: the refused post comes back with the typed title, not a redirect.
    suggestion = submitted(world, deputy)
    client.force_login(deputy)
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:edit", args=[suggestion.pk]),
        form_data(world, title="在另一个窗口改的标题", save="1"),
    )

    assert response.status_code == 409
    assert "当前状态为“已提交”" in " ".join(response.context["form"].non_field_errors())
    assert "在另一个窗口改的标题" in response.content.decode()
    assert snapshot(suggestion) == before


def test_returned_item_shows_the_note_and_resubmits(
    world, deputy, committee_staff, client
):
    suggestion = submitted(world, deputy)
    services.suggestion_return_for_clarification(
        suggestion=suggestion, reason="请补充具体路段", actor=committee_staff
    )
    client.force_login(deputy)
    edit = reverse("suggestions:edit", args=[suggestion.pk])

    page = client.get(edit)
    client.post(edit, form_data(world, body="具体路段：东吉大路。", submit="1"))

    assert "请补充具体路段" in page.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SUBMITTED
    assert event_kinds(suggestion)[-1] == EventKind.RESUBMITTED


# Detail -------------------------------------------------------------------------------


def test_detail_shows_units_due_dates_replies_and_timeline(
    world, deputy, committee_staff, client
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    staff = unit_user(world.unit_city, "city_unit")
    reply(assignment, staff, now=START + dt.timedelta(days=20))
    client.force_login(deputy)

    response = client.get(reverse("suggestions:detail", args=[suggestion.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "辽源市住房和城乡建设局" in html
    assert "主办" in html
    assert "A类：已解决或采纳" in html
    assert "李局长" in html
    assert "是，答复前已与代表见面沟通" in html
    assert "审查立案" in html
    assert "交办" in html
    # Replied in 2025: the 20 working days to rate are long over, so no form.
    assert "您对这份答复是否满意" not in html


def test_the_rating_form_shows_within_the_window(
    world, deputy, committee_staff, client
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    staff = unit_user(world.unit_city, "city_unit")
    reply(assignment, staff, now=timezone.now())
    client.force_login(deputy)

    html = client.get(
        reverse("suggestions:detail", args=[suggestion.pk])
    ).content.decode()

    assert "您对这份答复是否满意" in html


def test_detail_marks_provisional_and_overdue_deadlines(
    world, deputy, committee_staff, client
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    assignment.due_provisional = True
    assignment.save(update_fields=["due_provisional"])
    client.force_login(deputy)

    html = client.get(
        reverse("suggestions:detail", args=[suggestion.pk])
    ).content.decode()

    assert "暂定" in html
    assert "已超期" in html


def test_detail_is_404_for_unit_staff_of_another_unit(
    world, deputy, committee_staff, client
):
    suggestion, _assignments = assigned(world, deputy, committee_staff)
    client.force_login(unit_user(world.unit_xian, "xian_unit"))

    response = client.get(reverse("suggestions:detail", args=[suggestion.pk]))

    assert response.status_code == 404


def test_detail_renders_panels_registered_by_other_areas(
    world, deputy, committee_staff, client
):
    suggestion = submitted(world, deputy)

    def staff_only(user, item):
        if user != committee_staff:
            return None
        return "suggestions/_attachments.html", {
            "attachments": [],
            "empty_text": f"工作人员面板：{item.title}",
        }

    register_panel(staff_only)
    try:
        client.force_login(committee_staff)
        staff_html = client.get(
            reverse("suggestions:detail", args=[suggestion.pk])
        ).content.decode()
        client.force_login(deputy)
        deputy_html = client.get(
            reverse("suggestions:detail", args=[suggestion.pk])
        ).content.decode()
    finally:
        unregister_panel(staff_only)

    assert f"工作人员面板：{suggestion.title}" in staff_html
    assert "工作人员面板" not in deputy_html


# Rating --------------------------------------------------------------------------------


def _replied(world, deputy, committee_staff):
    now = timezone.now()
    suggestion, [assignment] = assigned(world, deputy, committee_staff, now=now)
    answer = reply(assignment, unit_user(world.unit_city, "city_unit"), now=now)
    return suggestion, answer


def test_lead_deputy_rates_satisfied_and_the_item_closes(
    world, deputy, committee_staff, client
):
    suggestion, answer = _replied(world, deputy, committee_staff)
    client.force_login(deputy)

    response = client.post(
        reverse("suggestions:rate", args=[answer.pk]),
        {f"r{answer.pk}-rating": Rating.SATISFIED, f"r{answer.pk}-confirmed": "1"},
        follow=True,
    )

    assert "感谢您的评价，已记录。" in messages_of(response)
    assert Feedback.objects.get().rating == Rating.SATISFIED
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED


def test_choosing_satisfied_asks_to_confirm_before_it_is_final(
    world, deputy, committee_staff, client
):
    # Given a reply waiting for the lead deputy's rating.
    suggestion, answer = _replied(world, deputy, committee_staff)
    client.force_login(deputy)
    url = reverse("suggestions:rate", args=[answer.pk])
    before = snapshot(suggestion)

    # When the deputy chooses 满意: the page asks, and nothing is recorded yet.
    asked = client.post(url, {f"r{answer.pk}-rating": Rating.SATISFIED})
    html = asked.content.decode()

    assert asked.status_code == 200
    assert "确认提交评价？" in html
    assert f'name="r{answer.pk}-confirmed" value="1"' in html
    assert not Feedback.objects.exists()
    assert snapshot(suggestion) == before

    # Then confirming records it and closes the item.
    client.post(
        url,
        {f"r{answer.pk}-rating": Rating.SATISFIED, f"r{answer.pk}-confirmed": "1"},
    )
    assert Feedback.objects.get().rating == Rating.SATISFIED
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED


def test_unsatisfied_without_a_reason_is_refused_on_the_form(
    world, deputy, committee_staff, client
):
    suggestion, answer = _replied(world, deputy, committee_staff)
    client.force_login(deputy)
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:rate", args=[answer.pk]),
        {f"r{answer.pk}-rating": Rating.UNSATISFIED, f"r{answer.pk}-reason": " "},
    )

    assert response.status_code == 400
    assert "选择“不满意”时，请写明不满意的理由。" in response.content.decode()
    assert not Feedback.objects.exists()
    assert snapshot(suggestion) == before


def test_unsatisfied_with_a_reason_reopens(world, deputy, committee_staff, client):
    suggestion, answer = _replied(world, deputy, committee_staff)
    client.force_login(deputy)

    client.post(
        reverse("suggestions:rate", args=[answer.pk]),
        {
            f"r{answer.pk}-rating": Rating.UNSATISFIED,
            f"r{answer.pk}-reason": "路灯仍未修好",
            f"r{answer.pk}-confirmed": "1",
        },
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REOPENED


def test_rating_twice_gives_a_message_and_changes_nothing(
    world, deputy, committee_staff, client
):
    suggestion, answer = _replied(world, deputy, committee_staff)
    client.force_login(deputy)
    url = reverse("suggestions:rate", args=[answer.pk])
    client.post(
        url,
        {
            f"r{answer.pk}-rating": Rating.BASICALLY_SATISFIED,
            f"r{answer.pk}-confirmed": "1",
        },
        follow=True,
    )
    before = snapshot(suggestion)

    response = client.post(
        url,
        {
            f"r{answer.pk}-rating": Rating.UNSATISFIED,
            f"r{answer.pk}-reason": "再评",
            f"r{answer.pk}-confirmed": "1",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response) == ["该建议当前状态为“已办结”，不能测评。"]
    assert snapshot(suggestion) == before
    assert Feedback.objects.get().rating == Rating.BASICALLY_SATISFIED


def test_a_cosigner_may_not_rate(world, deputy, committee_staff, client):
    now = timezone.now()
    suggestion, [assignment] = assigned(
        world, deputy, committee_staff, now=now, cosigners=[world.deputy_city_b]
    )
    answer = reply(assignment, unit_user(world.unit_city, "city_unit"), now=now)
    client.force_login(deputy_user(world.deputy_city_b, "deputy_b"))
    before = snapshot(suggestion)

    page = client.get(reverse("suggestions:detail", args=[suggestion.pk]))
    response = client.post(
        reverse("suggestions:rate", args=[answer.pk]),
        {f"r{answer.pk}-rating": Rating.SATISFIED},
    )

    assert "您对这份答复是否满意" not in page.content.decode()
    assert response.status_code == 403
    assert snapshot(suggestion) == before


def test_rating_a_reply_of_someone_elses_item_is_404(
    world, deputy, committee_staff, client
):
    suggestion, answer = _replied(world, deputy, committee_staff)
    client.force_login(deputy_user(world.deputy_city_b, "deputy_b"))
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:rate", args=[answer.pk]),
        {f"r{answer.pk}-rating": Rating.SATISFIED},
    )

    assert response.status_code == 404
    assert snapshot(suggestion) == before


# One round of errors, focus, files kept ---------------------------------------------


def test_every_problem_of_a_submit_is_reported_in_one_round(world, deputy, client):
    client.force_login(deputy)
    data = form_data(world, submit="1", title="", body=" ")
    del data["channel"]

    response = client.post(reverse("suggestions:new"), data)
    html = response.content.decode()

    assert response.status_code == 400
    errors = response.context["form"].errors
    # The form's checks and the submit service's rule (body) come back together.
    assert set(errors) == {"channel", "title", "body"}
    assert errors["body"] == ["请填写建议内容后再提交。"]
    assert '<a href="#field-channel">渠道：请选择渠道。</a>' in html
    assert '<a href="#id_title">标题：请填写标题。</a>' in html
    assert '<a href="#id_body">建议内容：请填写建议内容后再提交。</a>' in html
    # The first field in error is marked for the focus (and for screen readers).
    channel = re.search(r'<input type="radio" name="channel"[^>]*>', html).group(0)
    title = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in channel
    assert 'aria-invalid="true"' in title
    assert not Suggestion.objects.exists()


def test_files_chosen_in_a_refused_post_are_kept_and_saved_next_time(
    world, deputy, client
):
    client.force_login(deputy)
    url = reverse("suggestions:new")
    refused = client.post(url, form_data(world, title="", attachments=[pdf()]))
    token = refused.context["form"].pending_token
    html = refused.content.decode()

    assert refused.status_code == 400
    assert "已选附件：现场照片说明.pdf（保留）" in html
    assert f'name="pending_uploads" value="{token}"' in html
    assert not Attachment.objects.exists()

    # When the deputy fixes the title and saves, choosing no file again.
    saved = client.post(url, form_data(world, pending_uploads=token))

    assert saved.status_code == 302
    suggestion = Suggestion.objects.get()
    [attachment] = suggestion.attachments.all()
    assert attachment.original_name == "现场照片说明.pdf"
    assert client.session["suggestion_pending_uploads"] == {}


def test_a_kept_file_can_be_dropped(world, deputy, client):
    client.force_login(deputy)
    url = reverse("suggestions:new")
    refused = client.post(url, form_data(world, title="", attachments=[pdf()]))
    form = refused.context["form"]
    [kept] = form.pending_files

    client.post(
        url,
        form_data(world, pending_uploads=form.pending_token, drop_pending=kept.key),
    )

    assert Suggestion.objects.get().attachments.count() == 0


def test_kept_files_belong_to_the_session_that_chose_them(world, deputy, client):
    client.force_login(deputy)
    url = reverse("suggestions:new")
    refused = client.post(url, form_data(world, title="", attachments=[pdf()]))
    token = refused.context["form"].pending_token

    # Another session (a new log-in) cannot use the token.
    client.logout()
    client.force_login(deputy)
    client.post(url, form_data(world, pending_uploads=token))

    assert Suggestion.objects.get().attachments.count() == 0


def test_kept_files_left_behind_are_purged_after_a_day(world, deputy, client):
    client.force_login(deputy)
    refused = client.post(
        reverse("suggestions:new"), form_data(world, title="", attachments=[pdf()])
    )
    [kept] = refused.context["form"].pending_files
    later = timezone.now() + PENDING_MAX_AGE + dt.timedelta(minutes=1)

    pending_purge()
    assert default_storage.exists(kept.path)
    assert pending_purge(now=later) >= 1
    assert not default_storage.exists(kept.path)
