"""The demo's 抗疫 stories and donations of early 2020, built through the duty
services (docs/duty-stories.md).

The source (辽源市人大常委会, 2020): “收集各级代表‘抗疫’事迹信息50条” and “全市
2700余名各级人大代表……合计捐款额达到644.4万元，捐物价值433.8万元”. The demo
publishes 50 stories of deputies of several levels, and records donations from
deputies of every level in the demo whose totals are exactly 6,444,000.00 yuan of
money and 4,338,000.00 yuan of goods. The demo registry holds 432 deputies, not
the city's 2,700-odd of all levels, so the donor count cannot be reproduced: the
page shows the distinct deputies who gave in the demo.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from renda.congresses.choices import Level
from renda.congresses.models import Congress
from renda.deputies.models import Deputy
from renda.duty.choices import DonationKind
from renda.duty.services import stories as svc

MONEY_TOTAL = Decimal("6444000.00")
GOODS_TOTAL = Decimal("4338000.00")
STORIES = 50
CAMPAIGN = "抗击新冠肺炎疫情"
LEVEL_ORDER = [
    Level.NATIONAL,
    Level.PROVINCIAL,
    Level.MUNICIPAL,
    Level.COUNTY,
    Level.TOWNSHIP,
]
RECIPIENTS = [
    "辽源市红十字会",
    "辽源市慈善总会",
    "辽源市中心医院",
    "辽源市疾病预防控制中心",
    "东丰县人民医院",
    "东辽县人民医院",
    "龙山区疫情防控指挥部",
    "西安区疫情防控指挥部",
    "所在社区疫情防控卡点",
    "所在乡镇疫情防控指挥部",
]
GOODS = [
    "医用口罩",
    "消毒液",
    "防护服",
    "红外测温枪",
    "方便面、矿泉水",
    "新鲜蔬菜",
    "护目镜",
    "帐篷和取暖炉",
    "酒精棉片",
    "大米、食用油",
]
TITLES = [
    "{name}：坚守社区卡点二十余天",
    "{name}代表带头捐款捐物支援一线",
    "{name}：组织企业转产防护物资",
    "{name}代表为隔离群众送菜上门",
    "{name}：发动党员志愿者入户排查",
    "{name}代表协调保障农资春耕",
    "{name}：疫情防控和复工复产两不误",
    "{name}代表坚守发热门诊一线",
]
BODIES = [
    "疫情发生后，{name}代表主动请缨，带领志愿者在{place}值守，登记往来人员和车辆，"
    "测量体温，宣传防疫知识，连续多日吃住在卡点。",
    "{name}代表第一时间组织筹集防疫物资，送到{place}，并向群众宣传不聚集、戴口罩、"
    "勤洗手，帮助解决居家群众的生活困难。",
    "作为企业负责人，{name}代表在做好本单位防控的同时，组织员工有序复工，"
    "为{place}提供生活物资保障，稳定了群众情绪。",
    "{name}代表深入{place}逐户走访，摸排返乡人员，协助做好隔离观察人员的"
    "生活保障，把党和政府的关怀送到群众身边。",
]
PLACES = ["所在社区", "村屯路口", "小区门口", "乡镇卫生院", "集贸市场", "高速公路出口"]


@dataclass(frozen=True)
class DemoDutyStoriesSummary:
    stories: int
    donations: int
    donors: int
    money: Decimal
    goods: Decimal


def _split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Split ``total`` (whole hundreds of yuan) in hundreds by the weights, exactly
    (largest remainders take the units left over)."""
    units = int(total / 100)
    whole = sum(weights)
    shares = [units * w // whole for w in weights]
    left = units - sum(shares)
    order = sorted(
        range(len(weights)), key=lambda i: (-(units * weights[i] % whole), i)
    )
    for i in order[:left]:
        shares[i] += 1
    return [Decimal(s * 100).quantize(Decimal("0.01")) for s in shares]


def _donors_by_congress():
    """Each deputy once, under the congress of their highest level in the demo."""
    congresses = sorted(
        Congress.objects.filter(terms__mandates__isnull=False).distinct(),
        key=lambda c: (LEVEL_ORDER.index(c.level), c.pk),
    )
    seen: set[int] = set()
    pairs = []
    for congress in congresses:
        deputies = (
            Deputy.objects.filter(
                mandates__term__congress=congress, mandates__end_date__isnull=True
            )
            .distinct()
            .order_by("pk")
        )
        for deputy in deputies:
            if deputy.pk not in seen:
                seen.add(deputy.pk)
                pairs.append((congress, deputy))
    return pairs


def demo_duty_stories_build(*, seed, congress, users, today) -> DemoDutyStoriesSummary:
    """Publish 50 抗疫 stories and record the donations of January to April 2020."""
    rng = random.Random(f"{seed}-duty-stories")  # noqa: S311 - demo data
    staff = users["staff"]
    admin = users["admin"]
    zone = ZoneInfo(settings.TIME_ZONE)
    pairs = _donors_by_congress()

    def actor_for(where):
        return staff if where.pk == congress.pk else admin

    # Stories: 50 deputies, several levels (every level's deputies present).
    by_level: dict[str, list] = {}
    for where, deputy in pairs:
        by_level.setdefault(where.level, []).append((where, deputy))
    chosen = []
    quota = {
        Level.NATIONAL: 1,
        Level.PROVINCIAL: 2,
        Level.MUNICIPAL: 27,
        Level.COUNTY: 12,
        Level.TOWNSHIP: 8,
    }
    for level, count in quota.items():
        pool = by_level.get(level, [])
        chosen += rng.sample(pool, min(count, len(pool)))
    rest = [p for p in pairs if p not in chosen]
    chosen += rng.sample(rest, STORIES - len(chosen))
    for index, (where, deputy) in enumerate(chosen):
        day = dt.date(2020, 1, 25) + dt.timedelta(days=rng.randrange(0, 66))
        words = {"name": deputy.name, "place": rng.choice(PLACES)}
        actor = actor_for(where)
        story = svc.story_create(
            congress=where,
            deputy=deputy,
            title=TITLES[index % len(TITLES)].format(**words),
            body=rng.choice(BODIES).format(**words),
            happened_on=day,
            actor=actor,
        )
        svc.story_submit(story=story, actor=actor)
        published = dt.datetime.combine(
            day + dt.timedelta(days=rng.randrange(2, 10)), dt.time(10, 0), zone
        )
        # The demo announces none of them: 50 notices to every deputy would
        # drown the demo's own 通知公告 (docs/duty-stories.md).
        svc.story_publish(story=story, actor=actor, announce=False, now=published)

    # Donations: most deputies of every level give money, fewer give goods.
    money_donors = [p for p in pairs if rng.random() < 0.8]
    goods_donors = [p for p in pairs if rng.random() < 0.35]
    money = _split(MONEY_TOTAL, [rng.randint(5, 120) for _ in money_donors])
    goods = _split(GOODS_TOTAL, [rng.randint(5, 120) for _ in goods_donors])
    count = 0
    for kind, donors, amounts in (
        (DonationKind.MONEY, money_donors, money),
        (DonationKind.GOODS, goods_donors, goods),
    ):
        for (where, deputy), amount in zip(donors, amounts, strict=True):
            svc.donation_record(
                congress=where,
                deputy=deputy,
                kind=kind,
                date=dt.date(2020, 1, 26) + dt.timedelta(days=rng.randrange(0, 95)),
                amount=amount,
                recipient=rng.choice(RECIPIENTS),
                goods=rng.choice(GOODS) if kind == DonationKind.GOODS else "",
                campaign=CAMPAIGN,
                actor=actor_for(where),
            )
            count += 1
    donors = {d.pk for _, d in money_donors} | {d.pk for _, d in goods_donors}
    return DemoDutyStoriesSummary(
        stories=len(chosen),
        donations=count,
        donors=len(donors),
        money=sum(money, Decimal(0)),
        goods=sum(goods, Decimal(0)),
    )
