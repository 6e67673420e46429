"""Read the stylesheets a page links (CSS lives in static files, not in the HTML)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def linked_css(html: str) -> str:
    """Return the text of every stylesheet the page links, in order."""
    texts = []
    for href in LINK.findall(html):
        assert href.startswith(settings.STATIC_URL), href
        found = finders.find(href.removeprefix(settings.STATIC_URL))
        assert found, f"{href} is not a static file"
        texts.append(Path(found).read_text(encoding="utf-8"))
    return "\n".join(texts)
