"""The deputy's suggestion pages, and the detail page every role shares.

Phone first: one column, large text, plain words. Every read goes through the
selectors (404 outside the user's scope); every write through the services,
whose refusals come back as form errors or messages, never as a 500.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PageForbidden
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.permissions import get_scope
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.parsing import parse_pk
from renda.deputies.models import Deputy, Mandate
from renda.deputies.selectors import DeputyFilters, deputy_list

from . import services
from .attachments import attachment_owner_suggestion
from .choices import (
    ANSWERING_ROLES,
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    Channel,
    ExtensionStatus,
    SuggestionStatus,
)
from .forms import (
    COSIGNER_PAGE,
    RatingForm,
    SuggestionForm,
    cosigner_candidates,
    new_idempotency_key,
)
from .models import Assignment, Attachment, Reply, Suggestion
from .panels import panels_for
from .permissions import can_edit_suggestion, can_handle_assignment, can_rate_reply
from .selectors import (
    get_suggestion_for_user,
    replies_for,
    suggestion_timeline,
    suggestions_visible_to,
    with_assignment_overdue,
    with_effective_state,
)
from .services import suggestion_save_with_attachments

S = SuggestionStatus

# The deputy's list, by what the deputy has to do or wait for.
STATUS_GROUPS: dict[str, tuple[str, frozenset]] = {
    "draft": ("草稿", frozenset({S.DRAFT, S.RETURNED_FOR_CLARIFICATION})),
    "handling": (
        "办理中",
        frozenset({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.REOPENED}),
    ),
    "replied": ("已答复待评价", frozenset({S.REPLIED})),
    "closed": ("已办结", frozenset({S.CLOSED})),
    "rejected": ("未立案", frozenset({S.REJECTED})),
}


# Helpers shared with the unit pages ------------------------------------------------------


def deputy_required(view):
    """Let in deputies only: others get 403, anonymous users the log-in page."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if get_scope(request.user).deputy_id is None:
            raise PageForbidden
        return view(request, *args, **kwargs)

    return wrapped


def apply_error(form, error: ApplicationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def forbid(error: PermissionDenied):
    """Turn a service's permission refusal into the 403 page."""
    raise PageForbidden(error.message) from error


def own_deputy(user) -> Deputy:
    return Deputy.objects.get(pk=get_scope(user).deputy_id)


def sitting_mandates(deputy: Deputy) -> list[Mandate]:
    """Return the deputy's sitting mandates (one per congress they may write to)."""
    return list(
        Mandate.objects.filter(deputy=deputy, end_date__isnull=True)
        .select_related("term__congress__region")
        .order_by("term__congress__region__code", "-term__number")
    )


# My suggestions ---------------------------------------------------------------------------


def _handling_due(queryset):
    """Annotate the earliest deadline among the open assignments of the handling item."""
    handled_by = Coalesce(OuterRef("merged_into_id"), OuterRef("pk"))
    open_assignments = Assignment.objects.filter(
        suggestion_id=handled_by, status__in=OPEN_ASSIGNMENT_STATUSES
    ).order_by("due_at", "pk")
    return queryset.annotate(
        current_due=Subquery(open_assignments.values("due_at")[:1]),
        current_due_provisional=Subquery(
            open_assignments.values("due_provisional")[:1]
        ),
    )


@require_GET
@deputy_required
def my_suggestions(request):
    """List the deputy's own and cosigned items, newest first, by status group."""
    deputy_id = get_scope(request.user).deputy_id
    cosigned = Suggestion.cosigners.through.objects.filter(deputy_id=deputy_id).values(
        "suggestion_id"
    )
    mine = with_effective_state(
        suggestions_visible_to(request.user).filter(
            Q(lead_deputy_id=deputy_id) | Q(pk__in=cosigned)
        )
    )
    counts = {
        row["effective_status"]: row["n"]
        for row in mine.order_by().values("effective_status").annotate(n=Count("pk"))
    }
    group = request.GET.get("status", "")
    if group not in STATUS_GROUPS:
        group = ""
    tabs = [{"key": "", "label": "全部", "count": sum(counts.values())}]
    for key, (label, statuses) in STATUS_GROUPS.items():
        tabs.append(
            {
                "key": key,
                "label": label,
                "count": sum(counts.get(status, 0) for status in statuses),
            }
        )
    listed = mine
    if group:
        listed = listed.filter(effective_status__in=STATUS_GROUPS[group][1])
    listed = _handling_due(listed).order_by("-created_at", "-pk")
    paginator = Paginator(listed, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/deputy_my.html",
        {
            "page": page,
            "tabs": tabs,
            "group": group,
            "deputy_id": deputy_id,
            "today": timezone.localdate(),
        },
    )


# Writing ----------------------------------------------------------------------------------


def _choose_mandate(request, deputy: Deputy):
    """Return the mandate to write under, or a response asking which (or refusing)."""
    mandates = sitting_mandates(deputy)
    if not mandates:
        return None, render(request, "suggestions/deputy_no_mandate.html", status=403)
    chosen = request.POST.get("congress") or request.GET.get("congress")
    if len(mandates) == 1 and not chosen:
        return mandates[0], None
    for mandate in mandates:
        if str(mandate.term.congress_id) == (chosen or "").strip():
            return mandate, None
    return None, render(
        request,
        "suggestions/deputy_choose_congress.html",
        {"mandates": mandates, "invalid": bool(chosen)},
    )


def _save(request, form, *, suggestion=None, congress=None, term=None, deputy=None):
    """Save or submit a valid form; return a redirect, or None with errors on the form."""
    submit = "submit" in request.POST
    data = form.cleaned_data
    remove = []
    if suggestion is not None and data.get("remove_attachments"):
        remove = list(suggestion.attachments.filter(pk__in=data["remove_attachments"]))
    try:
        saved, repeated = suggestion_save_with_attachments(
            actor=request.user,
            fields=form.draft_fields(),
            uploads=data.get("attachments") or [],
            remove=remove,
            suggestion=suggestion,
            congress=congress,
            term=term,
            lead_deputy=deputy,
            submit=submit,
            idempotency_key=data.get("idempotency_key"),
        )
    except PermissionDenied as error:
        forbid(error)
    except ApplicationError as error:
        apply_error(form, error)
        return None
    if repeated:
        messages.info(request, "这次提交已经处理过了，没有重复保存。")
    elif submit:
        messages.success(
            request,
            "建议已提交，工作人员审查后会告诉您结果。可以在“我的建议”里查看进度。",
        )
    else:
        messages.success(request, "草稿已保存。您可以继续修改，写好后再提交。")
    if saved.can_edit() and not submit:
        return redirect("suggestions:edit", saved.pk)
    return redirect("suggestions:detail", saved.pk)


@require_http_methods(["GET", "POST"])
@deputy_required
def suggestion_new(request):
    """Write a new suggestion: save it as a draft or submit it at once."""
    deputy = own_deputy(request.user)
    mandate, response = _choose_mandate(request, deputy)
    if response is not None:
        return response
    congress, term = mandate.term.congress, mandate.term
    kwargs = {"congress": congress, "term": term, "lead_deputy": deputy}
    if request.method == "POST":
        form = SuggestionForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            done = _save(request, form, congress=congress, term=term, deputy=deputy)
            if done is not None:
                return done
    else:
        form = SuggestionForm(
            initial={"idempotency_key": new_idempotency_key()}, **kwargs
        )
    return _form_page(request, form, congress=congress, several=True, deputy=deputy)


def _form_page(request, form, *, congress, several=False, suggestion=None, deputy):
    if form.is_bound and form.errors:
        # A new key for the next try: the refused request changed nothing.
        form.data = form.data.copy()
        form.data["idempotency_key"] = new_idempotency_key()
    return render(
        request,
        "suggestions/deputy_form.html",
        {
            "form": form,
            "congress": congress,
            "suggestion": suggestion,
            "several_congresses": several and len(sitting_mandates(deputy)) > 1,
            "cosigner_results": _cosigner_results(form),
        },
        status=200,
    )


def _matching(candidates, *, user, query: str) -> list[Deputy]:
    """Return the first candidates whose name, pinyin or initials match the query."""
    if query:
        found = deputy_list(
            user=user, filters=DeputyFilters(q=query, active_only=False)
        )
        candidates = candidates.filter(pk__in=found.values("pk"))
    return list(candidates[:COSIGNER_PAGE])


def _cosigner_results(form) -> list[Deputy]:
    """Return the first unchosen candidates, shown before any search."""
    chosen = {str(value) for value in (form["cosigners"].value() or [])}
    candidates = form.candidates.exclude(
        pk__in=[pk for c in chosen if (pk := parse_pk(c))]
    )
    return list(candidates[:COSIGNER_PAGE])


@require_http_methods(["GET", "POST"])
@login_required
def suggestion_edit(request, pk: int):
    """Change a draft (or an item sent back for clarification), save or submit it."""
    suggestion = get_suggestion_for_user(request.user, pk)
    if not can_edit_suggestion(request.user, suggestion):
        raise PageForbidden
    if not suggestion.can_edit():
        label = SuggestionStatus(suggestion.status).label
        messages.error(request, f"这件建议当前状态为“{label}”，不能再修改。")
        return redirect("suggestions:detail", suggestion.pk)
    kwargs = {
        "congress": suggestion.congress,
        "term": suggestion.term,
        "lead_deputy": suggestion.lead_deputy,
        "suggestion": suggestion,
    }
    if request.method == "POST":
        form = SuggestionForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            done = _save(request, form, suggestion=suggestion)
            if done is not None:
                return done
    else:
        form = SuggestionForm(**kwargs)
        form.initial["idempotency_key"] = new_idempotency_key()
    return _form_page(
        request,
        form,
        congress=suggestion.congress,
        suggestion=suggestion,
        deputy=suggestion.lead_deputy,
    )


@require_GET
@deputy_required
def cosigner_options(request):
    """Return the cosigner checkboxes matching a name or pinyin initials (htmx)."""
    deputy = own_deputy(request.user)
    mandate, response = _choose_mandate(request, deputy)
    if response is not None:
        return render(
            request,
            "suggestions/deputy_cosigner_options.html",
            {"results": [], "selected": []},
        )
    candidates = cosigner_candidates(term=mandate.term, lead_deputy=deputy)
    chosen = [
        str(pk) for value in request.GET.getlist("cosigners") if (pk := parse_pk(value))
    ]
    selected = list(candidates.filter(pk__in=chosen))
    query = (request.GET.get("q") or "").strip()[:50]
    results = _matching(
        candidates.exclude(pk__in=chosen), user=request.user, query=query
    )
    return render(
        request,
        "suggestions/deputy_cosigner_options.html",
        {"results": results, "selected": selected, "q": query},
    )


# Detail -----------------------------------------------------------------------------------


def _rateable(reply: Reply, latest_ids: set[int]) -> bool:
    assignment = reply.assignment
    return (
        assignment.role in ANSWERING_ROLES
        and assignment.status == AssignmentStatus.REPLIED
        and reply.pk in latest_ids
        and getattr(reply, "feedback", None) is None
    )


def _detail_context(request, suggestion: Suggestion, rating_forms=None) -> dict:
    user = request.user
    today = timezone.localdate()
    suggestion = (
        with_effective_state(Suggestion.objects.filter(pk=suggestion.pk), today=today)
        .select_related(
            "congress", "term", "region", "lead_deputy", "merged_into", "oversight"
        )
        .get()
    )
    handling = suggestion.merged_into if suggestion.merged_into_id else suggestion
    assignments = list(
        with_assignment_overdue(
            Assignment.objects.filter(suggestion=handling).exclude(
                status=AssignmentStatus.WITHDRAWN
            ),
            today=today,
        )
        .select_related("handling_unit")
        .prefetch_related("extension_requests")
        .order_by("role", "assigned_at", "pk")
    )
    replies = list(
        replies_for(user=user, suggestion=suggestion)
        .select_related("assignment__handling_unit", "feedback")
        .prefetch_related("attachments")
        .order_by("replied_at", "pk")
    )
    latest: dict[int, int] = {}
    for reply in replies:
        latest[reply.assignment_id] = reply.pk
    latest_ids = set(latest.values())
    may_rate = can_rate_reply(user, handling) and handling.can_rate()
    if (
        may_rate
        and handling.status == SuggestionStatus.REPLIED
        and handling.replied_at
        and timezone.localdate() > services.rating_deadline(handling)
    ):
        # The window has passed; the daily job will close the item.
        may_rate = False
    rating_forms = dict(rating_forms or {})
    for reply in replies:
        reply.is_latest = reply.pk in latest_ids
        reply.rating_form = None
        if may_rate and _rateable(reply, latest_ids):
            reply.rating_form = rating_forms.get(reply.pk) or RatingForm(
                prefix=f"r{reply.pk}"
            )
    scope = get_scope(user)
    own_assignments = []
    for assignment in assignments:
        assignment.pending_extension = next(
            (
                item
                for item in assignment.extension_requests.all()
                if item.status == ExtensionStatus.PENDING
            ),
            None,
        )
        if assignment.handling_unit_id in scope.unit_ids and can_handle_assignment(
            user, assignment
        ):
            assignment.may_reply = handling.can_handle() and assignment.can_reply()
            assignment.may_return = handling.can_handle() and assignment.can_return()
            assignment.may_extend = (
                handling.can_handle()
                and assignment.can_extend()
                and handling.channel == Channel.FORMAL
            )
            own_assignments.append(assignment)
    events = suggestion_timeline(user=user, suggestion=suggestion).select_related(
        "assignment__handling_unit"
    )
    panels = [
        mark_safe(  # noqa: S308 - rendered by our own templates, autoescaped
            render_to_string(panel.template_name, panel.context, request=request)
        )
        for panel in panels_for(user, suggestion)
    ]
    rating_deadline = None
    if may_rate and handling.replied_at and handling.status == SuggestionStatus.REPLIED:
        rating_deadline = services.rating_deadline(handling)
    return {
        "suggestion": suggestion,
        "handling": handling,
        "attachments": list(suggestion.attachments.all()),
        "cosigners": list(suggestion.cosigners.order_by("stroke_key", "id")),
        "assignments": assignments,
        "own_assignments": own_assignments,
        "replies": replies,
        "may_rate": may_rate,
        "rating_deadline": rating_deadline,
        "events": events,
        "extra_panels": panels,
        "may_edit": can_edit_suggestion(user, suggestion) and suggestion.can_edit(),
        "is_lead": scope.deputy_id == suggestion.lead_deputy_id,
        "today": today,
    }


@require_GET
@login_required
def suggestion_detail(request, pk: int):
    """Show one item: content, files, handling units, replies, rating, timeline."""
    suggestion = get_suggestion_for_user(request.user, pk)
    return render(
        request, "suggestions/deputy_detail.html", _detail_context(request, suggestion)
    )


@require_POST
@login_required
def reply_rate(request, pk: int):
    """Record the lead deputy's rating of one reply."""
    reply = get_object_or_404(
        Reply.objects.select_related("assignment__suggestion"), pk=pk
    )
    suggestion = get_suggestion_for_user(request.user, reply.assignment.suggestion_id)
    if not replies_for(user=request.user, suggestion=suggestion).filter(pk=pk).exists():
        raise Http404
    if not can_rate_reply(request.user, suggestion):
        raise PageForbidden
    form = RatingForm(request.POST, prefix=f"r{reply.pk}")
    if form.is_valid():
        try:
            services.feedback_create(
                reply=reply,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except PermissionDenied as error:
            forbid(error)
        except ApplicationError as error:
            if error.field in form.fields:
                apply_error(form, error)
            else:
                messages.error(request, error.message)
                return redirect("suggestions:detail", suggestion.pk)
        else:
            messages.success(request, "感谢您的评价，已记录。")
            return redirect("suggestions:detail", suggestion.pk)
    context = _detail_context(request, suggestion, rating_forms={reply.pk: form})
    return render(request, "suggestions/deputy_detail.html", context)


# Attachments ------------------------------------------------------------------------------


@require_GET
@login_required
def attachment_download(request, pk: int):
    """Send an attachment to a user who may see its suggestion (and its reply)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("suggestion", "reply__assignment"), pk=pk
    )
    owner = attachment_owner_suggestion(attachment)
    suggestion = get_suggestion_for_user(request.user, owner.pk)
    if attachment.reply_id is not None:
        visible = replies_for(user=request.user, suggestion=suggestion)
        if not visible.filter(pk=attachment.reply_id).exists():
            raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
