"""Satisfaction tests (满意度测评) from the committee's votes.

Registered in ``SupervisionConfig.ready`` with meetings' ``register_vote_closed``:
when a SATISFACTION vote closes and its agenda item's subject is a supervision
review opinion (a test of its handling report) or a supervision item (a test of
a work report or a 票决评议 of its one target unit), the test is recorded from
the vote's figures through ``satisfaction_test_record``, linked to the vote, so
that a 不满意 result sets off what the congress configured (report again...).

Called inside the vote's closing transaction: a refusal here rolls the close
back, except where the subject cannot take a test now (then staff record it
by hand), which is skipped rather than holding the vote open.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from renda.core.state import allowed
from renda.meetings.choices import VoteKind, VoteMode, VoteStatus

from .models import ReviewOpinion, SatisfactionTest, SupervisionItem
from .services.satisfaction import SUBJECT_OF_KIND, satisfaction_test_record

logger = logging.getLogger(__name__)

MEETING_NAME_MAX_LENGTH = 100


def _subject_of(vote):
    item = vote.agenda_item
    if item is None or item.subject_type_id is None:
        return None
    return item.subject


def _figures(vote) -> dict:
    satisfied = vote.satisfied_count or 0
    basically = vote.basically_satisfied_count or 0
    unsatisfied = vote.unsatisfied_count or 0
    present = vote.present_count
    if present is None:
        # An online vote (网络表决) has no one present: those who voted are.
        present = satisfied + basically + unsatisfied
    return {
        "members_total": vote.electorate_size or 0,
        "present": present,
        "satisfied": satisfied,
        "basically_satisfied": basically,
        "unsatisfied": unsatisfied,
    }


def _held_on(vote):
    """The meeting's day; an online vote's, the day it closed."""
    if vote.mode == VoteMode.ONLINE and vote.closed_at is not None:
        return timezone.localdate(vote.closed_at)
    return vote.meeting.date


def record_test_from_vote(*, vote, actor) -> SatisfactionTest | None:
    """Record the supervision test a closed SATISFACTION vote decided, if any."""
    if vote.kind != VoteKind.SATISFACTION or vote.status != VoteStatus.CLOSED:
        return None
    subject = _subject_of(vote)
    if not isinstance(subject, (ReviewOpinion, SupervisionItem)):
        return None
    if SatisfactionTest.objects.filter(vote=vote).exists():
        return None
    item = subject.item if isinstance(subject, ReviewOpinion) else subject
    if item.congress_id != vote.meeting.standing_committee.term.congress_id:
        logger.warning("Vote %s closed on another congress's item %s", vote.pk, item.pk)
        return None
    common = {
        "held_on": _held_on(vote),
        "meeting_name": str(vote.meeting)[:MEETING_NAME_MAX_LENGTH],
        "vote": vote,
        "actor": actor,
        **_figures(vote),
    }
    if isinstance(subject, ReviewOpinion):
        if not allowed(subject, "test"):
            logger.warning(
                "Vote %s closed on opinion %s, which cannot take a test now",
                vote.pk,
                subject.pk,
            )
            return None
        return satisfaction_test_record(item=subject.item, opinion=subject, **common)
    units = list(subject.target_units.all()[:2])
    if subject.kind not in SUBJECT_OF_KIND or len(units) != 1:
        logger.warning(
            "Vote %s closed on item %s: not a one-unit report or evaluation",
            vote.pk,
            subject.pk,
        )
        return None
    return satisfaction_test_record(item=subject, unit_id=units[0], **common)


def on_vote_closed(*, vote, actor) -> None:
    record_test_from_vote(vote=vote, actor=actor)
