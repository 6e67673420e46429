"""public_request_create and the receipt look-up."""

import hashlib
import hmac

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import ActionLog
from renda.core.receipts import RECEIPT_DIGITS, damm_is_valid
from renda.core.tests.images import JPEG_BYTES, PNG_BYTES
from renda.receptions.choices import (
    RECEIPT_LENGTH,
    PublicRequestStatus,
    RequestSource,
)
from renda.receptions.models import PublicRequest, PublicRequestEvent
from renda.receptions.rules import PHOTO_MAX_BYTES
from renda.receptions.rules import REQUEST_PHOTO_MAX_COUNT as PHOTO_MAX_COUNT
from renda.receptions.selectors import public_request_for_receipt
from renda.receptions.services import public_request_create

PNG = PNG_BYTES
JPEG = JPEG_BYTES


def _qr(world, **overrides):
    kwargs = {
        "station": world.station_longshan,
        "source": RequestSource.QR_FORM,
        "resident_name": "张三",
        "resident_phone": "",
        "consent": True,
        "content": "小区门口路灯坏了",
    }
    kwargs.update(overrides)
    return public_request_create(**kwargs)


def test_qr_request_gets_receipt_event_and_audit(world):
    request = _qr(world, client_ip="10.0.0.1", location="向阳小区")

    assert request.status == PublicRequestStatus.RECEIVED
    assert len(request.receipt_number) == RECEIPT_DIGITS
    assert request.receipt_number.isdigit()
    assert damm_is_valid(request.receipt_number)
    assert (
        request.client_hash
        == hmac.new(
            settings.SECRET_KEY.encode(), b"10.0.0.1", hashlib.sha256
        ).hexdigest()
    )
    assert request.consent_at is not None
    event = PublicRequestEvent.objects.get(request=request)
    assert event.kind == "RECEIVED"
    log = ActionLog.objects.get(action="public_request.received")
    assert log.object_id == str(request.pk)
    assert "张三" not in log.summary


def test_receipt_numbers_differ(world):
    numbers = {_qr(world).receipt_number for _ in range(5)}
    assert len(numbers) == 5


def test_without_consent_nothing_is_saved(world):
    with pytest.raises(ApplicationError) as error:
        _qr(world, consent=False)
    assert error.value.field == "consent"
    assert not PublicRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("content", "x" * 2001),
        ("content", "   "),
        ("resident_name", "名" * 51),
        ("resident_phone", "12345"),
        ("resident_phone", "23812345678"),
        ("location", "地" * 201),
    ],
)
def test_bad_fields_are_named(world, field, value):
    with pytest.raises(ApplicationError) as error:
        _qr(world, **{field: value})
    assert error.value.field == field
    assert not PublicRequest.objects.exists()


def test_control_characters_are_stripped(world):
    request = _qr(world, content="路灯\x00坏了\x07\n第二行", resident_name="张\x1b三")
    assert request.content == "路灯坏了\n第二行"
    assert request.resident_name == "张三"


def test_phone_formats(world):
    assert _qr(world, resident_phone="138 1234 5678").resident_phone == "13812345678"
    assert _qr(world, resident_phone="04373221234").resident_phone == "0437-3221234"


def test_recorded_request_needs_phone(world, station_chief):
    from renda.receptions.tests.work_factories import ReceptionDayFactory

    day = ReceptionDayFactory(station=world.station_longshan)
    with pytest.raises(ApplicationError) as error:
        _qr(
            world,
            source=RequestSource.RECEPTION_DAY,
            reception_day=day,
            actor=station_chief,
        )
    assert error.value.field == "resident_phone"


def test_recording_at_another_station_is_refused(world, liaison_officer):
    with pytest.raises(PermissionDenied):
        _qr(
            world,
            source=RequestSource.DEPUTY,
            actor=liaison_officer,
            resident_phone="13812345678",
            received_by=world.deputy_city_a,
        )
    assert not PublicRequest.objects.exists()


def test_photos_checked_by_content(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    good = [
        SimpleUploadedFile("a.png", PNG, content_type="image/png"),
        SimpleUploadedFile("b.jpg", JPEG, content_type="image/jpeg"),
    ]
    request = _qr(world, photos=good)
    assert request.photos.count() == 2

    fake = SimpleUploadedFile("c.jpg", b"<script>", content_type="image/jpeg")
    with pytest.raises(ApplicationError) as error:
        _qr(world, photos=[fake])
    assert error.value.field == "photos"
    assert "c.jpg" in error.value.message

    too_many = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(PHOTO_MAX_COUNT + 1)]
    with pytest.raises(ApplicationError):
        _qr(world, photos=too_many)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * PHOTO_MAX_BYTES)
    with pytest.raises(ApplicationError):
        _qr(world, photos=[big])
    assert PublicRequest.objects.count() == 1


def test_receipt_lookup_ignores_case_and_spaces(world):
    request = _qr(world)
    number = request.receipt_number
    spaced = f" {number[:5].lower()} {number[5:]} "
    assert public_request_for_receipt(spaced) == request
    assert public_request_for_receipt("0" * RECEIPT_LENGTH) is None
    assert public_request_for_receipt("") is None
    assert public_request_for_receipt(None) is None
