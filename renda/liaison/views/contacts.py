"""Pages of leaders' contacts (联系代表) and their logs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error, form_status
from renda.deputies.selectors import DeputyFilters, deputies_visible_to, deputy_list

from .. import rules, selectors, services
from ..forms import ContactAssignForm, ContactEndForm, ContactLogForm
from ..permissions import (
    can_browse_leader_contacts,
    can_log_contact,
    can_manage_contacts_of,
    can_open_contacts,
    can_read_records,
    can_see_deputy_pages,
    is_leadership_user,
    leadership_memberships_of,
)
from ..selectors import (
    CONTACT_LOG,
    congresses_read_by,
    current_standing_committee,
    eligible_contact_deputies,
    get_contact_for_user,
    get_leadership_member_for_user,
    leader_contacts,
    leaders_in_contact_with,
    leaders_with_counts,
)
from .shared import SEARCH_LIMIT, pick_congress, render_page, search_text, today


@require_GET
@permission_required(is_leadership_user)
def my_contacts(request):
    seats = leadership_memberships_of(request.user).select_related(
        "deputy", "standing_committee__term__congress"
    )
    summaries = [leader_contacts(seat, on_date=today()) for seat in seats]
    return render_page(
        request,
        "records_my_contacts.html",
        {"summaries": summaries, "minimum": rules.min_leader_contacts()},
    )


@require_GET
@permission_required(can_read_records)
def contacts(request):
    congress, congresses = pick_congress(request, congresses_read_by(request.user))
    committee = current_standing_committee(congress) if congress else None
    rows = (
        leaders_with_counts(
            user=request.user, congress=congress, on_date=today(), committee=committee
        )
        if committee
        else []
    )
    return render_page(
        request,
        "records_contacts.html",
        {
            "congress": congress,
            "congresses": congresses,
            "rows": rows,
            "short": sum(1 for row in rows if not row.meets_rule),
            "has_committee": committee is not None,
            "minimum": rules.min_leader_contacts(),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_leader_contacts)
def leader_contacts_view(request, pk: int):
    member = get_leadership_member_for_user(request.user, pk)
    may_manage = can_manage_contacts_of(request.user, member)
    form = ContactAssignForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            deputy = deputies_visible_to(request.user).filter(
                pk=form.cleaned_data["deputy"]
            )
            deputy = deputy.first()
            if deputy is None:
                form.add_error("deputy", "请从查找结果中选择一名代表。")
            else:
                try:
                    services.deputy_contact_assign(
                        leader=member,
                        deputy=deputy,
                        since=form.cleaned_data["since"],
                        actor=request.user,
                    )
                except core_errors.ApplicationError as error:
                    status = apply_service_error(form, error)
                else:
                    messages.success(
                        request,
                        f"已将{deputy.name}列为{member.deputy.name}的联系代表。",
                    )
                    return redirect("liaison:leader_contacts", member.pk)
    # The leader's active contacts, as GET /contacts?leader= lists them, with how
    # many were contacted in the half-year (the agreement is tested).
    summary = leader_contacts(member, on_date=today())
    ended = (
        member.deputy_contacts.filter(until__isnull=False)
        .select_related("deputy")
        .order_by("-until", "-id")
    )
    return render_page(
        request,
        "records_leader_contacts.html",
        {
            "member": member,
            "summary": summary,
            "ended": ended,
            "may_manage": may_manage,
            "form": form,
        },
        status=status,
    )


@require_GET
@permission_required(can_browse_leader_contacts)
def contact_deputy_options(request, pk: int):
    member = get_leadership_member_for_user(request.user, pk)
    if not can_manage_contacts_of(request.user, member):
        raise PermissionDenied
    q = search_text(request)
    results = []
    if q:
        results = list(
            deputy_list(user=request.user, filters=DeputyFilters(q=q)).filter(
                pk__in=eligible_contact_deputies(member).values("pk")
            )[:SEARCH_LIMIT]
        )
    return render_page(
        request,
        "records_deputy_options.html",
        {"results": results, "q": q, "name": "deputy", "kind": "radio"},
    )


def _contact_page(request, pk: int, *, form=None, end_form=None):
    """The contact's page; a refused log or end comes back in it (400) with
    what was typed and the refusal at its form."""
    detail = selectors.contact_detail(request.user, pk)
    contact = detail.contact
    return render_page(
        request,
        "records_contact_detail.html",
        {
            "detail": detail,
            "contact": contact,
            "logs": detail.logs,
            "may_log": detail.may(CONTACT_LOG),
            "may_manage": can_manage_contacts_of(request.user, contact.leader),
            "form": form or ContactLogForm(),
            "end_form": end_form or ContactEndForm(),
        },
        status=form_status(form, end_form),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_open_contacts)
def contact_detail(request, pk: int):
    if request.method != "POST":
        return _contact_page(request, pk)
    contact = get_contact_for_user(request.user, pk)
    if not can_log_contact(request.user, contact):
        raise PermissionDenied
    form = ContactLogForm(request.POST)
    if form.is_valid():
        try:
            services.contact_log_record(
                contact=contact,
                date=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                opinions=form.cleaned_data["opinions"],
                actor=request.user,
            )
        except core_errors.ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "联系记录已保存。")
            return redirect("liaison:contact_detail", contact.pk)
    return _contact_page(request, pk, form=form)


@require_POST
@permission_required(can_open_contacts)
def contact_end(request, pk: int):
    contact = get_contact_for_user(request.user, pk)
    if not can_manage_contacts_of(request.user, contact.leader):
        raise PermissionDenied
    form = ContactEndForm(request.POST)
    if form.is_valid():
        try:
            services.deputy_contact_end(
                contact=contact, until=form.cleaned_data["until"], actor=request.user
            )
        except core_errors.ApplicationError as error:
            apply_service_error(form, error, default="until")
        else:
            messages.success(request, f"已结束与{contact.deputy.name}的联系。")
            return redirect("liaison:leader_contacts", contact.leader_id)
    return _contact_page(request, contact.pk, end_form=form)


@require_GET
@permission_required(can_see_deputy_pages)
def my_leaders(request):
    rows = leaders_in_contact_with(request.user)
    return render_page(request, "records_my_leaders.html", {"rows": rows})
