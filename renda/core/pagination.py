"""Pagination that does not grow with the data (issue 13, section 3; decision 0020).

Two tools:

- ``BoundedPaginator`` for pages: its count is exact up to
  ``settings.RENDA_LIST_COUNT_BOUND`` and "1,000+" beyond it; the count query
  reads at most bound + 1 rows (``COUNT(*)`` over ``qs[:bound + 1]``). Beyond the
  bound the number of pages is not known: a page asks whether the row after it
  exists to know whether a next page does, and the last page is not linked.
- Keyset cursors for the API: the position after the last row of a page,
  expressed in the list's own ``ORDER BY`` (made unique by the primary key),
  signed so a client cannot forge or alter it (signed, not encrypted: it
  holds the last row's ordering values, which the page showed). ``keyset_after``
  turns a cursor back into a ``WHERE`` that an index can seek to, so the
  thousandth page costs what the first does.
"""

from __future__ import annotations

import datetime
import decimal
import math
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import F, OrderBy, Q, QuerySet
from django.utils.functional import cached_property


def count_bound() -> int:
    return settings.RENDA_LIST_COUNT_BOUND


def bounded_count(object_list, bound: int | None = None) -> tuple[int, bool]:
    """Return (count, exact): the exact count up to ``bound``, else (bound, False).

    A queryset is counted over ``qs[:bound + 1]``, so the database reads at
    most bound + 1 rows whatever the size of the table.
    """
    bound = count_bound() if bound is None else bound
    # A queryset, or a wrapper that maps a queryset's rows (``.queryset``).
    queryset = object_list
    if not isinstance(queryset, QuerySet):
        queryset = getattr(object_list, "queryset", None)
    if isinstance(queryset, QuerySet):
        counted = _slim(queryset)[: bound + 1].count()
    else:
        counted = len(object_list)
    if counted > bound:
        return bound, False
    return counted, True


def _slim(queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` as their keys alone, to count them.

    Counting a slice wraps it in a subquery that would compute every column and
    annotation of each row (a list's row state is a handful of correlated
    subqueries per row: 8 of a deputy's list page's 13 ms on the demo);
    conditions on annotations stay in the WHERE clause. Left as they are:
    grouped, combined (UNION), DISTINCT and sliced querysets, whose rows are not
    one per key or cannot be reordered (none of today's lists is either, but a
    distinct list of values would be counted as rows).
    """
    query = queryset.query
    if (
        query.group_by is not None
        or query.combinator
        or query.distinct
        or query.is_sliced
    ):
        return queryset
    return queryset.order_by().values("pk")


def count_text(count: int, exact: bool) -> str:
    """ "1,234" or "1,000+" (more than 1,000)."""
    return f"{count:,}" if exact else f"{count:,}+"


class BoundedPage(Page):
    """A page of a ``BoundedPaginator`` beyond its bound: it knows only whether a next page exists."""

    def __init__(self, object_list, number, paginator, has_more: bool):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self):
        return self._has_more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


class BoundedPaginator(Paginator):
    """A paginator whose count is exact up to a bound and shown as "1,000+" beyond it.

    Templates show ``paginator.count_display`` ("共 1,000+ 条") and
    ``paginator.num_pages_display`` ("第 3 / 20+ 页"); previous and next links
    work on every page, and the last page is known (and may be linked) only
    when ``paginator.exact``.
    """

    def __init__(
        self, object_list, per_page, *args, bound: int | None = None, **kwargs
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.bound = count_bound() if bound is None else bound

    @cached_property
    def _bounded(self) -> tuple[int, bool]:
        return bounded_count(self.object_list, self.bound)

    @property
    def exact(self) -> bool:
        return self._bounded[1]

    @cached_property
    def count(self):
        """The exact count, or bound + 1 (a lower bound) when there are more rows."""
        counted, exact = self._bounded
        return counted if exact else counted + 1

    @cached_property
    def num_pages(self):
        if self.exact:
            return super().num_pages
        # At least this many pages exist; more may.
        return math.ceil(self.count / self.per_page)

    @property
    def count_display(self) -> str:
        return count_text(*self._bounded)

    @property
    def num_pages_display(self) -> str:
        if self.exact:
            return str(self.num_pages)
        return f"{self.bound // self.per_page}+"

    def validate_number(self, number):
        if self.exact:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number):
        if self.exact:
            return super().get_page(number)
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            # Too deep: the last page known to exist.
            return self.page(self.num_pages)

    def page(self, number):
        if self.exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if isinstance(self.object_list, QuerySet):
            # Keep the page a queryset (views add prefetch_related to it); one
            # more row tells whether a next page exists.
            rows = self.object_list[bottom:top]
            has_more = self.object_list[top : top + 1].exists()
            empty = not has_more and not rows.exists()
        else:
            rows = self.object_list[bottom:top]
            has_more = len(self.object_list) > top
            empty = not rows
        if empty and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return BoundedPage(rows, number, self, has_more=has_more)


# Keyset cursors ------------------------------------------------------------------

CURSOR_SALT = "renda.core.pagination.cursor"


class InvalidCursor(ValueError):
    """The cursor was not made by this server for this list (tampered, or another ordering)."""


@dataclass(frozen=True)
class Key:
    """One term of a list's ORDER BY: a field path, its direction and where NULLs go."""

    field: str
    descending: bool
    nulls_first: bool


def ordering_keys(queryset: QuerySet) -> list[Key] | None:
    """Return the queryset's ORDER BY as keys ending in the primary key, or None.

    None when the ordering is not made of plain fields (an expression other than
    F(...), random order): such a list is paged by offset. Where a term does not
    place NULLs, they go where the database places them in a plain ORDER BY, and
    the keys say so explicitly, so the cursor's WHERE and the ORDER BY agree and
    the order is the page's.
    """
    query = queryset.query
    if query.order_by:
        ordering = list(query.order_by)
    elif query.default_ordering:
        ordering = list(queryset.model._meta.ordering)
    else:
        ordering = []
    pk_name = queryset.model._meta.pk.name
    # Where a term does not say, NULLs go where the database puts them in a plain
    # ORDER BY (largest on PostgreSQL, smallest on SQLite), so that a list read
    # by cursor has the order of the same list read by page.
    largest = connections[queryset.db].features.nulls_order_largest
    keys: list[Key] = []
    for term in ordering:
        if isinstance(term, str):
            if term == "?" or "." in term:
                return None
            descending = term.startswith("-")
            name = term.lstrip("-+")
            nulls_first = descending == largest
        elif isinstance(term, OrderBy) and isinstance(term.expression, F):
            name = term.expression.name
            descending = term.descending
            if term.nulls_first:
                nulls_first = True
            elif term.nulls_last:
                nulls_first = False
            else:
                nulls_first = descending == largest
        elif isinstance(term, F):
            name, descending, nulls_first = term.name, False, not largest
        else:
            return None
        if name == "pk":
            name = pk_name
        name = _column_path(queryset.model, name)
        if name is None:
            return None
        keys.append(Key(name, descending, nulls_first))
        if name == pk_name:
            # The primary key is unique: later terms never decide anything.
            return keys
    keys.append(Key(pk_name, bool(keys) and keys[-1].descending, False))
    return keys


def _column_path(model, name: str) -> str | None:
    """The path of the column an ORDER BY term sorts on, or None.

    A term naming a relation ("congress", "item__plan") sorts by the related
    model's own ordering, which the keys cannot follow: None (paged by offset)
    when that model has one; without one it sorts by the key column, which the
    keys name ("congress_id") so that the cursor holds a value, not a row. A
    name that is no field (an annotation) is kept as it is.
    """
    parts = name.split("__")
    opts = model._meta
    for index, part in enumerate(parts):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return name
        if not field.is_relation:
            return name
        if index == len(parts) - 1 and part == field.attname != field.name:
            # The key column itself ("congress_id"): Django sorts by the column,
            # not by the related model's ordering.
            return name
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            return None  # a reverse or many-to-many relation: one row per match
        if index == len(parts) - 1:
            if field.related_model._meta.ordering:
                return None
            return "__".join([*parts[:-1], field.attname])
        opts = field.related_model._meta
    return name


def order_by_keys(queryset: QuerySet, keys: list[Key]) -> QuerySet:
    """Order by ``keys`` with explicit NULL placement (the same on every backend)."""
    terms = []
    for key in keys:
        expression = F(key.field)
        if key.descending:
            terms.append(
                expression.desc(nulls_first=True)
                if key.nulls_first
                else expression.desc(nulls_last=True)
            )
        else:
            terms.append(
                expression.asc(nulls_first=True)
                if key.nulls_first
                else expression.asc(nulls_last=True)
            )
    return queryset.order_by(*terms)


def _after(key: Key, value) -> Q | None:
    """Rows strictly after ``value`` on this key alone; None when there are none."""
    if value is None:
        # NULLs first: everything non-NULL comes after; NULLs last: nothing does.
        return Q(**{f"{key.field}__isnull": False}) if key.nulls_first else None
    lookup = "lt" if key.descending else "gt"
    after = Q(**{f"{key.field}__{lookup}": value})
    if not key.nulls_first:
        after |= Q(**{f"{key.field}__isnull": True})
    return after


def _equal(key: Key, value) -> Q:
    if value is None:
        return Q(**{f"{key.field}__isnull": True})
    return Q(**{key.field: value})


def keyset_after(keys: list[Key], values: list) -> Q:
    """The WHERE of the rows after the row whose key values are ``values``.

    (k1 after v1) OR (k1 = v1 AND k2 after v2) OR ...
    """
    condition = None
    prefix = Q()
    for key, value in zip(keys, values, strict=True):
        after = _after(key, value)
        if after is not None:
            term = prefix & after
            condition = term if condition is None else condition | term
        prefix &= _equal(key, value)
    if condition is None:
        # Every key NULL and NULLs last: nothing comes after.
        return Q(pk__in=[])
    first, value = keys[0], values[0]
    if value is not None:
        # Redundant with the OR above, but a plain range on the leading key lets
        # the database seek in its index instead of filtering from the start.
        seek = Q(**{f"{first.field}__{'lte' if first.descending else 'gte'}": value})
        if not first.nulls_first:
            seek |= Q(**{f"{first.field}__isnull": True})
        condition &= seek
    return condition


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def row_values(row, keys: list[Key]) -> list:
    """The key values of one row (a model instance or a ``values()`` dict)."""
    values = []
    for key in keys:
        if isinstance(row, dict):
            value = row.get(key.field)
        else:
            value = row
            for part in key.field.split("__"):
                value = getattr(value, part, None)
                if value is None:
                    break
        values.append(_plain(value))
    return values


def _signature(keys: list[Key]) -> list:
    return [[k.field, int(k.descending), int(k.nulls_first)] for k in keys]


def encode_cursor(keys: list[Key] | None, values: list | None, offset: int) -> str:
    """An opaque, signed cursor: the last row's key values, or an offset when the list has no keys."""
    payload = {"o": offset} if keys is None else {"k": _signature(keys), "v": values}
    return signing.dumps(payload, salt=CURSOR_SALT, compress=True)


def decode_cursor(
    cursor: str, keys: list[Key] | None
) -> tuple[list | None, int | None]:
    """Return (values, None) for a keyset cursor or (None, offset); raise InvalidCursor."""
    try:
        payload = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature as error:
        raise InvalidCursor("游标无效，请从第一页重新获取。") from error
    if not isinstance(payload, dict):
        raise InvalidCursor("游标无效，请从第一页重新获取。")
    if keys is None:
        offset = payload.get("o")
        if isinstance(offset, int) and offset >= 0:
            return None, offset
        raise InvalidCursor("游标与当前列表的排序不符，请从第一页重新获取。")
    values = payload.get("v")
    if payload.get("k") != _signature(keys) or not isinstance(values, list):
        raise InvalidCursor("游标与当前列表的排序不符，请从第一页重新获取。")
    return values, None
