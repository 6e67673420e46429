"""Which suggestions, assignments, replies and attachments a user may see.

``suggestions_visible_to`` is the scope every read starts from; the
``get_<entity>_for_user`` helpers return one object in scope, else 404
without saying whether it exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope

from ..choices import ANSWERING_ROLES, SuggestionStatus
from ..models import Assignment, Attachment, ExtensionRequest, Reply, Suggestion


def suggestions_visible_to(user, *, one_row: bool = False) -> QuerySet[Suggestion]:
    """Return the suggestions the user may see.

    Deputies: the ones they lead (drafts too), cosign, or whose primary took
    in their merged item. Unit staff: the ones assigned to their unit. Staff:
    their congress's submitted items and the drafts they entered. Leaders:
    their congress's submitted items and the key items they oversee. Admins:
    all. Everyone else: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Suggestion.objects.none()
    if scope.is_admin:
        return Suggestion.objects.all()
    submitted = ~Q(status=SuggestionStatus.DRAFT)
    query = Q(pk__in=[])
    if scope.staff_congress_ids:
        query |= Q(congress_id__in=scope.staff_congress_ids) & (
            submitted | Q(created_by_id=user.pk)
        )
    if scope.leader_congress_ids:
        query |= Q(congress_id__in=scope.leader_congress_ids) & submitted
    if scope.deputy_id is not None:
        query |= Q(lead_deputy_id=scope.deputy_id)
    # The few items seen through a cosignature, a merge or an oversight, read
    # first as a list: ``pk IN (subquery)`` OR-ed with the conditions above
    # makes PostgreSQL scan the whole table, a list of ids keeps index scans.
    # Looking up one row by its key (``one_row``), the subqueries cost nothing
    # and save the list's query.
    if one_row:
        query |= _related_q(user, scope.deputy_id)
    else:
        # One parameter however many ids (renda/core/lookups.py).
        query |= Q(pk__in_array=_related_ids(user, scope.deputy_id))
    if scope.unit_ids:
        assigned = Assignment.objects.filter(
            handling_unit_id__in=scope.unit_ids
        ).values("suggestion_id")
        query |= Q(pk__in=assigned)
    return Suggestion.objects.filter(query)


def _related_ids(user, deputy_id: int | None) -> list[int]:
    """Ids of the submitted items a user sees beyond their congress and units.

    Key items the user oversees (oversight belongs to a committee member's
    account, whatever its role rows); for a deputy, the items they cosign and
    the primaries that took in their merged items. One query.
    """
    overseen = (
        Suggestion.objects.filter(is_key=True, oversight__user_id=user.pk)
        .exclude(status=SuggestionStatus.DRAFT)
        .values_list("pk")
    )
    if deputy_id is None:
        return [pk for (pk,) in overseen.order_by()]
    cosigned = (
        Suggestion.cosigners.through.objects.filter(deputy_id=deputy_id)
        .exclude(suggestion__status=SuggestionStatus.DRAFT)
        .values_list("suggestion_id")
    )
    primaries = Suggestion.objects.filter(
        lead_deputy_id=deputy_id, merged_into__isnull=False
    ).values_list("merged_into_id")
    combined = overseen.order_by().union(
        cosigned.order_by(), primaries.order_by(), all=True
    )
    return sorted({pk for (pk,) in combined})


def _related_q(user, deputy_id: int | None) -> Q:
    """The condition ``_related_ids`` lists, as subqueries (for one row)."""
    submitted = ~Q(status=SuggestionStatus.DRAFT)
    query = Q(is_key=True, oversight__user_id=user.pk) & submitted
    if deputy_id is not None:
        cosigned = Suggestion.cosigners.through.objects.filter(
            deputy_id=deputy_id
        ).values("suggestion_id")
        primaries = Suggestion.objects.filter(
            lead_deputy_id=deputy_id, merged_into__isnull=False
        ).values("merged_into_id")
        query |= (Q(pk__in=cosigned) & submitted) | Q(pk__in=primaries)
    return query


def get_suggestion_for_user(user, pk) -> Suggestion:
    """Return one suggestion the user may see, or raise 404 without saying whether it exists."""
    try:
        return suggestions_visible_to(user).get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Return the assignments of the suggestions the user may see."""
    return Assignment.objects.filter(suggestion__in=suggestions_visible_to(user))


def get_assignment_for_user(user, pk) -> Assignment:
    """Return one assignment the user may see, or raise 404."""
    try:
        return assignments_visible_to(user).select_related("suggestion").get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_extension_for_user(user, pk) -> ExtensionRequest:
    """Return one extension request of a visible suggestion, or raise 404."""
    try:
        return (
            ExtensionRequest.objects.filter(assignment__in=assignments_visible_to(user))
            .select_related(
                "assignment__suggestion__congress", "assignment__handling_unit"
            )
            .get(pk=pk)
        )
    except (ExtensionRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_reply_for_user(user, pk) -> Reply:
    """Return one reply the user may read, or raise 404.

    Deputies do not read joint units' opinions: those answer 404 to them.
    """
    replies = Reply.objects.filter(
        assignment__suggestion__in=suggestions_visible_to(user)
    )
    if _reads_answers_only(get_scope(user)):
        replies = replies.filter(assignment__role__in=ANSWERING_ROLES)
    try:
        return replies.select_related("assignment__suggestion").get(pk=pk)
    except (Reply.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_attachment_for_user(user, pk) -> Attachment:
    """Return one attachment of a visible suggestion (or of a readable reply), or 404."""
    try:
        attachment = Attachment.objects.select_related(
            "suggestion", "reply__assignment"
        ).get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if attachment.reply_id is not None:
        get_reply_for_user(user, attachment.reply_id)
    else:
        get_suggestion_for_user(user, attachment.suggestion_id)
    return attachment


def get_suggestion_attachment_for_user(user, suggestion_pk, pk) -> Attachment:
    """Return one attachment of a visible suggestion (not of its replies), or 404."""
    suggestion = get_suggestion_for_user(user, suggestion_pk)
    try:
        return Attachment.objects.select_related("suggestion").get(
            pk=pk, suggestion=suggestion
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _reads_answers_only(scope) -> bool:
    """A deputy (and nothing more) reads the answering units' replies only."""
    return scope.deputy_id is not None and not (
        scope.is_admin or scope.congress_ids or scope.unit_ids
    )
