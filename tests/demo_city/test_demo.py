"""The demo city of 辽源市: what `manage.py demo_load` builds, and its commands.

The full load runs once for this module (``demo``); each test then runs in a
savepoint inside it, so tests cannot disturb one another.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from renda.accounts.choices import Role
from renda.accounts.models import User
from renda.congresses.choices import Level, MemberRole
from renda.congresses.models import CommitteeMember, Congress, Term
from renda.core.models import ActionLog
from renda.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from renda.demo.plan import DEFAULT_SEED, REFERENCE_DATE, build_plan
from renda.deputies.models import Deputy, DeputyGroup, Mandate
from renda.deputies.naming import COMPOUND_SURNAMES
from renda.deputies.selectors import deputies_visible_to
from renda.notices.choices import AnswerForm, NoticeEventKind, NoticeStatus
from renda.notices.models import Notice
from renda.notices.selectors import (
    InboxFilters,
    notice_inbox,
    notice_unread_count,
    receipt_counts,
)
from renda.regions.choices import RegionKind
from renda.regions.models import Region
from renda.stations.models import LiaisonStation
from renda.stations.phones import normalize_office_phone
from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit

GRASSROOTS = [RegionKind.SUBDISTRICT, RegionKind.TOWNSHIP]


@pytest.fixture
def city_term(demo, db):
    return Term.objects.get(congress__name="辽源市人民代表大会", number=8)


def _city_deputies(term):
    return Deputy.objects.filter(mandates__term=term, mandates__end_date__isnull=True)


def test_demo_has_269_sitting_city_deputies_in_the_eighth_term(city_term):
    assert city_term.start_date == dt.date(2017, 1, 6)
    assert _city_deputies(city_term).distinct().count() == 269
    sessions = list(city_term.sessions.values_list("number", "start_date"))
    assert [n for n, _ in sessions] == [1, 2, 3, 4]
    assert all(d.month in (1, 2) for _, d in sessions)
    assert [d.year for _, d in sessions] == [2017, 2018, 2019, 2020]


def test_city_deputies_sit_in_county_delegations_elected_by_county_congresses(
    city_term,
):
    mandates = Mandate.objects.filter(term=city_term).select_related(
        "delegation", "electoral_unit__electing_congress"
    )
    delegations = {m.delegation.name for m in mandates}
    assert delegations == {
        "龙山区代表团",
        "西安区代表团",
        "东丰县代表团",
        "东辽县代表团",
    }
    assert {m.electoral_unit.electing_congress.level for m in mandates} == {
        Level.COUNTY
    }


def test_there_are_44_grassroots_regions_each_with_one_station(demo, db):
    regions = Region.objects.filter(kind__in=GRASSROOTS)
    assert regions.count() == 44
    assert all(len(r.code) == 9 and r.code.startswith(r.parent.code) for r in regions)
    assert LiaisonStation.objects.count() == 44
    assert not regions.filter(liaison_station__isnull=True).exists()
    assert set(
        regions.filter(code__startswith="220402").values_list("name", flat=True)
    ) >= {
        "向阳街道",
        "南康街道",
        "寿山镇",
        "工农乡",
    }
    station = LiaisonStation.objects.get(region__name="向阳街道")
    assert station.address
    assert station.opening_hours
    assert re.fullmatch(r"1\d{10}", station.chief_phone)
    assert station.liaison_officer_name
    # Every station has a public office phone, valid and its own.
    phones = list(LiaisonStation.objects.values_list("office_phone", flat=True))
    assert all(normalize_office_phone(phone) == phone != "" for phone in phones)
    assert len(set(phones)) == len(phones)


def test_a_street_has_no_congress_and_every_township_has_one(demo, db):
    assert not Congress.objects.filter(region__kind=RegionKind.SUBDISTRICT).exists()
    townships = Region.objects.filter(kind=RegionKind.TOWNSHIP)
    assert Congress.objects.filter(level=Level.TOWNSHIP).count() == townships.count()
    assert Congress.objects.filter(level=Level.COUNTY).count() == 4
    national = Congress.objects.get(level=Level.NATIONAL)
    assert national.region.code == "000000"
    assert Congress.objects.get(level=Level.PROVINCIAL).parent == national


def test_every_city_deputy_is_in_exactly_one_group_of_their_county(city_term):
    city_ids = set(_city_deputies(city_term).values_list("pk", flat=True))
    memberships = (
        DeputyGroup.members.through.objects.values("deputy_id")
        .annotate(n=Count("deputygroup_id"))
        .order_by()
    )
    counts = {row["deputy_id"]: row["n"] for row in memberships}
    assert set(counts) == city_ids
    assert set(counts.values()) == {1}
    for group in DeputyGroup.objects.select_related("station__region", "leader"):
        members = set(group.members.values_list("pk", flat=True))
        assert group.leader_id in members
        county = group.station.region.parent
        delegations = set(
            Mandate.objects.filter(term=city_term, deputy_id__in=members).values_list(
                "delegation__name", flat=True
            )
        )
        assert delegations == {f"{county.name}代表团"}


def test_the_city_standing_committee_has_its_leadership_and_members(city_term):
    members = CommitteeMember.objects.filter(
        standing_committee__term=city_term
    ).select_related("user")
    roles = [m.role for m in members]
    assert roles.count(MemberRole.DIRECTOR) == 1
    assert roles.count(MemberRole.SECRETARY_GENERAL) == 1
    assert roles.count(MemberRole.DEPUTY_DIRECTOR) >= 4
    assert roles.count(MemberRole.MEMBER) == 25
    city_ids = set(_city_deputies(city_term).values_list("pk", flat=True))
    assert {m.deputy_id for m in members} <= city_ids
    director = next(m for m in members if m.role == MemberRole.DIRECTOR)
    assert director.user.username == "leader"
    committee = city_term.congress.committees.get(handles_deputy_affairs=True)
    assert committee.name == "选举任免联络工作委员会"


def test_the_named_deputies_hold_their_mandates(demo, db):
    ding = Deputy.objects.get(name="丁照民")
    assert set(ding.mandates.values_list("term__congress__level", flat=True)) == {
        Level.NATIONAL,
        Level.MUNICIPAL,
    }
    assert "富奥" in ding.work_unit
    bai = Deputy.objects.get(name="白玉晶")
    assert bai.gender == "F"
    assert set(bai.mandates.values_list("term__congress__level", flat=True)) == {
        Level.PROVINCIAL,
        Level.MUNICIPAL,
    }
    assert bai.user.username == "deputy"
    zhang = Deputy.objects.get(name="张贵")
    assert zhang.occupation == "董事长"


def test_other_levels_have_sample_deputies_some_with_several_mandates(demo, db):
    by_level = dict(
        Mandate.objects.values_list("term__congress__level")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert 1 <= by_level[Level.NATIONAL] <= 5
    assert 5 <= by_level[Level.PROVINCIAL] <= 12
    assert by_level[Level.COUNTY] == 4 * 30
    assert by_level[Level.TOWNSHIP] >= 30
    several = Deputy.objects.annotate(n=Count("mandates")).filter(n__gte=2).count()
    assert several >= 10
    county_mandate = Mandate.objects.filter(term__congress__level=Level.COUNTY).first()
    assert county_mandate.constituency is not None
    assert county_mandate.electoral_unit is None


def test_city_deputies_look_like_a_real_congress(city_term):
    deputies = list(_city_deputies(city_term))
    women = sum(d.gender == "F" for d in deputies) / len(deputies)
    assert 0.25 <= women <= 0.32
    assert {"满族", "朝鲜族"} <= {d.ethnicity for d in deputies}
    cpc = sum(d.party in ("CPC", "CPC_PROBATIONARY") for d in deputies) / len(deputies)
    assert 0.6 <= cpc <= 0.85
    assert any(d.party == "NONE" for d in deputies)
    ages = [(REFERENCE_DATE - d.birth_date).days // 365 for d in deputies]
    assert min(ages) >= 28
    assert max(ages) <= 65
    phones = [d.phone for d in deputies]
    assert all(re.fullmatch(r"1[3-9]\d{9}", p) for p in phones)
    assert len(set(phones)) == len(phones)
    assert all(d.name_pinyin and d.stroke_key for d in deputies)


def test_about_forty_handling_units_of_every_kind(demo, db):
    units = HandlingUnit.objects.all()
    assert 38 <= units.count() <= 45
    assert set(units.values_list("kind", flat=True)) == {
        UnitKind.GOVERNMENT,
        UnitKind.DEPARTMENT,
        UnitKind.SUPERVISORY_COMMISSION,
        UnitKind.COURT,
        UnitKind.PROCURATORATE,
    }
    assert units.filter(name="辽源市住房和城乡建设局", level=Level.MUNICIPAL).exists()
    assert units.filter(level=Level.COUNTY).count() == 4
    assert units.filter(level=Level.TOWNSHIP, region__kind__in=GRASSROOTS).exists()


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
def test_each_demo_user_logs_in_with_the_demo_password(demo, db, client, login):
    response = client.post(
        reverse("accounts:login"),
        {"username": login.username, "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 200
    user = User.objects.get(username=login.username)
    # The committee member sits as a deputy too, like every member.
    also = {Role.DEPUTY} if login.role == Role.COMMITTEE_MEMBER else set()
    roles = set(user.role_assignments.values_list("role", flat=True))
    assert roles == {login.role} | also


def test_there_is_one_demo_user_per_role(demo, db):
    assert {login.role for login in DEMO_LOGINS} == set(Role.values)
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert not User.objects.get(username="staff").is_staff


def test_demo_users_see_what_their_scope_allows(demo, db):
    everyone = Deputy.objects.count()
    xastaff = User.objects.get(username="xastaff")
    visible = deputies_visible_to(xastaff)
    assert 0 < visible.count() < everyone
    assert not visible.exclude(
        mandates__term__congress__region__path__contains="/220403/"
    ).exists()
    officer = User.objects.get(username="officer")
    group = DeputyGroup.objects.get(station__region__name="仙城街道")
    assert set(deputies_visible_to(officer)) == set(group.members.all())


def test_the_load_is_recorded_once_in_the_audit_log(demo, db):
    rows = ActionLog.objects.filter(action="demo.load")
    assert rows.count() == 1
    assert rows.get().data["city_deputies"] == 269


def test_the_demo_includes_suggestions_whose_helper_accounts_cannot_log_in(demo, db):
    from renda.suggestions.models import Suggestion

    assert demo.suggestions == Suggestion.objects.count() > 300
    assert ActionLog.objects.get(action="demo.load").data["suggestions"] == (
        demo.suggestions
    )
    # Units and lead deputies act through accounts of their own, without passwords.
    helpers = User.objects.filter(username__regex=r"^(daibiao|danwei)\d+$")
    assert helpers.count() > 30
    assert not any(user.has_usable_password() for user in helpers)
    demo_names = {login.username for login in DEMO_LOGINS}
    assert not demo_names & set(helpers.values_list("username", flat=True))


def test_demo_logins_prints_every_role(demo, db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for login in DEMO_LOGINS:
        assert login.username in text
        assert str(Role(login.role).label) in text


def test_the_same_seed_gives_the_same_people():
    first = build_plan(123)
    again = build_plan(123)
    other = build_plan(124)
    assert first.names() == again.names()
    assert [p.phone for p in first.city_deputies] == [
        p.phone for p in again.city_deputies
    ]
    assert first.names() != other.names()
    assert len(first.city_deputies) == 269
    assert len(set(first.names())) == len(first.names())


def test_generated_names_include_compound_surnames_and_minorities():
    plan = build_plan(DEFAULT_SEED)
    people = plan.city_deputies + plan.other_deputies
    assert any(p.name[:2] in COMPOUND_SURNAMES for p in people)
    assert {"满族", "朝鲜族", "回族", "蒙古族"} <= {p.ethnicity for p in people}


# Reception days, requests and 双联 (renda/demo/liaison.py) ---------------------------


def _city(db):
    return Congress.objects.get(name="辽源市人民代表大会")


def _leadership():
    from renda.congresses.choices import LEADERSHIP_ROLES

    return [
        m
        for m in CommitteeMember.objects.filter(
            standing_committee__term__congress__name="辽源市人民代表大会"
        )
        .select_related("deputy")
        .order_by("rank", "pk")
        if m.role in LEADERSHIP_ROLES
    ]


def test_the_2020_dashboard_flags_exactly_the_planted_breaches(demo, db):
    from renda.demo import liaison as planted
    from renda.liaison import compliance, rules
    from renda.receptions.choices import RequestSource
    from renda.receptions.models import PublicRequest

    stations = list(LiaisonStation.objects.order_by("region__code"))
    leaders = _leadership()
    late = set(
        PublicRequest.objects.filter(
            source=RequestSource.QR_FORM, created_at__year=2020
        ).values_list("pk", flat=True)
    )
    h1 = compliance.liaison_rules_report(congress=_city(db), year=2020, half="H1")
    h2 = compliance.liaison_rules_report(congress=_city(db), year=2020, half="H2")

    short = {stations[i].pk for i in planted.PLANTED_SHORT_STATIONS}
    few = {leaders[i].pk for i in planted.PLANTED_FEW_CONTACTS}
    assert len(short) == 3
    assert len(few) == 2
    assert len(late) == 3
    for report in (h1, h2):
        assert report.rule(rules.RECEPTION_DAYS).broken_ids() == short
        assert report.rule(rules.LEADER_CONTACTS).broken_ids() == few
        assert all(not rule.at_risk for rule in report.rules)
    assert h2.rule(rules.GROUP_ACTIVITIES).broken_ids() == {
        leaders[planted.PLANTED_NO_ACTIVITY].pk
    }
    assert h1.rule(rules.GROUP_ACTIVITIES).broken == []
    short_meeting = planted.FIRST_MEETING_NUMBER_2020 + planted.PLANTED_SHORT_MEETING
    assert {m.number for m in h1.rule(rules.MEETING_OBSERVERS).broken_subjects()} == {
        short_meeting
    }
    assert h2.rule(rules.MEETING_OBSERVERS).broken == []
    assert h2.rule(rules.OVERDUE_REQUESTS).broken_ids() == late
    assert h1.rule(rules.OVERDUE_REQUESTS).broken == []
    assert h2.rule(rules.RECEPTION_DAYS).total == 44
    assert h2.broken_count == 3 + 2 + 1 + 0 + 3


def test_the_current_year_shows_the_breaches_planted_relative_to_the_load_day(demo, db):
    from renda.demo import liaison as planted
    from renda.liaison import compliance, rules
    from renda.receptions.choices import RequestSource
    from renda.receptions.models import PublicRequest

    stations = list(LiaisonStation.objects.order_by("region__code"))
    leaders = _leadership()
    period = rules.current_period()
    report = compliance.liaison_rules_report(
        congress=_city(db), year=period.year, half=period.half
    )

    days = report.rule(rules.RECEPTION_DAYS)
    assert days.broken == []
    assert days.at_risk_ids() == {stations[planted.PLANTED_AT_RISK_STATION].pk}
    activities = report.rule(rules.GROUP_ACTIVITIES)
    assert activities.broken_ids() | activities.at_risk_ids() == {
        leaders[planted.PLANTED_NO_ACTIVITY].pk
    }
    assert report.rule(rules.MEETING_OBSERVERS).broken == []
    assert report.rule(rules.COORDINATION_MEETINGS).broken == []
    overdue_now = set(
        PublicRequest.objects.filter(
            source=RequestSource.QR_FORM,
            handling_unit__isnull=False,
            created_at__year__gt=2020,
        ).values_list("pk", flat=True)
    )
    assert len(overdue_now) == 2
    assert report.rule(rules.OVERDUE_REQUESTS).broken_ids() == overdue_now


def test_on_27_september_2020_230_of_269_city_deputies_were_at_their_stations(demo, db):
    from renda.liaison.stats import liaison_stats

    stats = liaison_stats(congress=_city(db), year=2020)
    city = stats.level(Level.MUNICIPAL)

    assert (city.best_day, city.best_day_count, city.deputies) == (
        dt.date(2020, 9, 27),
        230,
        269,
    )
    assert city.best_day_text == "9月27日 230 / 269 名市人大代表到站接待"
    assert stats.days_held >= 44 * 6 - 6
    assert stats.coordination_meetings == 4
    assert stats.requests.converted > 0
    assert stats.requests.grassroots > 0
    assert stats.requests.on_the_spot > 0
    assert stats.requests.received > stats.requests.answered > 0
    assert stats.visits > 0
    assert demo.reception_days > 44 * 6


def test_demo_requests_come_in_every_state(demo, db):
    from renda.receptions.choices import PublicRequestStatus
    from renda.receptions.models import PublicRequest

    states = set(PublicRequest.objects.values_list("status", flat=True))
    assert states == set(PublicRequestStatus.values)
    converted = PublicRequest.objects.filter(status=PublicRequestStatus.CONVERTED)
    assert all(r.suggestion_id for r in converted)


def test_demo_receipts_can_be_looked_up_by_residents(demo, db):
    from renda.receptions.models import PublicRequest
    from renda.receptions.selectors import public_request_for_receipt

    numbers = list(PublicRequest.objects.values_list("receipt_number", flat=True)[:20])

    assert numbers
    for number in numbers:
        assert public_request_for_receipt(number.lower()).receipt_number == number


def test_the_2020_supervision_summary_reproduces_the_source_counts(demo, db):
    from renda.demo.supervision_data import EXPECTED_2020
    from renda.supervision.documents import summary_text
    from renda.supervision.selectors.stats import year_counts

    city = Congress.objects.get(name="辽源市人民代表大会")
    counts = year_counts(city, 2020)
    assert {
        "WORK_REPORT": counts.work_reports,
        "LAW_INSPECTION": counts.law_inspections,
        "FIELD_INSPECTION": counts.field_inspections,
        "INQUIRY": counts.inquiries,
        "VOTE_EVALUATION": counts.vote_evaluations,
        "RESEARCH": counts.research,
        "FILING_REVIEW": counts.filings,
        "RESOLUTION": counts.resolutions,
    } == EXPECTED_2020
    assert (
        "全年共听取审议专项工作报告17项，开展执法检查15项、专项视察6次、专题询问4次、"
        "票决评议2次、专题调研23项、备案审查规范性文件5件，依法作出决议决定6项"
    ) in summary_text(city, 2020)


def test_the_supervision_demo_holds_every_state_and_the_live_work(demo, db):
    from renda.supervision.choices import ItemStatus, OpinionStatus
    from renda.supervision.models import (
        InquiryQuestion,
        InspectedLaw,
        ReviewOpinion,
        SupervisionItem,
        SupervisionPlan,
    )

    opinion_states = set(ReviewOpinion.objects.values_list("status", flat=True))
    assert opinion_states == set(OpinionStatus.values)
    item_states = set(SupervisionItem.objects.values_list("status", flat=True))
    assert {
        ItemStatus.PLANNED,
        ItemStatus.IN_PROGRESS,
        ItemStatus.DONE,
        ItemStatus.FOLLOWING_UP,
        ItemStatus.CLOSED,
    } <= item_states
    epidemic = SupervisionItem.objects.get(
        title__startswith="突发事件应对法、传染病防治法"
    )
    assert InspectedLaw.objects.filter(item=epidemic).count() == 9
    city_management = SupervisionItem.objects.get(title__contains="城市管理9个短板")
    assert InquiryQuestion.objects.filter(item=city_management).count() == 9
    tracked = SupervisionItem.objects.get(
        title="市政府关于企业复工复产和项目建设情况的报告"
    )
    assert tracked.working_groups.count() == 4
    units = {p.unit_id for o in tracked.opinions.all() for p in o.points.all()}
    assert len(units) == 12
    follow_up = SupervisionItem.objects.get(title__startswith="对全市重点旅游项目")
    assert follow_up.follows is not None
    assert follow_up.follows.year == 2019
    plan = SupervisionPlan.objects.get(year=2020)
    assert list(plan.versions.values_list("number", "status")) == [
        (1, "SUPERSEDED"),
        (2, "PUBLISHED"),
    ]
    # The load year: live work on the boards.
    live = SupervisionItem.objects.exclude(year__in=[2019, 2020])
    assert live.filter(status=ItemStatus.IN_PROGRESS).exists()
    assert (
        ReviewOpinion.objects.filter(item__in=live, status=OpinionStatus.SENT).count()
        == 2
    )


def test_the_demo_deputy_has_a_draft_her_station_prepared(demo, db):
    from renda.accounts.models import User
    from renda.suggestions.selectors import drafts_awaiting_confirmation

    drafts = list(drafts_awaiting_confirmation(User.objects.get(username="deputy")))

    assert len(drafts) == 1
    assert drafts[0].prepared_by.username == "chief"


def test_the_supervision_demo_links_the_chairpersons_decisions(demo, db):
    from renda.meetings.choices import MeetingKind
    from renda.supervision.models import PlanVersion, ReviewOpinion

    versions = list(
        PlanVersion.objects.filter(plan__year=2020).select_related(
            "chairpersons_decision__meeting"
        )
    )
    assert len(versions) == 2
    for version in versions:
        meeting = version.chairpersons_decision.meeting
        assert meeting.kind == MeetingKind.CHAIRPERSONS
        assert meeting.date == version.adopted_on
        assert version.chairpersons_decision.subject == version
    approved = ReviewOpinion.objects.exclude(approved_on=None)
    assert approved.exists()
    assert not approved.filter(chairpersons_decision=None).exists()
    for opinion in approved.select_related("chairpersons_decision__meeting"):
        assert opinion.chairpersons_decision.meeting.date == opinion.approved_on


def test_the_key_suggestions_are_chosen_by_the_chairpersons_meeting(demo, db):
    from renda.meetings.choices import DecisionKind
    from renda.suggestions.models import Suggestion

    key = Suggestion.objects.filter(is_key=True)
    assert key.exists()
    assert not key.filter(chairpersons_decision=None).exists()
    for suggestion in key.select_related("chairpersons_decision"):
        assert suggestion.chairpersons_decision.kind == DecisionKind.KEY_SUGGESTIONS
        assert suggestion.chairpersons_decision.subject == suggestion


# The committee's meetings and votes (renda/demo/meetings.py) ---------------------


def _city_committee():
    from renda.congresses.models import StandingCommittee

    return StandingCommittee.objects.get(
        term__congress__name="辽源市人民代表大会", term__number=8
    )


def test_every_member_holds_a_dated_seat_and_an_account(demo, db):
    committee = _city_committee()
    members = list(committee.members.select_related("user"))
    logins = {login.username for login in DEMO_LOGINS}

    assert len(members) == 33
    assert {m.took_office_on for m in members} == {committee.term.start_date}
    assert all(m.user_id for m in members)
    assert {m.user.username for m in members} & logins == {"member", "leader"}
    quiet = [m.user for m in members if m.user.username not in logins]
    assert quiet
    assert all(
        u.role_assignments.filter(role=Role.COMMITTEE_MEMBER).exists() for u in quiet
    )


def test_the_2020_meetings_were_held_with_their_quorum_and_every_vote_decided(demo, db):
    from renda.meetings.choices import Attendance, MeetingKind, MeetingStatus
    from renda.meetings.models import CommitteeMeeting, Vote

    committee = _city_committee()
    meetings = list(
        CommitteeMeeting.objects.filter(
            standing_committee=committee, kind=MeetingKind.STANDING, date__year=2020
        ).order_by("date")
    )

    assert [m.number for m in meetings] == list(range(23, 31))
    for meeting in meetings:
        assert meeting.status == MeetingStatus.CLOSED
        assert meeting.opened_members == 33
        assert meeting.opened_present * 2 > 33
        assert meeting.attendances.count() == 33
        leave = meeting.attendances.filter(status=Attendance.LEAVE)
        assert 2 <= leave.count() <= 4
        assert all(row.reason for row in leave)
        assert meeting.agenda_items.exists()
    assert (
        CommitteeMeeting.objects.filter(
            standing_committee=committee,
            kind=MeetingKind.CHAIRPERSONS,
            date__year=2020,
        ).count()
        >= 3
    )
    votes = Vote.objects.filter(meeting__in=meetings)
    kinds = set(votes.values_list("kind", flat=True))
    assert {
        "RESOLUTION",
        "APPOINTMENT",
        "REMOVAL",
        "SATISFACTION",
        "EVALUATION",
    } <= kinds
    assert set(votes.values_list("status", flat=True)) == {"CLOSED"}
    assert set(votes.values_list("result", flat=True)) <= {"PASSED", "SATISFIED"}
    assert votes.filter(kind="EVALUATION").count() == 2
    tallies = votes.filter(mode="TALLY")
    assert all(v.teller_one and v.teller_two for v in tallies)


def test_the_epidemic_decision_passed_by_online_vote_of_all_members(demo, db):
    from renda.meetings.choices import VoteMode, VoteResult
    from renda.meetings.models import Participation, Vote

    vote = Vote.objects.get(mode=VoteMode.ONLINE, meeting__date__year=2020)

    assert "新冠肺炎疫情防控工作的决定" in vote.title
    assert vote.result == VoteResult.PASSED
    assert vote.electorate_size == 33
    assert vote.for_count * 2 > vote.electorate_size
    assert vote.opened_at < vote.closed_at <= vote.closes_at
    cast = vote.for_count + vote.against_count + vote.abstain_count
    assert Participation.objects.filter(vote=vote).count() == cast
    assert vote.not_voting_count == 33 - cast


def test_every_demo_vote_verifies(demo, db):
    from renda.meetings.ballots import verify_vote
    from renda.meetings.models import Vote

    closed = list(Vote.objects.filter(status="CLOSED"))

    assert len(closed) >= 15
    for vote in closed:
        report = verify_vote(vote)
        assert report.ok, (vote.title, report.problems)


def test_a_removal_is_voted_before_the_appointment_to_the_same_post(demo, db):
    from renda.meetings.models import Appointment

    for removal in Appointment.objects.filter(kind="REMOVAL"):
        successor = Appointment.objects.get(
            meeting=removal.meeting,
            kind="APPOINTMENT",
            organisation=removal.organisation,
            post=removal.post,
        )
        assert removal.status == successor.status == "ADOPTED"
        assert removal.vote.position < successor.vote.position


def test_today_a_meeting_is_open_and_the_member_may_still_sign_in_and_vote(demo, db):
    from django.utils import timezone

    from renda.meetings.choices import MeetingStatus, VoteMode, VoteStatus
    from renda.meetings.models import CommitteeMeeting, Participation, Vote

    today = timezone.localdate()
    member = User.objects.get(username="member")
    meeting = CommitteeMeeting.objects.get(date=today)
    vote = Vote.objects.get(meeting=meeting, status=VoteStatus.OPEN)

    assert meeting.status == MeetingStatus.OPEN
    assert vote.mode == VoteMode.IN_MEETING
    assert vote.electors.filter(member__user=member).exists()
    assert not Participation.objects.filter(vote=vote, member__user=member).exists()
    assert not meeting.attendances.filter(member__user=member).exists()
    assert 0 < Participation.objects.filter(vote=vote).count() < vote.electorate_size
    assert meeting.observers.count() >= 3
    coming = CommitteeMeeting.objects.get(
        date__gt=today, status=MeetingStatus.PLANNED, kind="STANDING"
    )
    assert coming.agenda_items.count() >= 2
    assert not coming.attendances.exists()
    assert coming.number == meeting.number + 1


def test_every_past_standing_meeting_is_closed_and_every_coming_one_planned(demo, db):
    from django.utils import timezone

    from renda.meetings.choices import MeetingKind, MeetingStatus
    from renda.meetings.models import CommitteeMeeting

    today = timezone.localdate()
    standing = CommitteeMeeting.objects.filter(kind=MeetingKind.STANDING)
    assert set(standing.filter(date__lt=today).values_list("status", flat=True)) == {
        MeetingStatus.CLOSED
    }
    assert set(standing.filter(date__gt=today).values_list("status", flat=True)) == {
        MeetingStatus.PLANNED
    }


# The notices (renda/demo/notices.py): the source's three 2020 notices and the
# live 参加/不参加 one, their receipts, and the demo deputy's unread notice.

NOTICE_TITLES = [
    "市人大常委会关于做好疫情防控工作的通知",
    "致全市各级人大及其常委会和人大代表的倡议书",
    "市人大常委会关于依法全力做好当前新冠肺炎疫情防控工作的决定",
    "关于开展“代表进站 集中接待选民”活动的通知",
]


def test_the_source_notices_are_published_to_the_city_deputies(demo, db):
    notices = list(Notice.objects.order_by("published_at"))

    assert [n.title for n in notices] == NOTICE_TITLES
    assert all(n.status == NoticeStatus.PUBLISHED for n in notices)
    assert [n.published_at.year for n in notices[:3]] == [2020, 2020, 2020]
    city_deputies = (
        Deputy.objects.filter(
            mandates__term__congress__name="辽源市人民代表大会",
            mandates__end_date__isnull=True,
        )
        .distinct()
        .count()
    )
    assert city_deputies == 269
    for notice in (notices[0], notices[2], notices[3]):
        assert notice.receipts.count() == city_deputies
    assert notices[1].receipts.count() > city_deputies  # with the counties' deputies


def test_receipts_look_like_a_real_year(demo, db):
    epidemic, appeal, decision, live = Notice.objects.order_by("published_at")

    for notice in (epidemic, appeal, decision):
        counts = receipt_counts(notice)
        assert counts.undeliverable == counts.total - counts.deliverable > 0
        assert counts.read >= 0.8 * counts.deliverable  # most read
        assert counts.unread > 0  # some never did
    assert receipt_counts(epidemic).options[0].count > 0
    assert receipt_counts(appeal).answered == 0  # reading is enough
    assert epidemic.remind_rounds == 1
    assert epidemic.events.filter(kind=NoticeEventKind.REMINDED).count() == 1
    live_counts = receipt_counts(live)
    assert live.answer_form == AnswerForm.ATTEND
    assert {o.option: o.count > 0 for o in live_counts.options} == {
        "参加": True,
        "不参加": True,
    }


def test_the_demo_deputy_has_the_live_notice_unread(demo, db, client):
    deputy = User.objects.get(username="deputy")

    unread = list(notice_inbox(deputy, InboxFilters(unread=True)))

    assert notice_unread_count(deputy) == len(unread) == 1
    assert unread[0].notice.title == NOTICE_TITLES[3]
    client.force_login(deputy)
    page = client.get(reverse("notices:inbox") + "?unread=1")
    assert [r.notice_id for r in page.context["page"]] == [unread[0].notice_id]
    answered = deputy.notice_receipts.exclude(answer="").count()
    assert answered == 2  # the 2020 notice and decision, confirmed
