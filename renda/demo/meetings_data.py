"""What the city's standing committee heard and decided at its 2020 meetings
(renda/demo/meetings.py holds them): the titles of reports and resolutions are
the supervision demo's (``supervision_data``), the appointed and removed are
invented."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from renda.meetings.choices import AgendaKind, PersonnelKind, VoteKind

YEAR = 2020

GOV = "市人民政府"
EPIDEMIC_DECISION = "辽源市人大常委会关于依法全力做好当前新冠肺炎疫情防控工作的决定"


@dataclass(frozen=True)
class Vote2020:
    kind: str
    title: str
    # Appointments and removals voted on: (kind, name, post, organisation).
    people: tuple = ()


@dataclass(frozen=True)
class Item2020:
    kind: str
    title: str
    reporter: str = ""
    votes: tuple = ()


def report_item(title, reporter=f"{GOV}副市长"):
    return Item2020(AgendaKind.WORK_REPORT, title, reporter)


def resolution_item(title, reporter=f"{GOV}"):
    return Item2020(
        AgendaKind.RESOLUTION,
        f"审议{title}（草案）",
        reporter,
        (Vote2020(VoteKind.RESOLUTION, title),),
    )


def satisfaction_item(title):
    return Item2020(
        AgendaKind.SATISFACTION_TEST,
        f"对{title}进行满意度测评",
        "",
        (Vote2020(VoteKind.SATISFACTION, f"{title}满意度测评"),),
    )


def evaluation_item(title):
    return Item2020(
        AgendaKind.VOTE_EVALUATION, title, "", (Vote2020(VoteKind.EVALUATION, title),)
    )


def personnel_item(*people):
    votes = tuple(
        Vote2020(
            VoteKind.REMOVAL if kind == PersonnelKind.REMOVAL else VoteKind.APPOINTMENT,
            f"免去{name}的{organisation}{post}职务"
            if kind == PersonnelKind.REMOVAL
            else f"任命{name}为{organisation}{post}",
            ((kind, name, post, organisation),),
        )
        # A removal is voted before the appointment to the same post.
        for kind, name, post, organisation in sorted(
            people, key=lambda p: p[0] != PersonnelKind.REMOVAL
        )
    )
    return Item2020(
        AgendaKind.APPOINTMENT, "审议人事任免事项", "市长、市人大常委会主任会议", votes
    )


APPOINT, REMOVE = PersonnelKind.APPOINTMENT, PersonnelKind.REMOVAL
# The 2020 meetings by number (the 双联 records date them), with what each heard
# and decided; the titles of reports and resolutions are the supervision demo's.
AGENDA_2020: dict[int, tuple[str, list[Item2020]]] = {
    23: (
        "网络视频会议",
        [
            Item2020(
                AgendaKind.RESOLUTION,
                f"审议{EPIDEMIC_DECISION}（草案）",
                "市人大常委会法制工作委员会",
                (Vote2020(VoteKind.RESOLUTION, EPIDEMIC_DECISION),),
            ),
        ],
    ),
    24: (
        "市人大常委会会议室",
        [
            report_item("市政府关于新冠肺炎疫情防控工作情况的报告"),
            satisfaction_item("市政府关于新冠肺炎疫情防控工作情况的报告"),
            personnel_item((APPOINT, "李志刚", "局长", "辽源市应急管理局")),
        ],
    ),
    25: (
        "市人大常委会会议室",
        [
            report_item("市政府关于2019年市本级决算的报告", "市财政局局长"),
            report_item(
                "市政府关于2019年国民经济和社会发展计划执行情况的报告", "市发改委主任"
            ),
            report_item("市政府关于2019年环境状况和环境保护目标完成情况的报告"),
            resolution_item("关于批准辽源市2019年市本级决算的决议"),
        ],
    ),
    26: (
        "市人大常委会会议室",
        [
            report_item("市政府关于2020年上半年工作情况的报告", "市长"),
            resolution_item("关于批准2020年抗疫特别国债预算调整方案的决议"),
            personnel_item(
                (REMOVE, "王建华", "局长", "辽源市农业农村局"),
                (APPOINT, "赵文博", "局长", "辽源市农业农村局"),
            ),
        ],
    ),
    27: (
        "市人大常委会会议室",
        [
            report_item("市政府关于突发事件应对工作情况的报告"),
            report_item("市政府关于2020年上半年预算执行情况的报告", "市财政局局长"),
            report_item(
                "市政府关于2019年度市本级预算执行和其他财政收支的审计工作报告",
                "市审计局局长",
            ),
            satisfaction_item("市政府关于2019年度审计查出问题整改情况的报告"),
        ],
    ),
    28: (
        "市人大常委会会议室",
        [
            report_item("市政府关于农业六大特色产业发展情况的报告"),
            report_item("市政府关于促进科技成果转化工作情况的报告"),
            evaluation_item("农业六大特色产业发展工作票决评议"),
            personnel_item(
                (APPOINT, "孙丽娟", "副主任", "辽源市人大常委会教育科学文化卫生委员会")
            ),
        ],
    ),
    29: (
        "市人大常委会会议室",
        [
            report_item("市政府关于医疗卫生服务能力建设工作情况的报告"),
            report_item("市政府关于2019年度国有自然资源资产管理情况的专项报告"),
            resolution_item("关于批准辽源市2020年市本级预算调整方案的决议"),
            evaluation_item("医疗卫生服务能力建设工作票决评议"),
        ],
    ),
    30: (
        "市人大常委会会议室",
        [
            report_item("市政府关于少数民族权益保障情况的报告"),
            resolution_item(
                "关于加强国有资产管理情况监督的决定", "市人大常委会预算工作委员会"
            ),
            resolution_item(
                "关于召开辽源市第八届人民代表大会第五次会议的决定",
                "市人大常委会主任会议",
            ),
            personnel_item(
                (REMOVE, "刘国庆", "主任", "辽源市卫生健康委员会"),
                (APPOINT, "陈晓东", "主任", "辽源市卫生健康委员会"),
            ),
        ],
    ),
}
# The chairpersons' meetings that prepared three of them (number, date, before).
CHAIRPERSONS_2020 = [
    (38, dt.date(YEAR, 4, 21), 24),
    (42, dt.date(YEAR, 9, 17), 28),
    (45, dt.date(YEAR, 12, 17), 30),
]
