"""Who sees which suggestion, 404 outside scope, and overdue derived from deadlines."""

import datetime as dt

import pytest
from django.http import Http404

from renda.congresses.choices import MemberRole
from renda.suggestions import services
from renda.suggestions.selectors import (
    assignments_visible_to,
    get_suggestion_for_user,
    suggestions_visible_to,
    with_assignment_overdue,
    with_effective_state,
)

from .factories import (
    accepted,
    assigned,
    committee_member,
    deputy_user,
    draft,
    moment,
    reply,
    submitted,
)


@pytest.fixture
def items(world, deputy, committee_staff, district_staff, leader):
    """One suggestion of each kind of visibility, keyed by name."""
    xian_deputy = deputy_user(world.deputy_xian, "xian_deputy")
    overseer = committee_member(world, role=MemberRole.DIRECTOR, user=leader)
    own_draft = draft(world, deputy, title="草稿")
    cosigned = submitted(
        world,
        deputy_user(world.deputy_city_b, "deputy_b"),
        lead_deputy=world.deputy_city_b,
        cosigners=[world.deputy_city_a],
        title="附议",
    )
    assigned_item, _assignments = assigned(
        world, deputy, committee_staff, title="交办市住建局"
    )
    key_item = accepted(world, deputy, committee_staff, title="重点")
    services.suggestion_mark_key(
        suggestion=key_item, overseer=overseer, actor=committee_staff
    )
    xian_item = submitted(
        world,
        xian_deputy,
        congress=world.xian_congress,
        term=world.xian_congress.terms.get(),
        lead_deputy=world.deputy_xian,
        region=world.xian,
        title="西安区",
    )
    return {
        "draft": own_draft,
        "cosigned": cosigned,
        "assigned": assigned_item,
        "key": key_item,
        "xian": xian_item,
    }


VISIBLE = {
    "system_admin": {"draft", "cosigned", "assigned", "key", "xian"},
    "committee_staff": {"cosigned", "assigned", "key"},
    "district_staff": {"xian"},
    "leader": {"cosigned", "assigned", "key"},
    "deputy": {"draft", "cosigned", "assigned", "key"},
    "unit_staff": {"assigned"},
    "station_chief": set(),
    "liaison_officer": set(),
}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_visibility_per_role(items, request, role):
    user = request.getfixturevalue(role)
    names = {pk: name for name, pk in ((k, v.pk) for k, v in items.items())}

    seen = {
        names[pk] for pk in suggestions_visible_to(user).values_list("pk", flat=True)
    }

    assert seen == VISIBLE[role]


def test_the_public_sees_nothing(items):
    from django.contrib.auth.models import AnonymousUser

    assert not suggestions_visible_to(AnonymousUser()).exists()


def test_a_cosigner_does_not_see_the_leads_draft(world, deputy):
    other = deputy_user(world.deputy_city_b, "deputy_b")
    hidden = draft(
        world,
        other,
        lead_deputy=world.deputy_city_b,
        cosigners=[world.deputy_city_a],
    )

    assert not suggestions_visible_to(deputy).filter(pk=hidden.pk).exists()


def test_outside_scope_is_404(items, unit_staff):
    with pytest.raises(Http404):
        get_suggestion_for_user(unit_staff, items["xian"].pk)
    with pytest.raises(Http404):
        get_suggestion_for_user(unit_staff, "not-a-number")

    assert (
        get_suggestion_for_user(unit_staff, items["assigned"].pk) == items["assigned"]
    )


def test_unit_staff_see_the_assignments_of_their_items_only(items, unit_staff):
    assert set(assignments_visible_to(unit_staff)) == set(
        items["assigned"].assignments.all()
    )


def test_overdue_is_derived_from_open_assignments(
    world, deputy, committee_staff, unit_staff
):
    late, [late_assignment] = assigned(world, deputy, committee_staff)
    answered, [answered_assignment] = assigned(
        world, deputy, committee_staff, title="已答复"
    )
    reply(answered_assignment, unit_staff, now=moment(2025, 3, 10))
    due = late_assignment.due_at  # 2025-06-03

    def overdue_on(day):
        rows = with_effective_state(
            suggestions_visible_to(committee_staff), today=day
        ).values_list("pk", "is_overdue")
        return {pk for pk, flag in rows if flag}

    assert overdue_on(due) == set()
    assert overdue_on(due + dt.timedelta(days=1)) == {late.pk}
    flags = dict(
        with_assignment_overdue(
            assignments_visible_to(committee_staff), today=dt.date(2025, 7, 1)
        ).values_list("pk", "is_overdue")
    )
    assert flags == {late_assignment.pk: True, answered_assignment.pk: False}


def test_an_overseer_sees_the_key_items_they_oversee(world, deputy, committee_staff):
    from renda.accounts.tests.factories import UserFactory

    account = UserFactory(username="director")
    overseer = committee_member(world, role=MemberRole.DIRECTOR, user=account)
    key_item = accepted(world, deputy, committee_staff, title="重点")
    plain = accepted(world, deputy, committee_staff, title="一般")
    before = set(suggestions_visible_to(account))

    services.suggestion_mark_key(
        suggestion=key_item, overseer=overseer, actor=committee_staff
    )

    fresh = type(account).objects.get(pk=account.pk)
    assert before == set()
    assert set(suggestions_visible_to(fresh)) == {key_item}
    assert plain not in set(suggestions_visible_to(fresh))
