"""Pages of votes: the staff's new vote and desk for one vote (open, live count,
close, withdraw, tally, result), a member's ballot on the phone (motion, three
big buttons, password, receipt) and their votes.

The receipt is rendered in the answer to the confirming post and kept nowhere
(not in the session, not in a message, not in a URL): only the voter sees it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PageForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.two_factor import step_up_needed_for_vote
from renda.accounts.views_two_factor import step_up_redirect
from renda.core.errors import ApplicationError, Conflict, InvalidTransition
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.forms import apply_service_error, form_status, refusal_status

from .. import services
from ..choices import VoteMode, VoteStatus, choices_of
from ..forms_votes import ConfirmForm, TallyForm, VoteForm, WithdrawForm
from ..models import CommitteeMeeting
from ..permissions import can_use_meetings, manages_congress, meeting_congress_q
from ..selectors.votes import (
    cast_count,
    my_open_votes,
    my_recent_votes,
    my_voted_open_votes,
    vote_detail,
)


def _status_of(error: ApplicationError) -> int:
    return 403 if isinstance(error, ServiceDenied) else refusal_status(error)


def _managed_vote(request, pk):
    detail = vote_detail(request.user, pk)
    if not detail.manages:
        raise PageForbidden("您无权主持该表决。")
    return detail


# Staff ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def vote_new(request, meeting_pk: int):
    meeting = get_object_or_404(
        CommitteeMeeting.objects.filter(
            meeting_congress_q(request.user)
        ).select_related("standing_committee__term__congress"),
        pk=meeting_pk,
    )
    if not manages_congress(request.user, meeting.standing_committee.term.congress_id):
        raise PageForbidden("您无权为该会议提付表决。")
    form = VoteForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = services.vote_create(
                meeting=meeting,
                kind=data["kind"],
                mode=data["mode"],
                title=data["title"],
                motion=data["motion"],
                agenda_item=data["agenda_item"],
                closes_at=data["closes_at"]
                if data["mode"] == VoteMode.ONLINE
                else None,
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            return redirect("meetings:vote_manage", vote.pk)
    return render(
        request,
        "meetings/vote_new.html",
        {"meeting": meeting, "form": form},
        status=form_status(form),
    )


def _manage_page(request, detail, *, withdraw_form=None, tally_form=None, error=None):
    vote = detail.vote
    return render(
        request,
        "meetings/vote_manage.html",
        {
            "detail": detail,
            "vote": vote,
            "summary": detail.summary,
            "withdraw_form": withdraw_form or WithdrawForm(),
            "tally_form": tally_form or TallyForm(kind=vote.kind),
            "error": error,
        },
        status=(_status_of(error) if error else form_status(withdraw_form, tally_form)),
    )


@require_GET
@login_required
def vote_manage(request, pk: int):
    detail = vote_detail(request.user, pk)
    if not detail.manages:
        if detail.is_elector:
            return redirect("meetings:vote_ballot", detail.vote.pk)
        raise PageForbidden("您无权主持该表决。")
    return _manage_page(request, detail)


@require_GET
@login_required
def vote_count(request, pk: int):
    """The live count for the desk's htmx polling: how many voted, never what."""
    detail = _managed_vote(request, pk)
    return render(
        request,
        "meetings/vote_count.html",
        {"vote": detail.vote, "cast": cast_count(detail.vote)},
    )


def _act(request, pk, action):
    detail = _managed_vote(request, pk)
    try:
        action(detail.vote)
    except ApplicationError as error:
        if isinstance(error, ServiceDenied):
            raise PageForbidden(error.message) from None
        return _manage_page(request, vote_detail(request.user, pk), error=error)
    return redirect("meetings:vote_manage", detail.vote.pk)


@require_POST
@login_required
def vote_open(request, pk: int):
    return _act(
        request, pk, lambda vote: services.vote_open(vote=vote, actor=request.user)
    )


@require_POST
@login_required
def vote_close(request, pk: int):
    return _act(
        request, pk, lambda vote: services.vote_close(vote=vote, actor=request.user)
    )


@require_POST
@login_required
def vote_withdraw(request, pk: int):
    detail = _managed_vote(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.vote_withdraw(
                vote=detail.vote, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as error:
            if isinstance(error, InvalidTransition | Conflict):
                return _manage_page(request, detail, error=error)
            apply_service_error(form, error)
        else:
            return redirect("meetings:vote_manage", detail.vote.pk)
    return _manage_page(request, detail, withdraw_form=form)


@require_POST
@login_required
def vote_tally(request, pk: int):
    detail = _managed_vote(request, pk)
    form = TallyForm(request.POST, kind=detail.vote.kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.vote_tally_enter(
                vote=detail.vote,
                counts=form.counts(),
                present=data["present"],
                tellers=(data["teller_one"], data["teller_two"]),
                actor=request.user,
            )
        except ApplicationError as error:
            if isinstance(error, InvalidTransition | Conflict):
                return _manage_page(request, detail, error=error)
            apply_service_error(
                form,
                error,
                {k.lower(): k.lower() for k in form.keys} | {"counts": None},
            )
        else:
            return redirect("meetings:vote_manage", detail.vote.pk)
    return _manage_page(request, detail, tally_form=form)


# Members --------------------------------------------------------------------------


def _ballot_page(request, detail, *, step="choose", form=None, error=None, status=None):
    return render(
        request,
        "meetings/vote_ballot.html",
        {
            "detail": detail,
            "vote": detail.vote,
            "step": step,
            "form": form,
            "error": error,
            "options": detail.options,
            "choice_label": (
                dict(detail.options).get(form["choice"].value(), "")
                if form is not None
                else ""
            ),
        },
        status=status or (_status_of(error) if error else form_status(form)),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def vote_ballot(request, pk: int):
    """A member's ballot on the phone: choose, confirm with the password, receipt."""
    detail = vote_detail(request.user, pk)
    vote = detail.vote
    if not detail.is_elector:
        if detail.manages:
            return redirect("meetings:vote_manage", vote.pk)
        if vote.status == VoteStatus.CLOSED:
            return redirect("meetings_public:bulletin", vote.pk)
        raise PageForbidden("您不是本次表决的组成人员。")
    # Step-up (issue 13): the ballot asks for the password each time; a member
    # with an authenticator also gives a fresh code first.
    if "cast" in detail.actions and step_up_needed_for_vote(request, request.user):
        return step_up_redirect(request, request.path)
    if request.method == "GET":
        return _ballot_page(request, detail)
    if "cast" not in detail.actions:
        error = Conflict(
            "您已投票，不能重复投票。"
            if detail.voted
            else "该表决不在进行中，不能投票。",
            code="meetings.already_voted" if detail.voted else "meetings.vote_closed",
        )
        return _ballot_page(request, detail, error=error)
    choice = request.POST.get("choice", "")
    if choice not in choices_of(vote.kind).values:
        return _ballot_page(
            request,
            detail,
            error=ApplicationError("请选择表决意见。", code="meetings.invalid"),
        )
    if "password" not in request.POST:
        form = ConfirmForm(initial={"choice": choice})
        return _ballot_page(request, detail, step="confirm", form=form)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            receipt = services.vote_cast(
                vote=vote,
                user=request.user,
                choice=form.cleaned_data["choice"],
                password=form.cleaned_data["password"],
            )
        except ApplicationError as error:
            if error.code == "meetings.reauth_failed":
                form.add_error("password", error.message)
                return _ballot_page(request, detail, step="confirm", form=form)
            if isinstance(error, ServiceDenied):
                raise PageForbidden(error.message) from None
            return _ballot_page(
                request, vote_detail(request.user, pk), step="choose", error=error
            )
        return render(
            request,
            "meetings/vote_receipt.html",
            {"vote": vote, "receipt": receipt},
        )
    return _ballot_page(request, detail, step="confirm", form=form)


@require_GET
@login_required
def my_votes(request):
    if not can_use_meetings(request.user):
        raise PageForbidden
    return render(
        request,
        "meetings/vote_mine.html",
        {
            "open_votes": list(my_open_votes(request.user)),
            "voted_open": list(my_voted_open_votes(request.user)),
            "recent": list(my_recent_votes(request.user)),
        },
    )
