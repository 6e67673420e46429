"""The demo's duty scores (履职积分) of 辽源市, through the scoring services.

Runs last of the duty demo parts, so it scores whatever the archive holds:

- rules version 1 (the default rules) effective 2019;
- 2019: the four quarters and the year published, then closed (final);
- 2020: the four quarters and the year published, not closed; the demo deputy
  asked for two corrections: one accepted (decided), one pending;
- one deputy below the pass mark in both years, so the LOW_SCORE alert shows
  on the board (see docs/duty-scores.md for how that deputy is chosen);
- rules version 2 effective 2021 (stories and reports to voters worth more),
  to show versions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.duty import rules
from renda.duty.choices import ScorePeriod
from renda.duty.models import DutyScore, ScoringRules
from renda.duty.services import scores as services

QUARTERS = ["Q1", "Q2", "Q3", "Q4"]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _published_on(year: int, period: str) -> dt.date:
    """The job's day: the third day after the period ends (the year: 8 January)."""
    end = rules.quarter_end(year, period)
    return end + dt.timedelta(days=8 if period == ScorePeriod.YEAR else 3)


def _publish_year(congress, year: int, staff) -> None:
    for period in [*QUARTERS, ScorePeriod.YEAR]:
        day = _published_on(year, period)
        services.scores_publish(
            congress=congress, year=year, period=period, actor=staff, now=_at(day)
        )


def _lowest(congress, year: int, exclude=()) -> tuple[int, Decimal] | None:
    results = services.scores_compute(congress=congress, year=year, period="YEAR")
    ranked = sorted(
        ((r.total, pk) for pk, r in results.items() if pk not in exclude),
    )
    return (ranked[0][1], ranked[0][0]) if ranked else None


def demo_duty_scores_build(*, seed, congress, users, today=None) -> dict:
    del seed, today  # deterministic: the archive decides, the dates are fixed
    staff = users["staff"]
    deputy_user = users.get("deputy")
    low = None
    if not ScoringRules.objects.filter(congress=congress).exists():
        data, low = _calibrated_rules(congress)
        services.rules_save(
            congress=congress,
            data=data,
            effective_year=2019,
            title="辽源市人大代表履职量化考核办法",
            note=f"按系统默认规则制定，基础分{data['base']:g}分，自2019年起施行。",
            actor=staff,
        )
    _publish_year(congress, 2019, staff)
    services.year_close(congress=congress, year=2019, actor=staff)
    _publish_year(congress, 2020, staff)

    corrections = []
    deputy_id = get_scope(deputy_user).deputy_id if deputy_user else None
    if deputy_id is not None:
        score = DutyScore.objects.filter(
            congress=congress,
            deputy_id=deputy_id,
            year=2020,
            period="YEAR",
        ).first()
        if score is not None:
            asked_on = _at(_published_on(2020, "YEAR") + dt.timedelta(days=2))
            first = services.correction_ask(
                score=score,
                reason="2020年6月参加市人大常委会组织的营商环境专题调研，档案中未列入。",
                kind="SUPERVISION",
                actor=deputy_user,
                now=asked_on,
            )
            services.correction_decide(
                correction=first,
                accept=True,
                points="3",
                decision="经核对调研通知和签到表，补计调研一次，加3分。",
                actor=staff,
            )
            second = services.correction_ask(
                score=score,
                reason="2020年10月在联络站接待选民一次，登记时遗漏。",
                kind="RECEPTION_DAY",
                actor=deputy_user,
                now=asked_on + dt.timedelta(days=1),
            )
            corrections = [first, second]

    data = rules.default_rules()
    data["items"]["STORY"] = {"points": 3, "cap": 6}
    data["items"]["DUTY_REPORT"] = {"points": 6, "cap": 6}
    v2 = services.rules_save(
        congress=congress,
        data=data,
        effective_year=2021,
        title="辽源市人大代表履职量化考核办法（2021年修订）",
        note="履职事迹和向原选举单位述职的分值提高。",
        actor=staff,
    )
    return {"low_deputies": low, "corrections": corrections, "rules_v2": v2}


def _calibrated_rules(congress) -> tuple[dict, list[int]]:
    """The default rules with the base chosen so that the deputies with the
    fewest activities (the lowest of each one's better year) stay below the
    pass mark in both 2019 and 2020 while every other deputy passes at least
    one of the two years: the planted LOW_SCORE case(s). Returns the rules and
    the planted deputies."""
    data = rules.validate_rules(rules.default_rules())
    probe = ScoringRules(congress=congress, version=0, effective_year=2019, data=data)
    base = Decimal(str(data["base"]))
    best: dict[int, Decimal] = {}
    for year in (2019, 2020):
        results = services.scores_compute(
            congress=congress, year=year, period="YEAR", rules_version=probe
        )
        for pk, result in results.items():
            earned = result.total - base
            best[pk] = max(best.get(pk, earned), earned)
    if not best:
        return data, []
    levels = sorted(set(best.values()))
    lowest = levels[0]
    planted = sorted(pk for pk, value in best.items() if value == lowest)
    pass_mark = Decimal(str(data["pass_mark"]))
    # Every other deputy reaches the pass mark in their better year.
    chosen = pass_mark - levels[1] if len(levels) > 1 else pass_mark - lowest - 1
    data["base"] = float(max(Decimal(20), min(chosen, pass_mark - lowest - 1)))
    return data, planted
