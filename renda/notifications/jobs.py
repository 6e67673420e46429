"""The periodic jobs in django-q's schedule table, kept equal to the settings.

``settings.RENDA_SCHEDULES`` names each job once; ``schedules_sync`` creates the
missing schedules, updates those whose function, arguments or timing changed,
and deletes Renda's schedules no longer listed. Renda's schedules are the ones
whose name starts with ``renda:``; schedules an operator added by hand in the
admin under another name are left alone. Running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django_q.models import Schedule

PREFIX = "renda:"


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"定时任务：新建 {len(self.created)} 个，更新 {len(self.updated)} 个，"
            f"删除 {len(self.deleted)} 个，未变 {len(self.unchanged)} 个。"
        )


def _wanted(entry: dict) -> dict:
    args = entry.get("args") or []
    values = {
        "func": entry["func"],
        "args": ", ".join(repr(arg) for arg in args) or None,
        "kwargs": None,
        "repeats": -1,
    }
    if entry.get("cron"):
        values.update(schedule_type=Schedule.CRON, cron=entry["cron"], minutes=None)
    else:
        values.update(
            schedule_type=Schedule.MINUTES, minutes=int(entry["minutes"]), cron=None
        )
    return values


@transaction.atomic
def schedules_sync(entries: list[dict] | None = None) -> SyncReport:
    """Make django-q's schedules match ``RENDA_SCHEDULES`` (idempotent)."""
    entries = settings.RENDA_SCHEDULES if entries is None else entries
    report = SyncReport()
    existing = {
        s.name: s
        for s in Schedule.objects.select_for_update().filter(name__startswith=PREFIX)
    }
    for entry in entries:
        name = PREFIX + entry["name"]
        wanted = _wanted(entry)
        schedule = existing.pop(name, None)
        if schedule is None:
            schedule = Schedule(name=name, **wanted)
            schedule.full_clean()
            schedule.save()
            report.created.append(name)
            continue
        changed = {k: v for k, v in wanted.items() if getattr(schedule, k) != v}
        if not changed:
            report.unchanged.append(name)
            continue
        for key, value in changed.items():
            setattr(schedule, key, value)
        if {"cron", "schedule_type", "minutes"} & set(changed):
            schedule.next_run = schedule.calculate_next_run()
        schedule.full_clean()
        schedule.save()
        report.updated.append(name)
    for name, schedule in existing.items():
        schedule.delete()
        report.deleted.append(name)
    return report
