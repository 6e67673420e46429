"""企业微信: one token for many messages, refetched once when it expires."""

import pytest

from renda.accounts.tests.factories import UserFactory
from renda.notifications.choices import DeliveryStatus, NotificationKind
from renda.notifications.errors import DeliveryError
from renda.notifications.models import Delivery, NotificationPreference
from renda.notifications.services import notification_send
from renda.notifications.wecom import access_token, message_text, wecom_send

from .conftest import AGENT_ID


def send_one(userid="zhangsan"):
    return wecom_send(
        userid=userid,
        title="关于召开代表小组活动的通知",
        body="请于周五到联络站参加活动。",
        url="/notices/7/",
    )


def test_two_messages_share_one_token(wecom_server):
    assert send_one() == "msg-1"
    assert send_one("lisi") == "msg-2"

    assert wecom_server.token_fetches == 1
    assert wecom_server.tokens_used == ["token-1", "token-1"]
    first, second = wecom_server.sent
    assert first == {
        "touser": "zhangsan",
        "msgtype": "text",
        "agentid": AGENT_ID,
        "text": {
            "content": "【关于召开代表小组活动的通知】\n请于周五到联络站参加活动。\n"
            "查看：https://renda.example.gov.cn/notices/7/"
        },
        "safe": 0,
    }
    assert second["touser"] == "lisi"


def test_an_expired_token_is_fetched_again_once(wecom_server):
    send_one()
    wecom_server.expire_next = 1

    assert send_one() == "msg-2"

    assert wecom_server.token_fetches == 2
    assert wecom_server.tokens_used == ["token-1", "token-1", "token-2"]
    # The new token is kept for the next message.
    send_one()
    assert wecom_server.token_fetches == 2


def test_a_token_that_keeps_expiring_fails_after_one_refetch(wecom_server):
    wecom_server.expire_next = 5

    with pytest.raises(DeliveryError) as error:
        send_one()

    assert wecom_server.token_fetches == 2
    assert len(wecom_server.tokens_used) == 2
    assert error.value.message.startswith("企业微信拒绝：42001")
    assert not error.value.permanent


def test_other_error_codes_are_reported_and_unknown_users_are_permanent(wecom_server):
    wecom_server.errcode = 45009  # API rate limit
    with pytest.raises(DeliveryError) as error:
        send_one()
    assert error.value.message == "企业微信拒绝：45009 refused"
    assert not error.value.permanent

    wecom_server.errcode = 81013  # user, department and tag all invalid
    with pytest.raises(DeliveryError) as error:
        send_one()
    assert error.value.permanent


def test_wrong_credentials_fail_at_the_token(wecom_server, settings):
    settings.RENDA_WECOM_CORP_SECRET = "wrong"
    with pytest.raises(DeliveryError, match="企业微信取凭证失败：40001"):
        access_token()
    assert wecom_server.sent == []


def test_no_site_address_means_no_link(settings):
    settings.RENDA_SITE_URL = ""
    assert message_text(title="标题", body="", url="/x/") == "【标题】"


def test_a_notice_goes_to_the_users_wecom_account_and_is_recorded(
    wecom_server, db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    NotificationPreference.objects.create(
        user=user, wecom=True, wecom_userid="ZhangSan"
    )
    no_account = UserFactory()
    NotificationPreference.objects.create(user=no_account, wecom=True)

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipients=[user, no_account],
            kind=NotificationKind.GENERIC,
            title="通知",
            body="内容",
        )

    sent = Delivery.objects.get(notification__recipient=user)
    assert (sent.channel, sent.status, sent.provider_message_id) == (
        "WECOM",
        DeliveryStatus.SENT,
        "msg-1",
    )
    assert [m["touser"] for m in wecom_server.sent] == ["ZhangSan"]
    skipped = Delivery.objects.get(notification__recipient=no_account)
    assert (skipped.status, skipped.last_error) == (
        DeliveryStatus.SKIPPED,
        "未填写企业微信账号",
    )
