"""Helpers every 双联 read shares: one object or 404, any of several scopes, query values."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.core.parsing import parse_pk

MEMBER_CONGRESS = "standing_committee__term__congress_id"


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _any(conditions: list[Q], model) -> QuerySet:
    if not conditions:
        return model.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return model.objects.filter(combined)


def _query_id(query, name: str) -> int | None:
    raw = query.get(name)
    return parse_pk(raw) if raw not in (None, "") else None


def _query_year(query) -> int | None:
    year = _query_id(query, "year")
    return year if year and 1949 <= year <= 9999 else None
