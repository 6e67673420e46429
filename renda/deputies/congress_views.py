"""Pages of congresses: the list in scope and one congress with its terms and bodies.

They live in the deputies app because they show deputies (the members of each
standing committee, linked when the user may see them): congresses is below
deputies in the registry and imports no deputies code. URLs keep the
``congresses`` namespace (``congress_urls.py``).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from renda.congresses.models import CommitteeMember
from renda.congresses.selectors import congresses_visible_to, get_congress_for_user
from renda.core.decorators import permission_required

from .permissions import can_view_statistics
from .selectors import deputies_visible_to


@require_GET
@permission_required(can_view_statistics)
def congress_list(request):
    congresses = (
        congresses_visible_to(request.user)
        .select_related("region", "parent")
        .annotate(
            sitting=Count(
                "terms__mandates",
                filter=Q(terms__mandates__end_date__isnull=True),
            )
        )
        .order_by("region__code")
    )
    return render(request, "congresses/list.html", {"congresses": congresses})


@require_GET
@permission_required(can_view_statistics)
def congress_detail(request, pk: int):
    congress = get_congress_for_user(request.user, pk)
    terms = list(
        congress.terms.prefetch_related(
            "sessions",
            "delegations",
            Prefetch(
                "standing_committee__members",
                queryset=CommitteeMember.objects.select_related("deputy").order_by(
                    "rank", "deputy__stroke_key", "id"
                ),
            ),
        )
        .select_related("standing_committee")
        .order_by("-number")
    )
    for term in terms:
        # A missing one-to-one raises a subclass of AttributeError.
        term.body = getattr(term, "standing_committee", None)
        term.members = list(term.body.members.all()) if term.body else []
    deputy_ids = [m.deputy_id for term in terms for m in term.members]
    visible_ids = set(
        deputies_visible_to(request.user)
        .filter(pk__in=deputy_ids)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "congresses/detail.html",
        {
            "congress": congress,
            "terms": terms,
            "committees": congress.committees.order_by("kind", "id"),
            "children": congresses_visible_to(request.user)
            .filter(parent=congress)
            .order_by("region__code"),
            "visible_ids": visible_ids,
        },
    )
