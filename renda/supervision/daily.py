"""The daily job of supervision work: a plain list of checks, each idempotent.

Each check takes the day and returns lines saying what it sent; a notice is
sent once per subject (``dedupe_key``), so running the job twice sends nothing
new. Other areas add their checks to ``CHECKS``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .notices import items as item_notices
from .selectors.items import missed_clock_steps
from .services.followup import followup_daily_check


def missed_milestones(today: dt.date) -> list[str]:
    """A work report's step passed undone: the congress's staff are told, once."""
    lines = []
    for item, step in missed_clock_steps(today):
        sent = item_notices.milestone_missed(
            item,
            step.label,
            step.due,
            dedupe_key=f"supervision.milestone_missed.{item.pk}.{step.step}",
        )
        if sent:
            lines.append(
                f"{item.title}：{step.label}逾期（应于 {step.due.isoformat()} 前），"
                f"已提醒 {len(sent)} 人"
            )
    return lines


def overdue_handling(today: dt.date) -> list[str]:
    """Handling reports and rectification points past due: the unit and staff told, once."""
    sent = followup_daily_check(today)
    lines = []
    if sent["opinions"]:
        lines.append(f"研究处理情况报告逾期提醒 {sent['opinions']} 条")
    if sent["points"]:
        lines.append(f"整改事项逾期提醒 {sent['points']} 条")
    return lines


CHECKS = [missed_milestones, overdue_handling]


def supervision_daily(today: dt.date | None = None) -> list[str]:
    """Run every check for ``today``; return what was sent."""
    today = today or timezone.localdate()
    lines: list[str] = []
    for check in CHECKS:
        lines.extend(check(today))
    return lines
