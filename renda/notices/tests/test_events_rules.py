"""The timeline's words (one description per event kind) and the reminder
interval read from settings by the service, the page and the API alike."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from .. import services
from ..choices import NoticeEventKind
from ..events import describe_event
from .factories import make_notice

pytestmark = pytest.mark.django_db


def test_every_event_kind_is_described(world, committee_staff, deputy):
    notice = make_notice(world, committee_staff)
    services.notice_update(
        notice=notice, title="新标题", body=notice.body, actor=committee_staff
    )
    services.notice_publish(notice=notice, actor=committee_staff)
    services.notice_remind(notice=notice, actor=committee_staff)
    services.notice_withdraw(notice=notice, reason="内容有误", actor=committee_staff)

    described = {event.kind: describe_event(event) for event in notice.events.all()}

    assert set(described) == set(NoticeEventKind.values)
    assert (
        described[NoticeEventKind.CREATED].detail == "起草“关于做好疫情防控工作的通知”"
    )
    assert described[NoticeEventKind.UPDATED].detail == "修改了标题、回复方式、回复选项"
    assert (
        described[NoticeEventKind.PUBLISHED].detail
        == "发送给 2 人，1 人无账号，无法送达"
    )
    assert described[NoticeEventKind.REMINDED].detail == "第 1 次提醒，提醒 1 人"
    assert described[NoticeEventKind.WITHDRAWN].detail == "理由：内容有误"
    assert (
        described[NoticeEventKind.PUBLISHED].actor == committee_staff.display_name
        or "staff"
    )


@override_settings(RENDA_NOTICES_REMIND_INTERVAL_MINUTES=30)
def test_the_interval_setting_reaches_the_page_and_the_api(
    client, world, committee_staff, deputy
):
    notice = make_notice(world, committee_staff, publish=True)
    client.force_login(committee_staff)
    url = reverse("notices:manage_detail", args=[notice.pk])

    assert "每 30 分钟最多提醒一次" in client.get(url).content.decode()
    first = client.post(
        f"/api/v1/notices/{notice.pk}/remind", content_type="application/json"
    )
    second = client.post(
        f"/api/v1/notices/{notice.pk}/remind", content_type="application/json"
    )

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["message"] == "距上次提醒不足 30 分钟，请稍后再提醒。"
