"""Build a deputy's duty through the real services of every app (tests of the
duty archive)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from PIL import Image

from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember, Session, StandingCommittee
from renda.liaison import services as liaison
from renda.liaison.choices import ContactKind
from renda.receptions.services.reception_days import (
    reception_day_hold,
    reception_day_plan,
)
from renda.suggestions.tests.factories import submitted
from renda.supervision.choices import Attendance, SupervisionKind
from renda.supervision.services.items import (
    item_create,
    participant_attendance_set,
    participants_invite,
    site_visit_record,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2025
TODAY = dt.date(2025, 11, 20)


def moment(month: int, day: int, hour: int = 9, year: int = YEAR) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def standing_committee(world):
    committee, _ = StandingCommittee.objects.get_or_create(term=world.city_term)
    return committee


def leadership_member(world, deputy=None):
    """A 副主任 of the city's standing committee (deputy 白玉晶 by default)."""
    return CommitteeMember.objects.get_or_create(
        standing_committee=standing_committee(world),
        deputy=deputy or world.deputy_city_b,
        defaults={"role": MemberRole.DEPUTY_DIRECTOR, "rank": 10},
    )[0]


def suggestion_led(world, deputy_user, *, month=3, day=3, **fields):
    return submitted(world, deputy_user, now=moment(month, day), **fields)


def reception_day_held(world, staff, deputy, *, month=5, day=10, station=None):
    station = station or world.station_longshan
    planned = reception_day_plan(
        station=station,
        date=dt.date(YEAR, month, day),
        start_time=dt.time(9),
        end_time=dt.time(11, 30),
        place="联络站会议室",
        topic="听取群众意见",
        deputies=[deputy],
        actor=staff,
        now=moment(month, 1),
    )
    return reception_day_hold(
        day=planned, attendees=[deputy], actor=staff, now=moment(month, day, 12)
    )


def contact_logged(world, staff, deputy, *, month=4, day=2):
    contact = liaison.deputy_contact_assign(
        leader=leadership_member(world),
        deputy=deputy,
        actor=staff,
        since=dt.date(YEAR, 1, 2),
        today=dt.date(YEAR, 1, 2),
    )
    return liaison.contact_log_record(
        contact=contact,
        date=dt.date(YEAR, month, day),
        kind=ContactKind.VISIT,
        opinions="反映老旧小区改造进度",
        actor=staff,
        today=dt.date(YEAR, month, day),
    )


def meeting_observed(world, staff, deputy, *, number=1, month=4, day=10):
    meeting = liaison.committee_meeting_create(
        standing_committee=standing_committee(world),
        number=number,
        date=dt.date(YEAR, month, day),
        agenda="审议城市供热工作报告",
        actor=staff,
    )
    liaison.meeting_observers_invite(
        meeting=meeting, deputies=[deputy], actor=staff, now=moment(month, 1)
    )
    liaison.meeting_attendance_record(
        meeting=meeting,
        attended_deputy_ids=[deputy.pk],
        actor=staff,
        today=dt.date(YEAR, month, day),
    )
    return meeting


def inspection_joined(world, staff, deputy, *, visit=False, month=6, day=20):
    item = item_create(
        congress=world.city_congress,
        year=YEAR,
        kind=SupervisionKind.LAW_INSPECTION,
        title="《大气污染防治法》执法检查",
        meeting_date=dt.date(YEAR, month, day),
        actor=staff,
    )
    [participant] = participants_invite(item=item, deputy_ids=[deputy.pk], actor=staff)
    participant = participant_attendance_set(
        participant=participant, attendance=Attendance.ATTENDED, actor=staff
    )
    if visit:
        site_visit_record(
            item=item,
            date=dt.date(YEAR, month, day - 5),
            place="辽源市热电厂",
            participant_ids=[participant.pk],
            actor=staff,
            today=TODAY,
        )
    return participant


def session_of(world, *, number=1, start=None, days=3):
    start = start or dt.date(YEAR, 1, 10)
    return Session.objects.create(
        term=world.city_term,
        number=number,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
    )


def png_upload(name="photo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="proof.pdf", size=200):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def alerts_url_or_stub(monkeypatch):
    """The alert notice links to ``duty:alerts`` (the scores part's page); where
    that page is not mounted yet, the notice links nowhere instead of failing."""
    from django.urls import NoReverseMatch, reverse

    from renda.duty import notices

    try:
        reverse("duty:alerts")
    except NoReverseMatch:

        def safe(name, *args, **kwargs):
            if name == "duty:alerts":
                return "/duty/"
            return reverse(name, *args, **kwargs)

        monkeypatch.setattr(notices, "reverse", safe)
