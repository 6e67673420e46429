"""The list filters the workbench's tiles needed, on the lists' own pages and selectors.

The unit inbox's queues (new, due within N working days, overdue), the staff
list's "returned by a unit" filter: each a filter of the list's dataclass that
its page's query string sets, so a tile's link opens exactly its rows.
"""

import datetime as dt

import pytest
from django.urls import reverse

from renda.suggestions import rules, services
from renda.suggestions.models import Assignment
from renda.suggestions.selectors import (
    AssignmentFilters,
    SuggestionFilters,
    suggestion_list,
    unit_assignment_list,
)
from renda.suggestions.tests.factories import START, assigned

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2025, 3, 7)


def _ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def _queue(user, show, today):
    return _ids(unit_assignment_list(user, AssignmentFilters(show=show), today=today))


def test_due_soon_counts_working_days_on_the_legal_calendar():
    # Friday + 3 working days: Monday, Tuesday, Wednesday (not Monday, as 3 days).
    assert rules.due_soon_working_last_day(FRIDAY) == dt.date(2025, 3, 12)


def test_the_unit_queues_split_open_assignments_by_deadline(
    world, deputy, committee_staff, unit_staff
):
    deadlines = {
        "yesterday": FRIDAY - dt.timedelta(days=1),
        "wednesday": dt.date(2025, 3, 12),
        "thursday": dt.date(2025, 3, 13),
    }
    rows = {}
    for name, due in deadlines.items():
        _suggestion, [assignment] = assigned(
            world, deputy, committee_staff, title=f"关于{name}的建议"
        )
        Assignment.objects.filter(pk=assignment.pk).update(due_at=due)
        rows[name] = assignment.pk

    assert _queue(unit_staff, "overdue", FRIDAY) == [rows["yesterday"]]
    assert _queue(unit_staff, "due_soon", FRIDAY) == [rows["wednesday"]]
    assert _queue(unit_staff, "open", FRIDAY) == sorted(rows.values())
    # Assigned on Monday: the 7-working-day return window still runs on Friday.
    assert _queue(unit_staff, "new", FRIDAY) == sorted(rows.values())
    assert _queue(unit_staff, "new", dt.date(2025, 3, 13)) == []


def test_the_inbox_page_opens_the_queue_its_query_names(
    world, deputy, committee_staff, unit_staff, client
):
    _suggestion, [assignment] = assigned(world, deputy, committee_staff)
    client.force_login(unit_staff)

    overdue = client.get(reverse("suggestions:unit_inbox"), {"show": "overdue"})
    unknown = client.get(reverse("suggestions:unit_inbox"), {"show": "nonsense"})

    # Assigned in 2025: long overdue today.
    assert [a.pk for a in overdue.context["page"].object_list] == [assignment.pk]
    assert overdue.context["show"] == "overdue"
    assert unknown.context["show"] == "open"
    assert AssignmentFilters.from_query({"show": "nonsense"}).show == "open"


def test_the_returned_filter_lists_items_a_unit_sent_back(
    world, deputy, committee_staff, unit_staff, client
):
    returned, [assignment] = assigned(world, deputy, committee_staff)
    kept, _ = assigned(world, deputy, committee_staff, title="另一件")
    services.assignment_return(
        assignment=assignment,
        reason="该事项属于区政府职责，不属于本单位。",
        actor=unit_staff,
        now=START,
    )
    filters = SuggestionFilters(congress=world.city_congress.pk, returned=True)

    listed = _ids(suggestion_list(user=committee_staff, filters=filters))
    client.force_login(committee_staff)
    page = client.get(
        reverse("suggestions:staff_list"),
        {"congress": world.city_congress.pk, "returned_only": "on"},
    )

    assert listed == [returned.pk]
    assert [item.pk for item in page.context["page"].object_list] == [returned.pk]
    assert kept.pk not in listed
