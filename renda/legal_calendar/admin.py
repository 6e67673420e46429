"""Admin pages for the staff-entered holiday schedule.

Every write goes through the services in ``calendar.py`` (audit row, cache
invalidation); the forms only check input with the same rules, so that bad input
shows as a form error naming the field or line. Only system administrators use
these pages (``SystemAdminOnlyMixin``); the services write the audit rows, so
these admins are not ``AuditedAdmin`` (that would record each write twice).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from renda.core.admin import SystemAdminOnlyMixin
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error

from .calendar import (
    SCHEDULE_TEXT_HELP,
    holiday_day_add,
    holiday_day_check,
    holiday_day_remove,
    holiday_year_check,
    holiday_year_publish,
    parse_schedule_text,
    schedule_text_for,
)
from .models import HolidayCalendarDay, HolidayCalendarYear


class HolidayCalendarDayForm(forms.ModelForm):
    class Meta:
        model = HolidayCalendarDay
        fields = ["date", "kind", "name"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            holiday_day_check(
                day=data["date"], kind=data["kind"], name=data.get("name", "")
            )
        except ApplicationError as error:
            apply_service_error(self, error, default="date")
        return data

    def validate_unique(self):
        # holiday_day_check already names the date that exists, in Chinese.
        return


@admin.register(HolidayCalendarDay)
class HolidayCalendarDayAdmin(SystemAdminOnlyMixin, admin.ModelAdmin):
    form = HolidayCalendarDayForm
    list_display = ["date", "kind", "name", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def has_change_permission(self, request, obj=None):
        # A wrong day is deleted and added again, so every change is audited.
        return False

    def save_model(self, request, obj, form, change):
        saved = holiday_day_add(
            day=form.cleaned_data["date"],
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data.get("name", ""),
            actor=request.user,
        )
        obj.pk = saved.pk
        obj.created_by = saved.created_by

    def delete_model(self, request, obj):
        holiday_day_remove(calendar_day=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for calendar_day in queryset:
            holiday_day_remove(calendar_day=calendar_day, actor=request.user)


class HolidayCalendarYearForm(forms.ModelForm):
    schedule = forms.CharField(
        label="全年安排",
        widget=forms.Textarea(attrs={"rows": 20, "cols": 60}),
        help_text=SCHEDULE_TEXT_HELP,
    )

    class Meta:
        model = HolidayCalendarYear
        fields = ["year", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["schedule"].initial = schedule_text_for(self.instance.year)

    def clean(self):
        data = super().clean()
        year = data.get("year") or self.instance.year
        if self.errors or year is None:
            return data
        try:
            entries = parse_schedule_text(data.get("schedule", ""))
            data["entries"], data["source"] = holiday_year_check(
                year=year, days=entries, source=data.get("source", "")
            )
        except ApplicationError as error:
            apply_service_error(self, error, default="schedule")
        return data

    def validate_unique(self):
        # Publishing an existing year replaces its schedule.
        return


@admin.register(HolidayCalendarYear)
class HolidayCalendarYearAdmin(SystemAdminOnlyMixin, admin.ModelAdmin):
    form = HolidayCalendarYearForm
    list_display = ["year", "published", "source", "created_by", "updated_at"]
    list_filter = ["published"]

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = holiday_year_publish(
            year=obj.year,
            days=form.cleaned_data["entries"],
            source=form.cleaned_data.get("source", ""),
            actor=request.user,
        )
        obj.pk = saved.pk
        obj.published = saved.published
        obj.created_by = saved.created_by
