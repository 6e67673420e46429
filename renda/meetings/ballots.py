"""Ballot trackers and the hash chains that let anyone recount a vote.

- A **tracker** (回执码) is 12 digits (11 random, a Damm check digit) like the
  residents' receipt numbers, shown once to the voter and published on the
  bulletin after close.
- **Participations** (who voted) are chained in the order cast: each row's hash
  covers the vote, its sequence number, the member, the time and the previous
  row's hash, starting from the vote's genesis hash.
- **Ballots** (what was voted) are chained only when the vote closes, in tracker
  order — random, so their order says nothing of when each was cast — and
  re-inserted in that order so that not even the storage's physical order keeps
  the order of casting.
- The vote's **chain head** covers both heads, the electorate and the tally; it
  is published on the bulletin. ``verify_vote`` recomputes everything from the
  stored rows: any row edited, deleted or added makes it fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections import Counter
from dataclasses import dataclass, field

from renda.core import receipts

from . import rules
from .choices import GRADED_KINDS, VoteMode, VoteStatus


def new_tracker() -> str:
    """Return a fresh random tracker: 11 random digits and a Damm check digit, the
    receipt numbers residents already read aloud (docs/decisions/0008)."""
    return receipts.new_receipt_number()


def format_tracker(tracker: str) -> str:
    """Group a tracker for reading aloud: 2020 1234 5678."""
    return receipts.format_receipt_number(tracker)


def normalize_tracker(text: str) -> str:
    """Read a tracker as typed: full-width digits, spaces and dashes folded."""
    return receipts.receipt_lookup_key(text)


def tracker_problem(text: str) -> str | None:
    """Why a typed tracker cannot be one (wrong length, a digit mistyped), else None."""
    number = normalize_tracker(text)
    if not number.isdigit():
        return f"回执码是 {receipts.RECEIPT_DIGITS} 位数字，请核对。"
    problem = receipts.receipt_number_problem(number)
    if problem == receipts.WRONG_LENGTH_MESSAGE:
        return f"回执码是 {receipts.RECEIPT_DIGITS} 位数字，请核对。"
    if problem is not None:
        return "回执码校验位不符，可能有一位抄错了，请核对。"
    return None


def new_change_key() -> str:
    """A key shown once to a voter who may change their ballot (never stored)."""
    return secrets.token_urlsafe(12)


def digest(data) -> str:
    """SHA-256 of a canonical JSON form (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_hash(change_key: str) -> str:
    return hashlib.sha256(f"renda-change-key:{change_key}".encode()).hexdigest()


def genesis(vote) -> str:
    """The hash both chains of a vote start from."""
    return digest({"renda_vote": vote.pk, "kind": vote.kind, "mode": vote.mode})


def participation_hash(
    *, vote_id: int, seq: int, member_id: int, cast_at, prev: str
) -> str:
    return digest(
        {
            "vote": vote_id,
            "seq": seq,
            "member": member_id,
            # In UTC, as the database gives it back (a local-zone time hashes alike).
            "cast_at": cast_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "prev": prev,
        }
    )


def ballot_hash(
    *, vote_id: int, position: int, tracker: str, choice: str, prev: str
) -> str:
    return digest(
        {
            "vote": vote_id,
            "pos": position,
            "tracker": tracker,
            "choice": choice,
            "prev": prev,
        }
    )


def head_hash(*, vote, participation_head: str, ballot_head: str, counts: dict) -> str:
    """The published head: both chains, the electorate, the tally and the result."""
    return digest(
        {
            "vote": vote.pk,
            "participations": participation_head,
            "ballots": ballot_head,
            "electorate": vote.electorate_size,
            "present": vote.present_count,
            "counts": dict(sorted(counts.items())),
            "result": vote.result,
            "tellers": [vote.teller_one, vote.teller_two]
            if vote.mode == VoteMode.TALLY
            else [],
        }
    )


def chain_ballots(vote, ballots) -> tuple[list, str]:
    """Order ballots by tracker, set each one's position and chain hash; return
    them and the ballot chain's head."""
    prev = genesis(vote)
    ordered = sorted(ballots, key=lambda b: b.tracker)
    for position, ballot in enumerate(ordered, start=1):
        ballot.position = position
        ballot.chain_hash = ballot_hash(
            vote_id=vote.pk,
            position=position,
            tracker=ballot.tracker,
            choice=ballot.choice,
            prev=prev,
        )
        prev = ballot.chain_hash
    return ordered, prev


def stored_counts(vote) -> dict[str, int]:
    """The tally as stored on the vote row, keyed by choice or grade."""
    if vote.kind in GRADED_KINDS:
        return {
            "SATISFIED": vote.satisfied_count or 0,
            "BASICALLY_SATISFIED": vote.basically_satisfied_count or 0,
            "UNSATISFIED": vote.unsatisfied_count or 0,
        }
    return {
        "FOR": vote.for_count or 0,
        "AGAINST": vote.against_count or 0,
        "ABSTAIN": vote.abstain_count or 0,
    }


def result_of(vote, counts: dict[str, int]) -> str:
    """Recount the result from counts by the rules the vote was created with."""
    if vote.kind in GRADED_KINDS:
        return rules.grade_tally(
            counts,
            vote.electorate_size,
            present=vote.present_count,
            grades_rule=vote.grade_rule or rules.SATISFIED_OR_BASIC,
            denominator_rule=vote.denominator_rule or rules.ALL_MEMBERS,
        ).result
    return rules.motion_tally(counts, vote.electorate_size).result


@dataclass
class Verification:
    vote_id: int
    problems: list[str] = field(default_factory=list)
    ballots: int = 0
    participations: int = 0
    chain_head: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_vote(vote) -> Verification:
    """Recompute a closed vote's chains, tally and head from its stored rows."""
    report = Verification(vote_id=vote.pk)
    if vote.status != VoteStatus.CLOSED:
        report.problems.append("表决尚未结束，不能核验。")
        return report
    if vote.mode == VoteMode.TALLY:
        counts = stored_counts(vote)
        participation_head = ballot_head = genesis(vote)
        if vote.participations.exists() or vote.ballots.exists():
            report.problems.append("录入结果的表决不应有电子选票或参与记录。")
    else:
        # Participations: consecutive, each linked to the one before.
        prev = genesis(vote)
        rows = list(vote.participations.order_by("seq"))
        report.participations = len(rows)
        electors = set(vote.electors.values_list("member_id", flat=True))
        for expected_seq, row in enumerate(rows, start=1):
            if row.seq != expected_seq:
                report.problems.append(f"参与记录序号{expected_seq}缺失或错位。")
                break
            if row.prev_hash != prev:
                report.problems.append(f"参与记录第{row.seq}条的前一哈希不符。")
                break
            computed = participation_hash(
                vote_id=vote.pk,
                seq=row.seq,
                member_id=row.member_id,
                cast_at=row.cast_at,
                prev=prev,
            )
            if computed != row.hash:
                report.problems.append(f"参与记录第{row.seq}条被改动。")
                break
            if row.member_id not in electors:
                report.problems.append(f"参与记录第{row.seq}条不是本次表决的组成人员。")
            prev = row.hash
        participation_head = prev
        # Ballots: in tracker order, positions 1..n, each chained.
        ballots = list(vote.ballots.all())
        report.ballots = len(ballots)
        stored = {b.pk: (b.position, b.chain_hash) for b in ballots}
        ordered, ballot_head = chain_ballots(vote, ballots)
        for ballot in ordered:
            if stored[ballot.pk] != (ballot.position, ballot.chain_hash):
                report.problems.append(
                    f"选票（回执码{format_tracker(ballot.tracker)}）被改动、增加或删除。"
                )
                break
        if len(ballots) != len(rows):
            report.problems.append(f"选票{len(ballots)}张与参与记录{len(rows)}条不符。")
        tally = Counter(b.choice for b in ballots)
        counts = stored_counts(vote)
        if {k: tally.get(k, 0) for k in counts} != counts or sum(tally.values()) != sum(
            counts.values()
        ):
            report.problems.append("选票计数与公布的表决结果不符。")
    if vote.electorate_size is not None and sum(counts.values()) > vote.electorate_size:
        report.problems.append("票数多于组成人员总数。")
    else:
        try:
            if result_of(vote, counts) != vote.result:
                report.problems.append(
                    "按全体组成人员过半数规则重新计算的结果与公布结果不符。"
                )
        except (ValueError, TypeError):
            report.problems.append("表决结果无法重新计算。")
    head = head_hash(
        vote=vote,
        participation_head=participation_head,
        ballot_head=ballot_head,
        counts=counts,
    )
    report.chain_head = head
    if vote.participation_head and vote.participation_head != participation_head:
        report.problems.append("参与记录链头与公布的不符。")
    if vote.ballot_head and vote.ballot_head != ballot_head:
        report.problems.append("选票链头与公布的不符。")
    if head != vote.chain_head:
        report.problems.append("公示链头与重新计算的不符。")
    return report
