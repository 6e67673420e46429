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
        "代表名单 /deputies/：按代表团、党派筛选，导出 Excel；代表结构统计",
    ),
    DemoLogin(
        "leader",
        Role.LEADER,
        "辽源市人大常委会（主任）",
        "代表结构 /deputies/composition/，各代表小组 /deputies/groups/",
    ),
    DemoLogin(
        "deputy",
        Role.DEPUTY,
        "市人大代表白玉晶",
        "本人所在的代表小组和同届代表名单",
    ),
    DemoLogin(
        "unit",
        Role.UNIT_STAFF,
        "辽源市住房和城乡建设局",
        "工作台：交办给本单位的代表建议",
    ),
    DemoLogin(
        "chief",
        Role.STATION_CHIEF,
        "向阳街道人大代表联络站",
        "联络站 /stations/ 与本站代表小组成员",
    ),
    DemoLogin(
        "officer",
        Role.LIAISON_OFFICER,
        "仙城街道人大代表联络站",
        "本站代表小组；看不到其他联络站的代表",
    ),
    DemoLogin(
        "xastaff",
        Role.COMMITTEE_STAFF,
        "辽源市西安区人大常委会",
        "代表名单：只有西安区的代表（县、乡两级）",
    ),
]
