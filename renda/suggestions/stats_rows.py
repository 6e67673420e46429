"""The statistics' summary rows: each item's contribution, kept in step with
every transition, rebuilt from the records, and read (decision record 0019).

An item's contribution is computed from its own rows (and its primary's when
it was merged): which years, groups, units and days it counts in, and for what.
``refresh()`` runs inside each transition's transaction, after its last write:
it locks the items' contribution rows, subtracts the stored contribution, adds
the new one with one upsert (``counter = counter + delta``, so concurrent
transitions never lose a count), and stores the new one. ``rebuild()`` does the
same for a whole congress at once. ``selectors.stats.suggestion_stats_live``,
the aggregate over the records, is the reference both are checked against.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from .choices import (
    ANSWERING_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    SATISFACTORY_RATINGS,
    ReplyOutcome,
    SuggestionStatus,
)
from .models import Assignment, Reply, Suggestion
from .models_stats import (
    ALL_UNITS,
    COUNTERS,
    PRESENCE_YEAR,
    UNDATED,
    SuggestionStatsItem,
    SuggestionStatsRow,
)

OUTCOME_COUNTERS = {
    ReplyOutcome.A: "outcome_a",
    ReplyOutcome.B: "outcome_b",
    ReplyOutcome.C: "outcome_c",
}
if set(OUTCOME_COUNTERS) != set(ReplyOutcome.values):  # pragma: no cover
    raise ImportError("every reply outcome needs a counter of its own")

# (year, channel, category, period, unit_id, day ordinal)
Key = tuple[int, str, str, str, int, int]
UNDATED_ORD = UNDATED.toordinal()


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


# Contributions ---------------------------------------------------------------


def contributions(ids: Iterable[int]) -> dict[int, dict[Key, Counter]]:
    """Return each item's contribution, computed from the records, in five queries."""
    ids = list(ids)
    items = {
        row["pk"]: row
        for row in Suggestion.objects.filter(pk__in=ids).values(
            "pk",
            "congress_id",
            "status",
            "channel",
            "category",
            "period",
            "submitted_at",
            "accepted_at",
            "replied_at",
            "closed_at",
            "merged_into_id",
        )
    }
    primary_ids = {
        row["merged_into_id"] for row in items.values() if row["merged_into_id"]
    }
    primaries = {
        row["pk"]: row
        for row in Suggestion.objects.filter(pk__in=primary_ids).values(
            "pk", "status", "accepted_at", "replied_at", "closed_at"
        )
    }
    handled_ids = set(items) | primary_ids
    assignments = defaultdict(list)
    for row in Assignment.objects.filter(suggestion_id__in=handled_ids).values(
        "pk", "suggestion_id", "handling_unit_id", "role", "status", "due_at"
    ):
        assignments[row["suggestion_id"]].append(row)
    replies = defaultdict(list)
    for row in Reply.objects.filter(
        assignment__suggestion_id__in=list(items),
        assignment__role__in=ANSWERING_ROLES,
    ).values(
        "pk",
        "assignment_id",
        "outcome",
        "replied_at",
        "due_at",
        "feedback__rating",
    ):
        # Once per reply, not once per unit the reply counts for.
        row["on_time"] = _local(row["replied_at"]).date() <= row["due_at"]
        replies[row["assignment_id"]].append(row)
    return {
        pk: _contribution(
            item, primaries.get(item["merged_into_id"]), assignments, replies
        )
        for pk, item in items.items()
    }


def _live_units(assignments) -> set[int]:
    return {
        row["handling_unit_id"]
        for row in assignments
        if row["status"] in LIVE_ASSIGNMENT_STATUSES
    }


def _contribution(item, primary, assignments, replies) -> dict[Key, Counter]:
    out: dict[Key, Counter] = defaultdict(Counter)
    if item["status"] == SuggestionStatus.DRAFT:
        return {}
    own = assignments.get(item["pk"], [])
    direct = _live_units(own)
    units = direct | (
        _live_units(assignments.get(primary["pk"], [])) if primary else set()
    )
    scopes = [ALL_UNITS, *sorted(units)]
    group = (item["channel"], item["category"], item["period"])

    def add(year: int, unit: int, counter: str, day: int = UNDATED_ORD) -> None:
        out[(year, *group, unit, day)][counter] += 1

    submitted_year = (
        _local(item["submitted_at"]).year if item["submitted_at"] is not None else None
    )
    for unit in scopes:
        add(PRESENCE_YEAR, unit, "items")
        if unit in direct:
            add(PRESENCE_YEAR, unit, "direct")
        if submitted_year is not None:
            add(submitted_year, unit, "submitted")

    accepted_at = item["accepted_at"] or (primary["accepted_at"] if primary else None)
    if accepted_at is not None:
        year = _local(accepted_at).year
        closed_at = (primary["closed_at"] if primary else None) or item["closed_at"]
        holder = primary or item
        closed_this_year = closed_at is not None and _local(closed_at).year == year
        closing_day = None
        if (
            not closed_this_year
            and holder["status"] == SuggestionStatus.REPLIED
            and holder["replied_at"]
        ):
            closing_day = _local(holder["replied_at"]).date().toordinal()
        for unit in scopes:
            add(year, unit, "accepted")
            if closed_this_year:
                add(year, unit, "closed")
            elif closing_day is not None:
                add(year, unit, "closing", closing_day)

    if primary is None and item["accepted_at"] is not None:
        year = _local(item["accepted_at"]).year
        for unit in scopes:
            mine = [
                a for a in own if unit == ALL_UNITS or a["handling_unit_id"] == unit
            ]
            for assignment in mine:
                if assignment["role"] not in ANSWERING_ROLES:
                    continue
                rows = replies.get(assignment["pk"], [])
                for reply in rows:
                    add(year, unit, "replies")
                    if reply["on_time"]:
                        add(year, unit, "on_time")
                if rows and assignment["status"] in LIVE_ASSIGNMENT_STATUSES:
                    last = max(rows, key=lambda r: (r["replied_at"], r["pk"]))
                    add(year, unit, OUTCOME_COUNTERS[last["outcome"]])
                    rating = last["feedback__rating"]
                    if rating:
                        add(year, unit, "rated")
                    if rating in SATISFACTORY_RATINGS:
                        add(year, unit, "satisfied")
            due = [a["due_at"] for a in mine if a["status"] in OPEN_ASSIGNMENT_STATUSES]
            if due:
                add(year, unit, "overdue", min(due).toordinal())
    return {key: +counts for key, counts in out.items() if +counts}


def _encode(contribution: dict[Key, Counter]) -> list:
    return [[*key, dict(counts)] for key, counts in sorted(contribution.items())]


def _decode(rows: list) -> dict[Key, Counter]:
    return {tuple(row[:6]): Counter(row[6]) for row in rows}


# Writing -----------------------------------------------------------------------


def _upsert(congress_id: int, deltas: dict[Key, Counter]) -> None:
    """Add ``deltas`` to the rows, creating the missing ones, in key order."""
    deltas = {key: counts for key, counts in deltas.items() if any(counts.values())}
    if not deltas:
        return
    table = SuggestionStatsRow._meta.db_table
    key_columns = [
        "congress_id",
        "year",
        "channel",
        "category",
        "period",
        "unit_id",
        "day",
    ]
    columns = [*key_columns, *COUNTERS]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    conflict = ", ".join(
        connection.ops.quote_name(c)
        for c in (
            "congress_id",
            "year",
            "unit_id",
            "channel",
            "category",
            "period",
            "day",
        )
    )
    updates = ", ".join(
        f"{connection.ops.quote_name(c)} = {table}.{connection.ops.quote_name(c)}"
        f" + excluded.{connection.ops.quote_name(c)}"
        for c in COUNTERS
    )
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params: list = []
    keys = sorted(deltas)
    for key in keys:
        year, channel, category, period, unit, day = key
        params += [
            congress_id,
            year,
            channel,
            category,
            period,
            unit,
            dt.date.fromordinal(day),
        ]
        params += [deltas[key].get(c, 0) for c in COUNTERS]
    # Table and column names are the model's own; values are parameters.
    values = ", ".join([placeholders] * len(keys))
    sql = " ".join(
        [
            "INSERT INTO",
            table,
            f"({quoted})",
            "VALUES",
            values,
            f"ON CONFLICT ({conflict}) DO UPDATE SET",
            updates,
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refresh(ids: Iterable[int | None]) -> None:
    """Bring the summary rows in step with the items ``ids`` (and the items
    merged into them), inside the caller's transaction."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    followers = Suggestion.objects.filter(merged_into_id__in=ids).values_list(
        "pk", flat=True
    )
    ids |= set(followers)
    with transaction.atomic():
        congress_of = dict(
            Suggestion.objects.filter(pk__in=ids).values_list("pk", "congress_id")
        )
        SuggestionStatsItem.objects.bulk_create(
            [
                SuggestionStatsItem(suggestion_id=pk, congress_id_copy=congress_id)
                for pk, congress_id in congress_of.items()
            ],
            ignore_conflicts=True,
        )
        stored = {
            row.pk: row
            for row in SuggestionStatsItem.objects.select_for_update()
            .filter(pk__in=sorted(congress_of))
            .order_by("pk")
        }
        new = contributions(congress_of)
        deltas: dict[int, dict[Key, Counter]] = defaultdict(
            lambda: defaultdict(Counter)
        )
        changed = []
        for pk, row in stored.items():
            old = _decode(row.rows)
            fresh = new.get(pk, {})
            if old == fresh:
                continue
            per_congress = deltas[congress_of[pk]]
            for key, counts in old.items():
                per_congress[key].subtract(counts)
            for key, counts in fresh.items():
                per_congress[key].update(counts)
            row.rows = _encode(fresh)
            changed.append(row)
        for congress_id in sorted(deltas):
            _upsert(congress_id, deltas[congress_id])
        if changed:
            SuggestionStatsItem.objects.bulk_update(changed, ["rows"])


def refresh_suggestion(suggestion) -> None:
    """``refresh`` one item (and its primary, whose figures it may change)."""
    refresh([suggestion.pk, getattr(suggestion, "merged_into_id", None)])


BATCH = 5000


@transaction.atomic
def rebuild(*, congress_id: int | None = None) -> int:
    """Delete and recreate the rows (and contributions) of one congress or all
    from the records, in one transaction. Return the number of rows written."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (SuggestionStatsItem, SuggestionStatsRow):
                cursor.execute(
                    f"LOCK TABLE {model._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"
                )
    items = Suggestion.objects.exclude(status=SuggestionStatus.DRAFT)
    rows = SuggestionStatsRow.objects.all()
    stored = SuggestionStatsItem.objects.all()
    if congress_id is not None:
        items = items.filter(congress_id=congress_id)
        rows = rows.filter(congress_id=congress_id)
        stored = stored.filter(congress_id_copy=congress_id)
    rows.delete()
    stored.delete()
    totals: dict[int, dict[Key, Counter]] = defaultdict(lambda: defaultdict(Counter))
    ids = list(items.order_by("pk").values_list("pk", "congress_id"))
    for start in range(0, len(ids), BATCH):
        chunk = dict(ids[start : start + BATCH])
        found = contributions(chunk)
        _insert(
            SuggestionStatsItem,
            ("suggestion_id", "congress_id_copy", "rows"),
            (
                (pk, chunk[pk], _encode(contribution))
                for pk, contribution in found.items()
            ),
        )
        for pk, contribution in found.items():
            per_congress = totals[chunk[pk]]
            for key, counts in contribution.items():
                per_congress[key].update(counts)
    written = 0
    columns = ("congress_id", "year", "channel", "category", "period", "unit_id", "day")
    for congress, per_key in totals.items():
        written += _insert(
            SuggestionStatsRow,
            (*columns, *COUNTERS),
            (
                (
                    congress,
                    *key[:5],
                    dt.date.fromordinal(key[5]),
                    *(counts.get(c, 0) for c in COUNTERS),
                )
                for key, counts in sorted(per_key.items())
            ),
        )
    return written


def _insert(model, attnames: tuple[str, ...], values: Iterable[tuple]) -> int:
    """Insert plain rows (one value per attname); return how many.

    PostgreSQL: one ``COPY ... FROM STDIN`` (half of a rebuild's time went into
    building and binding ``bulk_create``'s INSERTs); elsewhere ``bulk_create``.
    """
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(attnames, row, strict=True))) for row in values]
        model.objects.bulk_create(objs, batch_size=BATCH)
        return len(objs)
    from psycopg.types.json import Jsonb

    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    json_at = {i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in values:
                if json_at:
                    row = tuple(
                        Jsonb(v) if i in json_at else v for i, v in enumerate(row)
                    )
                copy.write_row(row)
                count += 1
    return count


def row_totals(congress_id: int) -> dict[Key, dict[str, int]]:
    """The stored rows of a congress as ``{key: counters}``, zero rows left out
    (an incrementally kept table may hold rows that went back to zero)."""
    out = {}
    for row in SuggestionStatsRow.objects.filter(congress_id=congress_id).values():
        counts = {c: row[c] for c in COUNTERS if row[c]}
        if counts:
            key = (
                row["year"],
                row["channel"],
                row["category"],
                row["period"],
                row["unit_id"],
                row["day"].toordinal(),
            )
            out[key] = counts
    return out


def expected_totals(congress_id: int) -> dict[Key, dict[str, int]]:
    """The rows a rebuild would write for a congress, computed from the records."""
    ids = list(
        Suggestion.objects.filter(congress_id=congress_id)
        .exclude(status=SuggestionStatus.DRAFT)
        .values_list("pk", flat=True)
    )
    totals: dict[Key, Counter] = defaultdict(Counter)
    for start in range(0, len(ids), BATCH):
        for contribution in contributions(ids[start : start + BATCH]).values():
            for key, counts in contribution.items():
                totals[key].update(counts)
    return {key: dict(+counts) for key, counts in totals.items() if +counts}


__all__ = [
    "contributions",
    "expected_totals",
    "rebuild",
    "refresh",
    "refresh_suggestion",
    "row_totals",
]
