"""Pages of a station's reception days: the year, plan, edit, hold, postpone, cancel.

Order of checks on every page: the role may use the page (403), the object is
in the user's scope (404), the user may act on it (403). Service errors come
back as form errors; a refused permission inside a service is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error, form_status
from renda.stations.selectors import get_station_for_user

from .. import services
from ..choices import ReceptionDayStatus
from ..forms import (
    CancelForm,
    ConfirmLateForm,
    HoldForm,
    PostponeForm,
    ReceptionDayForm,
)
from ..permissions import (
    can_confirm_late_reception_day,
    can_manage_reception_days,
    can_use_station_work_pages,
)
from ..selectors import (
    ReceptionDayFilters,
    duty_deputy_options,
    reception_day_detail,
    reception_day_list,
)


@require_GET
@permission_required(can_use_station_work_pages)
def reception_days(request, station_pk: int):
    year = reception_day_list(
        request.user, ReceptionDayFilters.from_query(station_pk, request.GET)
    )
    return render(
        request,
        "receptions/reception_days.html",
        {
            "station": year.station,
            "year": year.year,
            "years": [year.year - 1, year.year, year.year + 1],
            "days": year.days,
            "summary": year.summary,
            "may_manage": year.may_manage,
            "today": timezone.localdate(),
            "Status": ReceptionDayStatus,
        },
    )


def _managed_station(request, station_pk):
    station = get_station_for_user(request.user, station_pk)
    if not can_manage_reception_days(request.user, station):
        raise PermissionDenied
    return station


def _day_for(request, pk, action: str):
    """Return the day with its actions: 404 out of scope, 403 if the user may not ``action``.

    Whether the day's state allows the step is the service's answer (a form
    error), as it was when the page was opened from an old link.
    """
    day = reception_day_detail(request.user, pk)
    if action == "confirm_late":
        allowed = can_confirm_late_reception_day(request.user, day.station)
    else:
        allowed = can_manage_reception_days(request.user, day.station)
    if not allowed:
        raise PermissionDenied
    return day


def _day_url(day) -> str:
    return (
        reverse("stations:reception_days", args=[day.station_id])
        + f"?year={day.date.year}"
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_station_work_pages)
def reception_day_create(request, station_pk: int):
    station = _managed_station(request, station_pk)
    eligible = duty_deputy_options(station)
    form = ReceptionDayForm(request.POST or None, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.reception_day_plan(
                station=station,
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                topic=data["topic"],
                deputies=form.chosen_deputies(),
                actor=request.user,
                # A day planned offline on a phone and sent later (renda/pwa).
                idempotency_key=request.POST.get("idempotency_key") or None,
            )
        except errors.ApplicationError as error:
            apply_service_error(form, error)
        else:
            message = f"已安排 {day.date:%Y-%m-%d} 的代表接待日。"
            if day.entered_late:
                message += (
                    "该年度已结束，此接待日记为补录，须经常委会工作人员确认后计入。"
                )
            messages.success(request, message)
            return redirect(_day_url(day))
    return render(
        request,
        "receptions/reception_day_form.html",
        {"station": station, "form": form, "title": "安排代表接待日"},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_station_work_pages)
def reception_day_edit(request, pk: int):
    day = _day_for(request, pk, "edit")
    if request.method != "POST" and day.status != ReceptionDayStatus.PLANNED:
        # Held, postponed or cancelled days are kept as they were (an old link).
        # A post goes on to the service, which refuses it in its own words, and
        # the form comes back with what was typed (a day held in another tab).
        messages.error(request, "该接待日已不在计划中，不能修改。")
        return redirect(_day_url(day))
    eligible = duty_deputy_options(day.station)
    initial = {
        "date": day.date,
        "start_time": day.start_time,
        "end_time": day.end_time,
        "place": day.place,
        "topic": day.topic,
        "deputies": [deputy.pk for deputy in day.deputies.all()],
    }
    form = ReceptionDayForm(request.POST or None, eligible=eligible, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.reception_day_update(
                day=day,
                actor=request.user,
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                topic=data["topic"],
                deputies=form.chosen_deputies(),
            )
        except errors.ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect(_day_url(day))
    return render(
        request,
        "receptions/reception_day_form.html",
        {"station": day.station, "day": day, "form": form, "title": "修改代表接待日"},
        status=form_status(form),
    )


def _day_action(request, pk, *, action, form_class, title, run):
    day = _day_for(request, pk, action)
    kwargs = {}
    initial = {}
    if form_class is HoldForm:
        kwargs["eligible"] = duty_deputy_options(day.station)
        initial = {"attendees": [deputy.pk for deputy in day.deputies.all()]}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            message = run(day, form)
        except errors.ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, message)
            return redirect(_day_url(day))
    return render(
        request,
        "receptions/reception_day_action.html",
        {"station": day.station, "day": day, "form": form, "title": title},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_station_work_pages)
def reception_day_hold(request, pk: int):
    def run(day, form):
        day = services.reception_day_hold(
            day=day, attendees=form.chosen(), actor=request.user
        )
        if day.entered_late:
            return "已登记为已举行（补录），须经常委会工作人员确认后计入该年度。"
        return "已登记为已举行。"

    return _day_action(
        request,
        pk,
        action="hold",
        form_class=HoldForm,
        title="登记接待日已举行",
        run=run,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_station_work_pages)
def reception_day_postpone(request, pk: int):
    def run(day, form):
        day = services.reception_day_postpone(
            day=day,
            reason=form.cleaned_data["reason"],
            new_date=form.cleaned_data["new_date"],
            actor=request.user,
        )
        return f"已延期至 {day.date:%Y-%m-%d}。"

    return _day_action(
        request,
        pk,
        action="postpone",
        form_class=PostponeForm,
        title="接待日延期",
        run=run,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_station_work_pages)
def reception_day_cancel(request, pk: int):
    def run(day, form):
        services.reception_day_cancel(
            day=day, reason=form.cleaned_data["reason"], actor=request.user
        )
        return "已取消该接待日。"

    return _day_action(
        request, pk, action="cancel", form_class=CancelForm, title="取消接待日", run=run
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_station_work_pages)
def reception_day_confirm_late(request, pk: int):
    def run(day, form):
        services.reception_day_confirm_late(
            day=day, reason=form.cleaned_data["reason"], actor=request.user
        )
        return "已确认补录，该接待日计入当年。"

    return _day_action(
        request,
        pk,
        action="confirm_late",
        form_class=ConfirmLateForm,
        title="确认补录的接待日",
        run=run,
    )
