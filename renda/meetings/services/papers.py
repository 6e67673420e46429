"""Writes of a meeting's papers (会议材料): upload, remove, send to the members
(read receipts and an in-app message each), and a member opening one.

A paper is due ``rules.paper_due_date`` (7 days before the meeting for a work
report, Supervision Law art. 14); sending says which papers are late.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import Conflict
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send

from .. import events, rules
from ..models import AgendaItem, CommitteeMeeting, MeetingPaper, PaperReceipt
from ..permissions import manages_congress, seat_of
from .common import clean_text, denied, invalid, now_or
from .meetings import lock_meeting

Kind = events.Kind

DEFAULT_MAX_BYTES = 30 * 1024 * 1024
NAME_MAX_LENGTH = 120
PDF = b"%PDF-"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
# What a paper may be, told by its extension AND its first bytes.
KINDS = {
    ".pdf": ("application/pdf", PDF),
    ".doc": ("application/msword", OLE),
    ".wps": ("application/vnd.ms-works", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".ppt": ("application/vnd.ms-powerpoint", OLE),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ZIP,
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
    ),
}
ALLOWED_TEXT = "PDF、Word、WPS、Excel、PowerPoint 文件"


def max_bytes() -> int:
    """The largest paper accepted (RENDA_MEETING_PAPER_MAX_BYTES, read when used)."""
    return int(getattr(settings, "RENDA_MEETING_PAPER_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f}MB"
    return f"{max(size // 1024, 1)}KB"


def content_type_of(name: str) -> str:
    extension = os.path.splitext(name or "")[1].lower()
    return KINDS.get(extension, ("application/octet-stream", b""))[0]


def check_paper_upload(upload) -> str:
    """Refuse a file too big, empty, or not what its name says; return a clean name."""
    if upload is None:
        raise invalid("请选择要上传的文件。", "file")
    raw = os.path.basename(str(getattr(upload, "name", "") or ""))
    extension = os.path.splitext(raw)[1].lower()
    if extension not in KINDS:
        raise invalid(f"只能上传{ALLOWED_TEXT}。", "file")
    size = getattr(upload, "size", 0) or 0
    if size <= 0:
        raise invalid("文件是空的。", "file")
    if size > max_bytes():
        raise invalid(f"文件不能超过 {size_text(max_bytes())}。", "file")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(KINDS[extension][1]):
        raise invalid("文件内容与扩展名不符。", "file")
    stem = "".join(
        ch
        for ch in os.path.splitext(raw)[0]
        if ch.isprintable() and ch not in '/\\:*?"<>|'
    ).strip()
    stem = stem[: NAME_MAX_LENGTH - len(extension)] or "材料"
    return f"{stem}{extension}"


def _check_manage(actor, meeting: CommitteeMeeting) -> None:
    if not manages_congress(actor, meeting.standing_committee.term.congress_id):
        raise denied()


@transaction.atomic
def paper_add(
    *, item: AgendaItem, file, title: str = "", actor, now: dt.datetime | None = None
) -> MeetingPaper:
    """Upload a paper to an agenda item; it is due by the rule of the item's kind."""
    meeting = lock_meeting(item.meeting)
    _check_manage(actor, meeting)
    transition(meeting, "edit", action="上传会议材料")
    name = check_paper_upload(file)
    title = clean_text(
        title or os.path.splitext(name)[0],
        field="title",
        label="标题",
        max_length=200,
    )
    congress = meeting.standing_committee.term.congress
    paper = MeetingPaper(
        agenda_item=item,
        title=title,
        size=file.size,
        due_on=rules.paper_due_date(meeting.date, item.kind, congress),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # Every check is done before the file is written.
    paper.file.save(name, file, save=False)
    paper.save()
    events.record_event(
        Kind.AGENDA_CHANGED,
        events.AgendaChanged(title=f"{item.title}：材料《{title}》", change="edited"),
        meeting=meeting,
        actor=actor,
    )
    action_log_record(
        actor=actor,
        action="meetings.paper_add",
        target=paper,
        summary=f"{meeting} 上传材料 {title}",
    )
    return paper


@transaction.atomic
def paper_remove(*, paper: MeetingPaper, actor) -> None:
    """Remove a paper not yet sent."""
    meeting = lock_meeting(paper.agenda_item.meeting)
    _check_manage(actor, meeting)
    transition(meeting, "edit", action="删除会议材料")
    paper = MeetingPaper.objects.select_for_update().get(pk=paper.pk)
    if paper.sent_at is not None:
        raise Conflict("已分发的材料不能删除。", code="meetings.paper_sent")
    title = paper.title
    if paper.file:
        paper.file.delete(save=False)
    paper.delete()
    events.record_event(
        Kind.AGENDA_CHANGED,
        events.AgendaChanged(title=f"删除材料《{title}》", change="edited"),
        meeting=meeting,
        actor=actor,
    )


@dataclass(frozen=True)
class SentPapers:
    papers: list[MeetingPaper]
    members: int
    late: list[MeetingPaper]

    @property
    def message(self) -> str:
        text = f"已向{self.members}名组成人员分发材料{len(self.papers)}份。"
        if self.late:
            names = "、".join(f"《{p.title}》" for p in self.late)
            text += f"其中{names}晚于应送达日期。"
        return text


@transaction.atomic
def papers_send(
    *, meeting: CommitteeMeeting, actor, now: dt.datetime | None = None
) -> SentPapers:
    """Send the meeting's unsent papers to every member in office: a read receipt
    and an in-app message each (after commit); say which papers are late."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    transition(meeting, "edit", action="分发会议材料")
    now = now_or(now)
    papers = list(
        MeetingPaper.objects.select_for_update()
        .filter(agenda_item__meeting=meeting, sent_at__isnull=True)
        .order_by("agenda_item__position", "id")
    )
    if not papers:
        raise Conflict("没有待分发的材料。", code="meetings.no_papers")
    members = list(rules.meeting_members(meeting).order_by("rank", "id"))
    if not members:
        raise Conflict("该常委会没有在任的组成人员。", code="meetings.no_members")
    today = timezone.localdate(now)
    late = [p for p in papers if p.due_on is not None and today > p.due_on]
    for paper in papers:
        paper.sent_at = now
    MeetingPaper.objects.bulk_update(papers, ["sent_at", "updated_at"])
    PaperReceipt.objects.bulk_create(
        [PaperReceipt(paper=p, member=m) for p in papers for m in members],
        ignore_conflicts=True,
    )
    events.record_event(
        Kind.PAPERS_SENT,
        events.PapersSent(papers=len(papers), members=len(members)),
        meeting=meeting,
        actor=actor,
    )
    action_log_record(
        actor=actor,
        action="meetings.papers_send",
        target=meeting,
        summary=f"{meeting} 分发材料{len(papers)}份",
    )
    user_ids = [m.user_id for m in members if m.user_id]
    paper_ids = [p.pk for p in papers]
    transaction.on_commit(lambda: _tell_members(meeting, user_ids, paper_ids))
    return SentPapers(papers=papers, members=len(members), late=late)


def _tell_members(meeting: CommitteeMeeting, user_ids: list[int], paper_ids) -> None:
    recipients = list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))
    if not recipients:
        return
    notification_send(
        recipients=recipients,
        kind=NotificationKind.MEETING,
        title=f"【会议材料】{meeting}"[:200],
        body=f"{meeting}（{meeting.date:%Y年%-m月%-d日}）的会议材料{len(paper_ids)}份已分发，请阅读。",
        url=reverse("meetings:papers", args=[meeting.pk]),
        target=meeting,
        dedupe_key=f"meetings:papers:{meeting.pk}:{min(paper_ids)}",
    )


@transaction.atomic
def paper_open(
    *, paper: MeetingPaper, user, now: dt.datetime | None = None
) -> PaperReceipt | None:
    """Record that a member opened a sent paper (the first time only)."""
    meeting = paper.agenda_item.meeting
    seat = seat_of(user, meeting.standing_committee)
    if seat is None or paper.sent_at is None:
        return None
    receipt = (
        PaperReceipt.objects.select_for_update()
        .filter(paper=paper, member=seat)
        .first()
    )
    if receipt is None:
        # A member who took office after the papers went out reads them too.
        receipt = PaperReceipt.objects.create(paper=paper, member=seat)
    if receipt.read_at is None:
        receipt.read_at = now_or(now)
        receipt.save(update_fields=["read_at", "updated_at"])
    return receipt
