"""Pages of the chairpersons' decisions (主任会议决定事项)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..selectors.decisions import meeting_decisions_detail


@require_GET
@login_required
def meeting_decisions(request, meeting_pk: int):
    """List what a chairpersons' meeting decided, each linked to its subject."""
    detail = meeting_decisions_detail(request.user, meeting_pk)
    return render(request, "meetings/decision_list.html", {"detail": detail})
