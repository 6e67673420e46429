"""企业微信 application messages (gettoken, message/send).

``gettoken`` exchanges the corp id and the application's secret for an
``access_token`` valid ``expires_in`` seconds (7200); it is cached (Django's
cache) and shared by every message until shortly before it expires, because
企业微信 limits how often a token may be fetched. ``message/send`` sends a text
message from the application ``agentid`` to ``touser`` (the recipient's 企业微信
userid). A token that expired early (errcode 42001) or was revoked (40014) is
fetched again once.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache

from .errors import DeliveryError, masked

TOKEN_CACHE_KEY = "renda:wecom:access_token"  # noqa: S105 (a cache key)
# Fetch a new token this many seconds before the old one expires.
TOKEN_EXPIRY_MARGIN_SECONDS = 300
TOKEN_EXPIRED = {42001, 40014}
# The recipient is unknown or outside the application's visible range.
PERMANENT_ERRCODES = {40003, 60111, 81013, 82001}
CONTENT_MAX_LENGTH = 2000


def _call(url: str, *, body: dict | None = None) -> dict:
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json; charset=utf-8"
    request = urllib.request.Request(  # noqa: S310 (the base URL is a setting)
        url, data=data, headers=headers, method="POST" if data else "GET"
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.RENDA_DELIVERY_HTTP_TIMEOUT_SECONDS
        ) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"企业微信接口返回 HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryError(f"企业微信接口无法连接：{masked(str(reason))}") from None
    except ValueError:
        raise DeliveryError("企业微信接口的应答不是 JSON") from None
    if not isinstance(answer, dict):
        raise DeliveryError("企业微信接口的应答格式不对")
    return answer


def _base() -> str:
    return settings.RENDA_WECOM_API_BASE.rstrip("/")


def access_token(*, refresh: bool = False) -> str:
    """Return the cached access token, fetching a new one when absent or ``refresh``."""
    if not refresh:
        token = cache.get(TOKEN_CACHE_KEY)
        if token:
            return token
    query = urllib.parse.urlencode(
        {
            "corpid": settings.RENDA_WECOM_CORP_ID,
            "corpsecret": settings.RENDA_WECOM_CORP_SECRET,
        }
    )
    answer = _call(f"{_base()}/cgi-bin/gettoken?{query}")
    if answer.get("errcode", 0) != 0 or not answer.get("access_token"):
        raise DeliveryError(
            f"企业微信取凭证失败：{answer.get('errcode')} {masked(answer.get('errmsg', ''))}"
        )
    token = str(answer["access_token"])
    lifetime = int(answer.get("expires_in") or 7200)
    cache.set(TOKEN_CACHE_KEY, token, max(lifetime - TOKEN_EXPIRY_MARGIN_SECONDS, 60))
    return token


def message_text(*, title: str, body: str, url: str) -> str:
    """Compose the text message: title, body, and the full link when the site is known."""
    parts = [f"【{title}】"]
    if body:
        parts.append(body)
    site = settings.RENDA_SITE_URL.rstrip("/")
    if url and site and url.startswith("/"):
        parts.append(f"查看：{site}{url}")
    text = "\n".join(parts)
    return (
        text
        if len(text) <= CONTENT_MAX_LENGTH
        else text[: CONTENT_MAX_LENGTH - 1] + "…"
    )


def wecom_send(*, userid: str, title: str, body: str, url: str) -> str:
    """Send one text message to a 企业微信 user; return the message id."""
    message = {
        "touser": userid,
        "msgtype": "text",
        "agentid": int(settings.RENDA_WECOM_AGENT_ID or 0),
        "text": {"content": message_text(title=title, body=body, url=url)},
        "safe": 0,
    }
    token = access_token()
    for attempt in range(2):
        query = urllib.parse.urlencode({"access_token": token})
        answer = _call(f"{_base()}/cgi-bin/message/send?{query}", body=message)
        errcode = answer.get("errcode", 0)
        if errcode in TOKEN_EXPIRED and attempt == 0:
            token = access_token(refresh=True)
            continue
        break
    if errcode != 0:
        raise DeliveryError(
            f"企业微信拒绝：{errcode} {masked(answer.get('errmsg', ''))}",
            permanent=errcode in PERMANENT_ERRCODES,
        )
    if answer.get("invaliduser"):
        raise DeliveryError("企业微信账号无效或不在应用可见范围", permanent=True)
    return str(answer.get("msgid", ""))
