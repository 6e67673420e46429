"""The rules of supervision work, per congress, read from settings at call time.

Every period and threshold is a per-congress setting, because provinces differ
(docs/decisions/0006-supervision-rules.md). ``RENDA_SUPERVISION_RULES`` maps a
congress's region code (GB/T 2260, e.g. "220400") to the values that differ
there from the defaults below, and ``"default"`` to deployment-wide values::

    RENDA_SUPERVISION_RULES = {
        "default": {"handling_report_months": 3},
        "220400": {"handling_report_months": 2},
    }

Services, selectors, pages, the API and the daily job ask these functions, so
``override_settings`` in a test changes every surface at once. Legal periods are
counted by ``renda.legal_calendar`` (holidays and make-up workdays).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from renda.congresses.choices import Level
from renda.core.ratelimit import Limit, address_value
from renda.legal_calendar.calendar import DueDate, due_date, is_working_day

from .choices import TestResult, UnsatisfiedAction, WorkReportStep

# The defaults, named by the law or by common practice -----------------------------

DEFAULTS: dict[str, object] = {
    # Work reports, counted back in days from the meeting that hears them
    # (Supervision Law art. 14-15): opinions gathered and passed to the body,
    # the draft to the lead committee, the revised report to the committee,
    # the report distributed to the members.
    "opinions_sent_days_before": 30,
    "draft_received_days_before": 20,
    "revised_received_days_before": 10,
    "distributed_days_before": 7,
    # Review opinions compiled within this many working days of the hearing.
    "opinions_compiled_working_days": 5,
    # The body's handling report (研究处理情况报告) is due this many months after
    # the opinions are sent (Jilin practice 3; 2 or 6 elsewhere), with one
    # extension of at most this many months approved by the chairpersons' meeting.
    "handling_report_months": 3,
    "handling_extension_max_months": 3,
    "handling_extensions_allowed": 1,
    # A handling report due within this many days shows as "due soon".
    "due_soon_days": 15,
    # Satisfaction tests: the denominator ("ALL" members, or those "PRESENT"),
    # what a 不满意 result triggers, and the deadline of a second report.
    "satisfaction_denominator": "ALL",
    "unsatisfied_action": UnsatisfiedAction.REPORT_AGAIN.value,
    "report_again_months": 2,
    # Interpellation: members who must sign it, by the level of the congress
    # (art. 40 of the Supervision Law; 10 nationally, 5 at provincial and
    # city level, 3 at county level).
    "interpellation_min_filers": {
        Level.NATIONAL.value: 10,
        Level.PROVINCIAL.value: 5,
        Level.MUNICIPAL.value: 5,
        Level.COUNTY.value: 3,
        Level.TOWNSHIP.value: 3,
    },
    # Special investigation: proposed by the chairpersons' meeting or at least
    # this fraction of all members (1/5).
    "special_investigation_min_fraction": [1, 5],
    # Resolutions: the execution report is due this many months after adoption
    # unless the resolution names a date.
    "resolution_report_months": 6,
    # Filing review: filed within 30 days of publication; form checked within 5
    # working days; a returned filing is refiled within 10 days; a written
    # request to correct gives the issuing body 2 months.
    "filing_days": 30,
    "filing_check_working_days": 5,
    "refile_days": 10,
    "correction_months": 2,
    # Topic calls: public proposals from one address per hour.
    "public_proposals_per_hour": 5,
    # Across all addresses (renda.core.ratelimit, docs/security.md): a city's
    # topic call gathers tens to hundreds of proposals over weeks, so 300 a day
    # for one call; 审查建议 reach a congress a few a month, so 50 a day.
    "public_proposals_per_call_per_day": 300,
    "public_suggestions_per_congress_per_day": 50,
}


def _values(congress) -> dict:
    configured = getattr(settings, "RENDA_SUPERVISION_RULES", {}) or {}
    values = dict(DEFAULTS)
    values.update(configured.get("default", {}))
    if congress is not None:
        code = getattr(getattr(congress, "region", None), "code", None)
        if code is not None:
            values.update(configured.get(str(code), {}))
    return values


def rule(congress, name: str):
    """Return the value of rule ``name`` for ``congress`` (None: the defaults)."""
    if name not in DEFAULTS:
        raise KeyError(f"No supervision rule {name!r}")
    return _values(congress)[name]


# The work-report clock -------------------------------------------------------------

STEP_RULES = {
    WorkReportStep.OPINIONS_SENT: "opinions_sent_days_before",
    WorkReportStep.DRAFT_RECEIVED: "draft_received_days_before",
    WorkReportStep.REVISED_RECEIVED: "revised_received_days_before",
    WorkReportStep.DISTRIBUTED: "distributed_days_before",
}


def days_before(meeting: dt.date, days: int) -> DueDate:
    """Return the last working day at least ``days`` calendar days before ``meeting``.

    A deadline counted back that falls on a rest day moves to the working day
    before it, so that the step is done in time for the meeting; it is
    provisional when a year the holiday calendar does not know decided it.
    """
    day = meeting - dt.timedelta(days=days)
    provisional = False
    while True:
        answer = is_working_day(day)
        provisional = provisional or answer.provisional
        if answer.working:
            return DueDate(day, provisional)
        day -= dt.timedelta(days=1)


def work_report_step_due(congress, meeting: dt.date, step: str) -> DueDate:
    """Return the due day of one step of the work-report clock."""
    return days_before(meeting, int(rule(congress, STEP_RULES[WorkReportStep(step)])))


def opinions_compile_due(congress, heard_on: dt.date) -> DueDate:
    """Return the day review opinions should be compiled by (working days)."""
    return due_date(
        heard_on, working_days=int(rule(congress, "opinions_compiled_working_days"))
    )


def handling_report_due(congress, sent_on: dt.date) -> DueDate:
    """Return the handling report's deadline for opinions sent on ``sent_on``."""
    return due_date(sent_on, months=int(rule(congress, "handling_report_months")))


def handling_extension_due(congress, current_due: dt.date, months: int) -> DueDate:
    """Return the deadline after an extension of ``months`` from the current one."""
    return due_date(current_due, months=months)


def report_again_due(congress, tested_on: dt.date) -> DueDate:
    """Return the deadline of a second report after a 不满意 result."""
    return due_date(tested_on, months=int(rule(congress, "report_again_months")))


def due_soon(congress, due: dt.date | None, today: dt.date) -> bool:
    """Tell whether a deadline is near (within ``due_soon_days``) and not passed."""
    if due is None:
        return False
    return (
        today <= due <= today + dt.timedelta(days=int(rule(congress, "due_soon_days")))
    )


# Interpellation, special investigation, resolutions, satisfaction tests -------------


def interpellation_min_filers(congress) -> int:
    """Return how many members must sign an interpellation in this congress."""
    table = rule(congress, "interpellation_min_filers")
    return int(table.get(congress.level, table.get(Level.MUNICIPAL.value, 5)))


def interpellation_needs_second_answer(filers_not_satisfied: int, filers: int) -> bool:
    """More than half of the filers not satisfied: a second answer is required."""
    return filers > 0 and filers_not_satisfied * 2 > filers


def special_investigation_min_proposers(congress, members_total: int) -> int:
    """Return the least number of members whose proposal opens an investigation."""
    numerator, denominator = rule(congress, "special_investigation_min_fraction")
    # "At least one fifth": the smallest whole number n with n / total >= 1/5.
    return -(-members_total * int(numerator) // int(denominator))


def majority_of_all(members_total: int, votes_for: int) -> bool:
    """A motion passes when FOR is more than half of ALL members (never of those present)."""
    return votes_for * 2 > members_total


def resolution_report_due(congress, adopted_on: dt.date) -> DueDate:
    """Return the default deadline of the report on a resolution's execution."""
    return due_date(adopted_on, months=int(rule(congress, "resolution_report_months")))


@dataclass(frozen=True)
class SatisfactionOutcome:
    result: str
    denominator: str
    base: int
    satisfied_rate: float  # 满意 + 基本满意 over the base


def satisfaction_outcome(
    congress,
    *,
    members_total: int,
    present: int,
    satisfied: int,
    basically_satisfied: int,
    unsatisfied: int,
) -> SatisfactionOutcome:
    """Compute a satisfaction test's result over the rule's denominator.

    满意 when 满意 alone is more than half of the base; 基本满意 when 满意 and
    基本满意 together are; otherwise 不满意. With the default denominator (all
    members) a member who is absent or does not vote counts against.
    """
    denominator = str(rule(congress, "satisfaction_denominator"))
    base = present if denominator == "PRESENT" else members_total
    if base <= 0:
        return SatisfactionOutcome(TestResult.UNSATISFIED, denominator, base, 0.0)
    if satisfied * 2 > base:
        result = TestResult.SATISFIED
    elif (satisfied + basically_satisfied) * 2 > base:
        result = TestResult.BASICALLY_SATISFIED
    else:
        result = TestResult.UNSATISFIED
    return SatisfactionOutcome(
        result, denominator, base, round((satisfied + basically_satisfied) / base, 4)
    )


def unsatisfied_action(congress) -> str:
    return str(rule(congress, "unsatisfied_action"))


# Filing review --------------------------------------------------------------------


def filing_due(congress, published_on: dt.date) -> DueDate:
    """Return the last day to file a document published on ``published_on``."""
    return due_date(published_on, days=int(rule(congress, "filing_days")))


def filing_is_late(congress, published_on: dt.date, filed_on: dt.date) -> bool:
    """A filing after the last day (day 31 with the default 30) is late."""
    return filed_on > filing_due(congress, published_on).due


def filing_check_due(congress, filed_on: dt.date) -> DueDate:
    return due_date(
        filed_on, working_days=int(rule(congress, "filing_check_working_days"))
    )


def refile_due(congress, returned_on: dt.date) -> DueDate:
    return due_date(returned_on, days=int(rule(congress, "refile_days")))


def correction_due(congress, requested_on: dt.date) -> DueDate:
    return due_date(requested_on, months=int(rule(congress, "correction_months")))


def public_proposals_per_hour(congress=None) -> int:
    return int(rule(congress, "public_proposals_per_hour"))


# The public forms' rate limits (renda.core.ratelimit) ---------------------------------

PROPOSAL_ADDRESS_SCOPE = "supervision.topic_form.address"
PROPOSAL_CALL_SCOPE = "supervision.topic_form.call_day"
SUGGESTION_ADDRESS_SCOPE = "supervision.filing_form.address"
SUGGESTION_CONGRESS_SCOPE = "supervision.filing_form.congress_day"
_HOUR = dt.timedelta(hours=1)
_DAY = dt.timedelta(days=1)


def public_proposal_limits(call, address: str | None) -> list[Limit]:
    """Return the topic form's limits: per address an hour, per call a day."""
    return [
        Limit(
            scope=PROPOSAL_ADDRESS_SCOPE,
            value=address_value(address),
            limit=public_proposals_per_hour(call.congress),
            window=_HOUR,
            message="提交过于频繁，请一小时后再试。",
        ),
        Limit(
            scope=PROPOSAL_CALL_SCOPE,
            value=str(call.pk),
            limit=int(rule(call.congress, "public_proposals_per_call_per_day")),
            window=_DAY,
            message="本次议题征集今天收到的建议已达上限，内容没有保存，请明天再提交。",
        ),
    ]


def public_suggestion_address_limit(address: str | None) -> Limit:
    """Return the 审查建议 form's limit per address an hour (the default rules)."""
    return Limit(
        scope=SUGGESTION_ADDRESS_SCOPE,
        value=address_value(address),
        limit=public_proposals_per_hour(),
        window=_HOUR,
        message="同一网络一小时内的提交次数已达上限，请一小时后再试。",
    )


def public_suggestion_limits(congress, address: str | None) -> list[Limit]:
    """Return the 审查建议 form's limits: per address an hour, per congress a day."""
    return [
        public_suggestion_address_limit(address),
        Limit(
            scope=SUGGESTION_CONGRESS_SCOPE,
            value=str(congress.pk),
            limit=int(rule(congress, "public_suggestions_per_congress_per_day")),
            window=_DAY,
            message=f"{congress}今天收到的网上审查建议已达上限，内容没有保存，请明天再提交。",
        ),
    ]


# The same text from the same client within this many minutes is one proposal
# sent twice (the same setting as the stations' QR form; core.repeats).
PUBLIC_REPEAT_MINUTES = 10


def public_repeat_window() -> dt.timedelta:
    """Return how long the same text from the same client counts as sent twice."""
    minutes = getattr(settings, "RENDA_PUBLIC_FORM_DUPLICATE_MINUTES", None)
    return dt.timedelta(
        minutes=int(PUBLIC_REPEAT_MINUTES if minutes is None else minutes)
    )
