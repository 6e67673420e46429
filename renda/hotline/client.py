"""A small Open311 GeoReport v2 client (Renda calling a partner's 12345 system).

JSON format, form-encoded POSTs as the standard says, a timeout on every call,
and every failure turned into ``Open311Error`` with a Chinese message fit for
staff (the partner's own error list quoted, our key never). Two properties
tell the sender what to do next:

- ``permanent``: sending again will not help (the partner refused the request:
  a 4xx with its error list); the ticket fails at once;
- ``ambiguous``: the request may have reached the partner (a read timeout, a
  connection dropped after sending, a 5xx, an answer we could not read), so
  before posting again the sender looks the ticket up on the partner's side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import requests
from django.conf import settings

ERROR_MAX_LENGTH = 480


class Open311Error(Exception):
    """A call to the partner's system failed (message in Chinese, without secrets)."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        ambiguous: bool = False,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message[:ERROR_MAX_LENGTH]
        self.permanent = permanent
        self.ambiguous = ambiguous
        self.status = status


def timeout_seconds() -> float:
    """Return the timeout of one call to a partner's system (connect and read)."""
    return float(settings.RENDA_HOTLINE_TIMEOUT_SECONDS)


def w3c(moment: dt.datetime) -> str:
    """Format an aware datetime the way Open311 wants (W3C, with the offset)."""
    return moment.isoformat(timespec="seconds")


def parse_w3c(value) -> dt.datetime | None:
    """Parse a W3C datetime with an offset; None for anything else."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _error_list(response: requests.Response) -> str:
    """Return the partner's error descriptions ('; '-joined), or ''."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        body = body.get("errors") or [body]
    if not isinstance(body, list):
        return ""
    parts = []
    for item in body:
        if isinstance(item, dict) and item.get("description"):
            code = item.get("code")
            text = str(item["description"]).strip()
            parts.append(f"{text}（{code}）" if code else text)
    return "；".join(parts)


def _never_connected(error: Exception) -> bool:
    """True when the connection was never established (nothing can have been sent)."""
    from urllib3.exceptions import NewConnectionError

    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, NewConnectionError):
            return True
        for arg in getattr(current, "args", ()):
            if isinstance(arg, NewConnectionError):
                return True
            reason = getattr(arg, "reason", None)
            if isinstance(reason, NewConnectionError):
                return True
        current = current.__cause__ or current.__context__
    return False


@dataclass
class Open311Client:
    """Calls one partner's GeoReport v2 endpoint (``endpoint_url`` ends with '/')."""

    endpoint_url: str
    api_key: str = ""
    jurisdiction_id: str = ""
    timeout: float | None = None

    @classmethod
    def for_partner(cls, partner) -> Open311Client:
        return cls(
            endpoint_url=partner.endpoint_url,
            api_key=partner.outbound_key,
            jurisdiction_id=partner.jurisdiction_id,
        )

    def _url(self, path: str) -> str:
        return self.endpoint_url.rstrip("/") + "/" + path

    def _masked(self, text: str) -> str:
        if self.api_key:
            text = text.replace(self.api_key, "***")
        return text

    def _transport_error(self, error: Exception, method: str) -> Open311Error:
        """Classify a failure below HTTP: only a POST that surely never left is clear.

        A connection that was never made (refused, no route, DNS) sent nothing;
        anything else (dropped mid-answer, a body cut off or undecodable) may
        have reached the partner, so a POST is ambiguous.
        """
        if _never_connected(error):
            return Open311Error("无法连接对方系统（连接被拒绝）。")
        if isinstance(error, requests.ConnectionError) or method == "POST":
            return Open311Error(
                "与对方系统的连接中断，请求可能已被受理。",
                ambiguous=method == "POST",
            )
        return Open311Error(self._masked(f"调用对方系统出错：{type(error).__name__}。"))

    def _call(self, method: str, path: str, *, params=None, data=None):
        timeout = self.timeout if self.timeout is not None else timeout_seconds()
        params = dict(params or {})
        if self.jurisdiction_id:
            (data if data is not None else params)["jurisdiction_id"] = (
                self.jurisdiction_id
            )
        try:
            response = requests.request(
                method,
                self._url(path),
                params=params,
                data=data,
                timeout=(timeout, timeout),
                headers={"Accept": "application/json"},
                allow_redirects=False,
            )
        except requests.ConnectTimeout:
            raise Open311Error(f"连接对方系统超时（{timeout:g} 秒）。") from None
        except requests.ReadTimeout:
            raise Open311Error(
                f"对方系统在 {timeout:g} 秒内没有答复，请求可能已被受理。",
                ambiguous=True,
            ) from None
        except requests.RequestException as error:
            raise self._transport_error(error, method) from None
        if response.status_code >= 400:
            described = self._masked(_error_list(response))
            status = response.status_code
            server_side = status >= 500 or status in (408, 429)
            if status == 403 or status == 401:
                lead = "对方系统拒绝了密钥"
            elif server_side:
                lead = "对方系统出错"
            else:
                lead = "对方系统拒绝了请求"
            raise Open311Error(
                f"{lead}（HTTP {status}）" + (f"：{described}" if described else "。"),
                permanent=not server_side,
                ambiguous=server_side and method == "POST",
                status=status,
            )
        try:
            return response.json()
        except ValueError:
            raise Open311Error(
                "对方系统的答复不是有效的 JSON。", ambiguous=method == "POST"
            ) from None

    # The standard's calls --------------------------------------------------------

    def post_request(self, fields: dict) -> dict:
        """POST requests.json; return the first item (service_request_id or token)."""
        data = {key: value for key, value in fields.items() if value not in ("", None)}
        if self.api_key:
            data["api_key"] = self.api_key
        body = self._call("POST", "requests.json", data=data)
        if isinstance(body, dict):
            body = [body]
        first = body[0] if isinstance(body, list) and body else None
        if not isinstance(first, dict) or not (
            first.get("service_request_id") or first.get("token")
        ):
            raise Open311Error("对方系统的答复中没有工单号或受理凭证。", ambiguous=True)
        return first

    def get_requests(self, **params) -> list[dict]:
        """GET requests.json with the standard's filters; return the list."""
        if isinstance(params.get("service_request_id"), list | tuple):
            params["service_request_id"] = ",".join(params["service_request_id"])
        if self.api_key:
            # Many servers show a request's description only to a key holder.
            params["api_key"] = self.api_key
        body = self._call("GET", "requests.json", params=params)
        if isinstance(body, dict):
            body = body.get("service_requests") or body.get("requests") or [body]
        if not isinstance(body, list):
            raise Open311Error("对方系统的工单列表格式有误。")
        return [item for item in body if isinstance(item, dict)]

    def get_request(self, service_request_id: str) -> dict | None:
        """GET requests/{id}.json; return the request or None."""
        try:
            body = self._call("GET", f"requests/{service_request_id}.json")
        except Open311Error as error:
            if error.status == 404:
                return None
            raise
        if isinstance(body, list):
            body = body[0] if body else None
        return body if isinstance(body, dict) else None

    def get_token(self, token: str) -> dict | None:
        """GET tokens/{token}.json; return {'service_request_id', 'token'} or None."""
        try:
            body = self._call("GET", f"tokens/{token}.json")
        except Open311Error as error:
            if error.status == 404:
                return None
            raise
        if isinstance(body, list):
            body = body[0] if body else None
        return body if isinstance(body, dict) else None
