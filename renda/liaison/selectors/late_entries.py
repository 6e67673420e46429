"""Reads of late entries (补录) waiting for, or given, staff confirmation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from renda.congresses.models import Congress

from ..choices import LateEntryKind
from ..models import (
    ContactLog,
    CoordinationMeeting,
    GroupActivity,
    MeetingObserver,
)
from .common import _get
from .leaders import congresses_managed_by

LATE_CONFIRM = "confirm_late"


LATE_MODELS = {
    LateEntryKind.CONTACT_LOG: ContactLog,
    LateEntryKind.GROUP_ACTIVITY: GroupActivity,
    LateEntryKind.OBSERVER: MeetingObserver,
    LateEntryKind.COORDINATION: CoordinationMeeting,
}
# The path from each late record to the congress whose staff confirm it.
LATE_CONGRESS = {
    LateEntryKind.CONTACT_LOG: "contact__leader__standing_committee__term__congress",
    LateEntryKind.GROUP_ACTIVITY: "group__congress",
    LateEntryKind.OBSERVER: "meeting__standing_committee__term__congress",
    LateEntryKind.COORDINATION: "congress",
}


@dataclass
class LateEntryRow:
    kind: str
    entry: object
    congress: Congress
    date: dt.date
    label: str
    actions: list[str]

    @property
    def kind_label(self) -> str:
        return LateEntryKind(self.kind).label

    @property
    def confirmed(self) -> bool:
        return self.entry.late_confirmed_at is not None


def _late_label(kind: str, entry) -> tuple[dt.date, str]:
    if kind == LateEntryKind.CONTACT_LOG:
        contact = entry.contact
        return entry.date, f"{contact.leader.deputy.name} 联系 {contact.deputy.name}"
    if kind == LateEntryKind.GROUP_ACTIVITY:
        return entry.date, f"{entry.group.name} {entry.topic}"
    if kind == LateEntryKind.OBSERVER:
        meeting = entry.meeting
        return meeting.date, f"第{meeting.number}次会议 列席 {entry.deputy.name}"
    return entry.date, str(entry)


LATE_RELATED = {
    LateEntryKind.CONTACT_LOG: ["contact__leader__deputy", "contact__deputy"],
    LateEntryKind.GROUP_ACTIVITY: ["group"],
    LateEntryKind.OBSERVER: ["meeting", "deputy"],
    LateEntryKind.COORDINATION: [],
}


def late_entry_list(user, *, pending_only: bool = True) -> list[LateEntryRow]:
    """Return the late entries (补录) of the congresses the user manages, oldest
    first, with the actions the user may take (confirm while pending)."""
    congress_ids = set(congresses_managed_by(user).values_list("pk", flat=True))
    rows: list[LateEntryRow] = []
    for kind, model in LATE_MODELS.items():
        path = LATE_CONGRESS[kind]
        queryset = model.objects.filter(
            late=True, **{f"{path}__in": congress_ids}
        ).select_related(path, *LATE_RELATED[kind])
        if pending_only:
            queryset = queryset.filter(late_confirmed_at__isnull=True)
        for entry in queryset:
            congress = entry
            for part in path.split("__"):
                congress = getattr(congress, part)
            date, label = _late_label(kind, entry)
            actions = [] if entry.late_confirmed_at else [LATE_CONFIRM]
            rows.append(
                LateEntryRow(
                    kind=kind,
                    entry=entry,
                    congress=congress,
                    date=date,
                    label=label,
                    actions=actions,
                )
            )
    rows.sort(key=lambda row: (row.date, row.kind, row.entry.pk))
    return rows


def get_late_entry_for_user(user, kind: str, pk):
    """Return one late entry of a congress the user manages, or raise 404."""
    if kind not in LATE_MODELS:
        raise Http404
    path = LATE_CONGRESS[kind]
    return _get(
        LATE_MODELS[kind]
        .objects.filter(late=True, **{f"{path}__in": congresses_managed_by(user)})
        .select_related(path, *LATE_RELATED[kind]),
        pk,
    )
