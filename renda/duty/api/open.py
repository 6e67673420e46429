"""/api/v1/open: the open data, no log-in (docs/open-data.md).

- ``GET /popolo.json``: congresses, their bodies and deputies as Popolo;
- ``GET /deputies/{deputy_id}``: what a deputy's public page shows.

Nothing private: no phone, ID number, work address, birth date beyond the year.
"""

from __future__ import annotations

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from renda.core.api import ErrorOut, Id

from ..selectors.open_data import popolo
from ..selectors.stories import public_deputy, public_year

router = Router()

PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


class PopoloLink(Schema):
    url: str
    note: str | None = None


class PopoloPerson(Schema):
    id: str
    name: str
    sort_name: str | None = None
    gender: str | None = Field(None, description="male 或 female")
    birth_date: str | None = Field(None, description="只公开出生年份，如 1965")
    image: str | None = None
    links: list[PopoloLink] | None = None


class PopoloOrganization(Schema):
    id: str
    name: str
    classification: str = Field(
        description="legislature（人大）、committee（常委会、专门委员会）、"
        "delegation（代表团）、group（代表小组）"
    )
    parent_id: str | None = None
    area_id: str | None = None
    founding_date: str | None = None
    dissolution_date: str | None = None


class PopoloMembership(Schema):
    id: str
    person_id: str
    organization_id: str
    post_id: str | None = None
    role: str | None = None
    label: str | None = None
    start_date: str | None = None
    end_date: str | None = None


class PopoloPost(Schema):
    id: str
    label: str
    role: str | None = None
    organization_id: str


class PopoloOut(Schema):
    persons: list[PopoloPerson]
    organizations: list[PopoloOrganization]
    memberships: list[PopoloMembership]
    posts: list[PopoloPost]


class PopoloQuery(Schema):
    congress_id: Id | None = Field(None, description="只导出该人大（编号）")


class DutyCountOut(Schema):
    kind: str
    label: str
    count: int


class PublicMandateOut(Schema):
    congress_id: int
    congress: str
    level: str
    term: str
    delegation: str
    start_date: str


class PublicGroupOut(Schema):
    group: str
    congress: str
    station: str
    leader: bool


class PublicStoryOut(Schema):
    id: int
    title: str
    happened_on: str


class PublicDeputyOut(Schema):
    id: int
    name: str
    name_pinyin: str
    gender: str
    ethnicity: str
    birth_year: int | None = Field(None, description="出生年份（不公开出生日期）")
    party: str
    occupation_category: str
    photo_url: str
    page_url: str
    mandates: list[PublicMandateOut]
    groups: list[PublicGroupOut]
    year: int
    duty_counts: list[DutyCountOut]
    stories: list[PublicStoryOut]


@router.get(
    "/popolo.json",
    auth=None,
    response={200: PopoloOut, 422: ErrorOut},
    exclude_none=True,
    summary="人大代表开放数据（Popolo）",
    description=(
        "各级人大、常委会、专门委员会、代表团、代表小组及人大代表，按 Popolo 标准"
        "（persons、organizations、memberships、posts）导出。可按人大筛选。无需登录；"
        "不含手机号码、身份证号、工作地址，出生日期只公开年份。"
    ),
)
def open_popolo(request, filters: Query[PopoloQuery]):
    return popolo(congress_id=filters.congress_id, absolute=request.build_absolute_uri)


@router.get(
    "/deputies/{int:deputy_id}",
    auth=None,
    response={200: PublicDeputyOut, **PUBLIC_ERRORS},
    summary="人大代表公开信息",
    description=(
        "代表公开页面的内容：姓名、照片、代表资格、代表团、代表小组、联络站、"
        "构成类别、本年度（或 year 所指年度）履职情况（只计已确认的记录）和已发布的履职事迹。"
        "没有现任代表资格的 404。无需登录。"
    ),
)
def open_deputy(request, deputy_id: Id, year: int | None = None):
    data = public_deputy(deputy_id, year=public_year(year))
    deputy = data.deputy
    return data.as_dict(
        photo_url=request.build_absolute_uri(deputy.photo.url) if deputy.photo else "",
        page_url=request.build_absolute_uri(
            reverse("duty_public:deputy", args=[deputy.pk])
        ),
    )
