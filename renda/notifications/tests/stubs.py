"""Local HTTP servers playing Tencent Cloud SMS and 企业微信 for the delivery tests.

Each runs on 127.0.0.1 in a thread (``http.server``). The SMS gateway checks
every request's TC3-HMAC-SHA256 signature by recomputing it from the secret key
(its own code, not Renda's) and refuses a wrong or stale one (more than 5
minutes off its clock) as Tencent does (``AuthFailure.SignatureFailure``); it
can fail the first N calls. The 企业微信
server hands out tokens, refuses unknown or expired ones (40014 / 42001), and
can expire a token or answer an error code on demand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

AUTH = re.compile(
    r"^TC3-HMAC-SHA256 Credential=(?P<id>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})/"
    r"(?P<service>[a-z]+)/tc3_request, SignedHeaders=(?P<signed>[a-z0-9;\-]+), "
    r"Signature=(?P<signature>[0-9a-f]{64})$"
)


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def tc3_expected(
    *, secret_key: str, headers: dict, signed: str, payload: bytes, ts: str, date: str
) -> str:
    """Recompute the signature of a received request (the gateway's side)."""
    lines = []
    for name in signed.split(";"):
        value = headers.get(name, "").strip()
        lines.append(f"{name}:{value.lower() if name == 'x-tc-action' else value}\n")
    canonical_headers = "".join(lines)
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            canonical_headers,
            signed,
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            ts,
            f"{date}/sms/tc3_request",
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), "sms"), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class _Server:
    def __init__(self, handler_class):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self.httpd.stub = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        # Quiet: the default writes every request line to stderr.
        return

    def _json(self, data: dict, status: int = 200):
        body = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


# Tencent Cloud SMS ---------------------------------------------------------------


@dataclass
class SmsCall:
    verified: bool
    action: str
    body: dict
    answered: str


@dataclass
class SmsGatewayState:
    secret_id: str
    secret_key: str
    fail_first: int = 0
    # Tencent's answer to the failing calls; the message quotes the number, as
    # some of the gateway's real messages do, so the masking is tested.
    fail_code: str = "InternalError.Timeout"
    answer_http_500: bool = False
    calls: list[SmsCall] = field(default_factory=list)
    serials: itertools.count = field(default_factory=lambda: itertools.count(1))


class SmsGateway(_Server):
    def __init__(self, secret_id: str, secret_key: str):
        super().__init__(_SmsHandler)
        self.state = SmsGatewayState(secret_id, secret_key)


class _SmsHandler(_Handler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        stub: SmsGateway = self.server.stub
        state = stub.state
        payload = self._body()
        headers = {name.lower(): value for name, value in self.headers.items()}
        match = AUTH.match(headers.get("authorization", ""))
        verified = False
        if match and match["id"] == state.secret_id and match["service"] == "sms":
            ts = headers.get("x-tc-timestamp", "")
            date_ok = (
                ts.isdigit()
                and dt.datetime.fromtimestamp(int(ts), tz=dt.UTC).strftime("%Y-%m-%d")
                == match["date"]
            )
            expected = tc3_expected(
                secret_key=state.secret_key,
                headers=headers,
                signed=match["signed"],
                payload=payload,
                ts=ts,
                date=match["date"],
            )
            # Tencent refuses a timestamp more than 5 minutes off its clock.
            fresh = ts.isdigit() and abs(int(ts) - time.time()) <= 300
            verified = (
                date_ok
                and fresh
                and {"content-type", "host"} <= set(match["signed"].split(";"))
                and hmac.compare_digest(expected, match["signature"])
            )
        body = json.loads(payload or b"{}")
        action = headers.get("x-tc-action", "")
        with stub.lock:
            number = len(state.calls) + 1
            if not verified:
                answered = "AuthFailure.SignatureFailure"
            elif number <= state.fail_first:
                answered = "HTTP500" if state.answer_http_500 else state.fail_code
            else:
                answered = "Ok"
            state.calls.append(SmsCall(verified, action, body, answered))
            serial = next(state.serials)
        if answered == "HTTP500":
            return self._json({"message": "upstream error"}, status=500)
        phone = (body.get("PhoneNumberSet") or [""])[0]
        if answered != "Ok":
            return self._json(
                {
                    "Response": {
                        "Error": {
                            "Code": answered,
                            "Message": f"请求 {phone} 失败，请稍后重试"
                            if answered != "AuthFailure.SignatureFailure"
                            else "The provided credentials could not be validated.",
                        },
                        "RequestId": f"req-{serial}",
                    }
                }
            )
        return self._json(
            {
                "Response": {
                    "SendStatusSet": [
                        {
                            "SerialNo": f"2645:{serial:020d}",
                            "PhoneNumber": phone,
                            "Fee": 1,
                            "SessionContext": "",
                            "Code": "Ok",
                            "Message": "send success",
                            "IsoCode": "CN",
                        }
                    ],
                    "RequestId": f"req-{serial}",
                }
            }
        )


# 企业微信 ---------------------------------------------------------------------------


@dataclass
class WeComState:
    corp_id: str
    corp_secret: str
    agent_id: int
    token_fetches: int = 0
    valid_tokens: set = field(default_factory=set)
    # The next N sends answer 42001 and invalidate the token they carried.
    expire_next: int = 0
    # The next sends answer this errcode (None: no forced error).
    errcode: int | None = None
    sent: list[dict] = field(default_factory=list)
    tokens_used: list[str] = field(default_factory=list)


class WeComServer(_Server):
    def __init__(self, corp_id: str, corp_secret: str, agent_id: int):
        super().__init__(_WeComHandler)
        self.state = WeComState(corp_id, corp_secret, agent_id)


class _WeComHandler(_Handler):
    def do_GET(self):  # noqa: N802
        stub: WeComServer = self.server.stub
        state = stub.state
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path != "/cgi-bin/gettoken":
            return self._json({"errcode": 404}, status=404)
        if (
            query.get("corpid") != state.corp_id
            or query.get("corpsecret") != state.corp_secret
        ):
            return self._json({"errcode": 40001, "errmsg": "invalid credential"})
        with stub.lock:
            state.token_fetches += 1
            token = f"token-{state.token_fetches}"
            state.valid_tokens.add(token)
        return self._json(
            {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}
        )

    def do_POST(self):  # noqa: N802
        stub: WeComServer = self.server.stub
        state = stub.state
        url = urlsplit(self.path)
        token = parse_qs(url.query).get("access_token", [""])[0]
        body = json.loads(self._body() or b"{}")
        if url.path != "/cgi-bin/message/send":
            return self._json({"errcode": 404}, status=404)
        with stub.lock:
            state.tokens_used.append(token)
            if state.expire_next > 0:
                state.expire_next -= 1
                state.valid_tokens.discard(token)
                return self._json(
                    {
                        "errcode": 42001,
                        "errmsg": "access_token expired, hint: [1700000000]",
                    }
                )
            if token not in state.valid_tokens:
                return self._json({"errcode": 40014, "errmsg": "invalid access_token"})
            if body.get("agentid") != state.agent_id:
                return self._json({"errcode": 40056, "errmsg": "invalid agentid"})
            if state.errcode is not None:
                return self._json({"errcode": state.errcode, "errmsg": "refused"})
            state.sent.append(body)
            msgid = f"msg-{len(state.sent)}"
        return self._json(
            {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": msgid}
        )
