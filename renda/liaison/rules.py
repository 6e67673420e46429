"""The rules of 双联 as named thresholds, periods and predicates, read at call time.

The source (《关于加强市人大常委会同代表联系、代表同人民群众联系的意见》 and the
126 model) words them so:

- 常委会班子成员每半年至少参加1次代表小组活动 (``min_group_activities``);
- 固定与5名以上代表保持经常性联系 (``min_leader_contacts``): a contact counts for a
  half-year only if at least one contact was logged in it (``contact_is_kept``);
- 每次常委会会议应当邀请3名以上代表列席 (``min_meeting_observers``);
- 每个季度召开一次代表工作调度会 (``min_coordination_meetings_per_quarter``);
- 每个联络站每年至少开展6次代表接待日活动 (``min_reception_days``).

Settings (``RENDA_MIN_*``, ``RENDA_LIAISON_*``) override the defaults; every
function reads them when called, so a test's ``override_settings`` or a
deployment's settings change the services, pages, API, statistics and the
reminders alike.

**Closed periods.** A record that belongs to a period already closed when it is
written is a *late entry* (补录): a contact logged or a group activity recorded
after its half-year ended, an observer invited after the meeting took place, a
coordination meeting recorded after its quarter ended. Late entries are kept,
marked late, and count towards a rule only once a committee staff member has
confirmed them with a reason (docs/decisions/*-liaison-late-entries.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

# Defaults of the thresholds (the source's numbers).
DEFAULT_MIN_LEADER_CONTACTS = 5
DEFAULT_MIN_GROUP_ACTIVITIES_PER_HALF_YEAR = 1
DEFAULT_MIN_MEETING_OBSERVERS = 3
DEFAULT_MIN_COORDINATION_MEETINGS_PER_QUARTER = 1
DEFAULT_MIN_RECEPTION_DAYS_PER_YEAR = 6
# Remind committee staff of a quarter without its coordination meeting this many
# days before the quarter ends.
DEFAULT_COORDINATION_REMINDER_LEAD_DAYS = 15

# The rules' names (dashboard keys, reminder keys, API ``key``).
RECEPTION_DAYS = "reception_days"
LEADER_CONTACTS = "leader_contacts"
GROUP_ACTIVITIES = "group_activities"
MEETING_OBSERVERS = "meeting_observers"
COORDINATION_MEETINGS = "coordination_meetings"
OVERDUE_REQUESTS = "overdue_requests"
RULE_KEYS = [
    RECEPTION_DAYS,
    LEADER_CONTACTS,
    GROUP_ACTIVITIES,
    MEETING_OBSERVERS,
    COORDINATION_MEETINGS,
    OVERDUE_REQUESTS,
]


# Thresholds ---------------------------------------------------------------------


def min_leader_contacts() -> int:
    """Deputies each leadership member keeps in steady contact (5)."""
    return getattr(settings, "RENDA_MIN_LEADER_CONTACTS", DEFAULT_MIN_LEADER_CONTACTS)


def min_group_activities() -> int:
    """Group activities each leadership member joins per half-year (1)."""
    return getattr(
        settings,
        "RENDA_MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR",
        DEFAULT_MIN_GROUP_ACTIVITIES_PER_HALF_YEAR,
    )


def min_meeting_observers() -> int:
    """Deputies invited to observe every committee meeting (3)."""
    return getattr(
        settings, "RENDA_MIN_MEETING_OBSERVERS", DEFAULT_MIN_MEETING_OBSERVERS
    )


def min_coordination_meetings_per_quarter() -> int:
    """Coordination meetings a congress convenes each quarter (1)."""
    return getattr(
        settings,
        "RENDA_LIAISON_MIN_COORDINATION_MEETINGS_PER_QUARTER",
        DEFAULT_MIN_COORDINATION_MEETINGS_PER_QUARTER,
    )


def min_reception_days() -> int:
    """Reception days each station holds per year (6)."""
    return getattr(
        settings,
        "RENDA_MIN_RECEPTION_DAYS_PER_YEAR",
        DEFAULT_MIN_RECEPTION_DAYS_PER_YEAR,
    )


def coordination_reminder_lead_days() -> int:
    """Days before a quarter's end from which staff hear of a missing meeting."""
    return getattr(
        settings,
        "RENDA_LIAISON_COORDINATION_REMINDER_LEAD_DAYS",
        DEFAULT_COORDINATION_REMINDER_LEAD_DAYS,
    )


# Predicates on counts -----------------------------------------------------------


def leader_has_enough_contacts(kept_contacts: int) -> bool:
    return kept_contacts >= min_leader_contacts()


def contact_is_kept(logs_in_half: int) -> bool:
    """保持经常性联系: a contact counts for a half-year only with a log in it."""
    return logs_in_half >= 1


def leader_joined_enough_activities(activities: int) -> bool:
    return activities >= min_group_activities()


def meeting_has_enough_observers(observers: int) -> bool:
    return observers >= min_meeting_observers()


def quarter_has_coordination(meetings: int) -> bool:
    return meetings >= min_coordination_meetings_per_quarter()


# Periods ------------------------------------------------------------------------

H1 = "H1"
H2 = "H2"
HALF_LABELS = {H1: "上半年", H2: "下半年"}
QUARTER_LABELS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class Period:
    """A half-year of a year, seen on ``today``."""

    year: int
    half: str
    today: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == H1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return (
            dt.date(self.year, 6, 30) if self.half == H1 else dt.date(self.year, 12, 31)
        )

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def as_of(self) -> dt.date:
        """The reference day: the half-year's last day, or today while it runs."""
        return min(self.end, self.today)

    @property
    def is_over(self) -> bool:
        return self.today > self.end

    @property
    def year_is_over(self) -> bool:
        return self.today > self.year_end

    @property
    def has_started(self) -> bool:
        return self.today >= self.start

    @property
    def label(self) -> str:
        return f"{self.year}年{HALF_LABELS[self.half]}"

    @property
    def key(self) -> str:
        return f"{self.year}{self.half}"

    @property
    def quarters(self) -> list[int]:
        return [1, 2] if self.half == H1 else [3, 4]


def half_of(day: dt.date) -> str:
    return H1 if day.month <= 6 else H2


def half_end(day: dt.date) -> dt.date:
    """Return the last day of the half-year that contains ``day``."""
    return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - dt.timedelta(days=1)


def current_period(today: dt.date | None = None) -> Period:
    """Return the half-year that contains ``today`` (default: the site's date)."""
    today = today or timezone.localdate()
    return Period(year=today.year, half=half_of(today), today=today)


def default_half(year: int, today: dt.date) -> str:
    """The half a page or the API opens on: this one, or a past year's second."""
    return half_of(today) if year == today.year else H2


# Closed periods (补录) -----------------------------------------------------------


def half_year_closed(day: dt.date, *, today: dt.date) -> bool:
    """Whether the half-year containing ``day`` was over on ``today``."""
    return today > half_end(day)


def contact_log_is_late(date: dt.date, *, today: dt.date) -> bool:
    """A contact logged after its half-year ended: the contact rule was decided."""
    return half_year_closed(date, today=today)


def group_activity_is_late(date: dt.date, *, today: dt.date) -> bool:
    """An activity recorded after its half-year ended."""
    return half_year_closed(date, today=today)


def observer_invite_is_late(meeting_date: dt.date, *, today: dt.date) -> bool:
    """An observer invited after the meeting took place."""
    return today > meeting_date


def coordination_is_late(year: int, quarter: int, *, today: dt.date) -> bool:
    """A coordination meeting recorded after its quarter ended."""
    return today > quarter_end(year, quarter)
