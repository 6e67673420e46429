"""API schemas of 双联: records, late entries, the rules dashboard and statistics. Free text is bounded here (422); the services
check the rules (leadership only, deputies in the area, no future dates) and
answer 400 or 409 naming the field."""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from renda.core.api import MAX_ID, Id, choices_text
from renda.core.dates import EventDate

from . import rules
from .choices import ContactKind, LateEntryKind, LiaisonEventKind, Quarter
from .services import (
    AGENDA_MAX_LENGTH,
    MAX_MEETING_NUMBER,
    MINUTES_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TOPIC_MAX_LENGTH,
)

MAX_PICKED = 200
ALLOWED_CONTROL = {"\n", "\r", "\t"}


def _multiline(value: str) -> str:
    if any(ord(char) < 32 and char not in ALLOWED_CONTROL for char in value):
        raise ValueError("不能包含控制字符。")
    return value


def bounded(max_length: int):
    return Annotated[
        str, StringConstraints(max_length=max_length), AfterValidator(_multiline)
    ]


ContactKindIn = StrEnum("ContactKindIn", {v: v for v in ContactKind.values})
IdList = Annotated[list[Id], Field(max_length=MAX_PICKED)]


# Contacts ------------------------------------------------------------------------


class ContactQuery(Schema):
    leader: int | None = Field(None, ge=1, le=MAX_ID, description="班子成员编号")
    deputy: int | None = Field(None, ge=1, le=MAX_ID, description="代表编号")
    active: bool = Field(True, description="只列出尚未结束的联系")


class ContactIn(Schema):
    leader: Id = Field(description="班子成员（常委会组成人员）编号")
    deputy: Id = Field(description="代表编号")
    since: EventDate | None = Field(None, description="开始联系日期，默认今天")


class ContactEndIn(Schema):
    until: EventDate | None = Field(None, description="结束联系日期，默认今天")


class ContactOut(Schema):
    id: int
    leader: int = Field(alias="leader_id", description="班子成员编号")
    leader_name: str = Field(alias="leader.deputy.name")
    leader_role: str = Field(alias="leader.role")
    deputy: int = Field(alias="deputy_id")
    deputy_name: str = Field(alias="deputy.name")
    since: dt.date
    until: dt.date | None


class ContactLogQuery(Schema):
    contact: int | None = Field(None, ge=1, le=MAX_ID, description="联系关系编号")


class ContactLogIn(Schema):
    contact: Id = Field(description="联系关系编号")
    date: EventDate = Field(description="联系日期，不能晚于今天")
    kind: ContactKindIn = Field(description=choices_text(ContactKind))  # type: ignore[valid-type]
    opinions: bounded(TEXT_MAX_LENGTH) = Field("", description="征集的意见建议")


class LateFields(Schema):
    late: bool = Field(description="补录：所属期间结束后才登记")
    late_confirmed: bool = Field(description="补录已经工作人员确认（确认后才计入规则）")

    @staticmethod
    def resolve_late_confirmed(obj) -> bool:
        return obj.late and obj.late_confirmed_at is not None


class TimelineOut(Schema):
    kind: str = Field(description=choices_text(LiaisonEventKind))
    at: dt.datetime
    actor: str = Field(description="操作人")
    text: str = Field(description="事件说明（与页面时间线相同）")


class ContactDetailOut(ContactOut):
    actions: list[str] = Field(description="您现在可以做的：log 记录联系、end 结束联系")
    events: list[TimelineOut] = Field(description="时间线")


class ContactLogOut(LateFields):
    id: int
    contact: int = Field(alias="contact_id")
    date: dt.date
    kind: str
    opinions: str


# Group activities ----------------------------------------------------------------


class ActivityQuery(Schema):
    group: int | None = Field(None, ge=1, le=MAX_ID, description="代表小组编号")
    member: int | None = Field(
        None, ge=1, le=MAX_ID, description="参加活动的常委会组成人员编号"
    )
    year: int | None = Field(None, ge=1949, le=9999, description="年度")


class ActivityIn(Schema):
    group: Id = Field(description="代表小组编号")
    date: EventDate = Field(description="活动日期，不能晚于今天")
    topic: bounded(TOPIC_MAX_LENGTH) = Field(description="活动主题")
    place: bounded(PLACE_MAX_LENGTH) = Field("", description="地点")
    attendees: IdList = Field(
        default_factory=list, description="参加代表（小组成员）编号"
    )
    committee_members: IdList = Field(
        default_factory=list, description="参加的常委会组成人员编号"
    )
    summary: bounded(TEXT_MAX_LENGTH) = Field("", description="活动情况")


class ActivityOut(LateFields):
    id: int
    group: int = Field(alias="group_id")
    group_name: str = Field(alias="group.name")
    date: dt.date
    topic: str
    place: str
    summary: str
    attendees: list[int]
    committee_members: list[int]

    @staticmethod
    def resolve_attendees(obj) -> list[int]:
        return sorted(d.pk for d in obj.attendees.all())

    @staticmethod
    def resolve_committee_members(obj) -> list[int]:
        return sorted(m.pk for m in obj.committee_members.all())


# Committee meetings ----------------------------------------------------------------


class MeetingQuery(Schema):
    congress: int | None = Field(None, ge=1, le=MAX_ID, description="人大编号")


class MeetingIn(Schema):
    congress: Id = Field(description="人大编号（会议属于其现任常委会）")
    number: int = Field(ge=1, le=MAX_MEETING_NUMBER, description="会次")
    date: EventDate = Field(description="会议日期")
    agenda: bounded(AGENDA_MAX_LENGTH) = Field(description="会议议程")


class ObserverOut(LateFields):
    deputy: int = Field(alias="deputy_id")
    deputy_name: str = Field(alias="deputy.name")
    attended: bool | None = Field(description="是否出席；会前为 null")


class MeetingOut(Schema):
    id: int
    congress: int = Field(alias="standing_committee.term.congress_id")
    number: int
    date: dt.date
    agenda: str
    observer_count: int = Field(description="列席代表人数")
    meets_rule: bool = Field(description="列席代表是否达到规定人数")
    observers: list[ObserverOut]

    @staticmethod
    def resolve_observer_count(obj) -> int:
        return len(obj.observers.all())

    @staticmethod
    def resolve_meets_rule(obj) -> bool:
        counted = sum(1 for observer in obj.observers.all() if observer.counts)
        return rules.meeting_has_enough_observers(counted)

    @staticmethod
    def resolve_observers(obj) -> list:
        return list(obj.observers.all())


class InviteIn(Schema):
    deputies: Annotated[list[Id], Field(min_length=1, max_length=MAX_PICKED)] = Field(
        description="邀请列席的代表编号"
    )


class AttendanceIn(Schema):
    attended: IdList = Field(description="实际出席的列席代表编号；其余记为未出席")


# Coordination meetings ------------------------------------------------------------


class CoordinationQuery(Schema):
    congress: int | None = Field(None, ge=1, le=MAX_ID, description="召集的人大编号")
    year: int | None = Field(None, ge=1949, le=9999, description="年度")


class CoordinationIn(Schema):
    congress: Id = Field(description="召集的人大编号")
    year: int = Field(ge=1949, le=9999, description="年度")
    quarter: int = Field(ge=1, le=4, description=choices_text(Quarter))
    date: EventDate = Field(description="会议日期，在该季度内且不晚于今天")
    participants: IdList = Field(
        default_factory=list, description="参会的其他级别人大编号"
    )
    minutes: bounded(MINUTES_MAX_LENGTH) = Field("", description="会议纪要")


class CoordinationOut(LateFields):
    id: int
    congress: int = Field(alias="congress_id")
    year: int
    quarter: int
    date: dt.date
    participants: list[int]
    levels_present: list[str]
    minutes: str

    @staticmethod
    def resolve_participants(obj) -> list[int]:
        return sorted(c.pk for c in obj.participants.all())

    @staticmethod
    def resolve_levels_present(obj) -> list[str]:
        return [str(label) for label in obj.levels_present]


class MeetingDetailOut(MeetingOut):
    actions: list[str] = Field(
        description=(
            "您现在可以做的：invite 邀请列席、remove_observer 撤销邀请、"
            "record_attendance 登记出席（会后）"
        )
    )
    events: list[TimelineOut] = Field(description="时间线")


# Late entries (补录) ----------------------------------------------------------------


class LateEntryOut(Schema):
    kind: str = Field(description=choices_text(LateEntryKind))
    id: int
    congress: int
    date: dt.date
    label: str
    confirmed: bool
    reason: str
    actions: list[str] = Field(description="confirm_late 确认补录")


class LateEntryQuery(Schema):
    all: bool = Field(False, description="包括已确认的补录")


class LateConfirmIn(Schema):
    reason: Annotated[
        str, StringConstraints(min_length=1, max_length=500), AfterValidator(_multiline)
    ] = Field(description="确认理由")


# The rules dashboard and statistics ---------------------------------------------


class PeriodQuery(Schema):
    congress: int | None = Field(
        None, ge=1, le=MAX_ID, description="人大编号；缺省为您工作范围内的第一个人大"
    )
    year: int | None = Field(None, ge=2000, le=2100, description="年度；缺省为今年")


class RulesQuery(PeriodQuery):
    half: Literal["H1", "H2"] | None = Field(
        None, description="H1 上半年、H2 下半年；缺省为当前半年（往年为下半年）"
    )


class RuleItemOut(Schema):
    label: str = Field(description="联络站名称、班子成员姓名、会次、季度或诉求回执编号")
    value: int = Field(
        description=(
            "接待日举行次数、有联系记录的联系代表人数、参加活动次数、列席人数、"
            "调度会次数或超期天数"
        )
    )
    note: str
    url: str = Field(description="对应记录的页面")
    object_id: int = Field(description="对象编号；调度会规则为季度（1-4）")


class RuleLateOut(Schema):
    kind: str = Field(description=choices_text(LateEntryKind))
    object_id: int
    label: str
    date: dt.date
    confirmed: bool
    reason: str
    note: str


class RuleOut(Schema):
    key: str = Field(
        description=(
            "reception_days 接待日、leader_contacts 联系代表、group_activities "
            "小组活动、meeting_observers 列席代表、coordination_meetings 调度会、"
            "overdue_requests 超期诉求"
        )
    )
    title: str
    description: str
    threshold: int | None
    period_label: str
    total: int
    kept: int
    broken: list[RuleItemOut]
    at_risk: list[RuleItemOut] = Field(description="进行中的期间内可能未达标的对象")
    late: list[RuleLateOut] = Field(
        description="本期间的补录：待确认的不计入，已确认的计入并标明"
    )


class RulesOut(Schema):
    congress_id: int
    year: int
    half: str
    today: dt.date
    late_pending: int = Field(description="本期间待确认的补录条数")
    rules: list[RuleOut]


class LevelOut(Schema):
    level: str
    label: str
    deputies: int
    attendees: int
    best_day: dt.date | None
    best_day_count: int
    best_day_text: str


class StationFiguresOut(Schema):
    station_id: int
    name: str
    days_held: int
    attendees: int
    requests_received: int
    requests_grassroots: int
    requests_converted: int
    requests_on_the_spot: int
    requests_answered: int


class LeaderFiguresOut(Schema):
    member_id: int
    name: str
    visits: int
    contacts: int
    opinions: int


class MeetingFiguresOut(Schema):
    meeting_id: int
    number: int
    date: dt.date
    invited: int
    attended: int
    late: int = Field(description="补录的列席邀请（含待确认的）")
    meets_rule: bool = Field(description="计入的列席代表是否达到规定人数")


class LateFiguresOut(Schema):
    kind: str = Field(description=choices_text(LateEntryKind))
    label: str
    pending: int
    confirmed: int


class LiaisonStatsOut(Schema):
    congress_id: int
    year: int
    min_meeting_observers: int
    days_held: int
    requests_received: int
    requests_routed: int
    requests_answered: int
    visits: int
    observers_invited: int
    observers_attended: int
    meetings_short_of_observers: int
    coordination_meetings: int
    levels: list[LevelOut]
    stations: list[StationFiguresOut]
    leaders: list[LeaderFiguresOut]
    meetings: list[MeetingFiguresOut]
    late_entries: list[LateFiguresOut]
