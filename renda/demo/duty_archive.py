"""The demo's duty archive of 辽源市: attendance at the city congress's sessions
of 2019 and 2020 for every city deputy (mostly present, some on leave with a
reason, a few partly absent), one planted deputy absent without approval from
both (the committee's alert), and a handful of activities added by hand
(confirmed, one pending, one refused). Built through the duty services."""

from __future__ import annotations

import datetime as dt
import random

from renda.congresses.models import Session
from renda.duty.choices import ArchiveKind, SessionAttendanceStatus
from renda.duty.services.archive import (
    duty_record_add,
    duty_record_confirm,
    duty_record_reject,
    session_attendance_record_many,
    session_half_days,
    session_roll_deputies,
)

S = SessionAttendanceStatus
LEAVE_REASONS = [
    "因公出差",
    "住院治疗",
    "参加上级组织的学习培训",
    "家中有急事",
    "疫情防控任务",
]
RECORDS = [
    (
        ArchiveKind.SUPERVISION,
        "参加吉林省人大常委会食品安全法执法检查",
        "吉林省人大常委会",
    ),
    (
        ArchiveKind.TRAINING,
        "参加全国人大代表学习班（线上）",
        "全国人大常委会代表工作委员会",
    ),
    (ArchiveKind.OTHER, "参加市政协民主监督座谈会", "辽源市政协"),
    (ArchiveKind.MEETING_OBSERVED, "列席龙山区人大常委会会议", "龙山区人大常委会"),
    (ArchiveKind.OTHER, "参加社区疫情防控志愿服务", "向阳街道办事处"),
]


def demo_duty_archive_build(*, seed, congress, users, today) -> dict:
    """Write the city's 2019-2020 session attendance and a few hand-added
    records; return what was planted (for the demo's tests and docs)."""
    rng = random.Random(seed * 13 + 11)  # noqa: S311 - demo data, not secrets
    staff = users["staff"]
    sessions = list(
        Session.objects.filter(
            term__congress=congress, start_date__year__in=[2019, 2020]
        ).order_by("start_date")
    )
    rolls = [list(session_roll_deputies(session)) for session in sessions]
    # The planted deputy: on every roll, not the demo's deputy login.
    own = _login_deputy(users)
    on_all = set.intersection(*({d.pk for d in roll} for roll in rolls))
    candidates = [d for d in rolls[0] if d.pk in on_all and d != own]
    planted = candidates[rng.randrange(len(candidates))]
    rows_written = 0
    for session, roll in zip(sessions, rolls, strict=True):
        whole = session_half_days(session)
        rows = []
        for deputy in roll:
            if deputy.pk == planted.pk:
                rows.append({"deputy_id": deputy.pk, "status": S.ABSENT})
                continue
            draw = rng.random()
            if draw < 0.06:
                rows.append(
                    {
                        "deputy_id": deputy.pk,
                        "status": S.LEAVE,
                        "reason": rng.choice(LEAVE_REASONS),
                    }
                )
            elif draw < 0.09:
                absent = rng.randint(1, max(1, whole // 4))
                rows.append(
                    {
                        "deputy_id": deputy.pk,
                        "status": S.PARTIAL,
                        "absent_half_days": absent,
                        "reason": "",
                    }
                )
            else:
                rows.append({"deputy_id": deputy.pk, "status": S.PRESENT})
        session_attendance_record_many(
            session=session, rows=rows, actor=staff, today=today
        )
        rows_written += len(rows)

    records = _hand_added(rng=rng, congress=congress, users=users, today=today)
    return {
        "sessions": len(sessions),
        "attendance": rows_written,
        "planted_absent": planted,
        "records": records,
    }


def _login_deputy(users):
    login = users.get("deputy")
    return getattr(login, "deputy", None) if login is not None else None


def _hand_added(*, rng, congress, users, today):
    staff = users["staff"]
    login = users.get("deputy")
    own = _login_deputy(users)
    roll = list(
        session_roll_deputies(
            Session.objects.filter(term__congress=congress, start_date__year=2020)
            .order_by("start_date")
            .first()
        )
    )
    others = [d for d in roll if own is None or d.pk != own.pk]
    made = []
    for index, (kind, title, organiser) in enumerate(RECORDS):
        deputy = (
            own
            if (index < 2 and own is not None)
            else others[rng.randrange(len(others))]
        )
        actor = login if deputy == own else staff
        made.append(
            duty_record_add(
                congress=congress,
                deputy=deputy,
                kind=kind,
                date=dt.date(2020, 3 + index * 2, 10 + index),
                title=title,
                organiser=organiser,
                description="演示数据：平台之外开展的履职活动。",
                actor=actor,
                today=today,
            )
        )
    # Three confirmed, one refused, one left pending (the deputy login's second).
    for record in (made[0], made[2], made[3]):
        duty_record_confirm(record=record, note="材料属实", actor=staff)
    duty_record_reject(record=made[4], note="未提供活动证明材料", actor=staff)
    return made
