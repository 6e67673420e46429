"""Staff-entered holiday schedules for the legal calendar (see ``calendar.py``).

The ``chinese_calendar`` package knows the State Council's schedule for the years
it was released with; staff enter a year it does not know yet (or correct one it
gets wrong). Rows are written only through the services in ``calendar.py``, which
also invalidate the per-year cache.

The tables keep the names they had when these models lived in ``core``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel


class HolidayKind(models.TextChoices):
    HOLIDAY = "HOLIDAY", _("法定节假日")
    MAKEUP_WORKDAY = "MAKEUP_WORKDAY", _("调休上班日")


class HolidayCalendarYear(BaseModel):
    """A year whose schedule staff have entered.

    ``published`` means the whole State Council schedule of the year is entered:
    the year then counts as known and its staff days replace the library's.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    published = models.BooleanField(_("已录入全年安排"), default=False)
    source = models.CharField(
        _("依据"),
        max_length=300,
        blank=True,
        help_text=_(
            "例如：国务院办公厅关于某年部分节假日安排的通知（国办发明电〔某〕某号）"
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "core_holidaycalendaryear"
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"


class HolidayCalendarDay(BaseModel):
    """One staff-entered day: a public holiday or a make-up workday (调休)."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=HolidayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "core_holidaycalendarday"
        verbose_name = _("节假日与调休日")
        verbose_name_plural = _("节假日与调休日")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["HOLIDAY", "MAKEUP_WORKDAY"]),
                name="core_holidaycalendarday_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()
