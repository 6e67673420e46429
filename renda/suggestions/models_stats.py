"""The statistics' summary rows (issue 13, section 3; decision record 0019).

``SuggestionStatsRow`` holds additive counters per congress, year, channel,
category, period, handling unit (0 = all units) and day. Counters that do not
depend on today sit on the row with ``day = UNDATED``; the two that do are
bucketed by the date they turn: ``closing`` (replied items still waiting for
their rating window, by reply day) and ``overdue`` (handled items with an open
assignment, by the earliest open deadline). A read sums the rows of one
congress and year, ``day`` compared with the cutoffs of today: bounded by the
calendar and the groups, never by the number of items. ``year = 0`` rows say
which groups exist at all (``items``: items in the row's scope; ``direct``:
items the row's unit handles itself).

``SuggestionStatsItem`` keeps each item's last contribution, so that a
transition subtracts the old one and adds the new one (``stats_rows.refresh``).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

UNDATED = dt.date(1, 1, 1)
PRESENCE_YEAR = 0
ALL_UNITS = 0

COUNTERS = (
    "items",
    "direct",
    "submitted",
    "accepted",
    "closed",
    "closing",
    "replies",
    "on_time",
    "outcome_a",
    "outcome_b",
    "outcome_c",
    "rated",
    "satisfied",
    "overdue",
)
KEY_FIELDS = ("year", "channel", "category", "period", "unit_id", "day")


class SuggestionStatsRow(models.Model):
    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("人大"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    channel = models.CharField(_("渠道"), max_length=32)
    category = models.CharField(_("类别"), max_length=32)
    period = models.CharField(_("提出时间"), max_length=32)
    # Not a foreign key: 0 means all units, and a unit's rows stay summable.
    unit_id = models.PositiveIntegerField(_("承办单位"))
    day = models.DateField(_("日期"))
    items = models.IntegerField(default=0)
    direct = models.IntegerField(default=0)
    submitted = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    closing = models.IntegerField(default=0)
    replies = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    outcome_a = models.IntegerField(default=0)
    outcome_b = models.IntegerField(default=0)
    outcome_c = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("建议统计汇总行")
        verbose_name_plural = _("建议统计汇总行")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "congress",
                    "year",
                    "unit_id",
                    "channel",
                    "category",
                    "period",
                    "day",
                ],
                name="suggestion_stats_row_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.congress_id}/{self.year}/{self.unit_id}/{self.day}"


class SuggestionStatsItem(models.Model):
    """One item's last contribution: ``[[year, channel, category, period, unit,
    day ordinal, {counter: n}], ...]``."""

    suggestion = models.OneToOneField(
        "suggestions.Suggestion",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    congress_id_copy = models.PositiveIntegerField(_("人大"), db_index=True)
    rows = models.JSONField(default=list)

    class Meta:
        verbose_name = _("建议统计贡献")
        verbose_name_plural = _("建议统计贡献")

    def __str__(self) -> str:
        return str(self.suggestion_id)
