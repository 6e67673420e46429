"""What every 双联 page shares: the site's date, the sub-navigation, the congress
picker and pagination."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk

from ..forms import SearchForm
from ..permissions import liaison_navigation

# How many matches a deputy search shows at once.
SEARCH_LIMIT = 20
# How many congresses the picker lists (administrators see all of them).
PICKER_LIMIT = 60
MIN_YEAR = 1949


def today() -> dt.date:
    """Return the site's date; one place, so that tests can set the day."""
    return timezone.localdate()


def render_page(request, template: str, context: dict, *, status: int = 200):
    context = {"liaison_nav": liaison_navigation(request.user), **context}
    return render(request, f"liaison/{template}", context, status=status)


def pick_congress(request, queryset):
    """Return the congress chosen by ``?congress=`` (default: the first) and the choices.

    A congress outside the choices answers 404.
    """
    congresses = list(
        queryset.select_related("region").order_by("region__code")[:PICKER_LIMIT]
    )
    raw = request.GET.get("congress")
    if raw:
        pk = parse_pk(raw)
        chosen = next((c for c in congresses if c.pk == pk), None)
        if chosen is None and pk:
            chosen = queryset.filter(pk=pk).select_related("region").first()
        if chosen is None:
            raise Http404
        return chosen, congresses
    return (congresses[0] if congresses else None), congresses


def paginate(request, queryset):
    paginator = BoundedPaginator(queryset, settings.RENDA_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return paginator.get_page(request.GET.get("page")), query.urlencode()


def search_text(request) -> str:
    form = SearchForm(request.GET)
    return form.search().strip()


def year_param(request) -> int | None:
    raw = parse_pk(request.GET.get("year"))
    return raw if raw and MIN_YEAR <= raw <= 9999 else None
