"""Staff see each notice's delivery outcomes in the admin; only administrators."""

import pytest
from django.urls import reverse

from renda.accounts.services import user_sync_admin_flag
from renda.notifications.choices import DeliveryChannel, DeliveryStatus
from renda.notifications.models import Delivery

from .factories import NotificationFactory


@pytest.fixture
def site_admin(system_admin):
    user_sync_admin_flag(user=system_admin)
    return system_admin


@pytest.fixture
def failed(db):
    notice = NotificationFactory(title="关于召开代表小组活动的通知")
    return Delivery.objects.create(
        notification=notice,
        channel=DeliveryChannel.SMS,
        status=DeliveryStatus.FAILED,
        attempts=6,
        last_error="短信网关拒绝：InternalError.Timeout 请求 +86138****5678 失败",
    )


def test_the_notice_page_shows_its_delivery_outcomes(client, site_admin, failed):
    client.force_login(site_admin)

    response = client.get(
        reverse(
            "admin:notifications_notification_change", args=[failed.notification_id]
        )
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "推送结果（短信、企业微信）" in text
    assert "发送失败" in text
    assert "InternalError.Timeout" in text


def test_the_delivery_list_filters_the_failed_ones(client, site_admin, failed):
    Delivery.objects.create(
        notification=NotificationFactory(title="另一条通知"),
        channel=DeliveryChannel.WECOM,
        status=DeliveryStatus.SENT,
        attempts=1,
    )
    client.force_login(site_admin)

    response = client.get(
        reverse("admin:notifications_delivery_changelist"), {"status__exact": "FAILED"}
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "关于召开代表小组活动的通知" in text
    assert "另一条通知" not in text
    assert client.get(reverse("admin:notifications_delivery_add")).status_code == 403


def test_other_roles_cannot_see_deliveries(client, committee_staff, failed):
    client.force_login(committee_staff)
    response = client.get(reverse("admin:notifications_delivery_changelist"))
    assert response.status_code == 302


def test_a_staff_page_can_show_the_outcomes_of_the_notices_about_an_object(db):
    from django.template.loader import render_to_string

    from renda.accounts.tests.factories import UserFactory
    from renda.notifications.selectors import delivery_outcome_rows

    target = UserFactory()
    for status in ["SENT", "SENT", "FAILED"]:
        Delivery.objects.create(
            notification=NotificationFactory(
                target_type="accounts.user", target_id=str(target.pk)
            ),
            channel=DeliveryChannel.SMS,
            status=status,
        )
    Delivery.objects.create(
        notification=NotificationFactory(target_type="accounts.user", target_id="0"),
        channel=DeliveryChannel.SMS,
        status="FAILED",
    )

    rows = delivery_outcome_rows(target=target)

    assert [
        (r.channel, r.label, r.sent, r.pending, r.failed, r.skipped) for r in rows
    ] == [("SMS", "短信", 2, 0, 1, 0)]
    html = render_to_string("notifications/_delivery_outcomes.html", {"outcomes": rows})
    assert (
        '<tr data-channel="SMS"><th scope="row">短信</th><td>2</td><td>0</td><td>1</td>'
        in html
    )
    assert (
        render_to_string(
            "notifications/_delivery_outcomes.html", {"outcomes": []}
        ).strip()
        == ""
    )
