"""Public pages of votes (no log-in): closed votes with their results, each
vote's bulletin (find one's tracker) and a recount anyone can run.

The tracker box posts its text (a GET would put the tracker in the web
server's access log beside the visitor's address, docs/voting.md).
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.pagination import BoundedPaginator

from ..ballots import verify_vote
from ..forms_votes import TrackerForm
from ..selectors.votes import (
    PublicFilters,
    bulletin,
    closed_votes_public,
    find_tracker,
    get_public_vote,
)


@require_GET
def vote_list(request):
    filters = PublicFilters.from_query(request.GET)
    page = BoundedPaginator(
        closed_votes_public(filters), settings.RENDA_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/public_list.html",
        {"page": page, "filters": filters, "query": query.urlencode()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def vote_bulletin(request, pk: int):
    vote = get_public_vote(pk)
    board = bulletin(vote)
    form = TrackerForm(request.POST if request.method == "POST" else None)
    found = None
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        found = find_tracker(board, form.cleaned_data["tracker"])
    return render(
        request,
        "meetings/public_bulletin.html",
        {
            "vote": vote,
            "board": board,
            "summary": board.summary,
            "form": form,
            "found": found,
            "searched": searched,
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@require_GET
def vote_verify(request, pk: int):
    vote = get_public_vote(pk)
    return render(
        request,
        "meetings/public_verify.html",
        {"vote": vote, "report": verify_vote(vote)},
    )
