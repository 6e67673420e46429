"""The daily job: close items whose rating window passed, send deadline notices.

Run by ``manage.py suggestions_daily`` (docs/notifications.md). Every open
assignment (办理中 or 重新办理) due within ``rules.due_soon_days()`` days (default 3), or already
overdue, gets one notice per day and kind to each account of its unit
(UNIT_STAFF) and to the congress's committee staff (COMMITTEE_STAFF). The
dedupe key (kind, assignment, day) makes a second run the same day send nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send

from . import rules, services
from .choices import OPEN_ASSIGNMENT_STATUSES
from .documents import chinese_date
from .models import Assignment
from .notices import first_url
from .pending_uploads import pending_purge

# Pages a notice links to: (url name, takes the object's pk); see notices.first_url.
UNIT_URLS = (("suggestions:unit_reply", True), ("suggestions:unit_inbox", False))
STAFF_URLS = (("suggestions:detail", True), ("suggestions:staff_overdue", False))


@dataclass(frozen=True)
class DailyReport:
    today: dt.date
    closed: int
    due_soon: int
    overdue: int
    notices: int

    def summary(self) -> str:
        return (
            f"{self.today.isoformat()} 建议日常任务：测评期满办结 {self.closed} 件；"
            f"即将到期 {self.due_soon} 项、已超期 {self.overdue} 项；"
            f"新发消息 {self.notices} 条。"
        )


def deadline_assignments(*, today: dt.date):
    """Return the open assignments due within the notice window or overdue."""
    last = rules.due_soon_last_day(today)
    return (
        Assignment.objects.filter(
            status__in=OPEN_ASSIGNMENT_STATUSES,
            due_at__lte=last,
            suggestion__merged_into__isnull=True,
        )
        .select_related("suggestion", "suggestion__congress", "handling_unit")
        .order_by("due_at", "pk")
    )


def _recipients_by_scope(assignments):
    """Map unit id → its UNIT_STAFF users and congress id → its COMMITTEE_STAFF users."""
    unit_ids = {a.handling_unit_id for a in assignments}
    congress_ids = {a.suggestion.congress_id for a in assignments}
    units: dict[int, list] = {pk: [] for pk in unit_ids}
    congresses: dict[int, list] = {pk: [] for pk in congress_ids}
    for role_row in RoleAssignment.objects.filter(
        role=Role.UNIT_STAFF, handling_unit_id__in=unit_ids, user__is_active=True
    ).select_related("user"):
        units[role_row.handling_unit_id].append(role_row.user)
    for role_row in RoleAssignment.objects.filter(
        role=Role.COMMITTEE_STAFF, congress_id__in=congress_ids, user__is_active=True
    ).select_related("user"):
        congresses[role_row.congress_id].append(role_row.user)
    return units, congresses


def _notice_text(assignment: Assignment, kind: str, today: dt.date) -> tuple[str, str]:
    suggestion = assignment.suggestion
    unit = assignment.handling_unit.name
    role = assignment.get_role_display()
    due = chinese_date(assignment.due_at)
    if kind == NotificationKind.SUGGESTION_OVERDUE:
        days = (today - assignment.due_at).days
        title = f"已超期：{suggestion.title}"
        body = (
            f"{unit}{role}的建议《{suggestion.title}》办理期限为{due}，"
            f"已超期{days}天，请抓紧办理并答复代表。"
        )
    else:
        days = (assignment.due_at - today).days
        left = "今天到期" if days == 0 else f"还剩{days}天"
        title = f"即将到期：{suggestion.title}"
        body = (
            f"{unit}{role}的建议《{suggestion.title}》办理期限为{due}，"
            f"{left}，请按时答复代表。"
        )
    if assignment.due_provisional:
        body += "（期限按暂未公布的节假日安排推算，以最终公布为准。）"
    return title, body


def deadline_notices_send(*, today: dt.date) -> tuple[int, int, int]:
    """Notify units and staff of assignments due soon or overdue; return counts.

    Returns (assignments due soon, assignments overdue, notices created).
    """
    assignments = list(deadline_assignments(today=today))
    if not assignments:
        return 0, 0, 0
    units, congresses = _recipients_by_scope(assignments)
    due_soon = overdue = created = 0
    for assignment in assignments:
        if assignment.due_at < today:
            kind = NotificationKind.SUGGESTION_OVERDUE
            overdue += 1
        else:
            kind = NotificationKind.SUGGESTION_DUE_SOON
            due_soon += 1
        title, body = _notice_text(assignment, kind, today)
        key = f"suggestion-deadline:{kind}:{assignment.pk}:{today.isoformat()}"
        groups = (
            (units[assignment.handling_unit_id], UNIT_URLS, assignment.pk),
            (
                congresses[assignment.suggestion.congress_id],
                STAFF_URLS,
                assignment.suggestion_id,
            ),
        )
        for recipients, url_names, pk in groups:
            created += len(
                notification_send(
                    recipients=recipients,
                    kind=kind,
                    title=title,
                    body=body,
                    url=first_url(url_names, pk),
                    target=assignment,
                    dedupe_key=key,
                )
            )
    return due_soon, overdue, created


def suggestions_daily(*, today: dt.date) -> DailyReport:
    """Run the day's work: close expired rating windows, then send deadline notices."""
    closed = services.suggestion_close_expired(today=today)
    pending_purge()  # files kept from refused posts whose session never came back
    due_soon, overdue, notices = deadline_notices_send(today=today)
    return DailyReport(
        today=today,
        closed=len(closed),
        due_soon=due_soon,
        overdue=overdue,
        notices=notices,
    )
