"""The law of meetings and votes, as named predicates over counts.

- Quorum (Organic Law of Local People's Congresses and Governments art. 56 and
  the committees' rules of procedure): a standing committee meeting is held only
  when MORE THAN HALF OF ALL its members are present. Not of those expected,
  not of those not on leave: of all members in office.
- A motion passes when FOR is more than half of ALL members in office on the
  vote's date, whatever the attendance (38 of 76 fails, 39 passes). A member
  who does not vote is counted as 未按 (not voting), never as a choice.
- A satisfaction test (满意度测评) is 满意 when 满意 + 基本满意 is more than half of
  all members; the grades counted and the denominator are per-congress
  settings (some counties count 满意 alone, or those present).

Per-congress values sit in ``RENDA_MEETING_RULES`` keyed by the congress's
region code, with ``"default"`` for the deployment (as RENDA_SUPERVISION_RULES,
docs/decisions/0006), read at call time so override_settings changes every
surface at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from renda.congresses.choices import LEADERSHIP_ROLES

from .choices import Choice, Grade, MeetingKind, VoteResult

# Which grades count towards a 满意 result.
SATISFIED_OR_BASIC = "SATISFIED_OR_BASIC"
SATISFIED_ONLY = "SATISFIED_ONLY"
GRADE_RULES = {
    SATISFIED_OR_BASIC: "满意与基本满意票之和",
    SATISFIED_ONLY: "满意票",
}
# The denominator of a satisfaction test: all members, or those present.
ALL_MEMBERS = "ALL"
PRESENT_MEMBERS = "PRESENT"
DENOMINATORS = {ALL_MEMBERS: "全体组成人员", PRESENT_MEMBERS: "出席人员"}

DEFAULTS: dict[str, object] = {
    "satisfaction_grades": SATISFIED_OR_BASIC,
    "satisfaction_denominator": ALL_MEMBERS,
    # Whether a member may change their ballot until the vote closes.
    "ballots_changeable": False,
    # Papers reach the members this many days before the meeting (Supervision
    # Law art. 14: a work report 7 days before); other papers the same unless set.
    "papers_days_before": {"WORK_REPORT": 7, "default": 7},
    # An online vote's default window, in hours.
    "online_vote_hours": 24,
    # 票决评议 grading: a unit fails when any item was rated 不满意 by its
    # deputies, or answered more than this many months after assignment, or the
    # committee's vote is 不满意; it is excellent when the committee's 满意
    # votes alone are more than this share of all members.
    "evaluation_fail_on_unsatisfied_item": True,
    "evaluation_fail_answer_months": 6,
    "evaluation_excellent_share": 0.8,
}


def _region_code(congress) -> str:
    region = getattr(congress, "region", None)
    return getattr(region, "code", "") or ""


def rule(name: str, congress=None):
    """Return the value of a rule for a congress (its region's, else the default)."""
    configured = getattr(settings, "RENDA_MEETING_RULES", {}) or {}
    if congress is not None:
        own = configured.get(_region_code(congress), {})
        if name in own:
            return own[name]
    default = configured.get("default", {})
    if name in default:
        return default[name]
    return DEFAULTS[name]


# Quorum and the all-member rule --------------------------------------------------


def more_than_half(count: int, of: int) -> bool:
    """Whether ``count`` is more than half of ``of`` (38 of 76 is not, 39 is)."""
    return of > 0 and count * 2 > of


def quorum_needed(members: int) -> int:
    """The fewest members present for a quorum: more than half of all members."""
    return members // 2 + 1


def quorum_met(present: int, members: int) -> bool:
    """Whether a meeting of ``members`` members may open with ``present`` present."""
    return more_than_half(present, members)


def members_in_office(standing_committee, on: dt.date) -> QuerySet:
    """Return the members of a standing committee in office on a date."""
    return standing_committee.members.filter(
        Q(took_office_on__isnull=True) | Q(took_office_on__lte=on),
        Q(left_office_on__isnull=True) | Q(left_office_on__gt=on),
    )


def meeting_members(meeting, on: dt.date | None = None) -> QuerySet:
    """Return the members of a meeting in office on ``on`` (its date by default):
    all members for the standing committee's (or presidium's) meeting; for the
    chairpersons' meeting (主任会议), its members only — the director, deputy
    directors and secretary-general (地方组织法 art. 54)."""
    members = members_in_office(meeting.standing_committee, on or meeting.date)
    if meeting.kind == MeetingKind.CHAIRPERSONS:
        members = members.filter(role__in=LEADERSHIP_ROLES)
    return members


# Results --------------------------------------------------------------------------


@dataclass(frozen=True)
class MotionTally:
    electorate: int
    for_count: int
    against_count: int
    abstain_count: int

    @property
    def cast(self) -> int:
        return self.for_count + self.against_count + self.abstain_count

    @property
    def not_voting(self) -> int:
        """Members who did not vote (未按): never counted as a choice."""
        return self.electorate - self.cast

    @property
    def passed(self) -> bool:
        return more_than_half(self.for_count, self.electorate)

    @property
    def result(self) -> str:
        return VoteResult.PASSED if self.passed else VoteResult.FAILED

    @property
    def needed(self) -> int:
        return quorum_needed(self.electorate)


def motion_tally(counts: dict[str, int], electorate: int) -> MotionTally:
    """Tally a motion: FOR must be more than half of ALL members (``electorate``)."""
    tally = MotionTally(
        electorate=electorate,
        for_count=counts.get(Choice.FOR, 0),
        against_count=counts.get(Choice.AGAINST, 0),
        abstain_count=counts.get(Choice.ABSTAIN, 0),
    )
    if tally.cast > electorate:
        raise ValueError("more ballots than members")
    return tally


@dataclass(frozen=True)
class GradeTally:
    electorate: int
    present: int | None
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    grades_rule: str = SATISFIED_OR_BASIC
    denominator_rule: str = ALL_MEMBERS

    @property
    def cast(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    @property
    def not_voting(self) -> int:
        return self.electorate - self.cast

    @property
    def counted(self) -> int:
        """The votes that count towards 满意 under the congress's rule."""
        if self.grades_rule == SATISFIED_ONLY:
            return self.satisfied
        return self.satisfied + self.basically_satisfied

    @property
    def denominator(self) -> int:
        if self.denominator_rule == PRESENT_MEMBERS and self.present is not None:
            return self.present
        return self.electorate

    @property
    def result(self) -> str:
        if more_than_half(self.counted, self.denominator):
            return VoteResult.SATISFIED
        return VoteResult.UNSATISFIED


def grade_tally(
    counts: dict[str, int],
    electorate: int,
    *,
    present: int | None = None,
    grades_rule: str = SATISFIED_OR_BASIC,
    denominator_rule: str = ALL_MEMBERS,
) -> GradeTally:
    """Tally a satisfaction test (满意 / 基本满意 / 不满意) over the rule's denominator."""
    tally = GradeTally(
        electorate=electorate,
        present=present,
        satisfied=counts.get(Grade.SATISFIED, 0),
        basically_satisfied=counts.get(Grade.BASICALLY_SATISFIED, 0),
        unsatisfied=counts.get(Grade.UNSATISFIED, 0),
        grades_rule=grades_rule,
        denominator_rule=denominator_rule,
    )
    if tally.cast > electorate:
        raise ValueError("more ballots than members")
    return tally


def paper_days_before(agenda_kind: str, congress=None) -> int:
    """Days before the meeting a paper of this kind of item must reach members."""
    days = rule("papers_days_before", congress)
    return int(days.get(agenda_kind, days.get("default", 7)))


def paper_due_date(meeting_date: dt.date, agenda_kind: str, congress=None) -> dt.date:
    """The day a paper must reach the members (counted back from the meeting)."""
    return meeting_date - dt.timedelta(days=paper_days_before(agenda_kind, congress))
