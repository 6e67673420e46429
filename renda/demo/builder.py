"""Write the demo city of 辽源市 to the database, from the plan of a seed.

Regions, the congresses of five levels with their terms and sessions, the
city's standing committee and committees, 269 city deputies and samples of the
other levels, 44 liaison stations with a deputy group each, about 40 handling
units, and one demo user per role. One transaction; one audit row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment, User
from renda.congresses.choices import BodyKind, Level, MemberRole
from renda.congresses.models import (
    Committee,
    CommitteeMember,
    Congress,
    Constituency,
    Delegation,
    ElectoralUnit,
    Session,
    StandingCommittee,
    Term,
)
from renda.core.services import action_log_record
from renda.deputies.models import Deputy, DeputyGroup, Mandate
from renda.deputies.services import deputy_derive_names
from renda.regions.choices import RegionKind
from renda.regions.models import Region
from renda.stations.models import LiaisonStation
from renda.units.models import HandlingUnit

from . import data
from .drafts import demo_prepared_draft_build
from .duty import demo_duty_build
from .government import demo_government_build
from .hotline_outbound import demo_hotline_outbound_build
from .hotline_partners import demo_hotline_partners_build
from .liaison import demo_liaison_build
from .logins import DEMO_PASSWORD
from .meetings import demo_meetings_build
from .notices import demo_notices_build
from .plan import DEFAULT_SEED, Plan, build_plan, county_prefix, grassroots
from .routing import demo_routing_build
from .suggestions import demo_suggestions_build
from .supervision import demo_supervision_build

# The country is the root region so that the national congress has an area of
# its own (one congress per region). RegionKind has no country kind yet.
COUNTRY_KIND = getattr(RegionKind, "COUNTRY", RegionKind.PROVINCE)

# (term number, first day, [(session start, session end)]) per level.
NATIONAL_TERM = (
    13,
    dt.date(2018, 3, 5),
    [
        (dt.date(2018, 3, 5), dt.date(2018, 3, 20)),
        (dt.date(2019, 3, 5), dt.date(2019, 3, 15)),
        (dt.date(2020, 5, 22), dt.date(2020, 5, 28)),
    ],
)
PROVINCIAL_TERM = (
    13,
    dt.date(2018, 1, 26),
    [
        (dt.date(2018, 1, 26), dt.date(2018, 1, 31)),
        (dt.date(2019, 1, 27), dt.date(2019, 1, 31)),
        (dt.date(2020, 1, 14), dt.date(2020, 1, 17)),
    ],
)
CITY_TERM = (
    8,
    dt.date(2017, 1, 6),
    [
        (dt.date(2017, 1, 6), dt.date(2017, 1, 10)),
        (dt.date(2018, 2, 6), dt.date(2018, 2, 9)),
        (dt.date(2019, 1, 15), dt.date(2019, 1, 18)),
        (dt.date(2020, 1, 8), dt.date(2020, 1, 11)),
    ],
)
# County and township congresses were elected at the end of 2016.
LOCAL_TERM = (
    18,
    dt.date(2016, 12, 20),
    [
        (dt.date(2016, 12, 20), dt.date(2016, 12, 23)),
        (dt.date(2018, 1, 10), dt.date(2018, 1, 12)),
        (dt.date(2019, 1, 8), dt.date(2019, 1, 10)),
        (dt.date(2020, 1, 5), dt.date(2020, 1, 7)),
    ],
)
TOWNSHIP_CONSTITUENCY_SIZE = 3


@dataclass
class DemoSummary:
    seed: int
    regions: int
    congresses: int
    city_deputies: int
    deputies: int
    stations: int
    groups: int
    units: int
    users: int
    suggestions: int = 0
    reception_days: int = 0
    supervision_items: int = 0
    meetings: int = 0
    votes: int = 0


def _region(code, name, kind, parent) -> Region:
    region = Region(code=code, name=name, kind=kind, parent=parent)
    region.save()
    return region


def _congress(name, level, region, parent, term_spec, body_kind) -> tuple:
    congress = Congress.objects.create(
        name=name, level=level, region=region, parent=parent
    )
    number, start, sessions = term_spec
    term = Term.objects.create(congress=congress, number=number, start_date=start)
    Session.objects.bulk_create(
        Session(term=term, number=i, start_date=s, end_date=e)
        for i, (s, e) in enumerate(sessions, start=1)
    )
    StandingCommittee.objects.create(term=term, kind=body_kind)
    return congress, term


def _deputy(spec) -> Deputy:
    deputy = Deputy(
        name=spec.name,
        gender=spec.gender,
        ethnicity=spec.ethnicity,
        birth_date=spec.birth_date,
        party=spec.party,
        occupation=spec.occupation,
        work_unit=spec.work_unit,
        occupation_category=spec.occupation_category,
        phone=spec.phone,
    )
    deputy_derive_names(deputy)
    return deputy


@transaction.atomic
def demo_build(
    *, seed: int = DEFAULT_SEED, actor=None, today: dt.date | None = None
) -> DemoSummary:
    """Write the demo city generated from ``seed`` into an empty database.

    ``today`` dates the few live suggestions (default: the current day).
    """
    plan = build_plan(seed)

    # Regions ---------------------------------------------------------------
    country = _region(*data.COUNTRY, COUNTRY_KIND, None)
    province = _region(*data.PROVINCE, RegionKind.PROVINCE, country)
    city = _region(*data.CITY, RegionKind.CITY, province)
    regions = {country.code: country, province.code: province, city.code: city}
    for county_code, (name, kind, _subs) in data.COUNTIES.items():
        county = _region(county_code, name, kind, city)
        regions[county_code] = county
        for code, sub_name in grassroots(county_code):
            sub_kind = (
                RegionKind.SUBDISTRICT
                if sub_name.endswith("街道")
                else RegionKind.TOWNSHIP
            )
            regions[code] = _region(code, sub_name, sub_kind, county)

    # Congresses, terms, sessions -------------------------------------------
    sc = BodyKind.STANDING_COMMITTEE
    national, national_term = _congress(
        "全国人民代表大会", Level.NATIONAL, country, None, NATIONAL_TERM, sc
    )
    provincial, provincial_term = _congress(
        "吉林省人民代表大会", Level.PROVINCIAL, province, national, PROVINCIAL_TERM, sc
    )
    city_congress, city_term = _congress(
        "辽源市人民代表大会", Level.MUNICIPAL, city, provincial, CITY_TERM, sc
    )
    county_congresses, county_terms, township_terms = {}, {}, {}
    for county_code in data.COUNTIES:
        congress, term = _congress(
            f"{county_prefix(county_code)}人民代表大会",
            Level.COUNTY,
            regions[county_code],
            city_congress,
            LOCAL_TERM,
            sc,
        )
        county_congresses[county_code], county_terms[county_code] = congress, term
        for code, sub_name in grassroots(county_code):
            if sub_name.endswith("街道"):
                continue  # a 街道 is served by the district congress
            _township_congress, township_terms[code] = _congress(
                f"{county_prefix(county_code)}{sub_name}人民代表大会",
                Level.TOWNSHIP,
                regions[code],
                congress,
                LOCAL_TERM,
                BodyKind.PRESIDIUM,
            )

    Committee.objects.bulk_create(
        Committee(congress=city_congress, name=n, kind=k, handles_deputy_affairs=h)
        for n, k, h in data.CITY_COMMITTEES
    )
    Committee.objects.bulk_create(
        Committee(congress=c, name=n, kind=k, handles_deputy_affairs=h)
        for c in county_congresses.values()
        for n, k, h in data.COUNTY_COMMITTEES
    )

    # Delegations and electoral units ---------------------------------------
    national_delegation = Delegation.objects.create(
        term=national_term, name="吉林代表团"
    )
    national_unit = ElectoralUnit.objects.create(
        term=national_term, name=provincial.name, electing_congress=provincial
    )
    provincial_delegation = Delegation.objects.create(
        term=provincial_term, name="辽源代表团"
    )
    provincial_unit = ElectoralUnit.objects.create(
        term=provincial_term, name=city_congress.name, electing_congress=city_congress
    )
    city_delegations, city_units = {}, {}
    for county_code, congress in county_congresses.items():
        city_delegations[county_code] = Delegation.objects.create(
            term=city_term, name=f"{data.COUNTIES[county_code][0]}代表团"
        )
        city_units[county_code] = ElectoralUnit.objects.create(
            term=city_term, name=congress.name, electing_congress=congress
        )

    # Deputies --------------------------------------------------------------
    specs = {p.key: p for p in plan.city_deputies + plan.other_deputies}
    created = Deputy.objects.bulk_create(_deputy(s) for s in specs.values())
    deputies = dict(zip(specs, created, strict=True))
    if any(d.pk is None for d in created):  # pragma: no cover - old SQLite
        by_name = {d.name: d for d in Deputy.objects.all()}
        deputies = {key: by_name[spec.name] for key, spec in specs.items()}

    mandates = [
        Mandate(
            deputy=deputies[p.key],
            term=city_term,
            start_date=city_term.start_date,
            delegation=city_delegations[p.county_code],
            electoral_unit=city_units[p.county_code],
        )
        for p in plan.city_deputies
    ]
    mandates += [
        Mandate(
            deputy=deputies[key],
            term=national_term,
            start_date=national_term.start_date,
            delegation=national_delegation,
            electoral_unit=national_unit,
        )
        for key in plan.national
    ]
    mandates += [
        Mandate(
            deputy=deputies[key],
            term=provincial_term,
            start_date=provincial_term.start_date,
            delegation=provincial_delegation,
            electoral_unit=provincial_unit,
        )
        for key in plan.provincial
    ]
    # County and township deputies are elected directly, in constituencies.
    for county_code, keys in plan.county.items():
        term = county_terms[county_code]
        constituencies = {}
        for key in keys:
            region_code = specs[key].region_code
            if region_code not in constituencies:
                constituencies[region_code] = Constituency.objects.create(
                    term=term,
                    name=f"第{len(constituencies) + 1}选区（{regions[region_code].name}）",
                    region=regions[region_code],
                )
            mandates.append(
                Mandate(
                    deputy=deputies[key],
                    term=term,
                    start_date=term.start_date,
                    constituency=constituencies[region_code],
                )
            )
    for region_code, keys in plan.township.items():
        term = township_terms[region_code]
        constituency = None
        for index, key in enumerate(keys):
            if index % TOWNSHIP_CONSTITUENCY_SIZE == 0:
                constituency = Constituency.objects.create(
                    term=term,
                    name=f"第{index // TOWNSHIP_CONSTITUENCY_SIZE + 1}选区",
                    region=regions[region_code],
                )
            mandates.append(
                Mandate(
                    deputy=deputies[key],
                    term=term,
                    start_date=term.start_date,
                    constituency=constituency,
                )
            )
    Mandate.objects.bulk_create(mandates)

    # The city standing committee -------------------------------------------
    standing_committee = city_term.standing_committee
    roles = (
        [(plan.director, MemberRole.DIRECTOR)]
        + [(key, MemberRole.DEPUTY_DIRECTOR) for key in plan.deputy_directors]
        + [(plan.secretary_general, MemberRole.SECRETARY_GENERAL)]
        + [(key, MemberRole.MEMBER) for key in plan.committee_members]
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            standing_committee=standing_committee,
            deputy=deputies[key],
            role=role,
            rank=rank,
        )
        for rank, (key, role) in enumerate(roles, start=1)
    )

    # Stations and groups ---------------------------------------------------
    stations = {
        s.region_code: LiaisonStation(
            region=regions[s.region_code],
            name=s.name,
            address=s.address,
            opening_hours=s.opening_hours,
            chief_name=s.chief_name,
            chief_phone=s.chief_phone,
            liaison_officer_name=s.liaison_officer_name,
            liaison_officer_phone=s.liaison_officer_phone,
            office_phone=s.office_phone,
        )
        for s in plan.stations
    }
    LiaisonStation.objects.bulk_create(stations.values())
    groups = DeputyGroup.objects.bulk_create(
        DeputyGroup(
            congress=city_congress,
            name=g.name,
            station=stations[g.region_code],
            leader=deputies[g.leader_key],
        )
        for g in plan.groups
    )
    Membership = DeputyGroup.members.through
    Membership.objects.bulk_create(
        Membership(deputygroup=group, deputy=deputies[key])
        for group, spec in zip(groups, plan.groups, strict=True)
        for key in spec.member_keys
    )

    # Handling units --------------------------------------------------------
    units = {
        u.name: HandlingUnit(
            name=u.name,
            short_name=u.short_name,
            kind=u.kind,
            level=u.level,
            region=regions[u.region_code],
            contact_name=u.contact_name,
            contact_phone=u.contact_phone,
        )
        for u in plan.units
    }
    HandlingUnit.objects.bulk_create(units.values())

    # Users -----------------------------------------------------------------
    users = _build_users(
        plan=plan,
        deputies=deputies,
        city_congress=city_congress,
        xian_congress=county_congresses["220403"],
        unit=units["辽源市住房和城乡建设局"],
        chief_station=stations["220402001"],
        officer_station=stations["220403001"],
        standing_committee=standing_committee,
    )

    # Suggestions of 2019 and 2020, written through the suggestion services.
    suggestions = demo_suggestions_build(
        seed=seed,
        plan=plan,
        congress=city_congress,
        term=city_term,
        deputies=deputies,
        units=units,
        regions=regions,
        users={user.username: user for user in users},
        standing_committee=standing_committee,
        today=today,
    )

    # Reception days, residents' requests and 双联 records (2020 and the load year).
    liaison = demo_liaison_build(
        seed=seed,
        city_congress=city_congress,
        county_congresses=list(county_congresses.values()),
        stations=stations,
        groups=groups,
        units=units,
        standing_committee=standing_committee,
        today=today or timezone.localdate(),
    )

    # The city's supervision work of 2020 and the load year, through its services.
    supervision = demo_supervision_build(
        seed=seed,
        congress=city_congress,
        units=units,
        users={user.username: user for user in users},
        standing_committee=standing_committee,
        today=today or timezone.localdate(),
    )

    demo_notices_build(seed=seed, congress=city_congress, users=users, today=today)
    # The committee's meetings and votes of 2020 and the load year (after the
    # 双联 records, which name the meetings' dates and observers).
    meetings = demo_meetings_build(
        seed=seed,
        standing_committee=standing_committee,
        users={user.username: user for user in users},
        today=today or timezone.localdate(),
    )
    # A draft the station chief prepared for a deputy from a resident's request.
    prepared = demo_prepared_draft_build()
    # Deputies' duty: attendance, training, reports, stories, then the scores
    # computed from all the records above (renda/demo/duty.py).
    demo_duty_build(
        seed=seed,
        congress=city_congress,
        users={user.username: user for user in users},
        today=today or timezone.localdate(),
    )
    signed_off = demo_government_build(
        seed=seed,
        congress=city_congress,
        users={user.username: user for user in users},
        today=today or timezone.localdate(),
    )
    hotline = demo_hotline_partners_build(
        congress=city_congress, users={u.username: u for u in users}
    )
    hotline_sent = demo_hotline_outbound_build(
        seed=seed,
        congress=city_congress,
        users={user.username: user for user in users},
        today=today or timezone.localdate(),
    )
    # Last: the routing index learns from every item built above.
    planted = demo_routing_build(
        congress=city_congress, today=today or timezone.localdate()
    )
    summary = DemoSummary(
        seed=seed,
        regions=len(regions),
        congresses=Congress.objects.count(),
        city_deputies=len(plan.city_deputies),
        deputies=len(deputies),
        stations=len(stations),
        groups=len(groups),
        units=len(units),
        users=len(users),
        suggestions=suggestions.suggestions
        + prepared
        + hotline.suggestions
        + signed_off
        + hotline_sent
        + planted,
        reception_days=liaison.reception_days,
        supervision_items=supervision.items,
        meetings=meetings.meetings + meetings.chairpersons_meetings,
        votes=meetings.votes,
    )
    action_log_record(
        actor=actor,
        action="demo.load",
        summary=f"载入演示数据：辽源市（种子 {seed}）",
        data=summary.__dict__,
    )
    return summary


def _build_users(
    *,
    plan: Plan,
    deputies,
    city_congress,
    xian_congress,
    unit,
    chief_station,
    officer_station,
    standing_committee,
) -> list[User]:
    """Create one demo user per role; all share the demo password."""
    director = deputies[plan.director]
    deputy = deputies["bai_yujing"]
    # A 委员 of the standing committee (not a leadership member): reads all of
    # the congress's supervision work; as a deputy, also a deputy's pages.
    member_seat = (
        CommitteeMember.objects.filter(
            standing_committee=standing_committee, role=MemberRole.MEMBER
        )
        .select_related("deputy")
        .order_by("rank")
        .first()
    )
    member = member_seat.deputy
    people = [
        ("admin", "系统管理员", "", {"role": Role.SYSTEM_ADMIN}),
        (
            "staff",
            "市人大常委会工作人员",
            "",
            {"role": Role.COMMITTEE_STAFF, "congress": city_congress},
        ),
        (
            "leader",
            director.name,
            director.phone,
            {"role": Role.LEADER, "congress": city_congress},
        ),
        ("deputy", deputy.name, deputy.phone, {"role": Role.DEPUTY, "deputy": deputy}),
        (
            "member",
            member.name,
            member.phone,
            {"role": Role.COMMITTEE_MEMBER, "congress": city_congress},
        ),
        (
            "unit",
            "市住建局联络员",
            unit.contact_phone,
            {"role": Role.UNIT_STAFF, "handling_unit": unit},
        ),
        (
            "chief",
            chief_station.chief_name,
            chief_station.chief_phone,
            {"role": Role.STATION_CHIEF, "station": chief_station},
        ),
        (
            "officer",
            officer_station.liaison_officer_name,
            officer_station.liaison_officer_phone,
            {"role": Role.LIAISON_OFFICER, "station": officer_station},
        ),
        (
            "xastaff",
            "西安区人大常委会工作人员",
            "",
            {"role": Role.COMMITTEE_STAFF, "congress": xian_congress},
        ),
    ]
    # Hash once: the demo users share one password, and hashing is slow on purpose.
    encoded = make_password(DEMO_PASSWORD)
    users = []
    for username, display_name, phone, assignment in people:
        user = User(username=username, display_name=display_name, phone=phone)
        validate_password(DEMO_PASSWORD, user)
        user.password = encoded
        if assignment["role"] == Role.SYSTEM_ADMIN:
            user.is_staff = user.is_superuser = True
        user.save()
        RoleAssignment.objects.create(user=user, **assignment)
        users.append(user)
    by_name = {u.username: u for u in users}
    deputy.user = by_name["deputy"]
    deputy.save(update_fields=["user"])
    RoleAssignment.objects.create(
        user=by_name["member"], role=Role.DEPUTY, deputy=member
    )
    member.user = by_name["member"]
    member.save(update_fields=["user"])
    member_seat.user = by_name["member"]
    member_seat.save(update_fields=["user"])
    CommitteeMember.objects.filter(
        standing_committee=standing_committee, deputy=director
    ).update(user=by_name["leader"])
    return users
