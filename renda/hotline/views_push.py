"""The partner pushes a ticket's status (a Renda extension beside Open311).

``POST /open311/v2/push/requests.json`` with ``api_key``,
``service_request_id``, ``status`` (open|closed), ``status_notes`` and
``updated_datetime`` (W3C), form-encoded or JSON. Errors come in the
standard's shape, ``[{"code": ..., "description": ...}]``, with the HTTP
status. The same update as the poll's: a closed ticket's notes become the
reply once, whichever arrives first.
"""

from __future__ import annotations

import hashlib
import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .choices import PartnerChannel
from .client import parse_w3c
from .models import OutboundTicket, Partner
from .services.outbound import ticket_take_status

STATUSES = {"open", "closed"}
NOTES_MAX_LENGTH = 10000


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse(
        [{"code": status, "description": description}],
        status=status,
        safe=False,
        json_dumps_params={"ensure_ascii": False},
    )


def _fields(request) -> dict | None:
    if (request.content_type or "").startswith("application/json"):
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        return body if isinstance(body, dict) else None
    return request.POST.dict()


def partner_for_key(api_key: str) -> Partner | None:
    """Return the active HOTLINE partner holding this key, if any."""
    if not api_key:
        return None
    digest = hashlib.sha256(api_key.encode()).hexdigest()
    return Partner.objects.filter(
        key_hash=digest,
        channel=PartnerChannel.HOTLINE,
        is_active=True,
        revoked_at__isnull=True,
    ).first()


@csrf_exempt
def push_status(request):
    if request.method != "POST":
        response = _error(405, "只接受 POST 请求。")
        response["Allow"] = "POST"
        return response
    fields = _fields(request)
    if fields is None:
        return _error(400, "请求内容不是有效的 JSON 对象。")
    for name, value in fields.items():
        if "\x00" in str(name) or "\x00" in str(value):
            return _error(
                400, f"字段 {str(name).replace(chr(0), '')} 含有空字符（NUL）。"
            )
    partner = partner_for_key(str(fields.get("api_key") or ""))
    if partner is None:
        return _error(403, "api_key 无效或已停用。")
    service_request_id = str(fields.get("service_request_id") or "").strip()
    if not service_request_id:
        return _error(400, "缺少 service_request_id。")
    status = str(fields.get("status") or "").strip().lower()
    if status not in STATUSES:
        return _error(400, "status 应为 open 或 closed。")
    notes = str(fields.get("status_notes") or "").strip()
    if len(notes) > NOTES_MAX_LENGTH:
        return _error(400, f"status_notes 不能超过 {NOTES_MAX_LENGTH} 个字。")
    updated = fields.get("updated_datetime")
    if updated not in (None, "") and parse_w3c(updated) is None:
        return _error(
            400,
            "updated_datetime 应为带时区的 W3C 时间，如 2025-03-05T10:00:00+08:00。",
        )
    ticket = OutboundTicket.objects.filter(
        partner=partner, service_request_id=service_request_id
    ).first()
    if ticket is None:
        return _error(404, "service_request_id 不存在。")
    outcome = ticket_take_status(
        ticket=ticket,
        row={
            "status": status,
            "status_notes": notes,
            "updated_datetime": updated or "",
        },
        source="push",
    )
    return JsonResponse(
        [
            {
                "service_request_id": service_request_id,
                "status": status,
                "result": outcome,
            }
        ],
        safe=False,
    )
