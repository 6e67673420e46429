"""The deputy's suggestion pages, and the detail page every role shares.

Phone first: one column, large text, plain words. Every read goes through the
selectors (404 outside the user's scope); every write through the services,
whose refusals come back as form errors or messages, never as a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PageForbidden
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.permissions import get_scope
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.forms import apply_service_error, form_status
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk
from renda.deputies.models import Deputy, Mandate
from renda.deputies.selectors import DeputyFilters, deputy_list

from .. import selectors, services
from ..attachments import attachment_file_response
from ..choices import (
    AssignmentStatus,
    SuggestionStatus,
)
from ..forms import (
    COSIGNER_PAGE,
    RatingForm,
    SuggestionForm,
    cosigner_candidates,
    new_idempotency_key,
)
from ..panels import panels_for
from ..pending_uploads import clean_token, pending_clear, pending_keep, pending_open
from ..permissions import can_edit_suggestion, can_rate_reply, can_write_suggestions
from ..selectors import (
    SuggestionFilters,
    get_attachment_for_user,
    get_reply_for_user,
    get_suggestion_for_user,
    suggestion_list,
)
from ..services import suggestion_save_with_attachments
from ..text_routing import similar_suggestions_for_text

S = SuggestionStatus

# The deputy's list, by what the deputy has to do or wait for (kept in the
# selectors: the workbench's deputy tiles count the same groups).
STATUS_GROUPS = selectors.MY_STATUS_GROUPS


# Helpers shared with the unit pages ------------------------------------------------------


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


@require_GET
@permission_required(can_write_suggestions)
def my_suggestions(request):
    """List the deputy's own and cosigned items, newest first, by status group.

    A thin adapter over ``selectors.suggestion_list``: the API's
    ``GET /api/v1/suggestions?mine=true&order=created`` lists the same rows in
    the same order; the tabs group its effective statuses.
    """
    mine = suggestion_list(
        user=request.user, filters=SuggestionFilters(mine=True, order="created")
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
        listed = suggestion_list(
            user=request.user,
            filters=SuggestionFilters(
                mine=True, order="created", statuses=STATUS_GROUPS[group][1]
            ),
        )
    paginator = BoundedPaginator(listed, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/deputy_my.html",
        {
            "page": page,
            "tabs": tabs,
            "group": group,
            "deputy_id": get_scope(request.user).deputy_id,
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
    except ApplicationError as error:
        apply_service_error(form, error)
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
@permission_required(can_write_suggestions)
def suggestion_new(request):
    """Write a new suggestion: save it as a draft or submit it at once."""
    deputy = own_deputy(request.user)
    mandate, response = _choose_mandate(request, deputy)
    if response is not None:
        return response
    congress, term = mandate.term.congress, mandate.term
    kwargs = {"congress": congress, "term": term, "lead_deputy": deputy}
    if request.method == "POST":
        form = _bound_form(request, kwargs)
        if form.is_valid():
            done = _save(request, form, congress=congress, term=term, deputy=deputy)
            if done is not None:
                pending_clear(request, form.pending_token)
                return done
    else:
        form = SuggestionForm(
            initial={"idempotency_key": new_idempotency_key()}, **kwargs
        )
    return _form_page(request, form, congress=congress, several=True, deputy=deputy)


def _bound_form(request, kwargs) -> SuggestionForm:
    """Bind the posted form, with the files kept from an earlier refused post."""
    token = clean_token(request.POST.get("pending_uploads"))
    files = request.FILES.copy()
    for upload in pending_open(
        request, token, drop=request.POST.getlist("drop_pending")
    ):
        files.appendlist("attachments", upload)
    form = SuggestionForm(request.POST, files, **kwargs)
    form.pending_token = token
    return form


def _form_page(request, form, *, congress, several=False, suggestion=None, deputy):
    if form.is_bound and form.errors:
        # A new key for the next try: the refused request changed nothing.
        form.data = form.data.copy()
        form.data["idempotency_key"] = new_idempotency_key()
        # The files that passed the checks are kept: the user need not choose again.
        form.pending_files = pending_keep(
            request, form.pending_token, form.checked_uploads
        )
        # It says itself which files it kept (and which it refused).
        request.renda_files_kept = True
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
        status=form_status(form),
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
    if request.method != "POST" and not suggestion.can_edit():
        # A post goes on to the service, which refuses it in the same words
        # (or answers a retry with its first result), and the page comes back
        # with what was typed: a draft changed meanwhile loses nothing.
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
        form = _bound_form(request, kwargs)
        if form.is_valid():
            done = _save(request, form, suggestion=suggestion)
            if done is not None:
                pending_clear(request, form.pending_token)
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
@permission_required(can_write_suggestions)
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


def _detail_context(request, pk, rating_forms=None) -> dict:
    """Adapt the shared detail (``selectors.suggestion_detail``) to the page."""
    user = request.user
    detail = selectors.suggestion_detail(user, pk)
    suggestion, handling = detail.suggestion, detail.handling
    suggestion.detail = detail
    rating_forms = dict(rating_forms or {})
    for reply in detail.replies:
        reply.rating_form = None
        if reply.may_rate:
            reply.rating_form = rating_forms.get(reply.pk) or RatingForm(
                prefix=f"r{reply.pk}"
            )
    for assignment in detail.assignments:
        assignment.may_reply = "reply" in assignment.actions
        assignment.may_coordinate = "coordinate" in assignment.actions
        assignment.may_return = "return" in assignment.actions
        assignment.may_extend = "extend" in assignment.actions
    panels = [
        mark_safe(  # noqa: S308 - rendered by our own templates, autoescaped
            render_to_string(panel.template_name, panel.context, request=request)
        )
        for panel in panels_for(user, suggestion)
    ]
    return {
        "detail": detail,
        "suggestion": suggestion,
        "handling": handling,
        "attachments": detail.attachments,
        "cosigners": detail.cosigners,
        "assignments": sorted(
            (a for a in detail.assignments if a.status != AssignmentStatus.WITHDRAWN),
            key=lambda a: (a.role, a.assigned_at, a.pk),
        ),
        "own_assignments": detail.own_assignments,
        "replies": detail.replies,
        "may_rate": detail.may("rate"),
        "rating_deadline": detail.rating_deadline,
        "events": detail.timeline,
        "extra_panels": panels,
        "may_edit": detail.may("edit"),
        "is_lead": get_scope(user).deputy_id == suggestion.lead_deputy_id,
        "today": timezone.localdate(),
    }


@require_GET
@login_required
def suggestion_detail(request, pk: int):
    """Show one item: content, files, handling units, replies, rating, timeline."""
    return render(
        request, "suggestions/deputy_detail.html", _detail_context(request, pk)
    )


@require_POST
@login_required
def reply_rate(request, pk: int):
    """Record the lead deputy's rating of one reply."""
    reply = get_reply_for_user(request.user, pk)
    suggestion = reply.assignment.suggestion
    if not can_rate_reply(request.user, suggestion):
        raise PageForbidden
    form = RatingForm(request.POST, prefix=f"r{reply.pk}")
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        # Nothing is recorded yet: the page asks "确认提交评价？" first.
        form.awaiting_confirmation = True
    elif form.is_valid():
        try:
            services.feedback_create(
                reply=reply,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            if isinstance(error, PermissionDenied) or error.field in form.fields:
                apply_service_error(form, error)
            else:
                messages.error(request, error.message)
                return redirect("suggestions:detail", suggestion.pk)
        else:
            messages.success(request, "感谢您的评价，已记录。")
            return redirect("suggestions:detail", suggestion.pk)
    context = _detail_context(request, suggestion.pk, rating_forms={reply.pk: form})
    return render(
        request, "suggestions/deputy_detail.html", context, status=form_status(form)
    )


# Attachments ------------------------------------------------------------------------------


@require_GET
@login_required
def attachment_download(request, pk: int):
    """Send an attachment to a user who may see its suggestion (and its reply)."""
    attachment = get_attachment_for_user(request.user, pk)
    return attachment_file_response(attachment)


# Duplicate hints while drafting ----------------------------------------------------------

DUPLICATE_TEXT_MAX = 2000


@require_GET
@permission_required(can_write_suggestions)
def duplicate_hints(request):
    """Return "可能重复的建议" for the title and body being typed (htmx).

    Items of the congress the deputy may see link to their page; of the others
    only the title, status and year show (no names, no body): decision 0014.
    """
    deputy = own_deputy(request.user)
    mandate, response = _choose_mandate(request, deputy)
    hits: list = []
    visible: set[int] = set()
    if response is None:
        title = (request.GET.get("title") or "").strip()[:200]
        body = (request.GET.get("body") or "").strip()[:DUPLICATE_TEXT_MAX]
        if len(title) + len(body) >= 6:
            hits = similar_suggestions_for_text(
                congress_id=mandate.term.congress_id,
                title=title,
                body=body,
                exclude_pk=parse_pk(request.GET.get("suggestion")),
            )
        if hits:
            visible = set(
                selectors.suggestions_visible_to(request.user)
                .filter(pk__in=[hit.item.pk for hit in hits])
                .values_list("pk", flat=True)
            )
    return render(
        request,
        "suggestions/deputy_duplicates.html",
        {
            "hits": [(hit, hit.item.pk in visible) for hit in hits],
        },
    )
