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
