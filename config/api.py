"""The /api/v1/ instance: every app's router, bearer tokens or the session."""

from renda.accounts.tokens import ApiTokenAuth
from renda.core.api import build_api

ROUTERS = [
    ("/regions", "renda.regions.api.router", "行政区划"),
    ("/congresses", "renda.congresses.api.router", "人大与届次"),
    ("/congresses", "renda.deputies.api.congress_router", "人大与届次"),
    ("/deputies", "renda.deputies.api.router", "人大代表"),
    ("/groups", "renda.deputies.api.group_router", "代表小组"),
    ("/stations", "renda.stations.api.router", "代表联络站"),
    ("/stations/work", "renda.receptions.api.router", "接待日与民意诉求"),
    ("/units", "renda.units.api.router", "承办单位"),
    ("/suggestions", "renda.suggestions.api.router", "代表建议"),
    ("/liaison", "renda.liaison.api.router", "双联"),
    ("/liaison/rules", "renda.liaison.api.dashboard.router", "双联规则与统计"),
    ("/supervision/plans", "renda.supervision.api.plan.router", "监督计划与议题征集"),
    ("/supervision/items", "renda.supervision.api.items.router", "监督事项"),
    ("/supervision/items", "renda.supervision.api.kinds.router", "监督事项"),
    (
        "/supervision/opinions",
        "renda.supervision.api.followup.router",
        "审议意见与跟踪问效",
    ),
    ("/supervision/filing", "renda.supervision.api.filing.router", "备案审查"),
    ("/supervision/open", "renda.supervision.api.publication.router", "公开"),
    ("/supervision/stats", "renda.supervision.api.stats.router", "监督统计"),
    ("/notices", "renda.notices.api.router", "通知公告"),
    ("/meetings", "renda.meetings.api.meetings.router", "会议"),
    ("/meetings/votes", "renda.meetings.api.votes.router", "表决"),
    ("/meetings/personnel", "renda.meetings.api.personnel.router", "任免与票决评议"),
    ("/meetings/decisions", "renda.meetings.api.decisions.router", "主任会议决定"),
    ("/duty/archive", "renda.duty.api.archive.router", "履职档案"),
    ("/duty/scores", "renda.duty.api.scores.router", "履职积分"),
    ("/duty/reports", "renda.duty.api.reports.router", "代表述职"),
    ("/duty/training", "renda.duty.api.training.router", "培训与人大讲坛"),
    ("/duty/stories", "renda.duty.api.stories.router", "履职事迹与捐款捐物"),
    ("/open", "renda.duty.api.open.router", "公开数据"),
    ("/hotline/partners", "renda.hotline.api.partners.router", "12345直通车合作方"),
    ("/hotline/tickets", "renda.hotline.api.outbound.router", "12345直通车工单"),
    ("/me", "renda.workbench.api.router", "当前用户"),
    ("/auth", "renda.accounts.api.router", "登录与身份确认"),
    ("/notifications", "renda.notifications.api.router", "消息"),
    ("/workbench", "renda.workbench.api.workbench_router", "工作台"),
    ("/", "renda.legal_calendar.api.router", "法定期限"),
]


def api_auth() -> list:
    """Authentication tried before the session: bearer API tokens."""
    return [ApiTokenAuth()]


api = build_api(auth=api_auth(), routers=ROUTERS)
