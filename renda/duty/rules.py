"""Named rules of deputies' duty performance, read from settings at call time.

The scoring rules themselves are data (``ScoringRules``, versioned per congress);
``default_rules()`` is the version a congress starts from, ``validate_rules``
says what a version may hold, and ``score_from_counts`` is the one computation
of a score, used by every surface (the deputy's page, the board, the API, the
exports, the daily job).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

from renda.core.errors import ApplicationError

from .choices import ArchiveKind, ScorePeriod


def _invalid(message: str, *, field: str) -> ApplicationError:
    return ApplicationError(message, code="duty.invalid_rules", field=field)


# Settings ---------------------------------------------------------------------


def _setting(name: str, default):
    return getattr(settings, f"RENDA_DUTY_{name}", default)


def report_min_audience() -> int:
    """At least this many voters are expected at a report (述职)."""
    return int(_setting("REPORT_MIN_AUDIENCE", 50))


def rating_window_days() -> int:
    """Voters may rate a report from its day until this many days after it."""
    return int(_setting("RATING_WINDOW_DAYS", 3))


def rating_max_per_hour() -> int:
    """Ratings accepted per hour from one client address (the hall shares one)."""
    return int(_setting("RATING_MAX_PER_HOUR", 300))


def correction_days() -> int:
    """Days after the annual scores are published in which deputies may ask for
    a correction (the deadline is counted on the legal calendar)."""
    return int(_setting("CORRECTION_DAYS", 15))


def story_photo_limit() -> int:
    return int(_setting("STORY_PHOTO_LIMIT", 9))


def material_max_bytes() -> int:
    return int(_setting("MATERIAL_MAX_MB", 20)) * 1024 * 1024


def evidence_max_bytes() -> int:
    return int(_setting("EVIDENCE_MAX_MB", 10)) * 1024 * 1024


def low_score_years() -> int:
    """Years running below the pass mark that raise a notice (default two)."""
    return int(_setting("LOW_SCORE_YEARS", 2))


def session_absences_limit() -> int:
    """Sessions missed without approval in a term that raise a notice: two
    (Deputies Law art. 62 ends the mandate by law; Renda only tells)."""
    return int(_setting("SESSION_ABSENCES", 2))


def quarter_end(year: int, period: str) -> dt.date:
    """The last day a period's (cumulative) score counts."""
    month = {"Q1": 3, "Q2": 6, "Q3": 9}.get(period)
    if month is None:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


QUARTERS = [ScorePeriod.Q1, ScorePeriod.Q2, ScorePeriod.Q3, ScorePeriod.Q4]

# Scoring rules as data -----------------------------------------------------------

SCORED_KINDS = [k for k in ArchiveKind.values if k != ArchiveKind.ADJUSTMENT]

DEFAULT_RULES = {
    "base": 40,
    "items": {
        "SESSION_ATTENDED": {"points": 10, "cap": None},
        "SESSION_LEAVE": {"points": 0, "cap": None},
        "SESSION_ABSENT": {"points": -1, "cap": 20},
        "MEETING_ATTENDED": {"points": 1, "cap": 6},
        "MEETING_OBSERVED": {"points": 3, "cap": 9},
        "MEETING_ABSENT": {"points": 0, "cap": None},
        "SUGGESTION_LED": {"points": 3, "cap": 15},
        "SUGGESTION_COSIGNED": {"points": 1, "cap": 5},
        "RECEPTION_DAY": {"points": 2, "cap": 12},
        "REQUEST_RECEIVED": {"points": 1, "cap": 5},
        "CONTACT": {"points": 1, "cap": 4},
        "GROUP_ACTIVITY": {"points": 2, "cap": 8},
        "SUPERVISION": {"points": 3, "cap": 12},
        "TRAINING": {"points": 2, "cap": 8},
        "DUTY_REPORT": {"points": 5, "cap": 5},
        "STORY": {"points": 2, "cap": 4},
        "DONATION": {"points": 0, "cap": None},
        "OTHER": {"points": 2, "cap": 6},
    },
    "minimums": {"SUGGESTION_LED": 1, "RECEPTION_DAY": 2, "DUTY_REPORT": 1},
    "bands": [
        {"min": 80, "label": "优秀"},
        {"min": 60, "label": "合格"},
        {"min": None, "label": "待改进"},
    ],
    "pass_mark": 60,
}


def default_rules() -> dict:
    """The rules a congress starts from (``RENDA_DUTY_DEFAULT_RULES`` replaces them)."""
    import copy

    return copy.deepcopy(_setting("DEFAULT_RULES", DEFAULT_RULES))


def _number(value, *, field_name: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise _invalid(f"{label}应为数字。", field=field_name) from None
    if not number.is_finite() or abs(number) > 1000:
        raise _invalid(f"{label}应在 -1000 到 1000 之间。", field=field_name)
    if number != number.quantize(Decimal("0.1")):
        raise _invalid(f"{label}最多保留一位小数。", field=field_name)
    return number


def validate_rules(data) -> dict:
    """Return ``data`` checked and normalised, or raise ValidationFailed naming
    the field (``items.SUGGESTION_LED.points``...) in Chinese."""
    if not isinstance(data, dict):
        raise _invalid("积分规则格式不正确。", field="data")
    unknown = set(data) - {"base", "items", "minimums", "bands", "pass_mark"}
    if unknown:
        raise _invalid(
            f"积分规则含有未知项：{'、'.join(sorted(unknown))}。", field="data"
        )
    labels = dict(ArchiveKind.choices)
    out: dict = {
        "base": float(_number(data.get("base", 0), field_name="base", label="基础分"))
    }
    items = data.get("items") or {}
    if not isinstance(items, dict):
        raise _invalid("计分项目格式不正确。", field="items")
    out["items"] = {}
    for kind, item in items.items():
        if kind not in SCORED_KINDS:
            raise _invalid(f"未知的计分项目：{kind}。", field="items")
        if not isinstance(item, dict):
            raise _invalid(f"{labels[kind]}格式不正确。", field=f"items.{kind}")
        points = _number(
            item.get("points", 0),
            field_name=f"items.{kind}.points",
            label=f"{labels[kind]}的每次分值",
        )
        cap = item.get("cap")
        if cap in ("", None):
            cap_value = None
        else:
            cap_value = _number(
                cap, field_name=f"items.{kind}.cap", label=f"{labels[kind]}的上限"
            )
            if cap_value <= 0:
                raise _invalid(
                    f"{labels[kind]}的上限应大于 0（扣分项填写最多扣除的分值）。",
                    field=f"items.{kind}.cap",
                )
        out["items"][kind] = {
            "points": float(points),
            "cap": None if cap_value is None else float(cap_value),
        }
    minimums = data.get("minimums") or {}
    if not isinstance(minimums, dict):
        raise _invalid("最低履职要求格式不正确。", field="minimums")
    out["minimums"] = {}
    for kind, count in minimums.items():
        if kind not in SCORED_KINDS:
            raise _invalid(f"未知的履职要求：{kind}。", field="minimums")
        try:
            number = int(count)
        except (TypeError, ValueError):
            raise _invalid(
                f"{labels[kind]}的最低次数应为整数。", field=f"minimums.{kind}"
            ) from None
        if number < 0 or number > 365:
            raise _invalid(
                f"{labels[kind]}的最低次数应在 0 到 365 之间。",
                field=f"minimums.{kind}",
            )
        if number:
            out["minimums"][kind] = number
    bands = data.get("bands") or []
    if not isinstance(bands, list) or not bands:
        raise _invalid("请至少设置一个等次。", field="bands")
    cleaned = []
    for index, band in enumerate(bands):
        if not isinstance(band, dict) or not str(band.get("label", "")).strip():
            raise _invalid(f"第{index + 1}个等次缺少名称。", field="bands")
        low = band.get("min")
        low = (
            None
            if low in ("", None)
            else float(
                _number(low, field_name="bands", label=f"等次“{band['label']}”的分数线")
            )
        )
        cleaned.append({"min": low, "label": str(band["label"]).strip()[:20]})
    floors = [b["min"] for b in cleaned if b["min"] is not None]
    if floors != sorted(floors, reverse=True) or len(set(floors)) != len(floors):
        raise _invalid("等次的分数线应从高到低排列且不重复。", field="bands")
    if cleaned[-1]["min"] is not None:
        raise _invalid(
            "最后一个等次应不设分数线（其余分数均归入该等次）。", field="bands"
        )
    if any(b["min"] is None for b in cleaned[:-1]):
        raise _invalid("只有最后一个等次可以不设分数线。", field="bands")
    out["bands"] = cleaned
    out["pass_mark"] = float(
        _number(data.get("pass_mark", 60), field_name="pass_mark", label="合格分数线")
    )
    return out


@dataclass
class ScoreLine:
    kind: str
    label: str
    count: Decimal
    points_each: Decimal
    raw: Decimal
    points: Decimal
    capped: bool


@dataclass
class ScoreResult:
    total: Decimal
    band: str
    passed: bool
    minimums_met: bool
    lines: list[ScoreLine] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)
    base: Decimal = Decimal(0)
    adjustment: Decimal = Decimal(0)

    def breakdown(self) -> dict:
        """The JSON snapshot a DutyScore keeps."""
        return {
            "base": str(self.base),
            "adjustment": str(self.adjustment),
            "lines": [
                {
                    "kind": line.kind,
                    "count": str(line.count),
                    "points_each": str(line.points_each),
                    "points": str(line.points),
                    "capped": line.capped,
                }
                for line in self.lines
            ],
            "missing": self.missing,
        }


ONE_PLACE = Decimal("0.1")


def score_from_counts(counts: dict, rules: dict, adjustment=0) -> ScoreResult:
    """Compute a score: base + Σ min(count × points, cap) (a deduction takes at
    most its cap away) + adjustments granted by staff; then the band, the pass
    mark and the minimum yearly duties. ``counts`` maps ArchiveKind → quantity."""
    labels = dict(ArchiveKind.choices)
    base = Decimal(str(rules.get("base", 0)))
    total = base
    lines = []
    for kind, item in rules.get("items", {}).items():
        count = Decimal(str(counts.get(kind, 0)))
        each = Decimal(str(item["points"]))
        raw = count * each
        points = raw
        capped = False
        if item.get("cap") is not None:
            cap = Decimal(str(item["cap"]))
            if raw > cap:
                points, capped = cap, True
            elif raw < -cap:
                points, capped = -cap, True
        if count or points:
            lines.append(
                ScoreLine(
                    kind, labels.get(kind, kind), count, each, raw, points, capped
                )
            )
        total += points
    adjustment = Decimal(str(adjustment or 0))
    total = (total + adjustment).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    band = ""
    for entry in rules.get("bands", []):
        if entry["min"] is None or total >= Decimal(str(entry["min"])):
            band = entry["label"]
            break
    missing = [
        {
            "kind": kind,
            "label": str(labels.get(kind, kind)),
            "required": need,
            "done": int(counts.get(kind, 0)),
        }
        for kind, need in rules.get("minimums", {}).items()
        if counts.get(kind, 0) < need
    ]
    return ScoreResult(
        total=total,
        band=band,
        passed=total >= Decimal(str(rules.get("pass_mark", 60))),
        minimums_met=not missing,
        lines=lines,
        missing=missing,
        base=base,
        adjustment=adjustment,
    )


# --- training ---


def training_max_hours() -> int:
    """The most hours (学时) one training may credit (a week-long course)."""
    return int(_setting("TRAINING_MAX_HOURS", 200))


def training_material_kinds() -> tuple[str, ...]:
    """The file types a training's materials may be (by extension)."""
    return (".pdf", ".docx", ".xlsx", ".pptx", ".jpg", ".jpeg", ".png")
