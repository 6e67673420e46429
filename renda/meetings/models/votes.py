"""Votes and secret ballots (无记名投票).

A member's *participation* (that they voted) and their *ballot* (what was
voted) are two tables with nothing that joins them: a ballot has a random
primary key, no member, no timestamp and no order until the vote closes; only
its holder knows its tracker (回执码). Both are chained by hashes so that the
published bulletin can be recounted and any edited, deleted or added row is
found (docs/voting.md; renda.meetings.ballots).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import VOTE_STATES, VoteKind, VoteMode, VoteResult, VoteStatus


class Vote(BaseModel):
    """A vote on an agenda item: a motion (FOR / AGAINST / ABSTAIN) or a test
    with grades (满意 / 基本满意 / 不满意), electronic, online or a tally."""

    state_table = VOTE_STATES

    meeting = models.ForeignKey(
        "meetings.CommitteeMeeting",
        verbose_name=_("会议"),
        on_delete=models.PROTECT,
        related_name="votes",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
    )
    position = models.PositiveSmallIntegerField(_("表决顺序"), default=1)
    kind = models.CharField(_("表决事项类别"), max_length=16, choices=VoteKind.choices)
    mode = models.CharField(_("表决方式"), max_length=16, choices=VoteMode.choices)
    title = models.CharField(_("表决事项"), max_length=200)
    motion = models.TextField(_("议案内容"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=VoteStatus.choices, default=VoteStatus.DRAFT
    )
    # Rules in force when the vote was created, kept so the result can be
    # recounted the same way later (rules.py).
    ballots_changeable = models.BooleanField(_("结束前可改票"), default=False)
    grade_rule = models.CharField(_("满意度计算规则"), max_length=32, blank=True)
    denominator_rule = models.CharField(_("计算基数"), max_length=16, default="ALL")
    # An online vote's window (网络表决).
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    opened_at = models.DateTimeField(_("实际开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("实际结束时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)
    # Frozen when the vote opens: every member in office on the vote's date
    # (the denominator), and those present at the meeting.
    electorate_size = models.PositiveSmallIntegerField(
        _("组成人员总数"), null=True, blank=True
    )
    present_count = models.PositiveSmallIntegerField(
        _("出席人数"), null=True, blank=True
    )
    # The result, written once when the vote closes (or the tally is entered).
    for_count = models.PositiveSmallIntegerField(_("赞成"), null=True, blank=True)
    against_count = models.PositiveSmallIntegerField(_("反对"), null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True)
    satisfied_count = models.PositiveSmallIntegerField(_("满意"), null=True, blank=True)
    basically_satisfied_count = models.PositiveSmallIntegerField(
        _("基本满意"), null=True, blank=True
    )
    unsatisfied_count = models.PositiveSmallIntegerField(
        _("不满意"), null=True, blank=True
    )
    not_voting_count = models.PositiveSmallIntegerField(
        _("未按（未投）"), null=True, blank=True
    )
    result = models.CharField(
        _("表决结果"), max_length=16, choices=VoteResult.choices, blank=True
    )
    # A paper ballot or show of hands: the two tellers (计票人、监票人).
    teller_one = models.CharField(_("计票人"), max_length=50, blank=True)
    teller_two = models.CharField(_("监票人"), max_length=50, blank=True)
    # The hash chains' heads, written at close (ballots.py).
    participation_head = models.CharField(_("参与记录链头"), max_length=64, blank=True)
    ballot_head = models.CharField(_("选票链头"), max_length=64, blank=True)
    chain_head = models.CharField(_("公示链头"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["meeting", "position", "id"]
        indexes = [models.Index(fields=["status", "closes_at"])]

    def __str__(self) -> str:
        return self.title


class VoteElector(models.Model):
    """A member in the electorate of a vote, frozen when it opens (public: the
    denominator is all of them, whether they vote or not)."""

    vote = models.ForeignKey(
        Vote, verbose_name=_("表决"), on_delete=models.CASCADE, related_name="electors"
    )
    member = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("组成人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("表决人")
        verbose_name_plural = _("表决人")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "member"], name="vote_elector_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}:{self.member_id}"


class Participation(models.Model):
    """That a member voted (not what): one per member and vote, chained in the
    order cast. Nothing here names or orders a ballot."""

    vote = models.ForeignKey(
        Vote,
        verbose_name=_("表决"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    member = models.ForeignKey(
        "congresses.CommitteeMember",
        verbose_name=_("组成人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seq = models.PositiveIntegerField(_("序号"))
    cast_at = models.DateTimeField(_("投票时间"))
    prev_hash = models.CharField(_("前一记录哈希"), max_length=64)
    hash = models.CharField(_("本记录哈希"), max_length=64)

    class Meta:
        verbose_name = _("投票参与记录")
        verbose_name_plural = _("投票参与记录")
        ordering = ["vote", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "member"], name="participation_once"
            ),
            models.UniqueConstraint(fields=["vote", "seq"], name="participation_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}#{self.seq}"


class Ballot(models.Model):
    """What was voted, with the tracker only its holder knows. No member, no
    timestamp, a random key; its place in the chain is set at close, in
    tracker order, which says nothing of when it was cast."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(
        Vote, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="ballots"
    )
    choice = models.CharField(_("选择"), max_length=24)
    tracker = models.CharField(_("回执码"), max_length=32)
    # Only where ballots may be changed: the hash of a change key shown once to
    # the voter (never the tracker, never the member).
    change_key_hash = models.CharField(_("改票凭据哈希"), max_length=64, blank=True)
    position = models.PositiveIntegerField(_("公示序号"), null=True, blank=True)
    chain_hash = models.CharField(_("链哈希"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        ordering = ["vote", "tracker"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "tracker"], name="ballot_tracker_once"
            ),
        ]

    def __str__(self) -> str:
        return self.tracker
