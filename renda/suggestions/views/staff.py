"""Pages of the committee staff (review, routing, overdue board, extensions, lists)
and the leader's key suggestions; one item's review is in ``review``, the
statistics pages in ``stats``.

Staff of a congress (and administrators) act; leaders read their congress's
lists, the overdue board and the statistics; everyone else gets 403. An item
outside the user's scope answers 404. Every write is a service call; a
service's refusal is shown on the page (never a 500).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import (
    urlencode,
)
from django.views.decorators.http import require_GET, require_http_methods

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error, refusal_status
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk
from renda.units.models import HandlingUnit

from .. import rules, selectors, services
from ..choices import (
    LIVE_ASSIGNMENT_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    SuggestionStatus,
)
from ..forms_staff import (
    ExtensionDecisionForm,
    InboxFilterForm,
    ListFilterForm,
    OverdueSortForm,
)
from ..models import Assignment, ExtensionRequest, Suggestion
from ..permissions import (
    can_read_suggestion_lists,
    can_review_suggestion,
    can_review_suggestions,
    can_see_key_suggestions,
)
from ..selectors import (
    assignments_visible_to,
    get_extension_for_user,
    search_q,
    suggestions_visible_to,
)


def today() -> dt.date:
    """Return the site's date; one place, so that tests can set the day."""
    return timezone.localdate()


# Who may use these pages ----------------------------------------------------------


def _nav(user) -> dict:
    return {
        "act": can_review_suggestions(user),
        "read": can_read_suggestion_lists(user),
        "key": can_see_key_suggestions(user),
    }


def _congresses(user, *, act: bool) -> QuerySet[Congress]:
    """Return the congresses the user acts for (staff) or reads (staff and leaders)."""
    scope = get_scope(user)
    congresses = Congress.objects.select_related("region").order_by("region__code")
    if scope.is_admin:
        return congresses
    return congresses.filter(
        pk__in=scope.staff_congress_ids if act else scope.congress_ids
    )


def area_units(congress, *, active_only: bool = True) -> QuerySet[HandlingUnit]:
    """Return the handling units in the congress's area (its region and below)."""
    units = HandlingUnit.objects.filter(
        region__path__startswith=congress.region.path
    ).select_related("region")
    if active_only:
        units = units.filter(is_active=True)
    return units.order_by("region__code", "kind", "name", "pk")


def _no_units():
    return HandlingUnit.objects.none()


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _with_congress(url_name: str, congress_id, **params) -> str:
    params = {"congress": congress_id, **params}
    return f"{reverse(url_name)}?{urlencode(params)}"


def _status_for(error: core_errors.ApplicationError) -> int:
    if isinstance(error, core_errors.PermissionDenied):
        return 403
    return refusal_status(error)


# Inbox --------------------------------------------------------------------------


@require_GET
@permission_required(can_review_suggestions)
def inbox(request):
    """List the submitted items awaiting review (and the accepted ones awaiting routing)."""
    congresses = _congresses(request.user, act=True)
    form = InboxFilterForm(request.GET or None, congresses=congresses)
    form.is_valid()
    congress = form.chosen_congress()
    state = form.value("state") or "submitted"
    base = suggestions_visible_to(request.user).filter(
        congress=congress, merged_into__isnull=True
    )
    counts = {
        "submitted": base.filter(status=SuggestionStatus.SUBMITTED).count(),
        "accepted": base.filter(status=SuggestionStatus.ACCEPTED).count(),
    }
    if state == "accepted":
        items = base.filter(status=SuggestionStatus.ACCEPTED).annotate(
            returned_count=Count(
                "assignments",
                filter=Q(assignments__status=AssignmentStatus.RETURNED),
            )
        )
        items = items.order_by("accepted_at", "pk")
    else:
        items = base.filter(status=SuggestionStatus.SUBMITTED).order_by(
            "submitted_at", "pk"
        )
    for name in ("channel", "period", "category"):
        value = form.value(name)
        if value:
            items = items.filter(**{name: value})
    if form.value("q"):
        items = items.filter(search_q(form.value("q")))
    items = items.select_related("lead_deputy")
    paginator = BoundedPaginator(items, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/staff_inbox.html",
        {
            "form": form,
            "congress": congress,
            "state": state,
            "counts": counts,
            "page": page,
            "total": paginator.count,
            "query": _query_without(request, "page"),
            "tab_query": _query_without(request, "page", "state"),
            "staff_nav": _nav(request.user),
            "nav_current": "inbox",
        },
    )


# Overdue board ---------------------------------------------------------------------


@require_GET
@permission_required(can_read_suggestion_lists)
def overdue(request):
    """List every open assignment past its deadline or due within 3 days, by unit."""
    congresses = _congresses(request.user, act=False)
    form = OverdueSortForm(request.GET or None, congresses=congresses)
    form.is_valid()
    congress = form.chosen_congress()
    sort = form.value("sort") or "due"
    day = today()
    soon = rules.due_soon_last_day(day)
    rows = (
        assignments_visible_to(request.user)
        .filter(
            suggestion__congress=congress,
            status__in=OPEN_ASSIGNMENT_STATUSES,
            due_at__lte=soon,
        )
        .select_related("handling_unit", "suggestion__lead_deputy")
        .order_by("due_at" if sort == "due" else "-due_at", "pk")
    )
    groups: dict[int, dict] = {}
    overdue_count = soon_count = 0
    for assignment in rows:
        days = (day - assignment.due_at).days
        is_overdue = days > 0
        overdue_count += is_overdue
        soon_count += not is_overdue
        group = groups.setdefault(
            assignment.handling_unit_id,
            {"unit": assignment.handling_unit, "rows": [], "overdue": 0},
        )
        group["overdue"] += is_overdue
        group["rows"].append(
            {
                "assignment": assignment,
                "suggestion": assignment.suggestion,
                "overdue": is_overdue,
                "days_overdue": days,
                "days_left": -days,
            }
        )
    return render(
        request,
        "suggestions/staff_overdue.html",
        {
            "form": form,
            "congress": congress,
            "sort": sort,
            "today": day,
            "groups": list(groups.values()),
            "overdue_count": overdue_count,
            "soon_count": soon_count,
            "due_soon_days": rules.due_soon_days(),
            "sort_query": _query_without(request, "sort"),
            "staff_nav": _nav(request.user),
            "nav_current": "overdue",
        },
    )


# Extension requests ---------------------------------------------------------------


def _pending_extensions(user, congress) -> QuerySet[ExtensionRequest]:
    return selectors.pending_extension_list(user, congress)


def _month_options(requested: int) -> list[int]:
    return list(range(1, min(requested, rules.max_extension_months()) + 1))


@require_http_methods(["GET", "POST"])
@permission_required(can_review_suggestions)
def extensions(request):
    """List pending extension requests; POST approves or refuses one."""
    congresses = _congresses(request.user, act=True)
    failed: dict[int, dict] = {}
    status = 200
    if request.method == "POST":
        extension = _extension_for_staff(request, congresses)
        form = ExtensionDecisionForm(request.POST, requested=extension.months)
        page_errors: list[str] = []
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                decided = services.extension_decide(
                    extension=extension,
                    approve=approve,
                    months=form.cleaned_data["months"] if approve else None,
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except core_errors.ApplicationError as error:
                if error.field in form.fields:
                    apply_service_error(form, error)
                else:
                    page_errors.append(error.message)
                status = _status_for(error)
            else:
                assignment = decided.assignment
                if approve:
                    messages.success(
                        request,
                        f"已批准{assignment.handling_unit.name}延期 {decided.months} 个月，"
                        f"新的办理期限为 {decided.new_due_at:%Y年%m月%d日}。",
                    )
                else:
                    messages.success(
                        request, f"已不批准{assignment.handling_unit.name}的延期申请。"
                    )
                return redirect(
                    _with_congress(
                        "suggestions:staff_extensions",
                        assignment.suggestion.congress_id,
                    )
                )
        else:
            status = 400
        failed[extension.pk] = {"form": form, "page_errors": page_errors}
        congress = extension.assignment.suggestion.congress
        filter_form = OverdueSortForm(None, congresses=congresses)
    else:
        filter_form = OverdueSortForm(request.GET or None, congresses=congresses)
        filter_form.is_valid()
        congress = filter_form.chosen_congress()
    pending = []
    for extension in _pending_extensions(request.user, congress):
        state = failed.get(extension.pk, {})
        pending.append(
            {
                "extension": extension,
                "assignment": extension.assignment,
                "suggestion": extension.assignment.suggestion,
                "months": _month_options(extension.months),
                "form": state.get("form"),
                "page_errors": state.get("page_errors", []),
            }
        )
    orphan_errors = []
    for pk, state in failed.items():
        if not any(row["extension"].pk == pk for row in pending):
            orphan_errors.extend(state["page_errors"])
            orphan_errors.extend(state["form"].errors.get("__all__", []))
    return render(
        request,
        "suggestions/staff_extensions.html",
        {
            "form": filter_form,
            "congress": congress,
            "pending": pending,
            "orphan_errors": orphan_errors,
            "max_months": rules.max_extension_months(),
            "staff_nav": _nav(request.user),
            "nav_current": "extensions",
        },
        status=status,
    )


def _extension_for_staff(request, congresses) -> ExtensionRequest:
    pk = parse_pk(request.POST.get("extension"))
    if pk is None:
        raise Http404
    extension = get_extension_for_user(request.user, pk)
    # Only the congresses this page acts for: another one's request is 404 here.
    if not congresses.filter(pk=extension.assignment.suggestion.congress_id).exists():
        raise Http404
    if not can_review_suggestion(request.user, extension.assignment.suggestion):
        raise PermissionDenied
    return extension


# The congress's list ---------------------------------------------------------------


# What a row of the congress's list shows (suggestions/staff_list.html).
LIST_ROW_FIELDS = (
    "id",
    "title",
    "status",
    "is_key",
    "merged_into",
    "channel",
    "period",
    "category",
    "submitted_at",
    "lead_deputy__name",
    "oversight__deputy__name",
)


@require_GET
@permission_required(can_read_suggestion_lists)
def suggestion_list(request):
    """List the congress's items with filters, overdue badges and pages."""
    congresses = _congresses(request.user, act=False)
    probe = ListFilterForm(
        request.GET or None, congresses=congresses, units=_no_units()
    )
    probe.is_valid()
    congress = probe.chosen_congress()
    units = area_units(congress, active_only=False) if congress else _no_units()
    form = ListFilterForm(request.GET or None, congresses=congresses, units=units)
    form.is_valid()
    if congress is None:
        items = Suggestion.objects.none()
    else:
        items = selectors.suggestion_list(
            user=request.user, filters=form.to_filters(congress), today=today()
        )
    # Only the columns a row shows (issue 13, section 3): a suggestion row read
    # every column of the item, its deputy and its congress, 30-odd dates each.
    items = (
        items.select_related(None)
        .select_related("lead_deputy", "oversight__deputy")
        .only(*LIST_ROW_FIELDS)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(status__in=LIVE_ASSIGNMENT_STATUSES)
                .select_related("handling_unit")
                .only("id", "suggestion_id", "role", "due_at", "handling_unit__name"),
                to_attr="live_assignments",
            )
        )
    )
    paginator = BoundedPaginator(items, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    status_labels = dict(SuggestionStatus.choices)
    for item in page.object_list:
        item.effective_label = status_labels.get(item.effective_status, "")
    return render(
        request,
        "suggestions/staff_list.html",
        {
            "form": form,
            "congress": congress,
            "page": page,
            "total": paginator.count,
            "query": _query_without(request, "page"),
            "staff_nav": _nav(request.user),
            "nav_current": "list",
        },
    )


# Leaders -----------------------------------------------------------------------------


@require_GET
@permission_required(can_see_key_suggestions)
def leader_key(request):
    """List the key suggestions the logged-in leadership member oversees."""
    items = selectors.key_suggestions_overseen(request.user, today=today())
    status_labels = dict(SuggestionStatus.choices)
    items = list(items)
    for item in items:
        item.effective_label = status_labels.get(item.effective_status, "")
    return render(
        request,
        "suggestions/staff_leader_key.html",
        {
            "items": items,
            "overdue_count": sum(1 for item in items if item.is_overdue),
            "may_see_stats": can_read_suggestion_lists(request.user),
            "staff_nav": _nav(request.user),
            "nav_current": "key",
        },
    )
