"""The demo log-ins: one user per role, all with the same password."""

from __future__ import annotations

from dataclasses import dataclass

from renda.accounts.choices import Role

# Passes the validators (12+ characters, not common, not like the user names).
DEMO_PASSWORD = "Renda-demo-2020"  # noqa: S105 - published demo password


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    try_first: str


DEMO_LOGINS = [
    DemoLogin(
        "admin",
        Role.SYSTEM_ADMIN,
        "全部数据",
        "打开 /admin/ 管理后台：行政区划、人大、用户与角色授权",
    ),
    DemoLogin(
        "staff",
        Role.COMMITTEE_STAFF,
        "辽源市人大常委会",
        "建议审查 /suggestions/staff/inbox/，办理统计（2019 年办结率 69.9%），双联规则 /liaison/rules/",
    ),
    DemoLogin(
        "leader",
        Role.LEADER,
        "辽源市人大常委会（主任）",
        "我督办的重点建议 /suggestions/key/，我联系的代表 /liaison/my/contacts/",
    ),
    DemoLogin(
        "deputy",
        Role.DEPUTY,
        "市人大代表白玉晶",
        "在手机上写建议 /suggestions/new/，给答复打分；我的建议 /suggestions/my/",
    ),
    DemoLogin(
        "member",
        Role.COMMITTEE_MEMBER,
        "辽源市人大常委会委员（也是市人大代表）",
        "监督事项 /supervision/：计划、审议意见、跟踪问效和统计",
    ),
    DemoLogin(
        "unit",
        Role.UNIT_STAFF,
        "辽源市住房和城乡建设局",
        "交办事项 /suggestions/unit/（含超期件）：写答复、申请退回或延期",
    ),
    DemoLogin(
        "chief",
        Role.STATION_CHIEF,
        "向阳街道人大代表联络站",
        "本站接待日与民意诉求（导航“我的联络站”）；公示板 /s/1/",
    ),
    DemoLogin(
        "officer",
        Role.LIAISON_OFFICER,
        "仙城街道人大代表联络站",
        "记录群众诉求并分级转办；看不到其他联络站的诉求",
    ),
    DemoLogin(
        "xastaff",
        Role.COMMITTEE_STAFF,
        "辽源市西安区人大常委会",
        "代表名单：只有西安区的代表（县、乡两级）",
    ),
]
