"""/api/v1/supervision/stats: the year's supervision statistics of a congress (JSON).

The same figures as the page and the .xlsx (``selectors.stats``): the summary's
counts, items by kind, theme and body, review opinions and rectification
points open, done and overdue.
"""

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from renda.core.api import DETAIL_ERRORS, Id

from ..permissions import reads_any_congress
from ..selectors.stats import stats_congresses_for, supervision_stats
from ..services.common import denied

router = Router()


class SupervisionStatsQuery(Schema):
    congress: Id | None = Field(None, description="人大编号（默认：本人的第一个人大）")
    year: int | None = Field(None, ge=1979, le=2100, description="年度（默认：今年）")


class SupervisionStatsRowOut(Schema):
    key: str
    label: str
    planned: int = Field(description="本年度计划内的事项（未取消）")
    done: int = Field(description="本年度完成的事项（与年度数字的计数口径相同）")


class SupervisionStatsStatusOut(Schema):
    open: int
    done: int
    overdue: int


class SupervisionYearCountsOut(Schema):
    work_reports: int = Field(description="听取审议专项工作报告（项）")
    law_inspections: int = Field(description="执法检查（项）")
    field_inspections: int = Field(description="专项视察（次）")
    inquiries: int = Field(description="专题询问（次）")
    vote_evaluations: int = Field(description="票决评议（次）")
    research: int = Field(description="专题调研（项）")
    filings: int = Field(description="备案审查规范性文件（件）")
    resolutions: int = Field(description="作出决议决定（项）")
    sentence: str = Field(description="监督工作综述的开头一句")


class SupervisionStatsOut(Schema):
    congress_id: int
    congress_name: str
    year: int
    counts: SupervisionYearCountsOut
    by_kind: list[SupervisionStatsRowOut]
    by_theme: list[SupervisionStatsRowOut]
    by_body: list[SupervisionStatsRowOut]
    opinions: SupervisionStatsStatusOut = Field(
        description="本年度事项的审议意见：未办结、已办结、逾期未报告"
    )
    points: SupervisionStatsStatusOut = Field(
        description="本年度事项的整改事项：整改中、已整改、逾期"
    )


def _rows(rows) -> list[dict]:
    return [
        {"key": r.key, "label": r.label, "planned": r.planned, "done": r.done}
        for r in rows
    ]


def _status(counts) -> dict:
    return {"open": counts.open, "done": counts.done, "overdue": counts.overdue}


@router.get(
    "",
    response={200: SupervisionStatsOut, **DETAIL_ERRORS},
    summary="监督工作统计",
    description=(
        "某人大一年的监督工作数字（监督工作综述开头一句的各项计数）、按监督方式、主题、"
        "被监督机关的事项数，以及审议意见和整改事项的未办结、已办结、逾期数。"
        "常委会工作人员、班子成员、常委会组成人员可查看本级人大的。"
    ),
)
def stats_endpoint(request, query: Query[SupervisionStatsQuery]):
    user = request.auth
    if not reads_any_congress(user):
        raise denied("只有常委会工作人员、班子成员和常委会组成人员可以查看监督统计。")
    congresses = stats_congresses_for(user)
    congress = (
        congresses.first()
        if query.congress is None
        else congresses.filter(pk=query.congress).first()
    )
    if congress is None:
        raise Http404
    year = query.year or timezone.localdate().year
    figures = supervision_stats(user, congress, year)
    counts = figures.counts
    return {
        "congress_id": congress.pk,
        "congress_name": congress.name,
        "year": year,
        "counts": {
            **{name: count for name, _label, count in counts.rows()},
            "sentence": counts.sentence(),
        },
        "by_kind": _rows(figures.by_kind),
        "by_theme": _rows(figures.by_theme),
        "by_body": _rows(figures.by_body),
        "opinions": _status(figures.opinions),
        "points": _status(figures.points),
    }
