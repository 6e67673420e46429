"""The handling unit's pages: inbox by due date, reply, return, extension."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Channel,
    ExtensionStatus,
    ReplyOutcome,
    SuggestionStatus,
)
from renda.suggestions.models import Attachment, ExtensionRequest, Reply

from .factories import START, assigned, snapshot, unit_user
from .test_attachments import pdf, stored_names, upload


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def reply_data(**overrides) -> dict:
    data = {
        "text": "经研究，已安排维修队伍，本月底前完成路灯修缮。",
        "outcome": ReplyOutcome.A,
        "signed_by": "王局长",
        "met_deputy_first": "yes",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.fixture
def fresh(world, deputy, committee_staff):
    """A formal suggestion assigned today to the city unit as lead."""
    suggestion, [assignment] = assigned(
        world, deputy, committee_staff, now=timezone.now()
    )
    return suggestion, assignment


# Inbox ----------------------------------------------------------------------------------


def test_inbox_lists_own_assignments_overdue_first(
    world, deputy, committee_staff, unit_staff, client
):
    now = timezone.now()
    _late, [late] = assigned(
        world, deputy, committee_staff, now=START, title="已超期的"
    )
    _soon, [soon] = assigned(
        world,
        deputy,
        committee_staff,
        now=now,
        title="七天到期的",
        channel=Channel.HOTLINE,
    )
    _later, [later] = assigned(
        world, deputy, committee_staff, now=now, title="三个月的"
    )
    _other, [other] = assigned(
        world,
        deputy,
        committee_staff,
        now=now,
        title="别的单位的",
        units=[(world.unit_xian, AssignmentRole.LEAD)],
    )
    client.force_login(unit_staff)

    response = client.get(reverse("suggestions:unit_inbox"))

    listed = [a.pk for a in response.context["page"].object_list]
    assert listed == [late.pk, soon.pk, later.pk]
    assert other.pk not in listed
    html = response.content.decode()
    assert "已超期" in html
    assert "七天到期的" in html


@pytest.mark.parametrize("show", ["open", "new", "due_soon", "overdue", "rehandling"])
def test_each_open_queue_keeps_overdue_first_then_by_deadline(
    world, deputy, committee_staff, unit_staff, show
):
    """The open queues order by deadline alone (index order): the same order as
    overdue first, then by deadline, since only open assignments are listed."""
    from renda.suggestions.models import Assignment
    from renda.suggestions.selectors.assignments import (
        AssignmentFilters,
        unit_assignment_list,
    )

    today = timezone.localdate()
    for days in (-30, -1, 0, 2, 5, 40, -7, 3):
        _s, [a] = assigned(world, deputy, committee_staff, now=timezone.now())
        Assignment.objects.filter(pk=a.pk).update(
            due_at=today + dt.timedelta(days=days),
            status=AssignmentStatus.REHANDLING if days % 2 else a.status,
        )

    listed = list(unit_assignment_list(unit_staff, AssignmentFilters(show=show)))

    assert listed == sorted(listed, key=lambda a: (not a.is_overdue, a.due_at, a.pk))
    assert all(
        a.status in (AssignmentStatus.ASSIGNED, AssignmentStatus.REHANDLING)
        for a in listed
    )


def test_inbox_filters_replied_and_all(
    world, deputy, committee_staff, unit_staff, client
):
    now = timezone.now()
    _done, [done] = assigned(world, deputy, committee_staff, now=now, title="答复了的")
    client.force_login(unit_staff)
    client.post(reverse("suggestions:unit_reply", args=[done.pk]), reply_data())
    _open, [still_open] = assigned(world, deputy, committee_staff, now=now)

    open_list = client.get(reverse("suggestions:unit_inbox"))
    replied = client.get(reverse("suggestions:unit_inbox") + "?show=replied")
    everything = client.get(reverse("suggestions:unit_inbox") + "?show=all")

    assert [a.pk for a in open_list.context["page"].object_list] == [still_open.pk]
    assert [a.pk for a in replied.context["page"].object_list] == [done.pk]
    assert {a.pk for a in everything.context["page"].object_list} == {
        done.pk,
        still_open.pk,
    }


@pytest.mark.parametrize("role", ["deputy", "committee_staff", "leader"])
def test_unit_pages_are_for_unit_staff_only(role, request, client, fresh):
    _suggestion, assignment = fresh
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("suggestions:unit_inbox")).status_code == 403
    url = reverse("suggestions:unit_reply", args=[assignment.pk])
    assert client.post(url, reply_data()).status_code == 403
    assert not Reply.objects.exists()


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(reverse("suggestions:unit_inbox"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# Reply ------------------------------------------------------------------------------------


def test_reply_with_files_moves_the_item_to_replied(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    url = reverse("suggestions:unit_reply", args=[assignment.pk])

    page = client.get(url)
    response = client.post(
        url, reply_data(attachments=[pdf("答复函.pdf"), upload("现场.jpg")])
    )

    assert page.status_code == 200
    assert "A类：已解决或采纳" in page.content.decode()
    assert response.status_code == 302
    answer = Reply.objects.get()
    assert answer.signed_by == "王局长"
    assert answer.met_deputy_first is True
    assert sorted(answer.attachments.values_list("original_name", flat=True)) == [
        "现场.jpg",
        "答复函.pdf",
    ]
    assignment.refresh_from_db()
    suggestion.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPLIED
    assert suggestion.status == SuggestionStatus.REPLIED


def test_double_tap_on_reply_records_one_reply(fresh, unit_staff, client):
    _suggestion, assignment = fresh
    client.force_login(unit_staff)
    url = reverse("suggestions:unit_reply", args=[assignment.pk])
    data = reply_data()

    client.post(url, {**data, "attachments": [pdf()]})
    second = client.post(url, {**data, "attachments": [pdf()]}, follow=True)

    assert Reply.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert second.status_code == 200


def test_reply_without_outcome_is_refused_on_the_form(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:unit_reply", args=[assignment.pk]),
        reply_data(outcome="", signed_by=""),
    )

    errors = response.context["form"].errors
    assert errors["outcome"] == ["请选择答复分类（A、B 或 C）。"]
    assert errors["signed_by"] == ["请填写签发人。"]
    assert not Reply.objects.exists()
    assert snapshot(suggestion) == before


def test_reply_with_a_spoofed_file_keeps_nothing(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    before = snapshot(suggestion)
    files_before = stored_names()

    response = client.post(
        reverse("suggestions:unit_reply", args=[assignment.pk]),
        reply_data(attachments=[pdf("好的.pdf"), upload("伪装.png", b"GIF89a")]),
    )

    [message] = response.context["form"].errors["attachments"]
    assert "“伪装.png”" in message
    assert not Reply.objects.exists()
    assert stored_names() == files_before
    assert snapshot(suggestion) == before


def test_joint_unit_replies_without_an_outcome(world, deputy, committee_staff, client):
    suggestion, [_lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        now=timezone.now(),
        units=[
            (world.unit_city, AssignmentRole.LEAD),
            (world.unit_xian, AssignmentRole.JOINT),
        ],
    )
    client.force_login(unit_user(world.unit_xian, "xian_unit"))

    response = client.post(
        reverse("suggestions:unit_reply", args=[joint.pk]), reply_data(outcome="")
    )

    assert response.status_code == 302
    assert Reply.objects.get().outcome == ""
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED


def test_staff_of_another_unit_get_404(fresh, world, client):
    suggestion, assignment = fresh
    client.force_login(unit_user(world.unit_xian, "xian_unit"))
    before = snapshot(suggestion)

    for name in ("unit_reply", "unit_return", "unit_extension"):
        url = reverse(f"suggestions:{name}", args=[assignment.pk])
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {**reply_data(), "reason": "x", "months": 1}).status_code
            == 404
        )
    assert snapshot(suggestion) == before


def test_joint_unit_cannot_act_on_the_lead_units_assignment(
    world, deputy, committee_staff, client
):
    suggestion, [lead, _joint] = assigned(
        world,
        deputy,
        committee_staff,
        now=timezone.now(),
        units=[
            (world.unit_city, AssignmentRole.LEAD),
            (world.unit_xian, AssignmentRole.JOINT),
        ],
    )
    client.force_login(unit_user(world.unit_xian, "xian_unit"))
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:unit_reply", args=[lead.pk]), reply_data()
    )
    detail = client.get(reverse("suggestions:detail", args=[suggestion.pk]))

    assert response.status_code == 404
    assert detail.status_code == 200
    assert snapshot(suggestion) == before


def test_replying_twice_is_refused_and_the_second_text_is_kept(
    fresh, unit_staff, client
):
    # A second tab posts its own reply after the first was sent: the page comes
    # back with the refusal and the text typed in it, so it can be copied.
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    url = reverse("suggestions:unit_reply", args=[assignment.pk])
    client.post(url, reply_data())
    before = snapshot(suggestion)
    second = "第二个窗口里写的答复：已协调交通部门，下月增设信号灯。"

    response = client.post(url, reply_data(text=second))

    assert response.status_code == 409
    assert "当前状态为“已答复”" in " ".join(response.context["form"].non_field_errors())
    assert second in response.content.decode()
    assert Reply.objects.count() == 1
    assert snapshot(suggestion) == before


def test_a_retried_reply_is_answered_with_the_first(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    url = reverse("suggestions:unit_reply", args=[assignment.pk])
    data = reply_data()
    client.post(url, data)

    response = client.post(url, data, follow=True)

    assert "这份答复已经提交过了，没有重复保存。" in messages_of(response)
    assert Reply.objects.count() == 1


def test_detail_shows_the_units_actions(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)

    html = client.get(
        reverse("suggestions:detail", args=[suggestion.pk])
    ).content.decode()

    assert reverse("suggestions:unit_reply", args=[assignment.pk]) in html
    assert reverse("suggestions:unit_return", args=[assignment.pk]) in html
    assert reverse("suggestions:unit_extension", args=[assignment.pk]) in html


# Return ---------------------------------------------------------------------------------


def test_return_within_the_window(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    url = reverse("suggestions:unit_return", args=[assignment.pk])

    page = client.get(url)
    response = client.post(url, {"reason": "路灯归城市管理局管理，不属于本单位职责。"})

    assert "（含当天）前申请退回" in page.content.decode()
    assert response.status_code == 302
    assignment.refresh_from_db()
    suggestion.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_return_needs_a_reason(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:unit_return", args=[assignment.pk]), {"reason": "  "}
    )

    assert response.context["form"].errors["reason"] == ["请填写退回理由。"]
    assert snapshot(suggestion) == before


def test_return_after_the_window_is_refused_politely(
    world, deputy, committee_staff, unit_staff, client
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)
    client.force_login(unit_staff)
    before = snapshot(suggestion)
    url = reverse("suggestions:unit_return", args=[assignment.pk])

    page = client.get(url)
    response = client.post(url, {"reason": "不属于本单位职责"})

    for html in (page.content.decode(), response.content.decode()):
        assert "7 个工作日内可以申请退回" in html
        assert "2025年3月12日" in html
        assert 'name="reason"' not in html
    assert snapshot(suggestion) == before


# Extension ------------------------------------------------------------------------------


def test_extension_request_for_a_formal_item(fresh, unit_staff, client):
    _suggestion, assignment = fresh
    client.force_login(unit_staff)
    url = reverse("suggestions:unit_extension", args=[assignment.pk])

    response = client.post(
        url, {"months": "2", "reason": "涉及跨部门协调，需要更多时间。"}
    )
    again = client.get(url)

    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert extension.months == 2
    assert extension.status == ExtensionStatus.PENDING
    assert "已有一份延期申请正在等待审批" in again.content.decode()


def test_extension_months_out_of_range_is_refused(fresh, unit_staff, client):
    suggestion, assignment = fresh
    client.force_login(unit_staff)
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:unit_extension", args=[assignment.pk]),
        {"months": "4", "reason": "需要时间"},
    )

    assert response.context["form"].errors["months"] == ["延期时间须为 1 到 3 个月。"]
    assert not ExtensionRequest.objects.exists()
    assert snapshot(suggestion) == before


@pytest.mark.parametrize("channel", [Channel.VOICE, Channel.HOTLINE])
def test_extension_is_refused_for_voice_and_hotline(
    channel, world, deputy, committee_staff, unit_staff, client
):
    suggestion, [assignment] = assigned(
        world, deputy, committee_staff, now=timezone.now(), channel=channel
    )
    client.force_login(unit_staff)
    before = snapshot(suggestion)

    response = client.post(
        reverse("suggestions:unit_extension", args=[assignment.pk]),
        {"months": "1", "reason": "需要时间"},
    )

    assert "须按期答复，不能申请延期" in response.content.decode()
    assert not ExtensionRequest.objects.exists()
    assert snapshot(suggestion) == before


def test_inbox_flags_items_due_soon(world, deputy, committee_staff, unit_staff, client):
    today = timezone.localdate()
    suggestion, [assignment] = assigned(
        world, deputy, committee_staff, now=timezone.now()
    )
    assignment.due_at = today + dt.timedelta(days=2)
    assignment.save(update_fields=["due_at"])
    client.force_login(unit_staff)

    response = client.get(reverse("suggestions:unit_inbox"))

    assert "2 天后到期" in response.content.decode()
