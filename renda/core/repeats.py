"""The same text sent twice through a public form: recognised, not stored again.

A resident taps 提交 twice, or resends the form because the receipt did not
appear. When the same client (``captcha.client_hash_for``) sends the same text
(folded by ``same_text``) to the same place within a few minutes, the service
raises ``RepeatedSubmission`` carrying the first record, and the page shows its
receipt number with ``REPEATED_MESSAGE``. Each app names its window in its
``rules.py`` (docs/decisions/0008-receipt-numbers.md).
"""

from __future__ import annotations

import unicodedata

from .errors import ApplicationError

REPEATED_MESSAGE = "您刚才已提交过相同内容，无需重复提交。"


def same_text(*parts: str) -> str:
    """Return texts folded for comparison: NFKC, no whitespace, case folded, joined."""
    folded = []
    for text in parts:
        normal = unicodedata.normalize("NFKC", text or "")
        folded.append("".join(normal.split()).casefold())
    return "\x1f".join(folded)


class RepeatedSubmission(ApplicationError):
    """The same text came again from the same client within the window: no new record.

    ``earlier`` is the record first made; its receipt number is shown again.
    """

    code = "core.repeated"

    def __init__(self, earlier, *, code: str | None = None) -> None:
        super().__init__(REPEATED_MESSAGE, code=code or self.code)
        self.earlier = earlier
