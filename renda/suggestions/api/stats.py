"""GET /api/v1/suggestions/stats: the year's figures (registered before
/{suggestion_id}, which would take "stats" as an id).
"""

from django.core.exceptions import PermissionDenied
from ninja import Query

from renda.congresses.selectors import get_congress_for_user
from renda.core.api import (
    DETAIL_ERRORS,
    InvalidParameter,
)
from renda.units.selectors import units_visible_to

from ..permissions import can_read_suggestion_lists
from ..selectors import (
    suggestion_stats,
)
from .common import (
    NO_STATISTICS,
    router,
)
from .schemas import (
    StatsOut,
    StatsQuery,
    percent,
)

# Statistics (before /{suggestion_id}, which would take "stats" as an id) --------


@router.get(
    "/stats",
    response={200: StatsOut, **DETAIL_ERRORS},
    summary="代表建议统计",
    description=(
        "某人大某年的提交、立案、办结件数，办结率（当年办结 / 当年立案，一位小数，"
        "如 69.9），按期答复率，A/B/C 类占比，满意率，当前超期件数；可按渠道、"
        "提出时间、承办单位、类别筛选，按 group_by 分组。只统计您有权查看的建议。"
        "委员会工作人员、领导和系统管理员可用（其他角色 403）；范围外的人大 404。"
    ),
)
def suggestion_stats_endpoint(request, filters: Query[StatsQuery]):
    user = request.auth
    if not can_read_suggestion_lists(user):
        raise PermissionDenied(NO_STATISTICS)
    congress = get_congress_for_user(user, filters.congress)
    unit = None
    if filters.unit:
        unit = units_visible_to(user).filter(pk=filters.unit).first()
        if unit is None:
            raise InvalidParameter(
                "该承办单位不存在或不在您的工作范围内。", field="unit"
            )
    group_by = filters.group_by.value if filters.group_by else None
    report = suggestion_stats(
        user=user,
        congress=congress,
        year=filters.year,
        channel=filters.channel or None,
        period=filters.period or None,
        unit=unit,
        category=filters.category or None,
        group_by=group_by,
    )
    return {
        "congress_id": congress.pk,
        "year": filters.year,
        "group_by": group_by,
        "total": _figures(report.total),
        "groups": [
            {
                "key": str(group.key),
                "label": group.label,
                "stats": _figures(group.stats),
            }
            for group in report.groups
        ],
    }


def _figures(stats) -> dict:
    return {
        "submitted": stats.submitted,
        "accepted": stats.accepted,
        "closed": stats.closed,
        "completion_rate": percent(stats.completion_rate),
        "replies": stats.replies,
        "on_time_replies": stats.on_time_replies,
        "on_time_rate": percent(stats.on_time_rate),
        "outcomes": stats.outcomes,
        "outcome_shares": {
            key: percent(value) for key, value in stats.outcome_shares.items()
        },
        "rated": stats.rated,
        "satisfied": stats.satisfied,
        "satisfaction_rate": percent(stats.satisfaction_rate),
        "overdue_now": stats.overdue_now,
    }
