"""The endpoints of Renda's Open311 GeoReport v2 server (/open311/v2/).

Every answer is JSON or XML by the path's extension; every refusal is the
standard's error list with its HTTP status (400 bad input, 403 bad or absent
key or outside the key's scope, 404 unknown service, request or token, 405
wrong method). Who sees what (decision 0012):

- ``services`` and service definitions are public; a key narrows the list to
  the partner's channel, and a definition needs a jurisdiction (the key's, or
  ``jurisdiction_id`` = the congress's region code) for its value lists;
- ``POST requests`` needs the partner's ``api_key``;
- ``GET requests`` with a key: the partner's own requests, with what it sent
  (description, address) and the answers' texts in ``status_notes``; without
  a key: the requests every partner sent (of ``jurisdiction_id`` when given),
  status fields only, ``status_notes`` the status label — nothing personal.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import uuid

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from renda.congresses.models import Congress
from renda.core.errors import ApplicationError

from ..models import InboundRequest, Partner
from ..services.inbound import inbound_request_create
from ..services.partners import hash_key
from .catalogue import channel_of_service, definition, services_for
from .formats import Open311Error, answer, error_answer
from .status import closed_q, open311_view, with_progress

logger = logging.getLogger(__name__)

WINDOW_DAYS = 90
MAX_RESULTS = 1000
MAX_PARAM_LENGTH = 4000
ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,40})\]$")
# Renda's field names -> the Open311 parameter a partner sent.
FIELD_TO_PARAM = {
    "content": "description",
    "body": "description",
    "title": "attribute[title]",
    "resident_name": "first_name",
    "resident_phone": "phone",
    "location": "address_string",
}


def _window_days() -> int:
    return int(getattr(settings, "RENDA_HOTLINE_OPEN311_WINDOW_DAYS", WINDOW_DAYS))


def _max_results() -> int:
    return int(getattr(settings, "RENDA_HOTLINE_OPEN311_MAX_RESULTS", MAX_RESULTS))


def endpoint(*methods: str):
    """CSRF-exempt, method-checked, errors answered as the standard's list."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def inner(request, *args, fmt="json", **kwargs):
            if request.method not in methods:
                response = error_answer(
                    [(405, f"不支持 {request.method[:10]} 方法。")], fmt=fmt, status=405
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                _check_params(request)
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return error_answer(
                    [(exc.status, exc.description)], fmt=fmt, status=exc.status
                )
            except ApplicationError as exc:
                field = FIELD_TO_PARAM.get(exc.field or "", exc.field)
                text = f"{field}: {exc.message}" if field else exc.message
                status = exc.status if exc.status in (403, 404) else 400
                return error_answer([(status, text)], fmt=fmt, status=status)

        return inner

    return wrap


def _check_params(request) -> None:
    for source in (request.GET, request.POST):
        for key, values in source.lists():
            for value in [key, *values]:
                if "\x00" in value or len(value) > MAX_PARAM_LENGTH:
                    raise Open311Error(400, f"参数 {key[:40]!r} 含有无效字符或过长。")


def _param(request, name: str) -> str:
    value = request.POST.get(name) if request.method == "POST" else None
    if value is None:
        value = request.GET.get(name, "")
    return value.strip()


def _partner(request, *, required: bool) -> Partner | None:
    key = _param(request, "api_key")
    if not key:
        if required:
            raise Open311Error(403, "api_key 缺失：提交服务请求须提供合作方密钥。")
        return None
    partner = (
        Partner.objects.select_related("congress__region", "user")
        .filter(key_hash=hash_key(key), is_active=True, revoked_at__isnull=True)
        .first()
    )
    if partner is None or partner.user is None or not partner.user.is_active:
        raise Open311Error(403, "api_key 无效或已停用。")
    return partner


def _congress(request, partner: Partner | None, *, required: bool) -> Congress | None:
    code = _param(request, "jurisdiction_id")
    if partner is not None:
        if code and code != partner.congress.region.code:
            raise Open311Error(400, "jurisdiction_id 与密钥所属的辖区不符。")
        return partner.congress
    if not code:
        if required:
            raise Open311Error(
                400, "jurisdiction_id 缺失：请提供辖区（人大所在行政区划代码）。"
            )
        return None
    congress = (
        Congress.objects.select_related("region").filter(region__code=code[:12]).first()
    )
    if congress is None:
        raise Open311Error(404, f"辖区 jurisdiction_id“{code[:20]}”不存在。")
    return congress


# Discovery and services ---------------------------------------------------------


@endpoint("GET")
def discovery(request, *, fmt):
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    base = base.rsplit("/", 1)[0] + "/"
    changeset = "2026-11-28T00:00:00+08:00"
    data = {
        "changeset": changeset,
        "contact": getattr(settings, "RENDA_HOTLINE_CONTACT", "人大常委会代表工作机构"),
        "key_service": "请联系本级人大常委会工作人员申请合作方密钥（api_key）。",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return answer(data, fmt=fmt, root="discovery")


@endpoint("GET")
def service_list(request, *, fmt):
    partner = _partner(request, required=False)
    _congress(request, partner, required=False)
    rows = services_for(partner.channel if partner else None)
    return answer(rows, fmt=fmt, root="services")


@endpoint("GET")
def service_definition(request, code, *, fmt):
    partner = _partner(request, required=False)
    channel = channel_of_service(code)
    if channel is None or (partner is not None and partner.channel != channel):
        raise Open311Error(404, f"服务代码“{code[:40]}”不存在。")
    congress = _congress(request, partner, required=True)
    return answer(definition(code, congress), fmt=fmt, root="service_definition")


# Requests ---------------------------------------------------------------------------


def _post_fields(request) -> tuple[dict, dict]:
    fields = {
        name: _param(request, name)
        for name in (
            "description",
            "first_name",
            "last_name",
            "phone",
            "email",
            "address_string",
            "address_id",
        )
    }
    for name, low, high in (("lat", -90, 90), ("long", -180, 180)):
        raw = _param(request, name)
        if raw:
            try:
                value = float(raw)
            except ValueError:
                value = None
            if value is None or not (low <= value <= high):
                raise Open311Error(400, f"{name} 须为 {low} 到 {high} 之间的数字。")
            fields[name] = value
    if not fields["description"]:
        raise Open311Error(400, "description 缺失：请填写问题描述。")
    attributes = {}
    for key in request.POST:
        match = ATTRIBUTE.match(key)
        if match:
            attributes[match.group(1)] = request.POST.get(key, "")
    return fields, attributes


def _create(request, *, fmt):
    partner = _partner(request, required=True)
    _congress(request, partner, required=True)
    code = _param(request, "service_code")
    if not code:
        raise Open311Error(400, "service_code 缺失。")
    fields, attributes = _post_fields(request)
    ticket = _param(request, "external_id") or _param(request, "service_request_id")
    inbound, created = inbound_request_create(
        partner=partner,
        service_code=code,
        fields=fields,
        attributes=attributes,
        ticket_id=ticket or None,
    )
    notice = (
        "已受理，转联络站办理"
        if inbound.public_request_id
        else "已受理，转代表建议办理"
    )
    data = [
        {
            "service_request_id": inbound.service_request_id,
            "service_notice": notice if created else "该工单此前已提交，返回原受理结果",
            "account_id": None,
        }
    ]
    return answer(
        data, fmt=fmt, root="service_requests", status=201 if created else 200
    )


def _parse_date(raw: str, name: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise Open311Error(
            400, f"{name} 格式无效：须为 W3C 日期时间，如 2010-01-01T00:00:00Z。"
        ) from None
    if not 2000 <= value.year <= 2100:
        raise Open311Error(400, f"{name} 超出允许的年份范围（2000–2100）。")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _visible(partner: Partner | None, congress: Congress | None):
    rows = InboundRequest.objects.all()
    if partner is not None:
        rows = rows.filter(partner=partner)
    elif congress is not None:
        rows = rows.filter(partner__congress=congress)
    return rows


def _owns(partner: Partner | None, row: InboundRequest) -> bool:
    """Free texts (description, address, replies) to the sending partner only."""
    return partner is not None and row.partner_id == partner.pk


def _list(request, *, fmt):
    partner = _partner(request, required=False)
    congress = _congress(request, partner, required=False)
    rows = _visible(partner, congress)
    ids = [part.strip() for part in _param(request, "service_request_id").split(",")]
    ids = [part for part in ids if part]
    if ids:
        if len(ids) > _max_results():
            raise Open311Error(
                400, f"service_request_id 一次最多 {_max_results()} 个。"
            )
        rows = rows.filter(service_request_id__in=ids)
    else:
        codes = [
            c.strip() for c in _param(request, "service_code").split(",") if c.strip()
        ]
        if codes:
            rows = rows.filter(service_code__in=codes)
        statuses = {
            s.strip() for s in _param(request, "status").split(",") if s.strip()
        }
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status 只能是 open 或 closed（可用逗号分隔）。")
        if statuses == {"closed"}:
            rows = rows.filter(closed_q())
        elif statuses == {"open"}:
            rows = rows.exclude(closed_q())
        start_raw, end_raw = _param(request, "start_date"), _param(request, "end_date")
        window = dt.timedelta(days=_window_days())
        start = _parse_date(start_raw, "start_date") if start_raw else None
        end = _parse_date(end_raw, "end_date") if end_raw else None
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - window
        if end is None:
            end = start + window
        if start > end:
            raise Open311Error(400, "start_date 不能晚于 end_date。")
        if end - start > window:
            raise Open311Error(
                400, f"start_date 与 end_date 相隔不能超过 {_window_days()} 天。"
            )
        rows = rows.filter(created_at__gte=start, created_at__lte=end)
    rows = with_progress(rows.order_by("-created_at", "-id"))[: _max_results()]
    data = [open311_view(row, own=_owns(partner, row)) for row in rows]
    return answer(data, fmt=fmt, root="service_requests")


@endpoint("GET", "POST")
def requests_endpoint(request, *, fmt):
    if request.method == "POST":
        return _create(request, fmt=fmt)
    return _list(request, fmt=fmt)


@endpoint("GET")
def request_detail(request, request_id, *, fmt):
    partner = _partner(request, required=False)
    congress = _congress(request, partner, required=False)
    row = with_progress(
        _visible(partner, congress).filter(service_request_id=request_id[:20])
    ).first()
    if row is None:
        raise Open311Error(404, f"服务请求“{request_id[:20]}”不存在。")
    return answer(
        [open311_view(row, own=_owns(partner, row))], fmt=fmt, root="service_requests"
    )


@endpoint("GET")
def token_detail(request, token, *, fmt):
    partner = _partner(request, required=False)
    congress = _congress(request, partner, required=False)
    try:
        value = uuid.UUID(token)
    except ValueError:
        value = None
    row = _visible(partner, congress).filter(token=value).first() if value else None
    if row is None:
        raise Open311Error(404, f"令牌“{token[:40]}”不存在。")
    data = [
        {
            "service_request_id": row.service_request_id
            if row.status == "CREATED"
            else None,
            "token": str(row.token),
        }
    ]
    return answer(data, fmt=fmt, root="service_requests")


@csrf_exempt
def unknown(request, rest=""):
    """Anything else under /open311/v2/: the standard's 404 (XML when asked in XML)."""
    fmt = "xml" if rest.endswith(".xml") else "json"
    return error_answer([(404, "没有这个接口。")], fmt=fmt, status=404)
