"""Uploaded images are decoded and saved again, never stored as sent.

A file that starts with a PNG signature and goes on with ``<script>`` passes a
check of its first bytes; a real photo carries EXIF metadata, including where it
was taken (a resident's home). Every uploaded image goes through
``reencoded_upload``: Pillow opens and verifies it, refuses anything it cannot
decode or that is too large in pixels (a decompression bomb), turns it upright
by its EXIF orientation, and saves the pixels again in the same format with no
metadata (EXIF, GPS, XMP, text chunks, comments) — only the colour profile is
kept, so colours do not shift. Trailing bytes after the image are dropped.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from renda.core.errors import ApplicationError

# Pillow format -> (content type, the file extension it is saved with).
FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
JPEG_QUALITY = 90


class ImageRejected(ApplicationError):
    """An uploaded file is not an image this site can decode and store."""

    code = "core.image_invalid"
    status = 400


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    content_type: str
    width: int
    height: int


def max_pixels() -> int:
    """Return the most pixels an uploaded image may have (``RENDA_IMAGE_MAX_PIXELS``)."""
    return int(settings.RENDA_IMAGE_MAX_PIXELS)


def _read(upload) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)
    return data


def _open(data: bytes, *, label: str, field: str | None):
    undecodable = ImageRejected(
        f"{label}不是可以识别的图片（文件可能已损坏，或只是改了扩展名），请重新选择。",
        field=field,
    )
    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > limit:
                raise ImageRejected(
                    f"{label}的像素过多（{image.width}×{image.height}），"
                    f"最多 {limit // 1_000_000} 百万像素，请缩小后再上传。",
                    field=field,
                )
            image.verify()
            # verify() leaves the image unusable: open it again to decode it.
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejected:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as error:
        raise undecodable from error
    return image


def reencode_image(
    upload, *, label: str = "图片", field: str | None = None, formats=None
) -> CleanImage:
    """Decode an uploaded image and save its pixels again without metadata.

    ``label`` names the file in messages (“第 1 张照片“a.jpg””), ``field`` the
    form or API field the error belongs to; ``formats`` limits the accepted
    Pillow formats (default: JPEG, PNG, WebP). Raise ``ImageRejected`` when the
    file is not such an image.
    """
    allowed = tuple(formats or FORMATS)
    data = _read(upload)
    image = _open(data, label=label, field=field)
    source_format = image.format
    if source_format not in allowed:
        names = "、".join(allowed)
        raise ImageRejected(
            f"{label}的格式不支持，只能上传 {names} 图片。", field=field
        )
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    # A fresh image of the same pixels: nothing of the original's info survives.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    if upright.mode == "P":
        clean.putpalette(upright.getpalette())
        if "transparency" in upright.info:
            clean.info["transparency"] = upright.info["transparency"]
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if source_format == "JPEG":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif source_format == "PNG":
        options.update(optimize=True)
        if "transparency" in clean.info:
            options["transparency"] = clean.info["transparency"]
    elif source_format == "WEBP":
        if clean.mode not in ("RGB", "RGBA"):
            clean = clean.convert("RGBA" if "A" in clean.mode else "RGB")
        options.update(quality=JPEG_QUALITY)
    buffer = io.BytesIO()
    clean.save(buffer, format=source_format, **options)
    content_type, _extension = FORMATS[source_format]
    return CleanImage(
        content=buffer.getvalue(),
        format=source_format,
        content_type=content_type,
        width=clean.width,
        height=clean.height,
    )


def reencoded_upload(
    upload, *, label: str = "图片", field: str | None = None, formats=None
) -> ContentFile:
    """Return the re-encoded image as a file to store under the upload's name.

    The returned file has ``name``, ``size`` and ``content_type`` like an upload.
    """
    clean = reencode_image(upload, label=label, field=field, formats=formats)
    result = ContentFile(clean.content, name=getattr(upload, "name", None) or "image")
    result.content_type = clean.content_type
    return result


__all__ = [
    "CleanImage",
    "ImageRejected",
    "max_pixels",
    "reencode_image",
    "reencoded_upload",
]
