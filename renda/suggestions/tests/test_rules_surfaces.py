"""A rule's setting, changed in a test, changes every surface that reads it.

Pages, the API and the daily job read ``rules.py`` at call time: the due-soon
threshold and the rating window are overridden here and each surface follows.
"""

import datetime as dt

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Channel, SuggestionStatus
from renda.suggestions.daily import deadline_assignments, suggestions_daily
from renda.suggestions.models import Suggestion
from renda.suggestions.selectors import suggestion_stats

from .factories import accepted, reply

API = "/api/v1/suggestions"


def test_the_due_soon_threshold_changes_the_pages_and_the_daily_job(
    client, world, deputy, committee_staff, unit_staff
):
    # Given a 直通车 item assigned 3 days ago: due in 4 days (7-day period)
    today = timezone.localdate()
    suggestion = accepted(
        world, deputy, committee_staff, now=timezone.now(), channel=Channel.HOTLINE
    )
    [assignment] = services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_city, AssignmentRole.LEAD)],
        actor=committee_staff,
        now=timezone.now() - dt.timedelta(days=3),
    )
    assert (assignment.due_at - today).days == 4

    def surfaces():
        client.force_login(unit_staff)
        inbox = client.get(reverse("suggestions:unit_inbox")).content.decode()
        client.force_login(committee_staff)
        board = client.get(
            reverse("suggestions:staff_overdue"), {"congress": world.city_congress.pk}
        )
        return (
            "4 天后到期" in inbox,
            f"{suggestion.title}" in board.content.decode(),
            f"{board.context['due_soon_days']} 日内到期" in board.content.decode(),
            assignment in deadline_assignments(today=today),
        )

    # When the threshold is the default 3 days, then 5
    # Then the unit inbox, the staff board and the daily job all follow
    assert surfaces() == (False, False, True, False)
    with override_settings(RENDA_SUGGESTION_DUE_SOON_DAYS=5):
        assert surfaces() == (True, True, True, True)


def test_the_rating_window_changes_the_page_the_api_the_figures_and_the_daily_job(
    client, world, deputy, committee_staff, unit_staff
):
    # Given an item answered 35 days ago, never rated: past a 20-working-day
    # window, within a 40-working-day one
    answered = timezone.now() - dt.timedelta(days=35)
    suggestion = accepted(world, deputy, committee_staff, now=answered)
    [assignment] = services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_city, AssignmentRole.LEAD)],
        actor=committee_staff,
        now=answered,
    )
    reply(assignment, unit_staff, now=answered)
    today = timezone.localdate()
    client.force_login(deputy)

    def surfaces():
        page = client.get(reverse("suggestions:detail", args=[suggestion.pk]))
        api = client.get(f"{API}/{suggestion.pk}").json()
        closed = suggestion_stats(
            user=committee_staff,
            congress=world.city_congress,
            year=today.year,
            today=today,
        ).total.closed
        return (
            'data-action="rate"' in page.content.decode(),
            "rate" in api["actions"],
            closed if answered.year == today.year else 1,
        )

    # Then with the default window nothing offers the rating and the item
    # counts closed; with a longer one the page and the API offer it
    assert surfaces() == (False, False, 1)
    with override_settings(RENDA_SUGGESTION_RATING_WINDOW_WORKING_DAYS=40):
        assert surfaces()[:2] == (True, True)
        if answered.year == today.year:
            assert surfaces()[2] == 0
        # and the daily job leaves it open
        assert suggestions_daily(today=today).closed == 0
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.REPLIED
    # With the default window the daily job closes it.
    assert suggestions_daily(today=today).closed == 1
