"""The staff's story page: a refused return or take-down keeps the reason typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.duty.choices import StoryStatus
from renda.duty.services import stories as svc

from .factories_stories import story

pytestmark = pytest.mark.django_db


def test_a_return_refused_after_a_colleague_published_keeps_the_reason(
    client, world, committee_staff
):
    made = story(world, committee_staff, state="SUBMITTED")
    client.force_login(committee_staff)
    url = reverse("duty:story_detail", args=[made.pk])
    assert 'data-action="return"' in client.get(url).content.decode()
    # A colleague published it in another tab meanwhile.
    svc.story_publish(story=made, actor=committee_staff)
    reason = "请补充活动现场照片，并写明值守的具体时间和地点。"

    refused = client.post(url, {"action": "return", "reason": reason})

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "不能退回" in html
    assert f">{reason}</textarea>" in html
    made.refresh_from_db()
    assert made.status == StoryStatus.PUBLISHED
    assert made.return_reason == ""


def test_a_refused_return_keeps_the_reason_in_its_form(client, world, committee_staff):
    made = story(world, committee_staff, state="SUBMITTED")
    client.force_login(committee_staff)
    too_long = "请补充活动现场照片。" * 60  # over 500 characters

    refused = client.post(
        reverse("duty:story_detail", args=[made.pk]),
        {"action": "return", "reason": too_long},
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "退回意见" in html
    assert (
        f'id="reason-return" name="reason" rows="3" maxlength="500">{too_long}<' in html
    )
    made.refresh_from_db()
    assert made.status == StoryStatus.SUBMITTED


def test_an_edit_refused_after_a_colleague_published_answers_409_with_the_text(
    client, world, committee_staff
):
    made = story(world, committee_staff, state="SUBMITTED")
    client.force_login(committee_staff)
    url = reverse("duty:story_edit", args=[made.pk])
    assert client.get(url).status_code == 200
    # A colleague published it in another tab meanwhile.
    svc.story_publish(story=made, actor=committee_staff)
    body = "疫情发生后，该代表连续二十天在社区卡口值守，并捐赠口罩两千只。"

    refused = client.post(
        url, {"title": "抗疫一线显担当", "happened_on": "2020-02-10", "body": body}
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该履职事迹当前状态为“已发布”，不能修改。" in html
    assert body in html
    made.refresh_from_db()
    assert made.body != body
