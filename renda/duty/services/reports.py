"""Reports to voters (述职, DutyReport) and the voters' ratings of them.

Staff of the congress, or the deputy, plan a report (date, place, the electoral
unit or constituency of the mandate, the voters expected), edit it while it is
planned, register it as held (the voters present, what was said) or cancel it.
Voters rate it on a public form reached by its QR code, from the day of the
report to ``rules.rating_window_days()`` after it: one answer per phone (a
device cookie, kept hashed), a rate limit per client address counted in the
database, no name and no phone number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.core.captcha import client_hash_for
from renda.core.dates import bounds_error
from renda.core.errors import Conflict
from renda.core.ratelimit import Limit, RateLimited, address_value, rate_limit_take
from renda.core.state import transition

from .. import events, rules
from ..choices import DutyEventKind, Rating, RatingDimension, ReportStatus
from ..models import DutyReport, VoterRating
from ..notices_reports import report_held
from ..permissions import can_manage_report, is_deputy_self, manages_duty
from .common import audit, clean_text, denied, invalid, new_token

COMMENT_MAX = 500
PLACE_MAX = 200
SUMMARY_MAX = 5000
REASON_MAX = 500
DEVICE_ID_MAX = 64
RATE_WINDOW = dt.timedelta(hours=1)

REPEATED_MESSAGE = "这部手机已经评议过本次述职，每部手机只能评议一次。感谢您的参与！"
RATE_LIMITED_MESSAGE = "提交太频繁，请稍后再试。"


class RatingRepeated(Conflict):
    """A second answer from the same phone."""

    code = "duty.rating_repeated"


class RatingRateLimited(RateLimited):
    """Too many answers from one client address in this hour (nothing stored)."""

    code = "duty.rating_rate_limited"
    status = 429


RATING_ADDRESS_SCOPE = "duty.rating.address"


class RatingClosed(Conflict):
    """The report is cancelled or its rating window is not open."""

    code = "duty.rating_closed"


# Helpers ---------------------------------------------------------------------------


def device_hash_for(device_id: str) -> str:
    """Return the keyed digest of a phone's device cookie (never stored in clear)."""
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"duty.device:{device_id}".encode(),
        hashlib.sha256,
    ).hexdigest()


def rating_window(report) -> tuple[dt.date, dt.date]:
    """The first and last local day voters may rate the report."""
    return report.date, report.date + dt.timedelta(days=rules.rating_window_days())


def rating_open(report, now: dt.datetime | None = None) -> bool:
    """Tell whether voters may rate the report now."""
    if not report.state_table.can(report.status, "rate"):
        return False
    first, last = rating_window(report)
    return first <= timezone.localdate(now or timezone.now()) <= last


def rating_closed_message(report, now: dt.datetime | None = None) -> str:
    """Say in plain words why the report cannot be rated now ("" when it can)."""
    if report.status == ReportStatus.CANCELLED:
        return "本次述职活动已取消，不再进行评议。"
    first, last = rating_window(report)
    today = timezone.localdate(now or timezone.now())
    if today < first:
        return f"评议还没有开始。请在{first:%Y年%-m月%-d日}述职当天扫码评议。"
    if today > last:
        return f"本次述职的评议已于{last:%Y年%-m月%-d日}结束，感谢您的关心。"
    return ""


def rating_address_limit(client_ip: str | None) -> Limit:
    """Return the rating form's limit per client address an hour (a hall shares one).

    No limit per report across addresses: each phone answers once (the device
    cookie), and a report is rated by as many voters as came.
    """
    return Limit(
        scope=RATING_ADDRESS_SCOPE,
        value=address_value(client_ip),
        limit=rules.rating_max_per_hour(),
        window=RATE_WINDOW,
        message=RATE_LIMITED_MESSAGE,
    )


def _lock(report) -> DutyReport:
    return (
        DutyReport.objects.select_for_update(of=("self",))
        .select_related("deputy", "mandate__term", "congress")
        .get(pk=report.pk)
    )


def _mandate_place(mandate, electoral_unit, constituency):
    """The unit or constituency the report is made to: the mandate's own."""
    if electoral_unit is not None and constituency is not None:
        raise invalid("原选举单位和选区只能填写一项。", "electoral_unit")
    if electoral_unit is None and constituency is None:
        return mandate.electoral_unit, mandate.constituency
    if electoral_unit is not None and electoral_unit.pk != mandate.electoral_unit_id:
        raise invalid("原选举单位应为该代表当选的选举单位。", "electoral_unit")
    if constituency is not None and constituency.pk != mandate.constituency_id:
        raise invalid("选区应为该代表当选的选区。", "constituency")
    return electoral_unit, constituency


def _clean_schedule(*, date, start_time, place, expected_audience, year):
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise invalid("请填写述职日期。", "date")
    problem = bounds_error(date, "event", "述职日期")
    if problem:
        raise invalid(problem, "date")
    if not isinstance(start_time, dt.time):
        raise invalid("请填写开始时间。", "start_time")
    place = clean_text(place, field="place", label="地点", max_length=PLACE_MAX)
    minimum = rules.report_min_audience()
    if not isinstance(expected_audience, int) or isinstance(expected_audience, bool):
        raise invalid("请填写预计参加选民人数。", "expected_audience")
    if expected_audience < minimum:
        raise invalid(
            f"预计参加选民人数不少于{minimum}人（述职应面向足够多的选民）。",
            "expected_audience",
        )
    if expected_audience > 100_000:
        raise invalid("预计参加选民人数过大。", "expected_audience")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise invalid("请填写有效的述职年度。", "year")
    if year > date.year:
        raise invalid("述职年度不能晚于述职日期所在年度。", "year")
    return place


def _where(report) -> str:
    return str(report.electoral_unit or report.constituency or "选民")


# Services --------------------------------------------------------------------------


@transaction.atomic
def report_plan(
    *,
    deputy,
    mandate,
    date,
    start_time,
    place,
    expected_audience,
    year,
    electoral_unit=None,
    constituency=None,
    actor,
) -> DutyReport:
    """Plan a deputy's report to their electoral unit or constituency's voters."""
    if mandate is None or mandate.deputy_id != deputy.pk:
        raise invalid("代表资格应为该代表本人的资格。", "mandate")
    congress = mandate.term.congress
    if not (manages_duty(actor, congress) or is_deputy_self(actor, deputy)):
        raise denied()
    if not mandate.is_active:
        raise invalid("该代表资格已终止，不能安排述职。", "mandate")
    place = _clean_schedule(
        date=date,
        start_time=start_time,
        place=place,
        expected_audience=expected_audience,
        year=year,
    )
    electoral_unit, constituency = _mandate_place(mandate, electoral_unit, constituency)
    report = DutyReport.objects.create(
        congress=congress,
        deputy=deputy,
        mandate=mandate,
        electoral_unit=electoral_unit,
        constituency=constituency,
        year=year,
        date=date,
        start_time=start_time,
        place=place,
        expected_audience=expected_audience,
        token=new_token(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    summary = f"{date:%Y年%-m月%-d日}在{place}向{_where(report)}述职"
    events.record_event(
        DutyEventKind.REPORT,
        subject=report,
        actor=actor,
        deputy=deputy,
        congress=congress,
        change="planned",
        summary=f"安排述职：{summary}",
    )
    audit(actor=actor, action="report.plan", target=report, summary=summary)
    return report


@transaction.atomic
def report_edit(
    *,
    report,
    actor,
    date=None,
    start_time=None,
    place=None,
    expected_audience=None,
    year=None,
) -> DutyReport:
    """Change the day, time, place, audience expected or year of a planned report."""
    report = _lock(report)
    if not can_manage_report(actor, report):
        raise denied()
    changed = transition(report, "edit", action="修改")
    values = {
        "date": report.date if date is None else date,
        "start_time": report.start_time if start_time is None else start_time,
        "place": report.place if place is None else place,
        "expected_audience": (
            report.expected_audience if expected_audience is None else expected_audience
        ),
        "year": report.year if year is None else year,
    }
    values["place"] = _clean_schedule(**values)
    for name, value in values.items():
        setattr(report, name, value)
    report.save(update_fields=[*changed, *values, "updated_at"])
    summary = f"{report.date:%Y年%-m月%-d日} {report.start_time:%H:%M}，{report.place}"
    events.record_event(
        DutyEventKind.REPORT,
        subject=report,
        actor=actor,
        deputy=report.deputy,
        congress=report.congress,
        change="edited",
        summary=f"修改述职安排：{summary}",
    )
    audit(actor=actor, action="report.edit", target=report, summary=summary)
    return report


@transaction.atomic
def report_hold(*, report, audience, summary, actor) -> DutyReport:
    """Register a report as held: the voters present and what was reported."""
    report = _lock(report)
    if not can_manage_report(actor, report):
        raise denied()
    changed = transition(report, "hold", action="登记述职情况")
    if not isinstance(audience, int) or isinstance(audience, bool) or audience < 1:
        raise invalid("请填写实到选民人数。", "audience")
    if audience > 100_000:
        raise invalid("实到选民人数过大。", "audience")
    if report.date > timezone.localdate():
        raise invalid("述职日期还没到，不能登记述职情况。", "date")
    report.audience = audience
    report.summary = clean_text(
        summary, field="summary", label="述职情况", max_length=SUMMARY_MAX
    )
    report.save(update_fields=[*changed, "audience", "summary", "updated_at"])
    events.record_event(
        DutyEventKind.REPORT,
        subject=report,
        actor=actor,
        deputy=report.deputy,
        congress=report.congress,
        change="held",
        summary=f"已述职，实到选民{audience}人",
    )
    audit(
        actor=actor,
        action="report.hold",
        target=report,
        summary=f"登记述职情况，实到选民{audience}人",
    )
    report_held(report)
    return report


@transaction.atomic
def report_cancel(*, report, reason, actor) -> DutyReport:
    """Cancel a planned report, with a reason; its rating form closes."""
    report = _lock(report)
    if not can_manage_report(actor, report):
        raise denied()
    changed = transition(report, "cancel", action="取消")
    report.status_reason = clean_text(
        reason, field="reason", label="取消原因", max_length=REASON_MAX
    )
    report.save(update_fields=[*changed, "status_reason", "updated_at"])
    events.record_event(
        DutyEventKind.REPORT,
        subject=report,
        actor=actor,
        deputy=report.deputy,
        congress=report.congress,
        change="cancelled",
        summary=f"取消述职：{report.status_reason}",
    )
    audit(
        actor=actor,
        action="report.cancel",
        target=report,
        summary=f"取消述职：{report.status_reason}",
    )
    return report


def _clean_ratings(ratings) -> dict[str, str]:
    if not isinstance(ratings, dict):
        raise invalid("请对每一项作出评价。", "ratings")
    cleaned = {}
    for dimension, label in RatingDimension.choices:
        value = ratings.get(dimension)
        if value in (None, ""):
            raise invalid(f"请对“{label}”作出评价。", f"ratings.{dimension}")
        if value not in Rating.values:
            raise invalid(f"“{label}”的评价无效，请重新选择。", f"ratings.{dimension}")
        cleaned[dimension] = value
    unknown = set(ratings) - set(RatingDimension.values)
    if unknown:
        raise invalid("评价中含有未知的项目。", "ratings")
    return cleaned


@transaction.atomic
def rating_submit(
    *, report, ratings, comment, device_id, client_ip, now=None
) -> VoterRating:
    """Keep one voter's rating of a report (public, no log-in; one per phone)."""
    report = _lock(report)
    if not rating_open(report, now):
        raise RatingClosed(rating_closed_message(report, now) or "现在不能评议。")
    try:
        # Counted in this transaction: a refusal or a later failure (a second
        # answer from the phone, bad input) rolls the count back.
        rate_limit_take(rating_address_limit(client_ip))
    except RateLimited as refused:
        raise RatingRateLimited(
            refused.message, limit=refused.limit, retry_after=refused.retry_after
        ) from None
    device_id = str(device_id or "").strip()
    if not device_id or len(device_id) > DEVICE_ID_MAX:
        raise invalid("无法识别这部手机，请允许浏览器保存 Cookie 后重试。", "device_id")
    cleaned = _clean_ratings(ratings)
    comment = clean_text(
        comment,
        field="comment",
        label="意见建议",
        max_length=COMMENT_MAX,
        required=False,
    )
    device_hash = device_hash_for(device_id)
    if VoterRating.objects.filter(report=report, device_hash=device_hash).exists():
        raise RatingRepeated(REPEATED_MESSAGE, field="device_id")
    return VoterRating.objects.create(
        report=report,
        ratings=cleaned,
        overall=cleaned[RatingDimension.OVERALL],
        comment=comment,
        device_hash=device_hash,
        client_hash=client_hash_for(client_ip or "unknown"),
    )
