"""``field__in_array=[ids]``: membership in a list of ids as one parameter.

Django writes ``field__in=[...]`` as ``IN (%s, %s, …)``, one parameter per id. A scope
read first as a list of ids (``suggestions_visible_to``: the items a deputy cosigned,
decision record 0020) can hold thousands of them: building and binding such a query
cost ~40 ms of CPU each, six times per page, for a deputy with 3,000 cosigned items in
the load test at 1M. On PostgreSQL this lookup writes ``field = ANY(%s::bigint[])``
with the ids as one array literal — the planner uses indexes for it as for ``IN`` (an
index condition, OR-able into a BitmapOr), which a subquery would not give. Elsewhere
(SQLite) it is the plain ``IN`` list.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField, Lookup


class InArray(Lookup):
    lookup_name = "in_array"

    def get_prep_lookup(self):
        return sorted({int(value) for value in self.rhs})

    def as_sql(self, compiler, connection):
        ids = self.rhs
        if not ids:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            literal = "{" + ",".join(map(str, ids)) + "}"
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, literal]
        placeholders = ", ".join(["%s"] * len(ids))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *ids]


def install() -> None:
    """Register the lookup on integer fields (ids and foreign keys' columns)."""
    IntegerField.register_lookup(InArray)
