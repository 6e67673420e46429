"""The demo city as plain data, generated from a seed without touching the database.

``build_plan(seed)`` decides every name, phone, post and assignment; the builder
only writes it. All draws come from one ``random.Random(seed)`` in a fixed
order, so one seed always gives the same city.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import data

DEFAULT_SEED = 2020
# Ages are those on this date (the year of the source), so that a seed gives
# the same birth dates whatever the day the demo is loaded.
REFERENCE_DATE = dt.date(2020, 1, 1)

AGE_RANGES = {
    "OFFICIAL": (38, 60),
    "WORKER": (28, 57),
    "FARMER": (33, 63),
    "PROFESSIONAL": (30, 62),
    "ENTERPRISE": (34, 65),
    "MILITARY": (38, 55),
    "OTHER": (28, 60),
}


@dataclass
class PersonSpec:
    key: str
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date
    party: str
    occupation: str
    work_unit: str
    occupation_category: str
    phone: str
    county_code: str
    region_code: str


@dataclass
class StationSpec:
    region_code: str
    name: str
    address: str
    opening_hours: str
    chief_name: str
    chief_phone: str
    liaison_officer_name: str
    liaison_officer_phone: str
    # The station's public office phone (a 辽源 landline), shown on its board.
    office_phone: str = ""


@dataclass
class UnitSpec:
    name: str
    short_name: str
    kind: str
    level: str
    region_code: str
    contact_name: str
    contact_phone: str


@dataclass
class GroupSpec:
    region_code: str
    name: str
    member_keys: list[str]
    leader_key: str


@dataclass
class Plan:
    seed: int
    city_deputies: list[PersonSpec] = field(default_factory=list)
    # Deputies who hold no city mandate (other levels only).
    other_deputies: list[PersonSpec] = field(default_factory=list)
    director: str = ""
    deputy_directors: list[str] = field(default_factory=list)
    secretary_general: str = ""
    committee_members: list[str] = field(default_factory=list)
    groups: list[GroupSpec] = field(default_factory=list)
    national: list[str] = field(default_factory=list)
    provincial: list[str] = field(default_factory=list)
    # county code -> deputy keys; township region code -> deputy keys.
    county: dict[str, list[str]] = field(default_factory=dict)
    township: dict[str, list[str]] = field(default_factory=dict)
    stations: list[StationSpec] = field(default_factory=list)
    units: list[UnitSpec] = field(default_factory=list)

    def names(self) -> list[str]:
        return [p.name for p in self.city_deputies + self.other_deputies]


def grassroots(county_code: str) -> list[tuple[str, str]]:
    """Return the (9-digit code, name) of a county's 街道 and 乡镇."""
    return [
        (county_code + suffix, name) for suffix, name in data.COUNTIES[county_code][2]
    ]


def county_prefix(county_code: str) -> str:
    """Return how unit names begin in a county: 辽源市龙山区 for a district, 东丰县 for a county."""
    name, kind, _ = data.COUNTIES[county_code]
    return f"{data.CITY[1]}{name}" if kind == "DISTRICT" else name


def region_names() -> dict[str, str]:
    names = {data.CITY[0]: data.CITY[1]}
    for code, (name, _kind, _subs) in data.COUNTIES.items():
        names[code] = name
        names.update(dict(grassroots(code)))
    return names


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.used_names: set[str] = set()
        self.used_phones: set[str] = set()
        self.region_names = region_names()
        self.post_queues: dict[str, list[tuple[str, str]]] = {}
        self.city_posts = [
            (f"{data.CITY[1]}{d}", "主任" if d.endswith("委员会") else "局长")
            for d, _short in data.CITY_DEPARTMENTS
        ]
        self.rng.shuffle(self.city_posts)

    # People ----------------------------------------------------------------

    def weighted(self, pairs):
        values = [v for v, _ in pairs]
        weights = [w for _, w in pairs]
        return self.rng.choices(values, weights=weights, k=1)[0]

    def person_name(self, gender: str, ethnicity: str) -> str:
        for _ in range(1000):
            rng = self.rng
            if ethnicity != "汉族" and rng.random() < 0.7:
                surname = rng.choice(data.MINORITY_SURNAMES[ethnicity])
            elif rng.random() < data.COMPOUND_SURNAME_RATE:
                surname = rng.choice(data.COMPOUND_SURNAMES)
            else:
                surname = self.weighted(list(data.SURNAMES.items()))
            chars = data.FEMALE_GIVEN if gender == "F" else data.MALE_GIVEN
            if len(surname) == 1 and rng.random() < data.SINGLE_GIVEN_NAME_RATE:
                given = rng.choice(chars)
            else:
                given = "".join(rng.sample(chars, 2))
            name = surname + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("Could not find a new name")  # pragma: no cover

    def phone(self) -> str:
        while True:
            number = self.rng.choice(data.PHONE_PREFIXES) + "".join(
                self.rng.choices("0123456789", k=8)
            )
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def landline(self) -> str:
        return f"0437-{self.rng.choice('356')}{self.rng.randrange(100000, 999999)}"

    def birth_date(self, category: str) -> dt.date:
        low, high = AGE_RANGES[category]
        age = round(self.rng.triangular(low, high, (low + high) / 2 + 3))
        days = self.rng.randrange(365)
        year = REFERENCE_DATE.year - age - 1
        return dt.date(year, 1, 1) + dt.timedelta(days=days)

    def official_post(self, county_code: str, region_code: str) -> tuple[str, str]:
        if region_code not in self.post_queues:
            self.post_queues[region_code] = self._grassroots_posts(
                county_code, region_code
            )
        if county_code not in self.post_queues:
            self.post_queues[county_code] = self._county_posts(county_code)
        draw = self.rng.random()
        urban = data.COUNTIES[county_code][1] == "DISTRICT"
        order = (
            [region_code, county_code, "city"]
            if draw < 0.4
            else (
                [county_code, "city", region_code]
                if draw < 0.75 or not urban
                else ["city", county_code, region_code]
            )
        )
        for source in order:
            queue = self.city_posts if source == "city" else self.post_queues[source]
            if queue:
                return queue.pop(0)
        return (f"{county_prefix(county_code)}人民政府", "调研员")

    def _grassroots_posts(self, county_code, region_code):
        name = self.region_names[region_code]
        county = data.COUNTIES[county_code][0]
        if name.endswith("街道"):
            return [
                (f"{county}{name}党工委", "书记"),
                (f"{county}{name}办事处", "主任"),
                (f"{county}{name}人大工委", "主任"),
            ]
        head = "乡长" if name.endswith("乡") else "镇长"
        return [
            (f"中共{county}{name}委员会", "书记"),
            (f"{county}{name}人民政府", head),
            (f"{county}{name}人民代表大会", "主席"),
        ]

    def _county_posts(self, county_code):
        prefix = county_prefix(county_code)
        head = "区长" if data.COUNTIES[county_code][1] == "DISTRICT" else "县长"
        return [
            (f"{prefix}人民政府", head),
            (f"中共{prefix}委员会", "副书记"),
            (f"{prefix}人大常委会", "主任"),
            (f"{prefix}人民政府", f"副{head}"),
            (f"中共{prefix}委员会", "组织部部长"),
            (f"{prefix}人民法院", "院长"),
            (f"{prefix}人民检察院", "检察长"),
            (f"{prefix}教育局", "局长"),
            (f"{prefix}农业农村局", "局长"),
            (f"{prefix}卫生健康局", "局长"),
        ]

    def occupation(self, category: str, county_code: str, region_code: str):
        rng = self.rng
        region = self.region_names[region_code]
        county = data.COUNTIES[county_code][0]
        if category == "OFFICIAL":
            return self.official_post(county_code, region_code)
        if category == "WORKER":
            unit, jobs = rng.choice(data.WORKER_UNITS)
            return unit, rng.choice(jobs)
        if category == "FARMER":
            village = rng.choice(data.VILLAGE_NAMES)
            job = rng.choice(data.FARMER_OCCUPATIONS)
            if region.endswith("街道"):
                # A farmer of an urban district lives in its 镇 or 乡.
                region = next(
                    n for _, n in grassroots(county_code) if not n.endswith("街道")
                )
            where = region
            return f"{county}{where}{village}村", job
        if category == "PROFESSIONAL":
            unit, jobs = rng.choice(data.PROFESSIONAL_UNITS)
            if data.COUNTIES[county_code][1] == "COUNTY" and rng.random() < 0.5:
                unit = rng.choice(
                    [f"{county}第一中学", f"{county}人民医院", f"{county}中医院"]
                )
                jobs = ["教师", "主任医师", "副院长"]
            return unit, rng.choice(jobs)
        if category == "ENTERPRISE":
            company = (
                f"{'辽源市' if data.COUNTIES[county_code][1] == 'DISTRICT' else county}"
                f"{rng.choice(data.ENTERPRISE_PREFIXES)}"
                f"{rng.choice(data.ENTERPRISE_INDUSTRIES)}有限公司"
            )
            return company, rng.choice(data.ENTERPRISE_TITLES)
        if category == "MILITARY":
            unit, jobs = rng.choice(data.MILITARY_UNITS)
            return unit, rng.choice(jobs)
        unit, jobs = rng.choice(data.OTHER_OCCUPATIONS)
        if unit == "社区":
            unit = f"{county}{region}{rng.choice(data.COMMUNITY_NAMES)}社区"
            if not region.endswith("街道"):
                unit = f"{county}{region}{rng.choice(data.VILLAGE_NAMES)}村"
        return unit, rng.choice(jobs)

    def person(
        self,
        key: str,
        county_code: str,
        region_code: str,
        *,
        category: str | None = None,
        minority_boost: float = 1.0,
    ) -> PersonSpec:
        rng = self.rng
        category = category or self.weighted(data.OCCUPATION_CATEGORIES)
        gender = "F" if rng.random() < data.FEMALE_SHARE else "M"
        ethnicities = [
            (e, w if e == "汉族" else w * minority_boost) for e, w in data.ETHNICITIES
        ]
        ethnicity = self.weighted(ethnicities)
        party = (
            "CPC"
            if category in ("OFFICIAL", "MILITARY")
            else self.weighted(data.PARTIES)
        )
        work_unit, occupation = self.occupation(category, county_code, region_code)
        return PersonSpec(
            key=key,
            name=self.person_name(gender, ethnicity),
            gender=gender,
            ethnicity=ethnicity,
            birth_date=self.birth_date(category),
            party=party,
            occupation=occupation,
            work_unit=work_unit,
            occupation_category=category,
            phone=self.phone(),
            county_code=county_code,
            region_code=region_code,
        )


# The deputies the source names, placed in the demo as city deputies.
NAMED_DEPUTIES = [
    PersonSpec(
        key="ding_zhaomin",
        name="丁照民",
        gender="M",
        ethnicity="汉族",
        birth_date=dt.date(1968, 3, 12),
        party="CPC",
        occupation="高级技师",
        work_unit="富奥汽车零部件股份有限公司辽源分公司",
        occupation_category="WORKER",
        phone="",
        county_code="220402",
        region_code="220402002",
    ),
    PersonSpec(
        key="bai_yujing",
        name="白玉晶",
        gender="F",
        ethnicity="汉族",
        birth_date=dt.date(1975, 9, 8),
        party="CPC",
        occupation="供水排水维护队队长",
        work_unit="辽源市水务集团有限公司",
        occupation_category="WORKER",
        phone="",
        county_code="220402",
        region_code="220402001",
    ),
    PersonSpec(
        key="zhang_gui",
        name="张贵",
        gender="M",
        ethnicity="汉族",
        birth_date=dt.date(1963, 11, 20),
        party="CPC",
        occupation="董事长",
        work_unit="辽源巨峰生化科技有限责任公司",
        occupation_category="ENTERPRISE",
        phone="",
        county_code="220403",
        region_code="220403001",
    ),
]


def build_plan(seed: int = DEFAULT_SEED) -> Plan:
    """Generate the whole demo city from ``seed``, the same every time."""
    gen = _Generator(seed)
    plan = Plan(seed=seed)
    rng = gen.rng

    # City deputies: the named three first, then each county's share, spread
    # evenly over its 街道/乡镇 (their group and liaison station).
    named = []
    for spec in NAMED_DEPUTIES:
        spec = PersonSpec(**{**spec.__dict__, "phone": gen.phone()})
        gen.used_names.add(spec.name)
        named.append(spec)
    number = 0
    for county_code, count in data.CITY_DEPUTIES_PER_COUNTY.items():
        regions = [code for code, _ in grassroots(county_code)]
        own_named = [p for p in named if p.county_code == county_code]
        plan.city_deputies.extend(own_named)
        slots = [regions[i % len(regions)] for i in range(count - len(own_named))]
        rng.shuffle(slots)
        for region_code in slots:
            number += 1
            plan.city_deputies.append(
                gen.person(f"c{number:03d}", county_code, region_code)
            )
    assert len(plan.city_deputies) == data.CITY_DEPUTY_COUNT  # noqa: S101

    # The standing committee: leadership from officials, members from all.
    named_keys = {p.key for p in named}
    officials = [
        p
        for p in plan.city_deputies
        if p.occupation_category == "OFFICIAL" and p.key not in named_keys
    ]
    leadership = rng.sample(officials, 2 + data.DEPUTY_DIRECTORS)
    plan.director = leadership[0].key
    plan.secretary_general = leadership[1].key
    plan.deputy_directors = [p.key for p in leadership[2:]]
    for rank, (person, title) in enumerate(
        [(leadership[0], "主任"), (leadership[1], "秘书长")]
        + [(p, "副主任") for p in leadership[2:]]
    ):
        person.work_unit = "辽源市人大常委会"
        person.occupation = title
        person.birth_date = dt.date(1958 + rank % 6, 1 + rank, 10 + rank)
    taken = {p.key for p in leadership} | named_keys
    pool = [p for p in plan.city_deputies if p.key not in taken]
    members = rng.sample(pool, data.COMMITTEE_MEMBERS)
    plan.committee_members = [p.key for p in members]
    full_time = [c for c, kind, _ in data.CITY_COMMITTEES if kind != "OFFICE"]
    for person, committee in zip(members, full_time, strict=False):
        person.work_unit = f"辽源市人大常委会{committee}"
        person.occupation = (
            "主任委员"
            if committee.endswith("委员会") and "工作" not in committee
            else "主任"
        )
        person.occupation_category = "OFFICIAL"
        person.party = "CPC"

    # Groups: one per 街道/乡镇, of the city deputies living there.
    by_region: dict[str, list[PersonSpec]] = {}
    for person in plan.city_deputies:
        by_region.setdefault(person.region_code, []).append(person)
    names = gen.region_names
    for county_code in data.COUNTIES:
        for region_code, region_name in grassroots(county_code):
            members_here = by_region.get(region_code, [])
            leader = rng.choice(members_here)
            plan.groups.append(
                GroupSpec(
                    region_code=region_code,
                    name=f"{region_name}代表小组",
                    member_keys=[p.key for p in members_here],
                    leader_key=leader.key,
                )
            )

    # National and provincial deputies living in 辽源.
    plan.national = ["ding_zhaomin"]
    for i in range(data.NATIONAL_EXTRA):
        person = gen.person(f"n{i + 1}", "220421", "220421101", category="FARMER")
        plan.other_deputies.append(person)
        plan.national.append(person.key)
    plan.provincial = ["bai_yujing"]
    city_pool = [p for p in pool if p.key not in plan.committee_members]
    plan.provincial += [p.key for p in rng.sample(city_pool, data.PROVINCIAL_ALSO_CITY)]
    for i in range(data.PROVINCIAL_EXTRA - data.PROVINCIAL_ALSO_CITY):
        county_code = rng.choice(list(data.COUNTIES))
        region_code = rng.choice(grassroots(county_code))[0]
        person = gen.person(f"p{i + 1}", county_code, region_code)
        plan.other_deputies.append(person)
        plan.provincial.append(person.key)

    # County congresses: a sample, a few of them also city deputies.
    for county_code in data.COUNTIES:
        locals_ = [p for p in city_pool if p.county_code == county_code]
        keys = [p.key for p in rng.sample(locals_, data.COUNTY_DEPUTIES_ALSO_CITY)]
        regions = grassroots(county_code)
        for i in range(data.COUNTY_DEPUTY_SAMPLE - len(keys)):
            region_code = rng.choice(regions)[0]
            person = gen.person(f"k{county_code}-{i + 1:02d}", county_code, region_code)
            plan.other_deputies.append(person)
            keys.append(person.key)
        plan.county[county_code] = keys

    # Township congresses: a sample for a few 乡镇.
    lookup = {name: code for code, name in names.items()}
    for township in data.SAMPLED_TOWNSHIPS:
        region_code = lookup[township]
        county_code = region_code[:6]
        boost = 6.0 if "满族" in township else 1.0
        keys = []
        for i in range(data.TOWNSHIP_DEPUTY_SAMPLE):
            category = gen.weighted(
                [("FARMER", 6), ("OFFICIAL", 2), ("ENTERPRISE", 1), ("PROFESSIONAL", 1)]
            )
            person = gen.person(
                f"t{region_code}-{i + 1:02d}",
                county_code,
                region_code,
                category=category,
                minority_boost=boost,
            )
            plan.other_deputies.append(person)
            keys.append(person.key)
        plan.township[region_code] = keys

    # Liaison stations: one per 街道/乡镇.
    for county_code in data.COUNTIES:
        county_name, kind, _ = data.COUNTIES[county_code]
        for region_code, region_name in grassroots(county_code):
            if region_name.endswith("街道") and kind == "DISTRICT":
                address = (
                    f"{data.CITY[1]}{county_name}{rng.choice(data.CITY_STREETS)}"
                    f"{rng.randrange(1, 2000)}号（{region_name}办事处一楼）"
                )
            else:
                address = f"{county_name}{region_name}人民政府院内便民服务中心二楼"
            chief_gender = "F" if rng.random() < 0.35 else "M"
            officer_gender = "F" if rng.random() < 0.6 else "M"
            plan.stations.append(
                StationSpec(
                    region_code=region_code,
                    name=f"{region_name}人大代表联络站",
                    address=address,
                    opening_hours=rng.choice(data.STATION_HOURS),
                    chief_name=gen.person_name(chief_gender, "汉族"),
                    chief_phone=gen.phone(),
                    liaison_officer_name=gen.person_name(officer_gender, "汉族"),
                    liaison_officer_phone=gen.phone(),
                    # Made from the region code, not the random stream, so
                    # that the rest of the demo stays as it was.
                    office_phone=f"0437-3{region_code[-6:]}",
                )
            )

    # Handling units: 一府一委两院 of the city, the county governments and a
    # few 街道/乡镇 governments.
    city_code = data.CITY[0]

    def unit(name, short, kind, level, region_code):
        plan.units.append(
            UnitSpec(
                name=name,
                short_name=short,
                kind=kind,
                level=level,
                region_code=region_code,
                contact_name=gen.person_name(rng.choice("MF"), "汉族"),
                contact_phone=gen.landline(),
            )
        )

    unit("辽源市人民政府", "市政府", "GOVERNMENT", "MUNICIPAL", city_code)
    for department, short in data.CITY_DEPARTMENTS:
        unit(f"辽源市{department}", short, "DEPARTMENT", "MUNICIPAL", city_code)
    unit("辽源市监察委员会", "市监委", "SUPERVISORY_COMMISSION", "MUNICIPAL", city_code)
    unit("辽源市中级人民法院", "市中院", "COURT", "MUNICIPAL", city_code)
    unit("辽源市人民检察院", "市检察院", "PROCURATORATE", "MUNICIPAL", city_code)
    for county_code, (county_name, _kind, _subs) in data.COUNTIES.items():
        unit(
            f"{county_prefix(county_code)}人民政府",
            f"{county_name}政府",
            "GOVERNMENT",
            "COUNTY",
            county_code,
        )
    for township in data.TOWNSHIP_UNITS:
        region_code = lookup[township]
        county_name = data.COUNTIES[region_code[:6]][0]
        suffix = "办事处" if township.endswith("街道") else "人民政府"
        unit(
            f"{county_name}{township}{suffix}",
            f"{township}{'办' if suffix == '办事处' else '政府'}",
            "GOVERNMENT",
            "TOWNSHIP",
            region_code,
        )
    return plan
