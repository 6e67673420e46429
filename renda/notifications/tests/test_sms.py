"""SMS: the TC3-HMAC-SHA256 signature, and sending through the gateway stub."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from renda.notifications.errors import DeliveryError
from renda.notifications.sms import sms_send, tc3_sign, template_param

from .conftest import SECRET_ID

PHONE = "13812345678"


def test_signature_matches_the_documentations_worked_example():
    # Tencent Cloud API 3.0, 签名方法 v3: DescribeInstances on cvm, with the
    # documentation's example key, timestamp and body, and its published
    # intermediate hashes and signature.
    payload = (
        b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
        b'"Name": "instance-name"}]}'
    )

    signed = tc3_sign(
        secret_id="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        service="cvm",
        host="cvm.tencentcloudapi.com",
        payload=payload,
        timestamp=1551113065,
    )

    assert signed.canonical_request.endswith(
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    assert signed.string_to_sign == (
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )
    assert signed.signature == (
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )
    assert signed.authorization == (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/"
        "cvm/tc3_request, SignedHeaders=content-type;host, Signature="
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )


def test_the_date_of_the_scope_is_the_utc_date_not_beijings():
    # 2019-02-26 00:44:25 in Beijing is still 2019-02-25 in UTC.
    signed = tc3_sign(
        secret_id="id",
        secret_key="key",
        service="sms",
        host="sms.tencentcloudapi.com",
        payload=b"{}",
        timestamp=1551113065,
        action="SendSms",
    )
    assert "2019-02-25/sms/tc3_request" in signed.authorization
    assert "SignedHeaders=content-type;host;x-tc-action," in signed.authorization
    assert "x-tc-action:sendsms\n" in signed.canonical_request


def test_send_reaches_the_gateway_signed_with_the_template(sms_gateway):
    serial = sms_send(
        phone=PHONE, title="关于召开代表小组活动的通知", now=timezone.now()
    )

    [call] = sms_gateway.calls
    assert call.verified
    assert call.action == "SendSms"
    assert call.body == {
        "PhoneNumberSet": ["+8613812345678"],
        "SmsSdkAppId": "1400000001",
        "SignName": "辽源人大",
        "TemplateId": "2000001",
        "TemplateParamSet": ["关于召开代表小组活动的通知"],
    }
    assert serial == "2645:00000000000000000001"


def test_a_wrong_secret_is_refused_by_the_gateway(sms_gateway, settings):
    settings.RENDA_SMS_TENCENT_SECRET_KEY = "not-the-secret"

    with pytest.raises(DeliveryError) as error:
        sms_send(phone=PHONE, title="通知", now=timezone.now())

    assert "AuthFailure.SignatureFailure" in error.value.message
    assert [call.verified for call in sms_gateway.calls] == [False]


def test_a_wrong_secret_id_is_refused_too(sms_gateway, settings):
    settings.RENDA_SMS_TENCENT_SECRET_ID = SECRET_ID + "X"
    with pytest.raises(DeliveryError):
        sms_send(phone=PHONE, title="通知", now=timezone.now())
    assert [call.verified for call in sms_gateway.calls] == [False]


def test_a_gateway_error_names_the_code_and_never_the_number(sms_gateway):
    sms_gateway.fail_first = 1

    with pytest.raises(DeliveryError) as error:
        sms_send(phone=PHONE, title="通知", now=timezone.now())

    assert error.value.message.startswith("短信网关拒绝：InternalError.Timeout")
    assert PHONE not in error.value.message
    assert "138****5678" in error.value.message
    assert not error.value.permanent


def test_an_http_error_and_an_unreachable_gateway_are_delivery_errors(
    sms_gateway, settings
):
    sms_gateway.fail_first = 1
    sms_gateway.answer_http_500 = True
    with pytest.raises(DeliveryError, match="HTTP 500"):
        sms_send(phone=PHONE, title="通知", now=timezone.now())

    settings.RENDA_SMS_TENCENT_ENDPOINT = "http://127.0.0.1:9"
    with pytest.raises(DeliveryError, match="无法连接"):
        sms_send(phone=PHONE, title="通知", now=timezone.now())


def test_an_incorrect_number_is_a_permanent_failure(sms_gateway):
    sms_gateway.fail_first = 1
    sms_gateway.fail_code = "InvalidParameterValue.IncorrectPhoneNumber"
    with pytest.raises(DeliveryError) as error:
        sms_send(phone=PHONE, title="通知", now=timezone.now())
    assert error.value.permanent


def test_long_titles_are_cut_to_the_template_variable(settings):
    settings.RENDA_SMS_TEMPLATE_PARAM_MAX_LENGTH = 10
    assert (
        template_param("关于召开二〇二〇年第三季度代表小组活动的通知")
        == "关于召开二〇二〇年…"
    )
    assert template_param("短标题") == "短标题"


def test_the_body_is_utf8_json_as_signed(sms_gateway):
    sms_send(phone="+86 138 1234 5678", title="通知", now=timezone.now())
    [call] = sms_gateway.calls
    assert call.verified
    assert json.dumps(call.body["PhoneNumberSet"]) == '["+8613812345678"]'


def test_a_stale_timestamp_is_refused(sms_gateway):
    with pytest.raises(DeliveryError, match="AuthFailure.SignatureFailure"):
        sms_send(
            phone=PHONE, title="通知", now=timezone.now() - dt.timedelta(minutes=6)
        )
    assert [call.verified for call in sms_gateway.calls] == [False]
