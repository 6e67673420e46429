"""The demo's training (培训) and 人大讲坛 of the city congress, 2019-2020, written
through the training services.

From the source: the induction training of the 8th term's new deputies
(新任代表上岗培训) “培训代表330余人次” — two sessions in 2019 whose attendance
adds up to exactly 330 person-times; the 人大讲坛 from 2019 with 20+ speakers
(21 lectures by experts, officials and model deputies, 20-60 deputies each);
study trips “近两年分别组织100余名代表赴深圳、绍兴等地学习培训” (55 deputies to
深圳 in 2019, 52 others to 绍兴 in 2020); the group leaders' training of 2020.
And one course of the load year, open to every city deputy and running today,
so the demo login ``deputy`` can try the QR check-in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from renda.deputies.models import Deputy
from renda.duty.choices import CheckInMethod, TrainingKind, TrainingTarget
from renda.duty.services import training as services

TZ = ZoneInfo(settings.TIME_ZONE)
SEED_OFFSET = 2019_0416
INDUCTION_PERSON_TIMES = 330
INDUCTION_FIRST = 172  # the second session takes the rest: 158

# (date, speaker, speaker's title, title, topic)
LECTURES = [
    ("2019-03-14", "韩立群", "吉林大学法学院教授", "宪法与人大代表履职", "宪法"),
    (
        "2019-04-11",
        "周文涛",
        "省人大常委会法制工作委员会副主任",
        "代表法解读：代表的权利与义务",
        "代表法",
    ),
    (
        "2019-05-16",
        "孙雅琴",
        "省委党校法学教研部主任",
        "监督法与人大监督工作",
        "监督法",
    ),
    (
        "2019-06-13",
        "李国华",
        "市人大常委会原副主任",
        "地方组织法与地方人大工作",
        "地方组织法",
    ),
    (
        "2019-07-11",
        "赵明远",
        "省人大常委会预算工作委员会处长",
        "人大预算审查监督的重点与方法",
        "预算审查",
    ),
    (
        "2019-08-15",
        "郑晓燕",
        "全国人大代表、辽源市某社区党委书记",
        "扎根社区　倾听民声：我的履职体会",
        "模范代表",
    ),
    (
        "2019-09-12",
        "刘建军",
        "市发展和改革委员会主任",
        "优化营商环境条例解读",
        "优化营商环境",
    ),
    (
        "2019-10-17",
        "王淑芬",
        "省农业农村厅政策法规处处长",
        "乡村振兴战略与代表作为",
        "乡村振兴",
    ),
    (
        "2019-11-14",
        "陈志强",
        "东北师范大学政法学院教授",
        "如何提出高质量的代表建议",
        "代表建议",
    ),
    ("2019-12-12", "杨丽华", "市审计局副局长", "看懂审计工作报告", "审计监督"),
    (
        "2019-12-26",
        "高志刚",
        "省人大代表、东丰县某合作社理事长",
        "带领乡亲致富的履职之路",
        "模范代表",
    ),
    (
        "2020-05-14",
        "马俊峰",
        "市卫生健康委员会主任",
        "传染病防治法与疫情防控",
        "依法防控",
    ),
    ("2020-06-11", "徐海燕", "吉林大学行政学院副教授", "民法典与基层治理", "民法典"),
    (
        "2020-06-25",
        "何振东",
        "省人大常委会代表工作委员会副主任",
        "代表联络站建设与代表联系群众",
        "代表法",
    ),
    (
        "2020-07-09",
        "冯晓梅",
        "市财政局局长",
        "政府预算编制与全口径预算审查",
        "预算审查",
    ),
    (
        "2020-07-23",
        "邓永胜",
        "省人大常委会研究室主任",
        "人大监督的刚性与实效",
        "监督法",
    ),
    (
        "2020-08-13",
        "曹玉兰",
        "市营商环境建设局局长",
        "优化营商环境：代表能做什么",
        "优化营商环境",
    ),
    (
        "2020-09-10",
        "彭立新",
        "省社会科学院农村发展研究所所长",
        "巩固脱贫成果　推进乡村振兴",
        "乡村振兴",
    ),
    (
        "2020-10-15",
        "蒋文博",
        "市人大常委会法制工作委员会主任",
        "地方立法与代表参与",
        "地方立法",
    ),
    (
        "2020-11-12",
        "罗秀英",
        "市人大代表、龙山区某街道社区主任",
        "接待日里的民生小事",
        "模范代表",
    ),
    (
        "2020-12-10",
        "田继光",
        "省委党校党史教研部教授",
        "宪法宣誓与国家机关工作人员的宪法意识",
        "宪法",
    ),
]

TRIPS = [
    (
        dt.date(2019, 9, 23),
        dt.date(2019, 9, 27),
        "赴深圳学习考察人大代表工作",
        "深圳市人大常委会、前海深港现代服务业合作区",
        55,
    ),
    (
        dt.date(2020, 10, 19),
        dt.date(2020, 10, 23),
        "赴绍兴学习“枫桥经验”与代表联络站建设",
        "绍兴市人大常委会、诸暨市枫桥镇",
        52,
    ),
]


@dataclass
class TrainingDemoSummary:
    trainings: int
    induction_person_times: int
    lectures: int
    trip_deputies: int
    current_training_id: int


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ) + dt.timedelta(
        minutes=minute
    )


class _Builder:
    def __init__(self, *, seed, congress, users, today):
        self.rng = random.Random(seed + SEED_OFFSET)  # noqa: S311 - demo data
        self.congress = congress
        self.term = congress.current_term()
        self.staff = users["staff"]
        self.today = today
        self.deputies = list(
            Deputy.objects.filter(
                mandates__term=self.term, mandates__end_date__isnull=True
            )
            .distinct()
            .order_by("pk")
        )
        self.count = 0

    def create(self, **values):
        self.count += 1
        return services.training_create(
            congress=self.congress, actor=self.staff, **values
        )

    def attend(self, training, deputies) -> None:
        for deputy in deputies:
            services.enrollment_check_in(
                training=training,
                deputy=deputy,
                method=CheckInMethod.STAFF,
                actor=self.staff,
                now=_at(training.starts_on, self.rng.randint(0, 55)),
            )
        services.training_hold(training=training, actor=self.staff)

    def induction(self) -> int:
        sessions = [
            (dt.date(2019, 4, 16), dt.date(2019, 4, 17), "第一期"),
            (dt.date(2019, 4, 23), dt.date(2019, 4, 24), "第二期"),
        ]
        first = self.rng.sample(self.deputies, INDUCTION_FIRST)
        chosen = set(first)
        missed = [d for d in self.deputies if d not in chosen]
        again = self.rng.sample(
            first, INDUCTION_PERSON_TIMES - INDUCTION_FIRST - len(missed)
        )
        attendees = [first, missed + again]
        total = 0
        for (start, end, label), people in zip(sessions, attendees, strict=True):
            training = self.create(
                kind=TrainingKind.COURSE,
                title=f"第八届市人大代表新任代表上岗培训（{label}）",
                starts_on=start,
                ends_on=end,
                hours=12,
                target=TrainingTarget.NEW_DEPUTIES,
                term=self.term,
                place="中共辽源市委党校",
                topic="人大制度、代表法、代表履职基本知识",
                description="学习人民代表大会制度、代表法和地方组织法，"
                "介绍代表建议、视察调研、联系群众等履职方式。",
            )
            services.enrollment_by_target(training=training, actor=self.staff)
            self.attend(training, people)
            total += len(people)
        return total

    def lectures(self) -> int:
        for day, speaker, title_of, title, topic in LECTURES:
            date = dt.date.fromisoformat(day)
            training = self.create(
                kind=TrainingKind.LECTURE,
                title=f"人大讲坛：{title}",
                starts_on=date,
                ends_on=date,
                hours=3,
                target=TrainingTarget.ALL_DEPUTIES,
                speaker=speaker,
                speaker_title=title_of,
                topic=topic,
                place="市人大常委会机关三楼会议室",
                online=date.year == 2020,
            )
            self.attend(
                training, self.rng.sample(self.deputies, self.rng.randint(20, 60))
            )
        return len(LECTURES)

    def trips(self) -> int:
        pool = self.rng.sample(self.deputies, sum(t[4] for t in TRIPS))
        for start, end, title, place, size in TRIPS:
            chosen, pool = pool[:size], pool[size:]
            training = self.create(
                kind=TrainingKind.STUDY_TRIP,
                title=title,
                starts_on=start,
                ends_on=end,
                hours=40,
                target=TrainingTarget.CHOSEN,
                place=place,
            )
            services.enrollment_add(
                training=training, deputies=chosen, actor=self.staff
            )
            self.attend(training, chosen)
        return sum(t[4] for t in TRIPS)

    def group_leaders(self) -> None:
        training = self.create(
            kind=TrainingKind.COURSE,
            title="2020年代表小组组长履职培训班",
            starts_on=dt.date(2020, 8, 27),
            ends_on=dt.date(2020, 8, 27),
            hours=6,
            target=TrainingTarget.GROUP_LEADERS,
            place="市人大常委会机关三楼会议室",
            topic="代表小组活动的组织、代表联络站接待日和“双联”工作",
        )
        rows = services.enrollment_by_target(training=training, actor=self.staff)
        present = [r.deputy for r in rows if self.rng.random() < 0.9]
        self.attend(training, present)

    def current(self):
        training = self.create(
            kind=TrainingKind.COURSE,
            title=f"{self.today.year}年市人大代表履职学习班",
            starts_on=self.today,
            ends_on=self.today + dt.timedelta(days=2),
            hours=16,
            target=TrainingTarget.ALL_DEPUTIES,
            place="市人大常委会机关三楼会议室",
            topic="学习新修改的代表法，交流履职经验",
        )
        services.enrollment_by_target(training=training, actor=self.staff)
        return training


def demo_duty_training_build(*, seed, congress, users, today) -> TrainingDemoSummary:
    """Write the city congress's training of 2019-2020 and of the load year."""
    builder = _Builder(seed=seed, congress=congress, users=users, today=today)
    induction = builder.induction()
    lectures = builder.lectures()
    trips = builder.trips()
    builder.group_leaders()
    current = builder.current()
    return TrainingDemoSummary(
        trainings=builder.count,
        induction_person_times=induction,
        lectures=lectures,
        trip_deputies=trips,
        current_training_id=current.pk,
    )
