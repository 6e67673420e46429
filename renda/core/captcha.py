"""A small arithmetic captcha for public forms (the QR form, topic and review proposals).

No external service: the page asks "7 加 5 等于多少？"; the answer stays in the
visitor's session under a random token that the form carries in a hidden field.
A token is good for one attempt only (right or wrong) and for
``CAPTCHA_TTL_SECONDS``; a session holds at most ``CAPTCHA_MAX_PENDING`` open
questions, so several open tabs work and a script cannot pile them up.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings

SESSION_KEY = "renda_public_captcha"
CAPTCHA_TTL_SECONDS = 30 * 60
CAPTCHA_MAX_PENDING = 5
# Operands are single digits: easy to do in one's head on a phone.
OPERAND_MIN = 1
OPERAND_MAX = 9
ANSWER_MAX_LENGTH = 4

_random = secrets.SystemRandom()


@dataclass(frozen=True)
class Challenge:
    token: str
    question: str


def captcha_issue(session, *, now: float | None = None) -> Challenge:
    """Make a new question, keep its answer in the session and return it with its token."""
    now = time.time() if now is None else now
    first = _random.randint(OPERAND_MIN, OPERAND_MAX)
    second = _random.randint(OPERAND_MIN, OPERAND_MAX)
    if _random.random() < 0.5:
        question = f"{first} 加 {second} 等于多少？"
        answer = first + second
    else:
        first, second = max(first, second), min(first, second)
        question = f"{first} 减 {second} 等于多少？"
        answer = first - second
    token = secrets.token_urlsafe(12)
    pending = _pending(session, now)
    pending[token] = [answer, now]
    # Keep only the newest few: the oldest open question is dropped first.
    while len(pending) > CAPTCHA_MAX_PENDING:
        oldest = min(pending, key=lambda key: pending[key][1])
        del pending[oldest]
    session[SESSION_KEY] = pending
    return Challenge(token=token, question=question)


def captcha_check(session, *, token: str, answer: str, now: float | None = None):
    """Check an answer and use up its token; return None if right, else a Chinese message."""
    now = time.time() if now is None else now
    pending = _pending(session, now)
    entry = pending.pop(str(token or ""), None)
    session[SESSION_KEY] = pending
    if entry is None:
        return "验证题已过期，请计算下面的新题目。"
    value = parse_answer(answer)
    if value is None:
        return "请填写验证题的答案（阿拉伯数字）。"
    if value != entry[0]:
        return "验证题答案不对，请计算下面的新题目。"
    return None


def parse_answer(text) -> int | None:
    """Return the number typed as an answer (full-width digits accepted), or None."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not value or len(value) > ANSWER_MAX_LENGTH:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value)


def _pending(session, now: float) -> dict:
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    return {
        token: entry
        for token, entry in stored.items()
        if isinstance(entry, list)
        and len(entry) == 2
        and now - entry[1] <= CAPTCHA_TTL_SECONDS
    }


def client_hash_for(client_ip: str | None) -> str:
    """Return the keyed hash of a client address (HMAC-SHA256 with SECRET_KEY).

    Public forms keep only this, to count submissions per address for their
    rate limits without storing the address itself.
    """
    if not client_ip:
        return ""
    return hmac.new(
        settings.SECRET_KEY.encode(), str(client_ip).encode(), hashlib.sha256
    ).hexdigest()
