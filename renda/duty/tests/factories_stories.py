"""Test data of stories and donations, built through the services."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from renda.duty.services import stories as svc

DAY = dt.date(2020, 2, 10)


def story(world, actor, *, deputy=None, title="抗疫一线显担当", state="DRAFT", on=DAY):
    """A story of the city congress, moved to ``state`` by ``actor`` (staff)."""
    made = svc.story_create(
        congress=world.city_congress,
        deputy=deputy or world.deputy_city_a,
        title=title,
        body="疫情发生后，该代表主动请缨，带领志愿者在社区卡口值守。",
        happened_on=on,
        actor=actor,
    )
    if state in ("SUBMITTED", "RETURNED", "PUBLISHED", "WITHDRAWN"):
        made = svc.story_submit(story=made, actor=actor)
    if state == "RETURNED":
        made = svc.story_return(story=made, reason="请补充照片", actor=actor)
    if state in ("PUBLISHED", "WITHDRAWN"):
        made = svc.story_publish(story=made, actor=actor)
    if state == "WITHDRAWN":
        made = svc.story_unpublish(story=made, actor=actor)
    return made


def donation(world, actor, *, kind="MONEY", amount="1000.00", deputy=None, **extra):
    return svc.donation_record(
        congress=world.city_congress,
        deputy=deputy or world.deputy_city_a,
        kind=kind,
        date=extra.pop("date", DAY),
        amount=amount,
        recipient=extra.pop("recipient", "辽源市红十字会"),
        goods=extra.pop("goods", "口罩" if kind == "GOODS" else ""),
        campaign=extra.pop("campaign", "抗疫"),
        actor=actor,
        **extra,
    )


def gps_jpeg(name="photo.jpg") -> SimpleUploadedFile:
    """A small JPEG carrying GPS EXIF (where it was taken)."""
    image = Image.new("RGB", (16, 12), "red")
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (42.0, 53.0, 0.0)
    gps[3] = "E"
    gps[4] = (125.0, 8.0, 0.0)
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def xlsx(rows, header=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or svc.IMPORT_COLUMNS + svc.IMPORT_OPTIONAL)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
