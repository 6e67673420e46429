"""接收方式: the page and the API; 站内 always on, 短信 and 企业微信 by choice."""

import pytest
from django.urls import reverse

from renda.core.models import ActionLog
from renda.notifications.models import NotificationPreference

from .conftest import IN_APP, SMS

URL = reverse("notifications:settings")
API = "/api/v1/notifications/preferences"


@pytest.fixture
def phone_user(deputy):
    deputy.phone = "13812345678"
    deputy.save(update_fields=["phone"])
    return deputy


def test_the_page_shows_the_defaults_and_the_masked_phone(
    client, phone_user, django_assert_max_num_queries
):
    client.force_login(phone_user)

    with django_assert_max_num_queries(12):
        response = client.get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert "站内消息（始终开启）" in text
    assert "138****5678" in text
    assert "13812345678" not in text
    assert "本平台尚未开通短信发送" in text
    assert 'name="sms"' in text
    assert "checked" not in text.split('name="sms"')[0].rsplit("<input", 1)[1]


def test_saving_sms_and_wecom(client, phone_user, settings):
    settings.RENDA_NOTIFICATION_BACKENDS = [IN_APP, SMS]
    client.force_login(phone_user)

    response = client.post(
        URL, {"sms": "on", "wecom": "on", "wecom_userid": "ZhangSan"}
    )

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=phone_user)
    assert (preference.sms, preference.wecom, preference.wecom_userid) == (
        True,
        True,
        "ZhangSan",
    )
    assert ActionLog.objects.filter(action="notification.preference").count() == 1
    page = client.get(URL).content.decode()
    assert "本平台尚未开通短信发送" not in page
    assert 'value="ZhangSan"' in page


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"wecom": "on"}, "选择企业微信接收时，请填写企业微信账号。"),
        (
            {"wecom_userid": "张三"},
            "企业微信账号只能由字母、数字和 _ - . @ 组成，最多64个字符。",
        ),
        ({"wecom_userid": "a" * 65}, "企业微信账号最多64个字符。"),
    ],
)
def test_bad_input_is_400_with_the_field_named_and_nothing_saved(
    client, phone_user, data, field_message
):
    client.force_login(phone_user)

    response = client.post(URL, data)

    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_sms_needs_a_phone_number(client, deputy):
    client.force_login(deputy)
    response = client.post(URL, {"sms": "on"})
    assert response.status_code == 400
    assert "您的账号没有登记手机号码" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_page_needs_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_api_reads_and_changes_my_preference(client, phone_user):
    client.force_login(phone_user)

    before = client.get(API).json()
    assert before == {
        "in_app": True,
        "sms": False,
        "wecom": False,
        "wecom_userid": "",
        "phone_masked": "138****5678",
        "sms_available": False,
        "wecom_available": False,
    }

    response = client.patch(API, {"sms": True}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["sms"] is True
    assert NotificationPreference.objects.get(user=phone_user).sms

    # What is not sent stays as it was.
    response = client.patch(
        API,
        {"wecom": True, "wecom_userid": "ZhangSan"},
        content_type="application/json",
    )
    assert (response.json()["sms"], response.json()["wecom_userid"]) == (
        True,
        "ZhangSan",
    )


def test_the_api_refuses_wecom_without_an_account(client, phone_user):
    client.force_login(phone_user)
    response = client.patch(
        API,
        {"sms": False, "wecom": True, "wecom_userid": " "},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("notifications.invalid", "wecom_userid")
    assert body["message"] == "选择企业微信接收时，请填写企业微信账号。"
    assert not NotificationPreference.objects.exists()


def test_the_api_needs_authentication(client, db):
    assert client.get(API).status_code == 401
