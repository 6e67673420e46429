"""The committee staff's review of one suggestion: accept, return, reject, route
(assign), merge, mark key, withdraw an assignment; and the same actions as a
panel on the shared detail page.

What the panel offers comes from ``selectors.suggestion_detail`` (the actions
this user may take now, as the API lists them). Every write is a service call;
a service's refusal is shown on the page, with the status that says why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import (
    url_has_allowed_host_and_scheme,
)
from django.views.decorators.http import require_http_methods

from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error

from .. import selectors, services
from ..choices import (
    DIRECT_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    SUGGESTION_TRANSITIONS,
    AssignmentRole,
    AssignmentStatus,
    SuggestionStatus,
)
from ..forms_staff import (
    ROLE_ORDER,
    KeyForm,
    MergeForm,
    RejectForm,
    ReturnForm,
    WithdrawForm,
    leadership_members,
    parse_unit_roles,
)
from ..models import Assignment, Suggestion
from ..panels import register_panel
from ..permissions import (
    can_mark_key,
    can_review_suggestion,
    can_review_suggestions,
)
from ..routing import routing_proposal, unit_search_keys
from ..selectors import (
    search_q,
    suggestions_visible_to,
)
from ..text_routing import similar_suggestions_for_text
from .staff import _nav, _status_for, _with_congress, area_units, today

MERGE_CANDIDATES_LIMIT = 20

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
    """Build the assignment form: proposed units first (each with its reasons),
    then the area's units by region, each row findable by name and pinyin."""
    units = list(area_units(suggestion.congress))
    by_pk = {unit.pk: unit for unit in units}
    live = {
        a.handling_unit_id for a in assignments if a.status in LIVE_ASSIGNMENT_STATUSES
    }
    returned = {
        a.handling_unit_id for a in assignments if a.status == AssignmentStatus.RETURNED
    }
    proposals = [
        proposal
        for proposal in routing_proposal(suggestion=suggestion)
        if proposal.unit.pk in by_pk
    ]
    proposed = {proposal.unit.pk: proposal for proposal in proposals}
    if picks is None:
        picks = {
            proposal.unit.pk: proposal.role
            for proposal in proposals
            if proposal.role
            and proposal.unit.pk not in live
            and proposal.unit.pk not in returned
        }

    def row(unit):
        proposal = proposed.get(unit.pk)
        return {
            "unit": unit,
            "field": f"role_{unit.pk}",
            "role": picks.get(unit.pk, ""),
            "proposed": proposal is not None,
            "reasons": list(zip(proposal.reasons, proposal.details, strict=True))
            if proposal
            else [],
            "search": unit_search_keys(unit.name, unit.short_name),
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
        # 政府转办 is the sending to the government, never picked by hand.
        "roles": [c for c in AssignmentRole.choices if c[0] in DIRECT_ROLES],
        "units": by_pk,
    }


# The states in which staff are shown possible duplicates (可能重复的建议).
DUPLICATE_CHECKED = (SuggestionStatus.SUBMITTED, SuggestionStatus.ACCEPTED)
MERGEABLE = (SuggestionStatus.ACCEPTED, SuggestionStatus.ASSIGNED)


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
            user=user,
            congress=suggestion.congress,
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
    if suggestion.status in DUPLICATE_CHECKED and can_review_suggestion(
        user, suggestion
    ):
        context["duplicates"] = similar_suggestions_for_text(
            congress_id=suggestion.congress_id,
            title=suggestion.title,
            body=suggestion.body,
            exclude_pk=suggestion.pk,
            base=suggestions_visible_to(user),
        )
        context["mergeable"] = MERGEABLE
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


def _safe_next(request, target: str) -> str:
    """Return ``target`` if it is a page of this site, else an empty string."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _done(request, default: str):
    """Redirect after a successful action: to a safe ``next`` page, else ``default``."""
    return redirect(_safe_next(request, request.POST.get("next", "")) or default)


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
    form = KeyForm(
        request.POST,
        members=leadership_members(suggestion.congress),
        user=request.user,
        congress=suggestion.congress,
    )
    if not form.is_valid():
        return _render_review(request, suggestion, status=400, bound={"key": form})
    overseer = form.cleaned_data["overseer"]
    try:
        services.suggestion_mark_key(
            suggestion=suggestion,
            overseer=overseer,
            source=form.cleaned_data["source"],
            chairpersons_meeting=form.cleaned_data["chairpersons_meeting"],
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


# Withdrawing an assignment ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(can_review_suggestions)
def withdraw(request, pk: int):
    """Confirm and withdraw a unit's assignment it has not answered, with a reason.

    Reached from the assignments table of the review page (and the detail
    page's panel); the page itself is the confirm step: what happens, the
    reason, one clear button and a way back. Out of scope: 404; in sight
    but not the user's congress to review: 403; wrong state: 409.
    """
    assignment: Assignment = selectors.get_assignment_for_user(request.user, pk)
    suggestion = assignment.suggestion
    if not can_review_suggestion(request.user, suggestion):
        raise PermissionDenied
    back = _safe_next(
        request, request.POST.get("next") or request.GET.get("next", "")
    ) or reverse("suggestions:staff_review", args=[suggestion.pk])
    refusal = ""
    if not (suggestion.can_handle() and assignment.can_withdraw()):
        label = AssignmentStatus(assignment.status).label
        refusal = f"该交办事项当前状态为“{label}”，不能撤回。"
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST" and not refusal:
        if not form.is_valid():
            status = 400
        else:
            try:
                services.assignment_withdraw(
                    assignment=assignment,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except core_errors.ApplicationError as error:
                if isinstance(error, core_errors.PermissionDenied) or (
                    error.field in form.fields
                ):
                    apply_service_error(form, error)
                else:
                    refusal = error.message
                status = _status_for(error)
            else:
                messages.success(
                    request,
                    f"已撤回{assignment.handling_unit.name}对建议《{suggestion.title}》"
                    "的交办，并已通知该单位。",
                )
                return redirect(back)
    if request.method == "POST" and refusal:
        status = 409
    context = {
        "assignment": assignment,
        "suggestion": suggestion,
        "form": form,
        "refusal": refusal,
        "back": back,
        "staff_nav": _nav(request.user),
        "nav_current": "inbox",
    }
    return render(request, "suggestions/staff_withdraw.html", context, status=status)
