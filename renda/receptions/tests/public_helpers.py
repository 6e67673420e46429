"""Helpers for tests of the public side: solve the form's captcha, fill the form."""

from __future__ import annotations

import re

from django.urls import reverse

QUESTION = re.compile(r"(\d+) (加|减) (\d+) 等于多少")
TOKEN = re.compile(r'name="captcha_token" value="([^"]+)"')


def solve(question: str) -> int:
    """Answer the captcha's question as a resident would."""
    match = QUESTION.search(question)
    assert match, question
    first, operator, second = int(match[1]), match[2], int(match[3])
    return first + second if operator == "加" else first - second


def captcha_of(html: str) -> tuple[str, int]:
    """Return the token and the right answer of the captcha on a form page."""
    token = TOKEN.search(html)
    assert token, "no captcha token on the page"
    return token[1], solve(html)


def form_data(**overrides) -> dict:
    data = {
        "resident_name": "刘淑芬",
        "resident_phone": "13512345678",
        "content": "向阳小区3号楼前路灯坏了两个多月，晚上出行不便，请尽快修复。",
        "location": "向阳小区3号楼前",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, station, *, answer=None, remote_addr="127.0.0.1", **overrides):
    """Open the form, solve its captcha (or give ``answer``), post it; return the answer."""
    url = reverse("public:form", args=[station.pk])
    page = client.get(url, REMOTE_ADDR=remote_addr)
    assert page.status_code == 200
    token, right = captcha_of(page.content.decode())
    data = form_data(**overrides)
    data["captcha_token"] = token
    data["captcha_answer"] = str(right if answer is None else answer)
    return client.post(url, data, REMOTE_ADDR=remote_addr)
