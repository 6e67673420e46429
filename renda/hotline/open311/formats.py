"""JSON and XML answers of the Open311 server, shaped as the spec's examples."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}


def w3c(value) -> str | None:
    """A datetime (or date) in W3C format with its offset: 2010-04-14T06:37:38+08:00."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    # A date: the end of that day, local time.
    end = dt.datetime.combine(value, dt.time(23, 59, 59))
    return timezone.make_aware(end).isoformat()


# Characters XML 1.0 does not allow (C0 controls but tab, LF, CR; surrogates;
# U+FFFE, U+FFFF): dropped, so that every client can parse the answer.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return XML_ILLEGAL.sub("", text)


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return xml_safe(str(value))


def _append(parent: ET.Element, tag: str, value, item_tags: dict) -> None:
    node = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, sub in value.items():
            _append(node, key, sub, item_tags)
    elif isinstance(value, list | tuple):
        child_tag = item_tags.get(tag, "item")
        for sub in value:
            _append(node, child_tag, sub, item_tags)
    else:
        node.text = _text(value)


# The element name of a list's items, by the list's tag (the spec's examples).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def to_xml(root: str, data) -> bytes:
    """Serialise ``data`` under ``root``: a list gives one child per item."""
    element = ET.Element(root)
    if isinstance(data, dict):
        for key, value in data.items():
            _append(element, key, value, ITEM_TAGS)
    else:
        tag = ITEM_TAGS.get(root, "item")
        for item in data:
            _append(element, tag, item, ITEM_TAGS)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
        element, encoding="unicode"
    ).encode("utf-8")


def answer(data, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


class Open311Error(Exception):
    """An error answered as the standard's list: [{"code": ..., "description": ...}]."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def error_answer(errors: list[tuple[int, str]], *, fmt: str, status: int):
    data = [{"code": code, "description": text} for code, text in errors]
    return answer(
        data, fmt=fmt if fmt in FORMATS else "json", root="errors", status=status
    )
