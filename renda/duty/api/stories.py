"""/api/v1/duty/stories: stories and donations, read through the same
selectors as the pages (writes are on the pages)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, READ_ERRORS, Id, PagePagination

from ..permissions import can_use_duty_staff, can_use_stories
from ..selectors import stories as sel

router = Router()


class StoryQuery(Schema):
    congress_id: Id | None = Field(None, description="人大编号")
    deputy_id: Id | None = Field(None, description="代表编号")
    status: str = Field(
        "", description="状态：DRAFT、SUBMITTED、RETURNED、PUBLISHED、WITHDRAWN"
    )
    q: str = Field("", max_length=50, description="标题中的文字或代表姓名")


class StoryFields(Schema):
    id: int
    congress_id: int
    deputy_id: int
    deputy_name: str
    title: str
    happened_on: dt.date
    status: str
    status_label: str


class StoryOut(StoryFields):
    @staticmethod
    def resolve_deputy_name(obj) -> str:
        return obj.deputy.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class StoryPhotoOut(Schema):
    id: int
    url: str
    caption: str


class StoryDetailOut(StoryFields):
    body: str
    return_reason: str
    published_at: dt.datetime | None = None
    photos: list[StoryPhotoOut]
    actions: list[str] = Field(description="您现在可以办理的操作")


class DonationQuery(Schema):
    congress_id: Id | None = Field(None, description="人大编号")
    level: str = Field(
        "", description="人大级别：NATIONAL、PROVINCIAL、MUNICIPAL、COUNTY、TOWNSHIP"
    )
    campaign: str = Field("", max_length=100, description="活动")
    kind: str = Field("", description="方式：MONEY 捐款，GOODS 捐物")
    deputy_id: Id | None = Field(None, description="代表编号")
    date_from: str = Field("", max_length=10, description="起始日期 YYYY-MM-DD")
    date_to: str = Field("", max_length=10, description="截止日期 YYYY-MM-DD")
    q: str = Field("", max_length=50, description="代表姓名、受赠方或物资")


class DonationOut(Schema):
    id: int
    congress_id: int
    deputy_id: int
    deputy_name: str
    kind: str
    date: dt.date
    amount: Decimal = Field(description="金额或物资折价（元）")
    goods: str
    recipient: str
    campaign: str
    note: str

    @staticmethod
    def resolve_deputy_name(obj) -> str:
        return obj.deputy.name


class TotalsOut(Schema):
    money: Decimal = Field(description="捐款（元）")
    goods: Decimal = Field(description="捐物折价（元）")
    donors: int = Field(description="捐赠代表人数（不重复）")
    count: int = Field(description="记录条数")


class GroupTotalsOut(TotalsOut):
    name: str


class DonationSummaryOut(Schema):
    totals: TotalsOut
    by_congress: list[GroupTotalsOut]
    by_level: list[GroupTotalsOut]
    by_campaign: list[GroupTotalsOut]


def _story_filters(query: StoryQuery) -> sel.StoryFilters:
    return sel.StoryFilters.from_query(query.dict())


def _donation_filters(query: DonationQuery) -> sel.DonationFilters:
    return sel.DonationFilters.from_query(query.dict())


def _totals(t) -> dict:
    return {"money": t.money, "goods": t.goods, "donors": t.donors, "count": t.count}


@router.get(
    "",
    response={200: list[StoryOut], **READ_ERRORS},
    summary="履职事迹列表",
    description="工作人员、班子成员：本级人大的事迹；代表：本人的事迹。其他角色 403。",
)
@paginate(PagePagination)
def story_list(request, filters: Query[StoryQuery]):
    if not can_use_stories(request.auth):
        raise PermissionDenied("您无权查看履职事迹。")
    return sel.story_list(request.auth, _story_filters(filters))


@router.get(
    "/donations",
    response={200: list[DonationOut], **READ_ERRORS},
    summary="捐款捐物列表",
    description="本级人大登记的代表捐款捐物，可按人大、级别、活动、方式、代表、日期筛选。"
    "工作人员、班子成员可查，其他角色 403。",
)
@paginate(PagePagination)
def donation_list(request, filters: Query[DonationQuery]):
    if not can_use_duty_staff(request.auth):
        raise PermissionDenied("您无权查看捐款捐物。")
    return sel.donation_list(request.auth, _donation_filters(filters))


@router.get(
    "/donations/summary",
    response={200: DonationSummaryOut, **READ_ERRORS},
    summary="捐款捐物合计",
    description="筛选范围内的捐款、捐物折价、捐赠代表人数（不重复）及记录条数，"
    "并按人大、人大级别、活动分列。工作人员、班子成员可查，其他角色 403。",
)
def donation_summary(request, filters: Query[DonationQuery]):
    if not can_use_duty_staff(request.auth):
        raise PermissionDenied("您无权查看捐款捐物。")
    summary = sel.donation_summary(request.auth, _donation_filters(filters))
    return {
        "totals": _totals(summary.totals),
        "by_congress": [{"name": n, **_totals(t)} for n, t in summary.by_congress],
        "by_level": [{"name": n, **_totals(t)} for n, t in summary.by_level],
        "by_campaign": [{"name": n, **_totals(t)} for n, t in summary.by_campaign],
    }


@router.get(
    "/{int:story_id}",
    response={200: StoryDetailOut, **DETAIL_ERRORS},
    summary="一篇履职事迹",
    description="事迹正文、照片及您现在可以办理的操作（与页面一致）；不可查看的事迹 404。",
)
def story_detail(request, story_id: Id):
    if not can_use_stories(request.auth):
        raise PermissionDenied("您无权查看履职事迹。")
    detail = sel.story_detail(request.auth, story_id)
    story = detail.story
    return {
        "id": story.pk,
        "congress_id": story.congress_id,
        "deputy_id": story.deputy_id,
        "deputy_name": story.deputy.name,
        "title": story.title,
        "happened_on": story.happened_on,
        "status": story.status,
        "status_label": str(story.get_status_display()),
        "body": story.body,
        "return_reason": story.return_reason,
        "published_at": story.published_at,
        "photos": [
            {
                "id": p.pk,
                "url": reverse("duty:story_photo_file", args=[p.pk]),
                "caption": p.caption,
            }
            for p in detail.photos
        ],
        "actions": detail.actions,
    }
