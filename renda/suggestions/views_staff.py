"""Pages of the committee staff (review, routing, overdue board, extensions, lists),
the statistics page with its .xlsx exports, and the leader's key suggestions.

Staff of a congress (and administrators) act; leaders read their congress's
lists, the overdue board and the statistics; everyone else gets 403. An item
outside the user's scope answers 404. Every write is a service call; a
service's refusal is shown on the page (never a 500).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
    urlencode,
)
from django.views.decorators.http import require_GET, require_http_methods

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error
from renda.core.parsing import parse_pk
from renda.units.models import HandlingUnit

from . import rules, selectors, services
from .choices import (
    LIVE_ASSIGNMENT_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    SUGGESTION_TRANSITIONS,
    AssignmentRole,
    AssignmentStatus,
    ExtensionStatus,
    ReplyOutcome,
    SuggestionStatus,
)
from .forms_staff import (
    GROUP_BY_LABELS,
    ROLE_ORDER,
    ExtensionDecisionForm,
    InboxFilterForm,
    KeyForm,
    ListFilterForm,
    MergeForm,
    OverdueSortForm,
    RejectForm,
    ReturnForm,
    StatsFilterForm,
    leadership_members,
    parse_unit_roles,
)
from .models import Assignment, ExtensionRequest, Suggestion
from .panels import register_panel
from .permissions import (
    can_mark_key,
    can_read_suggestion_lists,
    can_review_suggestion,
    can_review_suggestions,
    can_see_key_suggestions,
)
from .routing import propose_units
from .selectors import (
    assignments_visible_to,
    search_q,
    suggestion_stats,
    suggestions_visible_to,
    with_assignment_overdue,
    with_effective_state,
)
from .stats_export import XLSX_TYPE, ledger_workbook, stats_workbook

MERGE_CANDIDATES_LIMIT = 20


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
    if isinstance(error, (core_errors.InvalidTransition, core_errors.Conflict)):
        return 409
    return 400


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
    paginator = Paginator(items, settings.RENDA_PAGE_SIZE)
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


# Review and routing ---------------------------------------------------------------


def _staff_suggestion(request, pk) -> Suggestion:
    detail = selectors.suggestion_detail(request.user, pk, today=today())
    suggestion = detail.suggestion
    if not can_review_suggestion(request.user, suggestion):
        raise PermissionDenied
    suggestion.detail = detail
    return suggestion


def _may_merge_away(suggestion: Suggestion) -> bool:
    sources, _target = SUGGESTION_TRANSITIONS["merge_into"]
    return (
        suggestion.merged_into_id is None
        and suggestion.status in sources
        and not suggestion.merged_items.exists()
    )


def merge_candidates(user, suggestion: Suggestion) -> QuerySet[Suggestion]:
    """Return the accepted items of the same congress this item may be merged into."""
    return (
        suggestions_visible_to(user)
        .filter(
            congress_id=suggestion.congress_id,
            merged_into__isnull=True,
            status__in=[SuggestionStatus.ACCEPTED, SuggestionStatus.ASSIGNED],
        )
        .exclude(pk=suggestion.pk)
        .select_related("lead_deputy")
        .order_by("-accepted_at", "-pk")
    )


def _unit_rows(suggestion: Suggestion, picks: dict | None, assignments) -> dict:
    """Build the assignment form: proposed units first, then the area's units by region."""
    units = list(area_units(suggestion.congress))
    by_pk = {unit.pk: unit for unit in units}
    live = {
        a.handling_unit_id for a in assignments if a.status in LIVE_ASSIGNMENT_STATUSES
    }
    returned = {
        a.handling_unit_id for a in assignments if a.status == AssignmentStatus.RETURNED
    }
    proposed = [
        unit.pk for unit in propose_units(suggestion=suggestion) if unit.pk in by_pk
    ]
    if picks is None:
        picks = {
            pk: AssignmentRole.LEAD.value
            for pk in proposed
            if pk not in live and pk not in returned
        }

    def row(unit):
        return {
            "unit": unit,
            "field": f"role_{unit.pk}",
            "role": picks.get(unit.pk, ""),
            "proposed": unit.pk in proposed,
            "live": unit.pk in live,
            "returned": unit.pk in returned,
        }

    proposed_rows = [row(by_pk[pk]) for pk in proposed]
    regions: dict[str, dict] = {}
    for unit in units:
        if unit.pk in proposed:
            continue
        group = regions.setdefault(
            unit.region.code, {"name": unit.region.name, "rows": [], "picked": 0}
        )
        group["rows"].append(row(unit))
        group["picked"] += bool(picks.get(unit.pk))
    return {
        "proposed_rows": proposed_rows,
        "region_groups": list(regions.values()),
        "roles": AssignmentRole.choices,
        "units": by_pk,
    }


def review_context(
    user,
    suggestion: Suggestion,
    *,
    merge_q: str = "",
    bound: dict | None = None,
    picks: dict | None = None,
    page_errors: list[str] | None = None,
    conflict: dict | None = None,
) -> dict:
    """Return what the staff action panel shows for one suggestion in its state."""
    bound = bound or {}
    detail = getattr(suggestion, "detail", None)
    if detail is None or detail.suggestion.pk != suggestion.pk:
        detail = selectors.suggestion_detail(user, suggestion.pk, today=today())
    suggestion = detail.suggestion
    assignments = sorted(
        (a for a in detail.assignments if a.suggestion_id == suggestion.pk),
        key=lambda a: (a.assigned_at, ROLE_ORDER[a.role], a.pk),
    )
    members = leadership_members(suggestion.congress)
    may_merge = detail.may("merge_into")
    merge_q = (merge_q or "").strip()[:50]
    candidates = merge_candidates(user, suggestion) if may_merge else None
    shown_candidates = []
    if candidates is not None:
        shown = candidates.filter(search_q(merge_q)) if merge_q else candidates
        shown_candidates = list(shown[:MERGE_CANDIDATES_LIMIT])
    context = {
        "suggestion": suggestion,
        "assignments": assignments,
        "returned": [a for a in assignments if a.status == AssignmentStatus.RETURNED],
        "detail": detail,
        "may_accept": detail.may("accept"),
        "may_return": detail.may("return"),
        "may_reject": detail.may("reject"),
        "may_assign": detail.may("assign"),
        "may_merge": may_merge,
        "may_mark_key": detail.may("mark_key"),
        "return_form": bound.get("return") or ReturnForm(),
        "reject_form": bound.get("reject") or RejectForm(),
        "merge_form": bound.get("merge")
        or MergeForm(candidates=candidates or Suggestion.objects.none()),
        "merge_q": merge_q,
        "merge_candidates": shown_candidates,
        "key_form": bound.get("key")
        or KeyForm(
            members=members,
            initial={"overseer": suggestion.oversight_id}
            if suggestion.oversight_id
            else None,
        ),
        "has_leadership": members.exists(),
        "page_errors": page_errors or [],
        "conflict": conflict,
        "assign_errors": bound.get("assign_errors", []),
        "inbox_url": _with_congress("suggestions:staff_inbox", suggestion.congress_id),
    }
    if detail.may("assign"):
        context["assign"] = _unit_rows(suggestion, picks, assignments)
    return context


@register_panel
def staff_action_panel(user, suggestion: Suggestion):
    """Return the staff's action panel for the shared detail page, or None.

    Staff get the whole panel; a leader who may mark the item key (the API
    offers them ``mark_key`` too) gets that form alone.
    """
    detail = getattr(suggestion, "detail", None)
    reviews = can_review_suggestion(user, suggestion)
    if not reviews and not (detail is not None and detail.may("mark_key")):
        return None
    context = review_context(user, suggestion)
    if not reviews:
        context.update(assignments=[], returned=[])
    context["panel_next"] = reverse("suggestions:detail", args=[suggestion.pk])
    return "suggestions/staff_panel.html", context


def _render_review(request, suggestion, status: int = 200, **kwargs):
    context = review_context(
        request.user, suggestion, merge_q=request.GET.get("merge_q", ""), **kwargs
    )
    context["staff_nav"] = _nav(request.user)
    context["nav_current"] = "inbox"
    return render(request, "suggestions/staff_review.html", context, status=status)


def _done(request, default: str):
    """Redirect after a successful action: to a safe ``next`` page, else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk: int):
    """Show one item's review or routing panel; POST performs one action on it.

    Staff use the page; a leader may post the key form alone (from the
    detail page's panel), as the API lets them.
    """
    if request.method == "POST" and request.POST.get("action") == "key":
        detail = selectors.suggestion_detail(request.user, pk, today=today())
        if not can_mark_key(request.user, detail.suggestion):
            raise PermissionDenied
        detail.suggestion.detail = detail
        return _do_key(request, detail.suggestion)
    if not can_review_suggestions(request.user):
        raise PermissionDenied
    suggestion = _staff_suggestion(request, pk)
    if request.method == "POST":
        return _review_post(request, suggestion)
    return _render_review(request, suggestion)


def _review_post(request, suggestion: Suggestion):
    action = request.POST.get("action", "")
    handlers = {
        "accept": _do_accept,
        "return": _do_return,
        "reject": _do_reject,
        "merge": _do_merge,
        "key": _do_key,
        "assign": _do_assign,
    }
    handler = handlers.get(action)
    if handler is None:
        return _render_review(
            request,
            suggestion,
            status=400,
            page_errors=["无法识别的操作，请刷新页面后重试。"],
        )
    return handler(request, suggestion)


def _refused(request, suggestion, error, *, form=None, key=None, **kwargs):
    page_errors: list[str] = []
    # On the field it names; anything else (a refusal, a lost race) above
    # the panel, with the status that says why.
    if form is not None and error.field in form.fields:
        apply_service_error(form, error)
    else:
        page_errors.append(error.message)
    fresh = Suggestion.objects.get(pk=suggestion.pk)
    bound = {key: form} if key and form is not None else {}
    return _render_review(
        request,
        fresh,
        status=_status_for(error),
        bound=bound,
        page_errors=page_errors,
        **kwargs,
    )


def _do_accept(request, suggestion):
    try:
        services.suggestion_accept(suggestion=suggestion, actor=request.user)
    except core_errors.ApplicationError as error:
        return _refused(request, suggestion, error)
    messages.success(
        request, f"建议《{suggestion.title}》已立案。请在下方选择承办单位并交办。"
    )
    return _done(request, reverse("suggestions:staff_review", args=[suggestion.pk]))


def _reason_action(request, suggestion, *, form_class, key, service, done):
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_review(request, suggestion, status=400, bound={key: form})
    try:
        service(
            suggestion=suggestion,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except core_errors.ApplicationError as error:
        return _refused(request, suggestion, error, form=form, key=key)
    messages.success(request, done.format(title=suggestion.title))
    return _done(
        request, _with_congress("suggestions:staff_inbox", suggestion.congress_id)
    )


def _do_return(request, suggestion):
    return _reason_action(
        request,
        suggestion,
        form_class=ReturnForm,
        key="return",
        service=services.suggestion_return_for_clarification,
        done="建议《{title}》已退回代表修改。",
    )


def _do_reject(request, suggestion):
    return _reason_action(
        request,
        suggestion,
        form_class=RejectForm,
        key="reject",
        service=services.suggestion_reject,
        done="建议《{title}》不予立案，已转来信处理；代表仍可看到不予立案的理由。",
    )


def _do_merge(request, suggestion):
    if not _may_merge_away(suggestion):
        error = core_errors.InvalidTransition(
            f"该建议当前状态为“{SuggestionStatus(suggestion.status).label}”，不能并案。"
            if suggestion.merged_into_id is None
            else "该建议已并案。",
            code="suggestions.invalid_state",
        )
        return _refused(request, suggestion, error)
    form = MergeForm(
        request.POST, candidates=merge_candidates(request.user, suggestion)
    )
    if not form.is_valid():
        return _render_review(request, suggestion, status=400, bound={"merge": form})
    primary = form.cleaned_data["primary"]
    try:
        services.suggestion_merge(
            primary=primary, others=[suggestion], actor=request.user
        )
    except core_errors.ApplicationError as error:
        return _refused(request, suggestion, error, form=form, key="merge")
    messages.success(
        request, f"建议《{suggestion.title}》已并入《{primary.title}》，随主建议办理。"
    )
    return _done(
        request, _with_congress("suggestions:staff_inbox", suggestion.congress_id)
    )


def _do_key(request, suggestion):
    form = KeyForm(request.POST, members=leadership_members(suggestion.congress))
    if not form.is_valid():
        return _render_review(request, suggestion, status=400, bound={"key": form})
    overseer = form.cleaned_data["overseer"]
    try:
        services.suggestion_mark_key(
            suggestion=suggestion,
            overseer=overseer,
            source=form.cleaned_data["source"],
            actor=request.user,
        )
    except core_errors.ApplicationError as error:
        return _refused(request, suggestion, error, form=form, key="key")
    messages.success(
        request,
        f"建议《{suggestion.title}》已确定为重点建议，由{overseer.deputy.name}督办。",
    )
    return _done(request, reverse("suggestions:staff_review", args=[suggestion.pk]))


def _do_assign(request, suggestion):
    units = {unit.pk: unit for unit in area_units(suggestion.congress)}
    pairs, errors, picks = parse_unit_roles(request.POST, units)
    if errors:
        return _render_review(
            request,
            suggestion,
            status=400,
            picks=picks,
            bound={"assign_errors": errors},
        )
    try:
        assignments = services.suggestion_assign(
            suggestion=suggestion, units=pairs, actor=request.user
        )
    except core_errors.ApplicationError as error:
        fresh = Suggestion.objects.get(pk=suggestion.pk)
        conflict = None
        if error.code == "suggestions.already_assigned":
            conflict = {
                "message": error.message,
                "picks": [(unit, AssignmentRole(role).label) for unit, role in pairs],
            }
            page_errors = []
        else:
            page_errors = [] if error.field == "units" else [error.message]
        return _render_review(
            request,
            fresh,
            status=_status_for(error),
            picks=picks,
            page_errors=page_errors,
            conflict=conflict,
            bound={"assign_errors": [error.message] if error.field == "units" else []},
        )
    names = "、".join(
        f"{a.handling_unit.name}（{a.get_role_display()}）" for a in assignments
    )
    messages.success(request, f"建议《{suggestion.title}》已交办：{names}。")
    return _done(request, reverse("suggestions:staff_review", args=[suggestion.pk]))


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
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionStatus.PENDING,
            assignment__in=assignments_visible_to(user).filter(
                suggestion__congress=congress
            ),
        )
        .select_related(
            "assignment__handling_unit", "assignment__suggestion", "requested_by"
        )
        .order_by("requested_at", "pk")
    )


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
    visible = assignments_visible_to(request.user).filter(
        suggestion__congress__in=congresses
    )
    try:
        extension = ExtensionRequest.objects.select_related(
            "assignment__suggestion__congress", "assignment__handling_unit"
        ).get(pk=pk, assignment__in=visible)
    except ExtensionRequest.DoesNotExist:
        raise Http404 from None
    if not can_review_suggestion(request.user, extension.assignment.suggestion):
        raise PermissionDenied
    return extension


# The congress's list ---------------------------------------------------------------


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
    items = items.select_related(
        "lead_deputy", "merged_into", "oversight__deputy"
    ).prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(
                status__in=LIVE_ASSIGNMENT_STATUSES
            ).select_related("handling_unit"),
            to_attr="live_assignments",
        )
    )
    paginator = Paginator(items, settings.RENDA_PAGE_SIZE)
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


# Statistics ------------------------------------------------------------------------


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _width(value) -> str:
    return "0" if value is None else f"{float(value):.1f}"


def stats_rows(report) -> list[dict]:
    """Flatten a StatsReport into rows (the total first) with display strings."""
    rows = []
    entries = [("合计", report.total, True)] + [
        (group.label, group.stats, False) for group in report.groups
    ]
    for label, stats, is_total in entries:
        shares = {key: stats.outcome_shares.get(key) for key in ReplyOutcome.values}
        rows.append(
            {
                "label": label,
                "is_total": is_total,
                "stats": stats,
                "completion": _pct(stats.completion_rate),
                "on_time": _pct(stats.on_time_rate),
                "satisfaction": _pct(stats.satisfaction_rate),
                "shares": {key: _pct(value) for key, value in shares.items()},
                "widths": {
                    "completion": _width(stats.completion_rate),
                    "on_time": _width(stats.on_time_rate),
                    "satisfaction": _width(stats.satisfaction_rate),
                },
                "stack": _stack(shares),
            }
        )
    return rows


def _stack(shares: dict) -> list[dict]:
    """Segments of the A/B/C stacked bar (x offset and width out of 100)."""
    segments = []
    offset = 0.0
    for key in ReplyOutcome.values:
        value = float(shares[key] or 0)
        segments.append(
            {
                "key": key,
                "x": f"{offset:.1f}",
                "width": f"{value:.1f}",
                "share": shares[key],
            }
        )
        offset += value
    return segments


def _count_bars(stats) -> list[dict]:
    figures = [
        ("提交", stats.submitted),
        ("立案", stats.accepted),
        ("办结", stats.closed),
        ("当前超期", stats.overdue_now),
    ]
    top = max((value for _label, value in figures), default=0) or 1
    return [
        {"label": label, "value": value, "width": f"{value * 100 / top:.1f}"}
        for label, value in figures
    ]


def _stats_request(request):
    """Read the statistics filters; return (form, congress, year, filters) or errors."""
    congresses = _congresses(request.user, act=False)
    probe = StatsFilterForm(
        request.GET or None, congresses=congresses, units=_no_units()
    )
    probe.is_valid()
    congress = probe.chosen_congress()
    units = area_units(congress, active_only=False) if congress else _no_units()
    form = StatsFilterForm(request.GET or None, congresses=congresses, units=units)
    form.is_valid()
    filters = {
        "channel": form.value("channel"),
        "period": form.value("period"),
        "unit": form.value("unit"),
        "category": form.value("category"),
        "group_by": form.value("group_by"),
    }
    return form, congress, form.chosen_year(), filters


def _filters_summary(form, filters) -> list[tuple[str, str]]:
    out = []
    for name in ("channel", "period", "unit", "category"):
        value = filters[name]
        if value:
            field = form.fields[name]
            if name == "unit":
                out.append((field.label, value.name))
            else:
                out.append((field.label, str(dict(field.choices).get(value, value))))
    if filters["group_by"]:
        out.append(("分组统计", GROUP_BY_LABELS[filters["group_by"]]))
    return out


@require_GET
@permission_required(can_read_suggestion_lists)
def stats(request):
    """Show the year's figures of a congress as tables and server-drawn charts."""
    form, congress, year, filters = _stats_request(request)
    report = None
    rows: list[dict] = []
    if congress is not None:
        report = suggestion_stats(
            user=request.user, congress=congress, year=year, today=today(), **filters
        )
        rows = stats_rows(report)
    return render(
        request,
        "suggestions/stats.html",
        {
            "form": form,
            "congress": congress,
            "year": year,
            "report": report,
            "rows": rows,
            "total_row": rows[0] if rows else None,
            "group_rows": rows[1:],
            "count_bars": _count_bars(report.total) if report else [],
            "group_label": GROUP_BY_LABELS.get(filters["group_by"] or "", ""),
            "filters_summary": _filters_summary(form, filters),
            "query": request.GET.urlencode(),
            "outcome_labels": ReplyOutcome.choices,
            "staff_nav": _nav(request.user),
            "nav_current": "stats",
        },
    )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@permission_required(can_read_suggestion_lists)
def stats_export(request):
    """Download the statistics page's figures as .xlsx."""
    form, congress, year, filters = _stats_request(request)
    if congress is None:
        raise Http404
    report = suggestion_stats(
        user=request.user, congress=congress, year=year, **filters
    )
    content = stats_workbook(
        report=report,
        congress=congress,
        year=year,
        filters=_filters_summary(form, filters),
        group_label=GROUP_BY_LABELS.get(filters["group_by"] or "", ""),
    )
    return _xlsx(content, f"{congress.short_name}{year}年代表建议办理统计.xlsx")


@require_GET
@permission_required(can_read_suggestion_lists)
def ledger(request):
    """Download the year's suggestion ledger (台账) as .xlsx: one row per item."""
    form, congress, year, _filters = _stats_request(request)
    if congress is None:
        raise Http404
    content = ledger_workbook(
        user=request.user, congress=congress, year=year, today=today()
    )
    return _xlsx(content, f"{congress.short_name}{year}年代表建议台账.xlsx")


# Leaders -----------------------------------------------------------------------------


@require_GET
@permission_required(can_see_key_suggestions)
def leader_key(request):
    """List the key suggestions the logged-in leadership member oversees."""
    items = (
        with_effective_state(
            suggestions_visible_to(request.user).filter(
                is_key=True, oversight__user_id=request.user.pk
            ),
            today=today(),
        )
        .select_related("lead_deputy", "congress", "oversight__deputy")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=with_assignment_overdue(
                    Assignment.objects.filter(status__in=LIVE_ASSIGNMENT_STATUSES),
                    today=today(),
                ).select_related("handling_unit"),
                to_attr="live_assignments",
            )
        )
        .order_by("-submitted_at", "-pk")
    )
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
