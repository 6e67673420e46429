"""SMS through Tencent Cloud SMS (短信 SendSms, API 3.0, TC3-HMAC-SHA256 signing).

The signature follows Tencent Cloud's "签名方法 v3" (TC3-HMAC-SHA256): a canonical
request (method, URI ``/``, empty query, the signed headers ``content-type``,
``host`` and ``x-tc-action``, the SHA-256 of the JSON body), hashed into a string
to sign with the request's timestamp and credential scope
(``<UTC date>/<service>/tc3_request``), signed with a key derived by HMAC-SHA256
from ``"TC3" + SecretKey`` over the date, the service and ``tc3_request``.
``tests/test_sms.py`` checks it against the documentation's worked example.

Only the standard library: no SDK, nothing downloaded at run time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .errors import DeliveryError, masked

ALGORITHM = "TC3-HMAC-SHA256"
SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"
SIGNED_HEADERS = "content-type;host;x-tc-action"
# Error codes that no retry can cure: the number or the account is refused for good.
PERMANENT_CODES = {
    "InvalidParameterValue.IncorrectPhoneNumber",
    "FailedOperation.PhoneNumberInBlacklist",
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail",
    "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.SignatureIncorrectOrUnapproved",
    "AuthFailure.SecretIdNotFound",
}


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


@dataclass(frozen=True)
class Signed:
    canonical_request: str
    string_to_sign: str
    signature: str
    authorization: str


def tc3_sign(
    *,
    secret_id: str,
    secret_key: str,
    service: str,
    host: str,
    payload: bytes,
    timestamp: int,
    action: str | None = None,
    content_type: str = CONTENT_TYPE,
    method: str = "POST",
) -> Signed:
    """Sign one API 3.0 request (POST, JSON body) with TC3-HMAC-SHA256.

    ``action`` set: ``x-tc-action`` is signed too (as the SDKs do); unset:
    only ``content-type`` and ``host`` (the documentation's minimal example).
    """
    headers = {"content-type": content_type, "host": host}
    if action is not None:
        headers["x-tc-action"] = action.lower()
    signed_headers = ";".join(sorted(headers))
    canonical_headers = "".join(f"{name}:{headers[name]}\n" for name in sorted(headers))
    canonical_request = "\n".join(
        [method, "/", "", canonical_headers, signed_headers, _sha256_hex(payload)]
    )
    date = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(
        [ALGORITHM, str(timestamp), scope, _sha256_hex(canonical_request.encode())]
    )
    key = _hmac(
        _hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request"
    )
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    authorization = (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )
    return Signed(canonical_request, string_to_sign, signature, authorization)


def _e164(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+"):
        return "+" + digits
    if len(digits) == 11 and digits.startswith("1"):
        return "+86" + digits
    return "+" + digits


def template_param(title: str) -> str:
    """Cut the notice's title to the template variable's length."""
    limit = settings.RENDA_SMS_TEMPLATE_PARAM_MAX_LENGTH
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1] + "…"


def sms_send(*, phone: str, title: str, now: dt.datetime) -> str:
    """Send one SMS with the configured template; return Tencent's SerialNo.

    Raises ``DeliveryError`` (with no phone number in its message) when the
    gateway cannot be reached or refuses the message.
    """
    endpoint = settings.RENDA_SMS_TENCENT_ENDPOINT.rstrip("/")
    host = urlsplit(endpoint).netloc
    body = {
        "PhoneNumberSet": [_e164(phone)],
        "SmsSdkAppId": settings.RENDA_SMS_TENCENT_SDK_APP_ID,
        "SignName": settings.RENDA_SMS_TENCENT_SIGN_NAME,
        "TemplateId": settings.RENDA_SMS_TENCENT_TEMPLATE_ID,
        "TemplateParamSet": [template_param(title)],
    }
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    timestamp = int(now.timestamp())
    signed = tc3_sign(
        secret_id=settings.RENDA_SMS_TENCENT_SECRET_ID,
        secret_key=settings.RENDA_SMS_TENCENT_SECRET_KEY,
        service=SERVICE,
        host=host,
        payload=payload,
        timestamp=timestamp,
        action=ACTION,
    )
    request = urllib.request.Request(  # noqa: S310 (the endpoint is a setting)
        endpoint + "/",
        data=payload,
        method="POST",
        headers={
            "Authorization": signed.authorization,
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": ACTION,
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": settings.RENDA_SMS_TENCENT_REGION,
        },
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.RENDA_DELIVERY_HTTP_TIMEOUT_SECONDS
        ) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"短信网关返回 HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryError(f"短信网关无法连接：{masked(str(reason))}") from None
    except ValueError:
        raise DeliveryError("短信网关的应答不是 JSON") from None
    return _serial_no(answer, phone)


def _serial_no(answer: dict, phone: str) -> str:
    response = answer.get("Response") if isinstance(answer, dict) else None
    if not isinstance(response, dict):
        raise DeliveryError("短信网关的应答缺少 Response")
    error = response.get("Error")
    if isinstance(error, dict):
        code = str(error.get("Code", ""))
        message = masked(str(error.get("Message", "")), phone)
        raise DeliveryError(
            f"短信网关拒绝：{code} {message}".strip(),
            permanent=code in PERMANENT_CODES,
        )
    statuses = response.get("SendStatusSet") or []
    if not statuses or not isinstance(statuses[0], dict):
        raise DeliveryError("短信网关的应答缺少发送状态")
    status = statuses[0]
    code = str(status.get("Code", ""))
    if code != "Ok":
        message = masked(str(status.get("Message", "")), phone)
        raise DeliveryError(
            f"短信未发出：{code} {message}".strip(),
            permanent=code in PERMANENT_CODES,
        )
    return str(status.get("SerialNo", ""))
