"""The summary rows (decision record 0019) against the live aggregate.

Random histories go through the real services, several seeds: after each
step the rows a transition left (``refresh``) are compared with the rows the
records give (what ``stats_rebuild`` writes), and every so often each figure
and group read from the rows with the same figure counted from the records,
at several "today" dates (the rating window and overdue depend on it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from renda.core.errors import ApplicationError
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    Period,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)
from renda.suggestions.models import (
    Assignment,
    Reply,
    Suggestion,
    SuggestionStatsItem,
    SuggestionStatsRow,
)
from renda.suggestions.selectors import suggestion_stats, suggestion_stats_live
from renda.suggestions.selectors.stats import GROUP_BY
from renda.suggestions.stats_rows import expected_totals, rebuild, row_totals

from .factories import draft, moment, submitted, unit_user

CHANNELS = [Channel.FORMAL, Channel.VOICE, Channel.HOTLINE]
CATEGORIES = [Category.TRANSPORT, *list(Category.values)[:3]]
PERIODS = [Period.SESSION, Period.RECESS]


def assert_reads_agree(user, congress, units, *, years, todays) -> None:
    """Every figure and group read from the rows equals the live aggregate:
    every grouping on the first day unfiltered; the other days and filters
    ungrouped and by unit (the grouping the filters split most)."""
    filters = [{}, {"channel": Channel.FORMAL}, *[{"unit": unit} for unit in units]]
    assert "unit" in GROUP_BY
    for year in years:
        for today in todays:
            for extra in filters:
                for group_by in (None, *GROUP_BY):
                    if (today != todays[0] or extra) and group_by not in (None, "unit"):
                        continue
                    arguments = dict(
                        user=user,
                        congress=congress,
                        year=year,
                        today=today,
                        group_by=group_by,
                        **extra,
                    )
                    assert suggestion_stats(**arguments) == suggestion_stats_live(
                        **arguments
                    ), arguments


def assert_rows_agree(congress) -> None:
    assert row_totals(congress.pk) == expected_totals(congress.pk)


class History:
    """A seeded random sequence of transitions through the services."""

    def __init__(self, seed, world, deputy, staff, unit_staff):
        self.rng = random.Random(seed)
        self.world = world
        self.deputy = deputy
        self.staff = staff
        self.unit_staff = {
            world.unit_city.pk: unit_staff,
            world.unit_xian.pk: unit_user(world.unit_xian, f"xian_{seed}"),
        }
        self.clock = moment(2024, 11, 4)

    def items(self, *statuses):
        rows = Suggestion.objects.filter(congress=self.world.city_congress)
        if statuses:
            rows = rows.filter(status__in=statuses)
        return list(rows.order_by("pk"))

    def pick(self, rows):
        return self.rng.choice(rows) if rows else None

    def step(self) -> None:
        self.clock += dt.timedelta(days=self.rng.choice([0, 0, 1, 2, 3, 8, 30]))
        now = self.clock
        # Weighted towards the flow (new → accepted → assigned → replied → rated).
        actions = [
            *[self.new] * 3,
            *[self.accept] * 3,
            *[self.assign] * 3,
            *[self.reply] * 4,
            *[self.rate] * 4,
            self.withdraw,
            self.give_back,
            self.reject,
            self.clarify,
            self.merge,
            self.extend,
            self.close_expired,
        ]
        action = self.rng.choice(actions)
        # A refusal rolls its transaction back: nothing to count.
        with contextlib.suppress(ApplicationError):
            action(now)

    def opening(self):
        """Accept, assign, reply to and rate one item; leave another one open."""
        now = self.clock
        for _ in range(2):
            item = draft(self.world, self.deputy, now=now)
            services.suggestion_submit(suggestion=item, actor=self.deputy, now=now)
            services.suggestion_accept(suggestion=item, actor=self.staff, now=now)
            services.suggestion_assign(
                suggestion=item,
                units=[(self.world.unit_city, AssignmentRole.LEAD)],
                actor=self.staff,
                now=now,
            )
        answer = services.reply_create(
            assignment=Assignment.objects.filter(suggestion=item).get(),
            text="已办理。",
            outcome=ReplyOutcome.A,
            signed_by="李局长",
            met_deputy_first=True,
            actor=self.unit_staff[self.world.unit_city.pk],
            now=now + dt.timedelta(days=1),
        )
        services.feedback_create(
            reply=answer,
            rating=Rating.SATISFIED,
            actor=self.deputy,
            now=now + dt.timedelta(days=2),
        )
        self.clock = now + dt.timedelta(days=2)

    def new(self, now):
        item = draft(
            self.world,
            self.deputy,
            now=now,
            channel=self.rng.choice(CHANNELS),
            category=self.rng.choice(CATEGORIES),
            period=self.rng.choice(PERIODS),
        )
        if self.rng.random() < 0.85:
            services.suggestion_submit(suggestion=item, actor=self.deputy, now=now)

    def accept(self, now):
        item = self.pick(self.items(SuggestionStatus.SUBMITTED))
        if item:
            services.suggestion_accept(suggestion=item, actor=self.staff, now=now)

    def reject(self, now):
        item = self.pick(self.items(SuggestionStatus.SUBMITTED))
        if item:
            services.suggestion_reject(
                suggestion=item, reason="不属于建议", actor=self.staff, now=now
            )

    def clarify(self, now):
        item = self.pick(self.items(SuggestionStatus.SUBMITTED))
        if item:
            services.suggestion_return_for_clarification(
                suggestion=item, reason="请补充", actor=self.staff, now=now
            )

    def assign(self, now):
        item = self.pick(self.items(SuggestionStatus.ACCEPTED))
        if item is None:
            return
        units = [self.world.unit_city, self.world.unit_xian]
        self.rng.shuffle(units)
        roles = self.rng.choice(
            [
                [AssignmentRole.LEAD],
                [AssignmentRole.LEAD, AssignmentRole.JOINT],
                [AssignmentRole.SPLIT, AssignmentRole.SPLIT],
            ]
        )
        services.suggestion_assign(
            suggestion=item,
            units=list(zip(units, roles, strict=False)),
            actor=self.staff,
            now=now,
        )

    def _open(self):
        return list(
            Assignment.objects.filter(
                suggestion__congress=self.world.city_congress,
                status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.REHANDLING],
            ).order_by("pk")
        )

    def reply(self, now):
        assignment = self.pick(self._open())
        if assignment:
            services.reply_create(
                assignment=assignment,
                text="已办理。",
                outcome=self.rng.choice(ReplyOutcome.values),
                signed_by="李局长",
                met_deputy_first=True,
                actor=self.unit_staff[assignment.handling_unit_id],
                now=now,
            )

    def rate(self, now):
        reply = self.pick(
            list(
                Reply.objects.filter(
                    assignment__suggestion__status=SuggestionStatus.REPLIED,
                    assignment__suggestion__congress=self.world.city_congress,
                    feedback__isnull=True,
                ).order_by("pk")
            )
        )
        if reply:
            rating = self.rng.choice(Rating.values)
            services.feedback_create(
                reply=reply,
                rating=rating,
                reason="仍未解决" if rating == Rating.UNSATISFIED else "",
                actor=self.deputy,
                now=now,
            )

    def withdraw(self, now):
        assignment = self.pick(self._open())
        if assignment:
            services.assignment_withdraw(
                assignment=assignment, reason="交办有误", actor=self.staff, now=now
            )

    def give_back(self, now):
        assignment = self.pick(self._open())
        if assignment:
            services.assignment_return(
                assignment=assignment,
                reason="不属于本单位职责",
                actor=self.unit_staff[assignment.handling_unit_id],
                now=now,
            )

    def merge(self, now):
        rows = [
            item
            for item in self.items(
                SuggestionStatus.SUBMITTED,
                SuggestionStatus.ACCEPTED,
                SuggestionStatus.ASSIGNED,
                SuggestionStatus.REPLIED,
            )
            if item.merged_into_id is None
        ]
        if len(rows) >= 2:
            primary, other = self.rng.sample(rows, 2)
            services.suggestion_merge(
                primary=primary, others=[other], actor=self.staff, now=now
            )

    def extend(self, now):
        assignment = self.pick(self._open())
        if assignment:
            services.suggestion_extend(
                assignment=assignment,
                months=self.rng.choice([1, 2, 3]),
                reason="情况复杂",
                actor=self.staff,
                now=now,
            )

    def close_expired(self, now):
        services.suggestion_close_expired(
            today=now.date() + dt.timedelta(days=self.rng.choice([0, 30])), now=now
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_histories_keep_the_rows_equal_to_the_records(
    seed, world, deputy, committee_staff, unit_staff
):
    history = History(seed, world, deputy, committee_staff, unit_staff)
    congress = world.city_congress
    units = [world.unit_city, world.unit_xian]
    # A fixed opening through the flow (no refusal suppressed), then random steps.
    history.opening()
    seen = set()
    for index in range(70):
        history.step()
        # What the transition left equals what the records give, after each step.
        assert_rows_agree(congress)
        for counts in row_totals(congress.pk).values():
            seen |= set(counts)
        if index == 35:
            today = history.clock.date()
            assert_reads_agree(
                committee_staff, congress, units, years=[2025], todays=[today]
            )
    # The history reached every kind of figure the rows hold.
    assert {"submitted", "accepted", "replies", "rated", "overdue"} <= seen
    today = history.clock.date()
    todays = [today - dt.timedelta(days=20), today, today + dt.timedelta(days=400)]
    assert_reads_agree(
        committee_staff, congress, units, years=[2024, 2025], todays=todays
    )
    # A rebuild from the records writes the same rows.
    kept = row_totals(congress.pk)
    rebuild(congress_id=congress.pk)
    assert row_totals(congress.pk) == kept


def test_the_rebuild_command_and_its_check(world, deputy, committee_staff, unit_staff):
    history = History(7, world, deputy, committee_staff, unit_staff)
    for _ in range(40):
        history.step()
    congress = world.city_congress
    kept = row_totals(congress.pk)
    assert kept
    SuggestionStatsRow.objects.all().delete()
    SuggestionStatsItem.objects.all().delete()
    out = StringIO()
    call_command("stats_rebuild", "--congress", str(congress.pk), stdout=out)
    assert row_totals(congress.pk) == kept
    call_command("stats_rebuild", "--check", stdout=out)
    assert "一致" in out.getvalue()
    # A row changed behind the application's back is found, and the check fails.
    row = SuggestionStatsRow.objects.filter(congress=congress, accepted__gt=0).first()
    row.accepted += 1
    row.save(update_fields=["accepted"])
    with pytest.raises(CommandError, match="不一致"):
        call_command("stats_rebuild", "--check", "--year", str(row.year), stdout=out)


def test_a_staff_draft_alone_still_shows_its_group(world, committee_staff):
    draft(world, committee_staff, channel=Channel.VOICE)
    arguments = {
        "user": committee_staff,
        "congress": world.city_congress,
        "year": 2025,
        "group_by": "channel",
    }
    report = suggestion_stats(**arguments)
    assert [group.key for group in report.groups] == [Channel.VOICE]
    assert report == suggestion_stats_live(**arguments)


def test_editing_an_item_returned_for_clarification_moves_its_counts(
    world, deputy, committee_staff
):
    """Review of issue 13: an edit after a return changed the item's group, not the rows."""
    item = submitted(world, deputy, category=Category.TRANSPORT)
    services.suggestion_return_for_clarification(
        suggestion=item, reason="请补充具体路段。", actor=committee_staff
    )
    item.refresh_from_db()

    services.suggestion_update_draft(
        suggestion=item, actor=deputy, category=Category.EDUCATION
    )

    assert_rows_agree(world.city_congress)
