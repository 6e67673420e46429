"""API of the legal calendar: compute the last day of a period.

Mounted on the site's API in ``config/api.py``; inherits its authentication.
Query parameters are read as text and checked here, so that every bad input
answers 400 with a Chinese message naming the field (``core.errors`` shape).
"""

from __future__ import annotations

import datetime as dt
import re

from ninja import Query, Router, Schema, Status

from renda.core.api import READ_ERRORS
from renda.core.errors import ApplicationError

from .calendar import PERIOD_LABELS, due_date, period_range_message

router = Router(tags=["calendar"])

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNT = re.compile(r"^\d{1,9}$")


class DueDateOut(Schema):
    due: dt.date
    provisional: bool


class CalendarErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


def _parse_start(value: str | None) -> dt.date:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(
            "请填写起算日期（start），格式为 YYYY-MM-DD。",
            code="calendar.bad_start",
            field="start",
        )
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApplicationError(
            f"起算日期（start）“{value[:20]}”无效，应为存在的日期，格式 YYYY-MM-DD，例如 2024-10-01。",
            code="calendar.bad_start",
            field="start",
        ) from None


def _parse_count(field: str, value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit() and not _COUNT.match(value):
        # Too many digits: a number, but far out of range.
        raise ApplicationError(
            period_range_message(field), code="calendar.bad_period", field=field
        )
    if not _COUNT.match(value):
        raise ApplicationError(
            f"{PERIOD_LABELS[field]}（{field}）必须是正整数。",
            code="calendar.bad_period",
            field=field,
        )
    return int(value)


@router.get(
    "/calendar/due-date",
    response={200: DueDateOut, 400: CalendarErrorOut, **READ_ERRORS},
    url_name="calendar_due_date",
    # The id it had when the calendar lived in core: clients generated from the
    # schema keep their method name.
    operation_id="renda_core_calendar_api_calendar_due_date",
    summary="计算法定期限的截止日",
    description=(
        "按《民法典》第二百零一条至第二百零三条计算：开始当日不计入；按月计算的到期月对应日为最后一日，"
        "无对应日的为月末日；最后一日是法定休假日的顺延至其后第一个工作日（调休上班日是工作日）。"
        "`days`、`months`、`working_days` 三者只填一项。"
        "`provisional` 为 true 表示计算用到了尚未公布节假日安排的年份，仅按周末计算。"
    ),
)
def calendar_due_date(
    request,
    start: str | None = Query(None, description="起算日期 YYYY-MM-DD（当日不计入）"),
    days: str | None = Query(None, description="天数，1–3650"),
    months: str | None = Query(None, description="月数，1–120"),
    working_days: str | None = Query(None, description="工作日数，1–2500"),
):
    try:
        start_date = _parse_start(start)
        result = due_date(
            start_date,
            days=_parse_count("days", days),
            months=_parse_count("months", months),
            working_days=_parse_count("working_days", working_days),
        )
    except ApplicationError as error:
        return Status(400, error.as_dict())
    return Status(200, {"due": result.due, "provisional": result.provisional})
