"""QR codes of our own URLs, as inline SVG.

A station's notice board (/s/<pk>/) shows the QR code of its form on every
visit, and making it took about a third of the page's time (issue 13,
section 3); the SVG depends on the URL and the scale alone, so each process
keeps the last few hundred it made. For the URLs of our pages, some of which
carry a token that opens them (a training's check-in, a report's rating page):
a cached code is found only by a caller who already holds its URL. Never for
one-time secrets: the authenticator's set-up code (accounts.views_two_factor)
is made per request and not kept.
"""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def qr_svg(url: str, *, scale: int = 8) -> str:
    """The QR code of ``url`` as inline SVG (segno writes path data only, no text).

    The URL is ours (reverse() and the validated Host), encoded as data.
    """
    code = segno.make(url, error="m")
    return code.svg_inline(scale=scale, omitsize=True, svgclass="qr-svg")
