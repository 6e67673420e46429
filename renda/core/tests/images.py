"""Small real images for tests: uploads are decoded and re-encoded (renda.core.images)."""

from __future__ import annotations

import io

from PIL import Image


def image_bytes(image_format: str = "PNG", size=(8, 6), **save_options) -> bytes:
    """Return the bytes of a small real image in the given Pillow format."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 30)).save(buffer, image_format, **save_options)
    return buffer.getvalue()


# Saved as renda.core.images saves a PNG, so re-encoding gives the same bytes back.
PNG_BYTES = image_bytes("PNG", optimize=True)
JPEG_BYTES = image_bytes("JPEG")
