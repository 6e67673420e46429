"""A small Open311 GeoReport v2 server standing in for the city's 12345 system:
the tests' far side, and the demo's (the demo city has no real 12345 platform).

Runs ``http.server`` in a thread on 127.0.0.1 (a free port) and follows the
standard: ``POST requests.json`` (form-encoded, ``api_key``) answers
``[{"service_request_id": ...}]`` or, when deferred, ``[{"token": ...}]``;
``GET requests.json`` with ``service_request_id`` (comma list),
``service_code``, ``start_date``, ``end_date``, ``status``; ``GET
requests/{id}.json``; ``GET tokens/{token}.json``; errors as the standard's
``[{"code": ..., "description": ...}]`` with the HTTP status.

Faults, switched by the test: ``stop()``/``start()`` (connection refused),
``fail_next(kind, times)`` with ``slow`` (answers after the client's timeout,
creating nothing), ``lost`` (creates the request, then answers after the
timeout: the answer is lost), ``cut`` (creates the request, then closes the
connection halfway through the answer's body), ``error500`` and ``error400``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PREFIX = "/open311/v2/"


def _now() -> dt.datetime:
    return dt.datetime.now(SHANGHAI).replace(microsecond=0)


class FarSide:
    """The stub's state and its switches."""

    def __init__(self, *, api_key="far-key", service_codes=("TRAFFIC", "OTHER")):
        self.api_key = api_key
        self.service_codes = set(service_codes)
        self.requests: dict[str, dict] = {}
        self.tokens: dict[str, str] = {}
        self.posts: list[dict] = []
        self.calls: list[str] = []
        self.faults: list[str] = []
        self.deferred = False
        # Who sees a request's description in GETs: "all", "key" (only a caller
        # with the api_key, as many real servers do) or "none".
        self.descriptions = "all"
        self.delay = 1.0  # seconds a slow or lost answer waits (beyond the timeout)
        self.clock = None  # a callable returning an aware datetime (tests), or None
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.port = 0
        self._count = 0

    def now(self) -> dt.datetime:
        """The far side's clock: real time, or the tests' shared clock."""
        if self.clock is not None:
            return self.clock().astimezone(SHANGHAI).replace(microsecond=0)
        return _now()

    # Life ----------------------------------------------------------------------

    def start(self) -> FarSide:
        handler = type("Handler", (_Handler,), {"far": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.tokens.clear()
            self.posts.clear()
            self.calls.clear()
            self.faults.clear()
            self.deferred = False
            self.descriptions = "all"
            self._count = 0

    def fail_next(self, kind: str, times: int = 1) -> None:
        with self.lock:
            self.faults.extend([kind] * times)

    # The 12345 side's work ---------------------------------------------------------

    def answer(self, service_request_id: str, notes: str, status="closed") -> dict:
        """Close (or update) a request with its notes, as the hotline's staff do."""
        with self.lock:
            item = self.requests[service_request_id]
            item.update(
                status=status,
                status_notes=notes,
                updated_datetime=self.now().isoformat(),
            )
            return dict(item)

    def _create(self, form: dict) -> dict:
        self._count += 1
        service_request_id = f"12345-{self._count:05d}"
        attributes = {
            key[len("attribute[") : -1]: value
            for key, value in form.items()
            if key.startswith("attribute[") and key.endswith("]")
        }
        now = self.now().isoformat()
        item = {
            "service_request_id": service_request_id,
            "status": "open",
            "status_notes": "",
            "service_code": form.get("service_code", ""),
            "service_name": form.get("service_code", ""),
            "description": form.get("description", ""),
            "agency_responsible": "12345热线",
            "service_notice": "",
            "requested_datetime": now,
            "updated_datetime": now,
            "expected_datetime": None,
            "address": form.get("address_string", ""),
            "lat": None,
            "long": None,
            "media_url": "",
        }
        self.requests[service_request_id] = item
        self.posts.append(
            {**form, "_attributes": attributes, "_id": service_request_id}
        )
        return item


class _Handler(BaseHTTPRequestHandler):
    far: FarSide

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting (a lost answer)

    def _cut(self) -> None:
        """Answer 201 and close the connection halfway through the body."""
        try:
            self.send_response(201)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", "200")
            self.end_headers()
            self.wfile.write(b'[{"service_request_id": "12')
            self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def _error(self, status: int, description: str) -> None:
        self._send(status, [{"code": status, "description": description}])

    def _fault(self) -> str | None:
        with self.far.lock:
            return self.far.faults.pop(0) if self.far.faults else None

    def _path(self) -> tuple[str, dict]:
        parts = urlsplit(self.path)
        path = parts.path
        if not path.startswith(PREFIX):
            return "", {}
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return path[len(PREFIX) :], query

    def do_POST(self) -> None:
        path, _query = self._path()
        self.far.calls.append(f"POST {path}")
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        if path != "requests.json":
            return self._error(404, "not found")
        fault = self._fault()
        if fault == "slow":
            time.sleep(self.far.delay)
            return self._error(503, "busy")
        if fault == "error500":
            return self._error(500, "系统繁忙，请稍后再试")
        if fault == "error400":
            return self._error(400, "service_code 无效")
        if form.get("api_key") != self.far.api_key:
            return self._error(403, "api_key 无效")
        if form.get("service_code") not in self.far.service_codes:
            return self._error(400, "service_code 不存在")
        if not form.get("description"):
            return self._error(400, "description 必填")
        with self.far.lock:
            item = self.far._create(form)
            token = None
            if self.far.deferred:
                token = f"tok-{item['service_request_id']}"
                self.far.tokens[token] = item["service_request_id"]
        if fault == "lost":
            time.sleep(self.far.delay)
        if fault == "cut":
            return self._cut()
        if token:
            return self._send(200, [{"token": token}])
        return self._send(
            201,
            [{"service_request_id": item["service_request_id"], "service_notice": ""}],
        )

    def do_GET(self) -> None:
        path, query = self._path()
        self.far.calls.append(f"GET {path}")
        fault = self._fault()
        if fault == "slow":
            time.sleep(self.far.delay)
        if fault == "error500":
            return self._error(500, "系统繁忙")
        with self.far.lock:
            items = [dict(item) for item in self.far.requests.values()]
            tokens = dict(self.far.tokens)
        keyed = query.get("api_key") == self.far.api_key
        if self.far.descriptions == "none" or (
            self.far.descriptions == "key" and not keyed
        ):
            for item in items:
                item["description"] = ""
        if path == "requests.json":
            return self._send(200, _filtered(items, query))
        if path.startswith("requests/") and path.endswith(".json"):
            wanted = path[len("requests/") : -len(".json")]
            found = [item for item in items if item["service_request_id"] == wanted]
            if not found:
                return self._error(404, "service_request_id 不存在")
            return self._send(200, found)
        if path.startswith("tokens/") and path.endswith(".json"):
            token = path[len("tokens/") : -len(".json")]
            if token not in tokens:
                return self._error(404, "token 不存在")
            return self._send(
                200, [{"service_request_id": tokens[token], "token": token}]
            )
        return self._error(404, "not found")


def _filtered(items: list[dict], query: dict) -> list[dict]:
    if query.get("service_request_id"):
        wanted = set(query["service_request_id"].split(","))
        return [item for item in items if item["service_request_id"] in wanted]
    if query.get("service_code"):
        items = [i for i in items if i["service_code"] == query["service_code"]]
    if query.get("status"):
        items = [i for i in items if i["status"] == query["status"]]
    start = query.get("start_date")
    end = query.get("end_date")
    start = dt.datetime.fromisoformat(start) if start else None
    end = dt.datetime.fromisoformat(end) if end else None
    result = []
    for item in items:
        at = dt.datetime.fromisoformat(item["requested_datetime"])
        if (start and at < start) or (end and at > end):
            continue
        result.append(item)
    return result[:1000]
