"""Writing each planned item through the suggestion services, with explicit times."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment, User
from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember
from renda.legal_calendar.calendar import add_working_days, is_working_day
from renda.suggestions import services
from renda.suggestions.choices import (
    ANSWERING_ROLES,
    AssignmentRole,
    Channel,
    KeySource,
    Period,
    Rating,
)
from renda.suggestions.models import Reply, Suggestion

from .. import suggestion_text as text
from ..chairpersons import chairpersons_meeting_on
from .fates import (
    ACCEPTED,
    ASSIGNED,
    CLARIFY,
    CLOSED_EXTENDED,
    CLOSED_MISROUTED,
    CLOSED_REOPEN,
    CLOSED_WINDOW,
    CLOSING_FATES,
    DRAFT,
    EXT_APPROVED_OPEN,
    EXT_PENDING,
    MISROUTED_WAITING,
    REJECTED,
    REOPENED,
    REPLIED,
    SUBMITTED,
)
from .planning import ItemPlan

TZ = ZoneInfo(settings.TIME_ZONE)


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _working_day_before(today: dt.date, n: int) -> dt.date:
    """The ``n``-th working day before ``today`` (statutory holidays and make-up days)."""
    day, counted = today, 0
    while counted < n:
        day -= dt.timedelta(days=1)
        if is_working_day(day).working:
            counted += 1
    return day


def due_soon_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The days a live item "due soon" falls due: after today, within 3 working days.

    Deadlines roll forward to a working day, so a window of calendar days (the
    next 3 days) is empty in a long holiday (春节, 国庆); one of working days never is.
    """
    return today + dt.timedelta(days=1), add_working_days(today, 3).due


def recently_overdue_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The days a live item "recently overdue" fell due: 2 to 6 working days ago."""
    return _working_day_before(today, 6), _working_day_before(today, 2)


def assign_day_for(channel, want: str, today: dt.date) -> dt.date:
    """An assignment day whose deadline is overdue, due soon, or comfortably open.

    ``want`` is "due_soon", "overdue" or "open"; the first working day back from
    ``today`` whose deadline falls in the window. The windows count working days,
    so one is found on every day (a test checks every day of two years); the
    last line only keeps a demo load from failing on a calendar nobody foresaw.
    """
    soon, overdue = due_soon_window(today), recently_overdue_window(today)
    for back in range(1, 200):
        start = today - dt.timedelta(days=back)
        if start.weekday() >= 5:
            continue
        due = services.answer_due(channel, start).due
        if want == "due_soon" and soon[0] <= due <= soon[1]:
            return start
        if want == "overdue" and overdue[0] <= due <= overdue[1]:
            return start
        if want == "open" and due >= today + dt.timedelta(days=20):
            return start
    return today - dt.timedelta(days=10)


class _Writer:
    def __init__(
        self,
        *,
        seed,
        congress,
        term,
        deputies,
        units,
        regions,
        users,
        standing_committee,
        today,
    ):
        self.seed = seed
        self.congress = congress
        self.term = term
        self.deputies = deputies
        self.units = units
        self.regions = regions
        self.staff = users["staff"]
        self.today = today
        self.now = timezone.now()
        self.deputy_users = {"bai_yujing": users["deputy"]}
        self.unit_users = {"辽源市住房和城乡建设局": users["unit"]}
        self.created_users = 0
        self.clock: dict[int, dt.datetime] = {}
        self.standing_committee = standing_committee
        members = CommitteeMember.objects.filter(
            standing_committee=standing_committee
        ).order_by("rank")
        self.director = next(m for m in members if m.role == MemberRole.DIRECTOR)
        self.deputy_directors = [
            m for m in members if m.role == MemberRole.DEPUTY_DIRECTOR
        ]

    # Accounts ------------------------------------------------------------------

    def deputy_user(self, key: str) -> User:
        user = self.deputy_users.get(key)
        if user is None:
            deputy = self.deputies[key]
            user = User(
                username=f"daibiao{len(self.deputy_users):03d}",
                display_name=deputy.name,
            )
            user.set_unusable_password()
            user.save()
            RoleAssignment.objects.create(user=user, role=Role.DEPUTY, deputy=deputy)
            deputy.user = user
            deputy.save(update_fields=["user"])
            self.deputy_users[key] = user
            self.created_users += 1
        return user

    def unit_user(self, unit) -> User:
        user = self.unit_users.get(unit.name)
        if user is None:
            user = User(
                username=f"danwei{len(self.unit_users):02d}",
                display_name=f"{unit.short_name}联络员",
            )
            user.set_unusable_password()
            user.save()
            RoleAssignment.objects.create(
                user=user, role=Role.UNIT_STAFF, handling_unit=unit
            )
            self.unit_users[unit.name] = user
            self.created_users += 1
        return user

    def overseer(self, name: str):
        if name == "director":
            return self.director
        index = int(name.split(":")[1])
        return self.deputy_directors[index % len(self.deputy_directors)]

    # One item ----------------------------------------------------------------

    def write(self, item: ItemPlan) -> list[Suggestion]:
        rng = random.Random(f"{self.seed}-{item.number}")  # noqa: S311 - demo data
        if item.live and item.live != "pre":
            return [self._write_live(item, rng)]
        written = []
        for other in item.merged:
            written.append(self._draft_and_submit(other, rng))
        suggestion = self._draft_and_submit(item, rng)
        written.insert(0, suggestion)
        self._handle(item, suggestion, rng, merged=written[1:])
        if item.fate in CLOSING_FATES:
            suggestion.refresh_from_db(fields=["status", "closed_at"])
            expected = item.year + (1 if item.closes_next_year else 0)
            closed_year = timezone.localtime(suggestion.closed_at).year
            if closed_year != expected:  # pragma: no cover - a planning error
                raise RuntimeError(
                    f"demo item {item.number} closed in {closed_year}, planned {expected}"
                )
        return written

    def _draft_and_submit(self, item: ItemPlan, rng) -> Suggestion:
        lead = self.deputies[item.lead_key]
        # Session items come through the delegations (staff enter them); recess
        # items the deputies write themselves.
        by_deputy = item.period == Period.RECESS or item.lead_key == "bai_yujing"
        author = self.deputy_user(item.lead_key) if by_deputy else self.staff
        day = _workday(item.submitted_on)
        if item.live:
            day = item.submitted_on
        suggestion = services.suggestion_create_draft(
            actor=author,
            congress=self.congress,
            term=self.term,
            lead_deputy=lead,
            title=item.title,
            region=self.regions[item.region_code],
            body=item.body,
            category=item.topic.category,
            channel=item.channel,
            period=item.period,
            cosigners=[self.deputies[key] for key in item.cosigner_keys],
            now=_at(day, 8 + rng.randrange(0, 3), rng.randrange(60)),
        )
        suggestion._demo_author = author
        suggestion._demo_day = day
        if item.fate == DRAFT:
            return suggestion
        services.suggestion_submit(
            suggestion=suggestion,
            actor=author,
            now=_at(day, 11 + rng.randrange(0, 6), rng.randrange(60)),
        )
        return suggestion

    def _clarify(self, item, suggestion, day, rng) -> dt.date:
        back = _workday(day + dt.timedelta(days=rng.randrange(1, 3)))
        services.suggestion_return_for_clarification(
            suggestion=suggestion,
            reason=rng.choice(text.CLARIFICATION_NOTES),
            actor=self.staff,
            now=_at(back, 9, 30),
        )
        if item.fate == CLARIFY:
            return back
        again = _workday(back + dt.timedelta(days=rng.randrange(1, 4)))
        author = suggestion._demo_author
        services.suggestion_update_draft(
            suggestion=suggestion,
            actor=author,
            body=suggestion.body
            + "\n补充说明：经再次实地查看，问题集中在早晚高峰和雨雪天气，周边约两千户居民受影响。",
        )
        services.suggestion_submit(
            suggestion=suggestion, actor=author, now=_at(again, 15, 10)
        )
        return again

    def _handle(self, item, suggestion, rng, *, merged) -> None:
        day = suggestion._demo_day
        if item.fate in (DRAFT, SUBMITTED):
            return
        if item.clarify_first or item.fate == CLARIFY:
            day = self._clarify(item, suggestion, day, rng)
            if item.fate == CLARIFY:
                return
        # Session items are reviewed after the session, recess items within days.
        review = _workday(day + dt.timedelta(days=rng.randrange(5, 15)))
        if item.fate == REJECTED:
            suggestion = services.suggestion_reject(
                suggestion=suggestion,
                reason=rng.choice(text.REJECT_REASONS),
                actor=self.staff,
                now=_at(review, 14),
            )
            return
        services.suggestion_accept(
            suggestion=suggestion, actor=self.staff, now=_at(review, 9, 40)
        )
        if merged:
            services.suggestion_merge(
                primary=suggestion, others=merged, actor=self.staff, now=_at(review, 10)
            )
        if item.overseer:
            # Key suggestions are chosen by the chairpersons' meeting (主任会议),
            # a meetings' record the suggestion links.
            services.suggestion_mark_key(
                suggestion=suggestion,
                overseer=self.overseer(item.overseer),
                source=KeySource.CHAIRPERSONS_MEETING,
                chairpersons_meeting=chairpersons_meeting_on(
                    standing_committee=self.standing_committee,
                    date=review,
                    actor=self.staff,
                ),
                actor=self.staff,
                now=_at(review, 16),
            )
        if item.fate == ACCEPTED:
            return
        assign_day = _workday(review + dt.timedelta(days=rng.randrange(2, 8)))
        self._assign_and_answer(item, suggestion, assign_day, rng)

    def _units_for(self, item, rng):
        topic = item.topic
        if len(topic.lead) > 1:
            pairs = [(self.units[name], AssignmentRole.SPLIT) for name in topic.lead]
        else:
            pairs = [(self.units[item.lead_unit or topic.lead[0]], AssignmentRole.LEAD)]
        if (
            item.channel == Channel.FORMAL
            and topic.joint
            and not item.live
            and rng.random() < 0.4
        ):
            pairs.append((self.units[rng.choice(topic.joint)], AssignmentRole.JOINT))
        return pairs

    def _assign(self, suggestion, pairs, day, hour=10):
        return services.suggestion_assign(
            suggestion=suggestion, units=pairs, actor=self.staff, now=_at(day, hour)
        )

    def _misroute(self, item, suggestion, day, rng) -> dt.date:
        """Assign to the wrong unit, which returns it; return the day it came back."""
        wrong = self.units[item.topic.misroute]
        if wrong.name in item.topic.lead:
            wrong = self.units[text.URBAN_ENFORCEMENT]
        [assignment] = self._assign(suggestion, [(wrong, AssignmentRole.LEAD)], day)
        back = _workday(day + dt.timedelta(days=rng.randrange(2, 5)))
        right = self.units[item.topic.lead[0]]
        services.assignment_return(
            assignment=assignment,
            reason=rng.choice(text.MISROUTE_REASONS).format(unit=right.name),
            actor=self.unit_user(wrong),
            now=_at(back, 15),
        )
        return back

    def _reply(self, assignment, day, rng, *, outcome=None):
        unit = assignment.handling_unit
        topic_text = assignment._demo_topic
        if assignment.role == AssignmentRole.JOINT:
            body = (
                f"关于《{assignment.suggestion.title}》，我单位的会办意见如下：我单位将积极配合主办单位，"
                f"在职责范围内提供政策和资金支持。"
            )
            outcome = ""
        else:
            outcome = outcome or rng.choices("ABC", weights=(62, 30, 8))[0]
            reason = {
                "A": f"经研究，我单位{topic_text.action}，所提问题已解决。",
                "B": f"经研究，所提建议合理可行，{topic_text.plan}，将逐步解决。",
                "C": f"经研究，{topic_text.limit}，所提建议留作参考，待条件成熟时统筹考虑。",
            }[outcome]
            body = f"{assignment.suggestion.lead_deputy.name}代表：\n您提出的《{assignment.suggestion.title}》收悉。{reason}\n感谢您对我市工作的关心和支持。"
        return services.reply_create(
            assignment=assignment,
            text=body,
            outcome=outcome,
            signed_by=rng.choice(text.SIGNERS),
            met_deputy_first=rng.random() < 0.7,
            actor=self.unit_user(unit),
            now=self._after(assignment.suggestion_id, _at(day, 14, rng.randrange(30))),
        )

    def _reply_all(self, assignments, day, rng) -> list[Reply]:
        """Joint opinions first, then every answering unit's reply; return the answers."""
        answers = []
        for assignment in assignments:
            if assignment.role == AssignmentRole.JOINT:
                opinion_day = _workday(day - dt.timedelta(days=rng.randrange(5, 12)))
                opinion_day = max(
                    opinion_day, timezone.localdate(assignment.assigned_at)
                )
                self._reply(assignment, opinion_day, rng)
        for assignment in assignments:
            if assignment.role in ANSWERING_ROLES:
                answers.append(self._reply(assignment, day, rng))
        return answers

    def _rate(self, suggestion, replies, day, rng, *, rating=None, reason=""):
        deputy_user = self.deputy_user(self._deputy_keys[suggestion.lead_deputy_id])
        for reply in replies:
            chosen = (
                rating
                or rng.choices(
                    (Rating.SATISFIED, Rating.BASICALLY_SATISFIED), weights=(7, 3)
                )[0]
            )
            services.feedback_create(
                reply=reply,
                rating=chosen,
                reason=reason,
                actor=deputy_user,
                now=self._after(suggestion.pk, _at(day, 16, rng.randrange(30))),
            )

    def _after(self, suggestion_id: int, at: dt.datetime) -> dt.datetime:
        """Return ``at``, or a minute after the item's last step that day if later."""
        last = self.clock.get(suggestion_id)
        if last is not None and at <= last:
            at = last + dt.timedelta(minutes=1)
        self.clock[suggestion_id] = at
        return at

    @property
    def _deputy_keys(self):
        cached = getattr(self, "_deputy_keys_cache", None)
        if cached is None:
            cached = {deputy.pk: key for key, deputy in self.deputies.items()}
            self._deputy_keys_cache = cached
        return cached

    def _answer_day(self, item, assignments, rng) -> dt.date:
        """The day the answering units reply, by channel and plan."""
        start = timezone.localdate(assignments[0].assigned_at)
        due = min(a.due_at for a in assignments if a.role in ANSWERING_ROLES)
        if item.closes_next_year:
            floor = dt.date(item.year, 12, 16)
            day = floor + dt.timedelta(days=rng.randrange(0, 40))
            return _workday(max(day, start + dt.timedelta(days=3)))
        if item.channel == Channel.VOICE:
            day = start + dt.timedelta(days=rng.randrange(4, 13))
        elif item.channel == Channel.HOTLINE:
            day = start + dt.timedelta(days=rng.randrange(2, 6))
        elif rng.random() < 0.1:
            day = due + dt.timedelta(days=rng.randrange(3, 20))  # late
        else:
            day = start + dt.timedelta(days=rng.randrange(25, 80))
        day = _workday(day)
        if item.fate in CLOSING_FATES:
            # Closed within the year: answered early enough to be rated in it.
            day = min(day, dt.date(item.year, 11, 20))
        return max(day, _workday(start + dt.timedelta(days=2)))

    def _rating_day(self, item, reply_day, rng) -> dt.date:
        day = _workday(reply_day + dt.timedelta(days=rng.randrange(3, 15)))
        if item.closes_next_year:
            day = max(day, _workday(dt.date(item.year + 1, 1, 4)))
        return day

    def _assign_and_answer(self, item, suggestion, day, rng) -> None:
        fate = item.fate
        if fate in (CLOSED_MISROUTED, MISROUTED_WAITING):
            day = self._misroute(item, suggestion, day, rng)
            if fate == MISROUTED_WAITING:
                return
            day = _workday(day + dt.timedelta(days=rng.randrange(1, 4)))
        assignments = self._assign(suggestion, self._units_for(item, rng), day)
        for assignment in assignments:
            assignment._demo_topic = item.topic
        if fate == ASSIGNED:
            return
        lead = next(a for a in assignments if a.role in ANSWERING_ROLES)
        if fate in (EXT_PENDING, EXT_APPROVED_OPEN, CLOSED_EXTENDED):
            asked = _workday(lead.due_at - dt.timedelta(days=rng.randrange(8, 20)))
            extension = services.extension_request(
                assignment=lead,
                months=rng.choice((2, 3)),
                reason=rng.choice(text.EXTENSION_REASONS),
                actor=self.unit_user(lead.handling_unit),
                now=_at(asked, 10),
            )
            if fate == EXT_PENDING:
                return
            approved_day = _workday(asked + dt.timedelta(days=2))
            services.extension_decide(
                extension=extension,
                approve=True,
                actor=self.staff,
                note="同意延期，请抓紧办理并及时答复代表。",
                now=_at(approved_day, 11),
            )
            if fate == EXT_APPROVED_OPEN:
                return
            lead.refresh_from_db()
            for assignment in assignments:
                assignment.refresh_from_db()
                assignment._demo_topic = item.topic
        reply_day = self._answer_day(item, assignments, rng)
        if fate == REPLIED and not item.live:
            # Answered in December: the rating window runs into the next year,
            # so the year's figures count the item open, as the source does.
            reply_day = max(reply_day, _workday(dt.date(item.year, 12, 14)))
        if fate == CLOSED_EXTENDED and item.closes_next_year:
            reply_day = max(
                reply_day,
                _workday(approved_day + dt.timedelta(days=rng.randrange(5, 30))),
            )
        if fate == CLOSED_EXTENDED and not item.closes_next_year:
            extended = next(a for a in assignments if a.role in ANSWERING_ROLES)
            reply_day = _workday(
                min(
                    extended.due_at - dt.timedelta(days=rng.randrange(2, 20)),
                    dt.date(item.year, 11, 20),
                )
            )
        if fate == CLOSED_REOPEN and item.closes_next_year:
            # The first answer in the autumn; the second after the new year.
            reply_day = _workday(
                dt.date(item.year, 10, 8) + dt.timedelta(days=rng.randrange(0, 30))
            )
        answers = self._reply_all(assignments, reply_day, rng)
        suggestion.refresh_from_db()
        if fate == REPLIED:
            return
        if fate == CLOSED_WINDOW:
            deadline = services.rating_deadline(suggestion)
            sweep = deadline + dt.timedelta(days=1)
            services.suggestion_close_expired(today=sweep, now=_at(sweep, 1, 30))
            return
        if fate in (REOPENED, CLOSED_REOPEN):
            rated = _workday(reply_day + dt.timedelta(days=rng.randrange(3, 10)))
            self._rate(
                suggestion,
                answers[:1],
                rated,
                rng,
                rating=Rating.UNSATISFIED,
                reason=rng.choice(text.UNSATISFIED_REASONS),
            )
            if len(answers) > 1:
                self._rate(suggestion, answers[1:], rated, rng)
            if fate == REOPENED:
                return
            again = _workday(rated + dt.timedelta(days=rng.randrange(10, 25)))
            if item.closes_next_year:
                again = max(again, dt.date(item.year, 12, 20))
            first = answers[0].assignment
            first.refresh_from_db()
            first._demo_topic = item.topic
            second = self._reply(first, again, rng, outcome="A")
            self._rate(
                suggestion,
                [second],
                self._rating_day(item, again, rng),
                rng,
                rating=Rating.BASICALLY_SATISFIED,
            )
            return
        self._rate(suggestion, answers, self._rating_day(item, reply_day, rng), rng)

    # Live items (relative to the load day) ----------------------------------------

    def _write_live(self, item: ItemPlan, rng) -> Suggestion:
        today = self.today
        fate = item.fate
        if fate == REOPENED:
            assign_day = _workday(today - dt.timedelta(days=100))
        elif fate in (EXT_PENDING, REPLIED):
            assign_day = _workday(today - dt.timedelta(days=60))
        else:
            assign_day = assign_day_for(item.channel, item.live, today)
        item.submitted_on = assign_day - dt.timedelta(days=6)
        suggestion = self._draft_and_submit(item, rng)
        accepted = assign_day - dt.timedelta(days=2)
        services.suggestion_accept(
            suggestion=suggestion, actor=self.staff, now=_at(accepted, 9)
        )
        pairs = [(self.units[item.lead_unit], AssignmentRole.LEAD)]
        [assignment] = self._assign(suggestion, pairs, assign_day)
        assignment._demo_topic = item.topic
        if fate == ASSIGNED:
            return suggestion
        if fate == EXT_PENDING:
            services.extension_request(
                assignment=assignment,
                months=2,
                reason=text.EXTENSION_REASONS[0],
                actor=self.unit_user(assignment.handling_unit),
                now=_at(today - dt.timedelta(days=3), 10),
            )
            return suggestion
        reply_day = today - dt.timedelta(days=40 if fate == REOPENED else 4)
        [answer] = self._reply_all([assignment], reply_day, rng)
        if fate == REPLIED:
            return suggestion
        # Rated 不满意 35 days ago: the month of re-handling has just run out.
        suggestion.refresh_from_db()
        self._rate(
            suggestion,
            [answer],
            today - dt.timedelta(days=35),
            rng,
            rating=Rating.UNSATISFIED,
            reason=text.UNSATISFIED_REASONS[2],
        )
        return suggestion
