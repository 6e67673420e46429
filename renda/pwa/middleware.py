"""Compress text answers (HTML, JSON, JavaScript, CSS, XML) for clients that accept gzip.

Django's ``GZipMiddleware`` (with its BREACH mitigation, docs/security.md) for the
responses worth compressing. Images, PDFs, .xlsx and .docx files are compressed
already: gzipping them again costs CPU for nothing and, for a streamed file, drops
its ``Content-Length`` (a phone's download then shows no progress).
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/manifest+json",
    "application/problem+json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
    "image/x-icon",
)


class TextGZipMiddleware(GZipMiddleware):
    """GZipMiddleware for text content types only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)
