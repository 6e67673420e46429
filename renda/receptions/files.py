"""Serve a request's photo: the one response the page and the API both send."""

from django.http import FileResponse


def photo_response(photo) -> FileResponse:
    """Return the photo's file, sandboxed, never guessed as another type."""
    content_type = (
        "image/png" if photo.file.name.lower().endswith(".png") else "image/jpeg"
    )
    response = FileResponse(photo.file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=600"
    return response
