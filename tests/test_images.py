"""Uploaded images are decoded and re-encoded: no polyglots, no EXIF location.

Before: a PNG signature followed by ``<script>`` was stored as a suggestion's
attachment and as a resident's photo, and photos kept their EXIF GPS position.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from renda.core.errors import ApplicationError
from renda.core.images import ImageRejected, reencode_image
from renda.core.tests.images import PNG_BYTES, image_bytes
from renda.receptions.choices import RequestSource
from renda.receptions.models import PublicRequest, PublicRequestPhoto
from renda.receptions.services import public_request_create
from renda.suggestions.attachments import check_upload

POLYGLOT = b"\x89PNG\r\n\x1a\n<script>alert(document.cookie)</script>" + b"\x00" * 32
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _photo_with_gps(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (42.0, 54.0, 12.0), 3: "E", 4: (125.0, 8.0, 30.0)}
    return image_bytes("JPEG", size=(40, 20), exif=exif)


def _qr(world, photos):
    return public_request_create(
        station=world.station_longshan,
        source=RequestSource.QR_FORM,
        resident_name="张三",
        resident_phone="",
        consent=True,
        content="小区门口路灯坏了",
        photos=photos,
    )


def test_the_polyglot_is_refused_as_an_attachment(db):
    checked, message = check_upload(SimpleUploadedFile("截图.png", POLYGLOT))

    assert checked is None
    assert "“截图.png”" in message
    assert "图片" in message


def test_the_polyglot_is_refused_as_a_residents_photo(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    with pytest.raises(ApplicationError) as error:
        _qr(world, [SimpleUploadedFile("现场.png", POLYGLOT)])

    assert error.value.field == "photos"
    assert "第 1 张照片“现场.png”" in error.value.message
    assert not PublicRequest.objects.exists()


def test_a_residents_photo_is_stored_without_its_gps_position_and_upright(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sent = _photo_with_gps(orientation=6)
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(GPS_IFD)

    _qr(world, [SimpleUploadedFile("路灯.jpg", sent, content_type="image/jpeg")])

    photo = PublicRequestPhoto.objects.get()
    with photo.file.open("rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif().get_ifd(GPS_IFD)
    assert ORIENTATION not in image.getexif()
    assert b"Exif" not in stored
    assert image.size == (20, 40)  # turned by its orientation
    assert photo.size == len(stored)


def test_an_attachment_image_is_stored_re_encoded(db):
    checked, message = check_upload(
        SimpleUploadedFile("照片.jpg", _photo_with_gps(), content_type="image/jpeg")
    )

    assert message == ""
    data = checked.upload.read()
    assert b"Exif" not in data
    assert checked.size == len(data)


def test_trailing_bytes_after_a_real_image_are_dropped():
    clean = reencode_image(PNG_BYTES + b"<script>alert(1)</script>")

    assert clean.format == "PNG"
    assert b"<script>" not in clean.content


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.RENDA_IMAGE_MAX_PIXELS = 100

    with pytest.raises(ImageRejected, match="像素过多"):
        reencode_image(image_bytes("PNG", size=(20, 20)), label="“大图.png”")
