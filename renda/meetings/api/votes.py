"""/api/v1/meetings/votes: 表决.

Staff create, open, close, withdraw votes and enter tallies; members cast
their secret ballot (with their password again) and get the receipt; anyone
reads the bulletin and the recount of a closed vote (no log-in). While a vote
is open the only figure is how many have voted: no choice, no tracker.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from renda.accounts.two_factor import StepUpRequired, step_up_needed_for_vote
from renda.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
)

from .. import services
from ..ballots import verify_vote
from ..choices import VoteKind, VoteMode, VoteStatus
from ..models import AgendaItem, CommitteeMeeting
from ..permissions import can_use_meetings, manages_congress, meeting_congress_q
from ..selectors.votes import (
    VoteFilters,
    bulletin,
    get_public_vote,
    my_open_votes,
    result_summary,
    vote_detail,
    vote_list,
)
from ..services.common import invalid

router = Router(tags=["表决"])

CREATE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


class VoteCountOut(Schema):
    choice: str = Field(
        description="意见或等次（FOR/AGAINST/ABSTAIN 或 SATISFIED/...）"
    )
    label: str
    count: int


class VoteResultOut(Schema):
    result: str = Field(description="PASSED/FAILED 或 SATISFIED/UNSATISFIED")
    result_label: str
    passed: bool
    rule_text: str = Field(description="如“赞成 38 票，未超过全体组成人员 76 人的半数”")
    counts: list[VoteCountOut]
    not_voting: int = Field(description="未按（未投）人数，不计为任何意见")
    denominator: int
    denominator_label: str


class VoteOut(Schema):
    id: int
    meeting_id: int
    meeting: str
    agenda_item_id: int | None
    position: int
    kind: str
    mode: str
    title: str
    status: str
    closes_at: dt.datetime | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    electorate_size: int | None
    present_count: int | None
    result: str


class VoteDetailOut(VoteOut):
    motion: str
    withdraw_reason: str
    actions: list[str] = Field(
        description="您现在可以做的：open/close/withdraw/enter_tally/cast"
    )
    is_elector: bool
    voted: bool = Field(description="您是否已投票（不含意见）")
    cast_count: int | None = Field(
        None, description="已投票人数（工作人员在表决中可见；结束后公开）"
    )
    options: list[VoteCountOut] = Field(description="可选的意见（count 为 0）")
    outcome: VoteResultOut | None = Field(None, description="结束后的结果")
    teller_one: str
    teller_two: str
    chain_head: str


class VoteQuery(Schema):
    status: VoteStatus | None = None
    kind: VoteKind | None = None
    meeting: Id | None = None
    q: str = Field("", max_length=50)


class VoteIn(Schema):
    meeting_id: Id
    kind: VoteKind
    mode: VoteMode
    title: str = Field(..., max_length=200)
    motion: str = Field("", max_length=20000)
    agenda_item_id: Id | None = None
    closes_at: dt.datetime | None = Field(None, description="网络表决的截止时间")


class VoteOpenIn(Schema):
    closes_at: dt.datetime | None = Field(
        None, description="网络表决的截止时间（可改）"
    )


class VoteWithdrawIn(Schema):
    reason: str = Field(..., max_length=500)


class VoteTallyIn(Schema):
    counts: dict[str, int] = Field(
        ..., description='各意见票数，如 {"FOR": 40, "AGAINST": 3, "ABSTAIN": 2}'
    )
    present: int | None = Field(None, ge=0, le=9999)
    teller_one: str = Field(..., max_length=50, description="计票人")
    teller_two: str = Field(..., max_length=50, description="监票人")


class VoteCastIn(Schema):
    choice: str = Field(..., max_length=24, description="FOR/AGAINST/ABSTAIN 或等次")
    password: str = Field(..., max_length=128, description="登录密码（再次确认身份）")
    change_key: str = Field("", max_length=64)


class VoteReceiptOut(Schema):
    vote_id: int
    tracker: str = Field(description="回执码：请保存，表决结束后在公示中核对")
    tracker_display: str
    change_key: str = ""
    changed: bool = False


class VoteBallotOut(Schema):
    position: int
    tracker: str
    choice: str
    choice_label: str


class VoteBulletinOut(Schema):
    vote: VoteOut
    outcome: VoteResultOut | None
    participations: int
    chain_head: str
    participation_head: str
    ballot_head: str
    ballots: list[VoteBallotOut]
    teller_one: str
    teller_two: str


class VoteVerifyOut(Schema):
    vote_id: int
    ok: bool
    problems: list[str]
    participations: int
    ballots: int
    chain_head: str


def _vote_out(vote) -> dict:
    return {
        "id": vote.pk,
        "meeting_id": vote.meeting_id,
        "meeting": str(vote.meeting),
        "agenda_item_id": vote.agenda_item_id,
        "position": vote.position,
        "kind": vote.kind,
        "mode": vote.mode,
        "title": vote.title,
        "status": vote.status,
        "closes_at": vote.closes_at,
        "opened_at": vote.opened_at,
        "closed_at": vote.closed_at,
        "electorate_size": vote.electorate_size,
        "present_count": vote.present_count,
        "result": vote.result,
    }


def _outcome(vote) -> dict | None:
    summary = result_summary(vote)
    if summary is None:
        return None
    return {
        "result": summary.result,
        "result_label": summary.result_label,
        "passed": summary.passed,
        "rule_text": summary.rule_text,
        "counts": [
            {"choice": line.key, "label": line.label, "count": line.count}
            for line in summary.lines
        ],
        "not_voting": summary.not_voting,
        "denominator": summary.denominator,
        "denominator_label": summary.denominator_label,
    }


def _detail_out(user, pk: int) -> dict:
    detail = vote_detail(user, pk)
    vote = detail.vote
    return {
        **_vote_out(vote),
        "motion": vote.motion,
        "withdraw_reason": vote.withdraw_reason,
        "actions": sorted(detail.actions),
        "is_elector": detail.is_elector,
        "voted": detail.voted,
        "cast_count": detail.cast_count,
        "options": [
            {"choice": value, "label": str(label), "count": 0}
            for value, label in detail.options
        ],
        "outcome": _outcome(vote),
        "teller_one": vote.teller_one,
        "teller_two": vote.teller_two,
        "chain_head": vote.chain_head,
    }


def _require_reader(user) -> None:
    if not can_use_meetings(user):
        raise PermissionDenied("您无权查看表决。")


def _managed(user, pk: int):
    detail = vote_detail(user, pk)
    if not detail.manages:
        raise PermissionDenied("您无权主持该表决。")
    return detail.vote


class _Mapped:
    def __init__(self, queryset, build):
        self.queryset, self.build = queryset, build

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.build(obj) for obj in self.queryset[index]]
        return self.build(self.queryset[index])


@router.get(
    "",
    response={200: list[VoteOut], **READ_ERRORS},
    summary="表决列表",
    description="您所在人大常委会的表决（工作人员、班子成员）或您所在常委会的表决（组成人员）。",
)
@paginate(PagePagination)
def vote_list_api(request, filters: Query[VoteQuery]):
    _require_reader(request.auth)
    parsed = VoteFilters(
        status=str(filters.status) if filters.status else "",
        kind=str(filters.kind) if filters.kind else "",
        meeting=filters.meeting,
        q=filters.q.strip(),
    )
    return _Mapped(vote_list(request.auth, parsed), _vote_out)


@router.get(
    "/mine",
    response={200: list[VoteOut], **READ_ERRORS},
    summary="待我投票的表决",
    description="正在进行、您是表决人且尚未投票的表决。",
)
def my_open_votes_api(request):
    return [_vote_out(v) for v in my_open_votes(request.auth)]


@router.get(
    "/{int:vote_id}",
    response={200: VoteDetailOut, **DETAIL_ERRORS},
    summary="一项表决",
    description="表决及您现在可做的操作。表决结束前不显示任何选票的意见。",
)
def vote_get_api(request, vote_id: Id):
    return _detail_out(request.auth, vote_id)


@router.post(
    "",
    response={201: VoteDetailOut, **CREATE_ERRORS},
    summary="提付表决（工作人员）",
)
def vote_create_api(request, payload: VoteIn):
    meeting = CommitteeMeeting.objects.filter(
        meeting_congress_q(request.auth), pk=payload.meeting_id
    ).first()
    if meeting is None:
        raise Http404
    if not manages_congress(request.auth, meeting.standing_committee.term.congress_id):
        raise PermissionDenied("您无权为该会议提付表决。")
    agenda_item = None
    if payload.agenda_item_id is not None:
        agenda_item = AgendaItem.objects.filter(pk=payload.agenda_item_id).first()
        if agenda_item is None:
            raise invalid("议程不存在。", "agenda_item_id")
    vote = services.vote_create(
        meeting=meeting,
        kind=str(payload.kind),
        mode=str(payload.mode),
        title=payload.title,
        motion=payload.motion,
        agenda_item=agenda_item,
        closes_at=payload.closes_at,
        actor=request.auth,
    )
    return Status(201, _detail_out(request.auth, vote.pk))


@router.post(
    "/{int:vote_id}/open",
    response={200: VoteDetailOut, **WRITE_ERRORS},
    summary="开始表决",
    description="冻结表决人（表决之日在任的全体组成人员）；会场表决须会议已开且出席人数超过全体组成人员半数。",
)
def vote_open_api(request, vote_id: Id, payload: VoteOpenIn):
    vote = _managed(request.auth, vote_id)
    services.vote_open(vote=vote, actor=request.auth, closes_at=payload.closes_at)
    return _detail_out(request.auth, vote_id)


@router.post(
    "/{int:vote_id}/close",
    response={200: VoteDetailOut, **WRITE_ERRORS},
    summary="结束表决并计票",
)
def vote_close_api(request, vote_id: Id):
    vote = _managed(request.auth, vote_id)
    services.vote_close(vote=vote, actor=request.auth)
    return _detail_out(request.auth, vote_id)


@router.post(
    "/{int:vote_id}/withdraw",
    response={200: VoteDetailOut, **WRITE_ERRORS},
    summary="撤回议案",
)
def vote_withdraw_api(request, vote_id: Id, payload: VoteWithdrawIn):
    vote = _managed(request.auth, vote_id)
    services.vote_withdraw(vote=vote, reason=payload.reason, actor=request.auth)
    return _detail_out(request.auth, vote_id)


@router.post(
    "/{int:vote_id}/tally",
    response={200: VoteDetailOut, **WRITE_ERRORS},
    summary="录入纸质票、举手表决结果",
)
def vote_tally_api(request, vote_id: Id, payload: VoteTallyIn):
    vote = _managed(request.auth, vote_id)
    services.vote_tally_enter(
        vote=vote,
        counts=payload.counts,
        present=payload.present,
        tellers=(payload.teller_one, payload.teller_two),
        actor=request.auth,
    )
    return _detail_out(request.auth, vote_id)


@router.post(
    "/{int:vote_id}/cast",
    response={200: VoteReceiptOut, **WRITE_ERRORS},
    summary="投票（无记名）",
    description=(
        "表决人投出一张无记名选票，须再次提供登录密码；返回回执码（只返回这一次，"
        "系统不保存回执码与投票人的对应关系）。密码不正确 403（meetings.reauth_failed）。"
        "开启了两步验证的表决人还须在 5 分钟内确认过身份（POST /api/v1/auth/step-up），"
        "否则 403（step_up_required）。"
    ),
)
def vote_cast_api(request, vote_id: Id, payload: VoteCastIn):
    detail = vote_detail(request.auth, vote_id)
    if step_up_needed_for_vote(request, request.auth):
        raise StepUpRequired(
            "投票前请先确认身份：调用 POST /api/v1/auth/step-up，"
            "提交身份验证器上的 6 位数字，再投票。"
        )
    receipt = services.vote_cast(
        vote=detail.vote,
        user=request.auth,
        choice=payload.choice,
        password=payload.password,
        change_key=payload.change_key,
    )
    return {
        "vote_id": receipt.vote_id,
        "tracker": receipt.tracker,
        "tracker_display": receipt.tracker_display,
        "change_key": receipt.change_key,
        "changed": receipt.changed,
    }


@router.get(
    "/{int:vote_id}/bulletin",
    auth=None,
    response={200: VoteBulletinOut, **PUBLIC_ERRORS},
    summary="表决公示（公开）",
    description=(
        "已结束表决的公示：各意见票数、未按人数、按全体组成人员过半数的结果、三个链头、"
        "每张选票的回执码和意见（按回执码排序）。未结束的表决 404。无需登录。"
    ),
)
def vote_bulletin_api(request, vote_id: Id):
    vote = get_public_vote(vote_id)
    board = bulletin(vote)
    return {
        "vote": _vote_out(vote),
        "outcome": _outcome(vote),
        "participations": board.participations,
        "chain_head": board.chain_head,
        "participation_head": board.participation_head,
        "ballot_head": board.ballot_head,
        "ballots": [
            {
                "position": b.position,
                "tracker": b.tracker,
                "choice": b.choice,
                "choice_label": b.choice_label,
            }
            for b in board.ballots
        ],
        "teller_one": vote.teller_one,
        "teller_two": vote.teller_two,
    }


@router.get(
    "/{int:vote_id}/verify",
    auth=None,
    response={200: VoteVerifyOut, **PUBLIC_ERRORS},
    summary="重新计票核验（公开）",
    description="按库中保存的选票和参与记录重新计算哈希链、票数、结果和公示链头。无需登录。",
)
def vote_verify_api(request, vote_id: Id):
    vote = get_public_vote(vote_id)
    report = verify_vote(vote)
    return {
        "vote_id": vote.pk,
        "ok": report.ok,
        "problems": report.problems,
        "participations": report.participations,
        "ballots": report.ballots,
        "chain_head": report.chain_head,
    }
