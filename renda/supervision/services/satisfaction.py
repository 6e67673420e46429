"""Satisfaction tests (满意度测评) of a handling report, a unit's work (票决评议)
or a work report: the figures checked, the result by the congress's rule, and on
不满意 the rule's action (report again: the opinion back to SENT in a new round).

Shaped as ``followup``'s services are (lock, permission, input, transition, one
timeline event that writes the audit row, notices after the commit).
"""

from __future__ import annotations

from django.db import transaction

from renda.congresses.models import CommitteeMember
from renda.core.errors import Conflict
from renda.core.state import transition

from .. import rules
from ..choices import (
    ItemStatus,
    SupervisionKind,
    TestResult,
    TestSubject,
    UnsatisfiedAction,
)
from ..events import followup as ev
from ..models import SatisfactionTest, SupervisionItem
from ..notices import followup as notices
from ..notices.base import schedule
from .common import NAME_MAX_LENGTH, clean_count, clean_date, clean_text, invalid, lock
from .followup import lock_opinion, require_staff, unit_of


def current_members_count(congress) -> int:
    """The members of the congress's current standing committee."""
    term = congress.current_term()
    if term is None:
        return 0
    return CommitteeMember.objects.filter(standing_committee__term=term).count()


SUBJECT_OF_KIND = {
    SupervisionKind.VOTE_EVALUATION: TestSubject.UNIT_WORK,
    SupervisionKind.WORK_REPORT: TestSubject.WORK_REPORT,
}


@transaction.atomic
def satisfaction_test_record(
    *,
    item,
    held_on,
    present: int,
    satisfied: int,
    basically_satisfied: int,
    unsatisfied: int,
    actor,
    opinion=None,
    unit_id=None,
    members_total: int | None = None,
    meeting_name: str = "",
    vote=None,
) -> SatisfactionTest:
    """Record a test's figures; the result follows the congress's rule.

    With an opinion: a test of its handling report (the opinion REPORTED). Without:
    a 票决评议 of a unit's work (VOTE_EVALUATION) or a test of a work report.
    On 不满意 the rule's action follows (report again: the opinion back to SENT
    in a new round with a new deadline).

    With ``vote``: the figures come from that closed SATISFACTION vote of a
    committee meeting (supervision's vote-closed hook); a vote closed by the
    schedule has no actor, and the system records the test.
    """
    item = lock(SupervisionItem, item.pk)
    if vote is None or actor is not None:
        require_staff(actor, item)
    congress = item.congress
    if opinion is not None:
        opinion = lock_opinion(opinion)
        if opinion.item_id != item.pk:
            raise invalid("该审议意见不属于本监督事项。", "opinion")
        transition(opinion, "test")
        unit = opinion.unit
        subject = TestSubject.HANDLING_REPORT
    else:
        subject = SUBJECT_OF_KIND.get(item.kind)
        if subject is None:
            raise invalid(
                "只有票决评议或专项工作报告可以不依审议意见进行测评，请选择审议意见。",
                "opinion",
            )
        if item.status in (ItemStatus.PLANNED, ItemStatus.CANCELLED):
            raise Conflict(
                "监督事项进行后才能登记测评。", code="supervision.test_item_not_started"
            )
        unit = unit_of(unit_id)
    held_on = clean_date(held_on, field="held_on", label="测评日期")
    if members_total is None:
        members_total = current_members_count(congress)
    members_total = clean_count(
        members_total, field="members_total", label="组成人员总数"
    )
    present = clean_count(present, field="present", label="出席人数")
    satisfied = clean_count(satisfied, field="satisfied", label="满意票数")
    basically_satisfied = clean_count(
        basically_satisfied, field="basically_satisfied", label="基本满意票数"
    )
    unsatisfied = clean_count(unsatisfied, field="unsatisfied", label="不满意票数")
    if members_total == 0:
        raise invalid("请填写组成人员总数。", "members_total")
    if present > members_total:
        raise invalid(
            f"出席人数（{present}）不能超过组成人员总数（{members_total}）。", "present"
        )
    votes = satisfied + basically_satisfied + unsatisfied
    if votes > present:
        raise invalid(
            f"满意、基本满意、不满意票数之和（{votes}）不能超过出席人数（{present}）。",
            "satisfied",
        )
    outcome = rules.satisfaction_outcome(
        congress,
        members_total=members_total,
        present=present,
        satisfied=satisfied,
        basically_satisfied=basically_satisfied,
        unsatisfied=unsatisfied,
    )
    action = ""
    action_due = None
    if outcome.result == TestResult.UNSATISFIED:
        action = rules.unsatisfied_action(congress)
        if action == UnsatisfiedAction.REPORT_AGAIN:
            action_due = rules.report_again_due(congress, held_on)
    test = SatisfactionTest.objects.create(
        item=item,
        opinion=opinion,
        unit=unit,
        subject=subject,
        held_on=held_on,
        meeting_name=clean_text(
            meeting_name,
            field="meeting_name",
            label="会议",
            max_length=NAME_MAX_LENGTH,
            required=False,
        ),
        members_total=members_total,
        present=present,
        satisfied=satisfied,
        basically_satisfied=basically_satisfied,
        unsatisfied=unsatisfied,
        denominator=outcome.denominator,
        result=outcome.result,
        action=action,
        action_due=action_due.due if action_due else None,
        vote=vote,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ev.followup_event(
        ev.TEST_RECORDED,
        item=item,
        actor=actor,
        data={
            "test": test.pk,
            "opinion": opinion.pk if opinion else None,
            "unit": unit.name,
            "held_on": held_on.isoformat(),
            "result": outcome.result,
            "satisfied": satisfied,
            "base": outcome.base,
            "action": action,
        },
    )
    if action == UnsatisfiedAction.REPORT_AGAIN and opinion is not None:
        changed = transition(opinion, "report_again")
        opinion.round += 1
        opinion.report_due = action_due.due
        opinion.report_due_provisional = action_due.provisional
        opinion.save(
            update_fields=[
                *changed,
                "round",
                "report_due",
                "report_due_provisional",
                "updated_at",
            ]
        )
        ev.followup_event(
            ev.OPINION_REPORT_AGAIN,
            item=item,
            actor=actor,
            data=ev.opinion_data(
                opinion, round=opinion.round, report_due=action_due.due.isoformat()
            ),
        )
    if action:
        schedule(
            notices.unsatisfied_action_notice,
            opinion.pk if opinion else None,
            item.pk,
            unit.pk,
            action,
            test.pk,
            actor=actor,
        )
    return test
