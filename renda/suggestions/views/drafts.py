"""The deputy throws away a draft (a station's prepared draft, or their own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from renda.core import errors as core_errors
from renda.core.forms import refusal_status

from .. import services
from ..permissions import can_edit_suggestion
from ..selectors import get_suggestion_for_user


@require_http_methods(["GET", "POST"])
@login_required
def suggestion_discard(request, pk: int):
    """Ask, then discard a draft never submitted (its lead deputy only)."""
    suggestion = get_suggestion_for_user(request.user, pk)
    if not can_edit_suggestion(request.user, suggestion):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.suggestion_discard_draft(suggestion=suggestion, actor=request.user)
        except core_errors.PermissionDenied as error:
            raise PermissionDenied(error.message) from error
        except core_errors.ApplicationError as error:
            return render(
                request,
                "suggestions/deputy_discard.html",
                {"suggestion": suggestion, "error": error.message},
                status=refusal_status(error),
            )
        messages.success(request, f"已放弃建议草稿《{suggestion.title}》。")
        return redirect("suggestions:my")
    return render(
        request, "suggestions/deputy_discard.html", {"suggestion": suggestion}
    )
