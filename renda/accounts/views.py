"""Pages of the accounts app: password change and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from renda.core.pagination import BoundedPaginator

from .forms import AuditFilterForm, PasswordChangeForm
from .permissions import can_view_audit_log
from .selectors import (
    AuditLogFilters,
    audit_action_choices,
    audit_log_extent,
    audit_log_list,
)
from .services import user_change_password


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        user_change_password(
            user=form.user,
            new_password=form.cleaned_data["new_password1"],
            actor=self.request.user,
        )
        # Keep this session; every other session of the user ends.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def audit(request):
    """Recent audit rows with filters: system administrators only."""
    if not can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = AuditLogFilters()
    if form.is_bound:
        # Invalid fields are shown with their message; the valid ones still filter.
        form.is_valid()
        filters = AuditLogFilters(**form.cleaned_data)
    rows = audit_log_list(user=request.user, filters=filters)
    page = BoundedPaginator(rows, settings.RENDA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "actions": audit_action_choices(),
    }
    template = "accounts/audit.html"
    if request.htmx and request.htmx.target == "audit-rows":
        template = "accounts/_audit_rows.html"
    else:
        context["extent"] = audit_log_extent()
    return render(request, template, context)
