"""Pages of the station's working side: reception days, residents' requests, unit replies.

Order of checks on every page: the role may use the page (403), the object is
in the user's scope (404), the user may act on it (403). Service errors come
back as form errors; a refused permission inside a service is a 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.permissions import can_browse_stations
from renda.core import errors
from renda.core.decorators import permission_required
from renda.core.masking import mask_phone
from renda.core.parsing import parse_pk

from . import services
from .choices import PublicRequestStatus, ReceptionDayStatus
from .forms_work import (
    CONSENT_TEXT,
    AnswerForm,
    CancelForm,
    ConvertForm,
    HoldForm,
    PostponeForm,
    ReceptionDayForm,
    RequestFilterForm,
    RequestRecordForm,
    apply_error,
)
from .models import PublicRequestPhoto
from .permissions import (
    can_answer_routed_request,
    can_convert_request,
    can_list_own_requests,
    can_manage_reception_days,
    can_record_requests,
    can_reveal_resident,
    can_use_unit_requests,
    can_view_station_requests,
    can_work_station_requests,
)
from .selectors import (
    deputies_eligible_for_station,
    get_public_request_for_user,
    get_reception_day_for_user,
    get_station_for_user,
    grassroots_unit_for,
    mask_resident_name,
    public_request_list,
    public_requests_for_unit,
    public_requests_of_deputy,
    reception_day_year_summary,
    reception_days_of_year,
)

YEAR_MIN, YEAR_MAX = 2000, 2100


def _page(request, queryset):
    paginator = Paginator(queryset, settings.RENDA_PAGE_SIZE)
    return paginator, paginator.get_page(request.GET.get("page"))


def _forbid_if_denied(error: errors.ApplicationError) -> None:
    if isinstance(error, errors.PermissionDenied):
        raise PermissionDenied(error.message)


def _masked(public_request) -> None:
    public_request.masked_name = mask_resident_name(public_request.resident_name)
    public_request.masked_phone = mask_phone(public_request.resident_phone)


# Reception days ---------------------------------------------------------------------


def _year(request) -> int:
    raw = parse_pk(request.GET.get("year"))
    if raw is not None and YEAR_MIN <= raw <= YEAR_MAX:
        return raw
    return timezone.localdate().year


@require_GET
@permission_required(can_browse_stations)
def reception_days(request, station_pk: int):
    station = get_station_for_user(request.user, station_pk)
    year = _year(request)
    return render(
        request,
        "stations/work_reception_days.html",
        {
            "station": station,
            "year": year,
            "years": [year - 1, year, year + 1],
            "days": list(reception_days_of_year(station, year)),
            "summary": reception_day_year_summary(station, year),
            "may_manage": can_manage_reception_days(request.user, station),
            "today": timezone.localdate(),
            "Status": ReceptionDayStatus,
        },
    )


def _managed_station(request, station_pk):
    station = get_station_for_user(request.user, station_pk)
    if not can_manage_reception_days(request.user, station):
        raise PermissionDenied
    return station


def _managed_day(request, pk):
    day = get_reception_day_for_user(request.user, pk)
    if not can_manage_reception_days(request.user, day.station):
        raise PermissionDenied
    return day


def _day_url(day) -> str:
    from django.urls import reverse

    return (
        reverse("stations:reception_days", args=[day.station_id])
        + f"?year={day.date.year}"
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_stations)
def reception_day_create(request, station_pk: int):
    station = _managed_station(request, station_pk)
    eligible = list(deputies_eligible_for_station(station).order_by("name"))
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
            )
        except errors.ApplicationError as error:
            _forbid_if_denied(error)
            apply_error(form, error)
        else:
            messages.success(request, f"已安排 {day.date:%Y-%m-%d} 的代表接待日。")
            return redirect(_day_url(day))
    return render(
        request,
        "stations/work_reception_day_form.html",
        {"station": station, "form": form, "title": "安排代表接待日"},
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_stations)
def reception_day_edit(request, pk: int):
    day = _managed_day(request, pk)
    eligible = list(deputies_eligible_for_station(day.station).order_by("name"))
    initial = {
        "date": day.date,
        "start_time": day.start_time,
        "end_time": day.end_time,
        "place": day.place,
        "topic": day.topic,
        "deputies": list(day.deputies.values_list("pk", flat=True)),
    }
    if day.status != ReceptionDayStatus.PLANNED:
        # Held, postponed or cancelled days are kept as they were (an old link).
        messages.error(request, "该接待日已不在计划中，不能修改。")
        return redirect(_day_url(day))
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
            _forbid_if_denied(error)
            apply_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect(_day_url(day))
    return render(
        request,
        "stations/work_reception_day_form.html",
        {"station": day.station, "day": day, "form": form, "title": "修改代表接待日"},
    )


def _day_action(request, pk, *, form_class, title, run, template_extra=None):
    day = _managed_day(request, pk)
    kwargs = {}
    if form_class is HoldForm:
        eligible = list(deputies_eligible_for_station(day.station).order_by("name"))
        kwargs["eligible"] = eligible
        initial = {"attendees": list(day.deputies.values_list("pk", flat=True))}
    else:
        initial = {}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            message = run(day, form)
        except errors.ApplicationError as error:
            _forbid_if_denied(error)
            apply_error(form, error)
        else:
            messages.success(request, message)
            return redirect(_day_url(day))
    return render(
        request,
        "stations/work_reception_day_action.html",
        {"station": day.station, "day": day, "form": form, "title": title},
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_stations)
def reception_day_hold(request, pk: int):
    def run(day, form):
        services.reception_day_hold(
            day=day, attendees=form.chosen(), actor=request.user
        )
        return "已登记为已举行。"

    return _day_action(
        request, pk, form_class=HoldForm, title="登记接待日已举行", run=run
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_stations)
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
        request, pk, form_class=PostponeForm, title="接待日延期", run=run
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_stations)
def reception_day_cancel(request, pk: int):
    def run(day, form):
        services.reception_day_cancel(
            day=day, reason=form.cleaned_data["reason"], actor=request.user
        )
        return "已取消该接待日。"

    return _day_action(request, pk, form_class=CancelForm, title="取消接待日", run=run)


# Requests of a station ------------------------------------------------------------------


@require_GET
@permission_required(can_browse_stations)
def station_requests(request, station_pk: int):
    station = get_station_for_user(request.user, station_pk)
    if not can_view_station_requests(request.user, station):
        raise PermissionDenied
    form = RequestFilterForm(request.GET or None)
    queryset = public_request_list(
        user=request.user,
        station=station,
        status=form.value("status"),
        tier=form.value("tier"),
        q=form.value("q"),
    )
    paginator, page = _page(request, queryset)
    for item in page.object_list:
        _masked(item)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stations/work_requests.html",
        {
            "station": station,
            "form": form,
            "page": page,
            "total": paginator.count,
            "query": query.urlencode(),
            "may_record": can_record_requests(request.user, station),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_browse_stations)
def request_create(request, station_pk: int):
    station = get_station_for_user(request.user, station_pk)
    if not can_record_requests(request.user, station):
        raise PermissionDenied
    as_deputy = not can_work_station_requests(request.user, station)
    days = list(
        station.reception_days.filter(
            status__in=[ReceptionDayStatus.PLANNED, ReceptionDayStatus.HELD]
        ).order_by("-date")[:20]
    )
    deputies = list(deputies_eligible_for_station(station).order_by("name"))
    form = RequestRecordForm(
        request.POST or None,
        request.FILES or None,
        days=days,
        deputies=deputies,
        as_deputy=as_deputy,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        day = form.chosen_day()
        source = "RECEPTION_DAY" if day else "DEPUTY"
        try:
            created = services.public_request_create(
                station=station,
                source=source,
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
                consent=data["consent"],
                content=data["content"],
                location=data["location"],
                photos=request.FILES.getlist("photos"),
                received_by=form.chosen_deputy(),
                reception_day=day,
                actor=request.user,
            )
        except errors.ApplicationError as error:
            _forbid_if_denied(error)
            apply_error(form, error)
        else:
            messages.success(
                request, f"已记录，回执编号 {created.receipt_number}，请告知群众。"
            )
            return redirect("stations:request_detail", pk=created.pk)
    return render(
        request,
        "stations/work_request_form.html",
        {
            "station": station,
            "form": form,
            "consent_text": CONSENT_TEXT,
            "as_deputy": as_deputy,
        },
    )


def _detail_context(request, item, **extra) -> dict:
    user = request.user
    _masked(item)
    station = item.station
    may_work = can_work_station_requests(user, station)
    context = {
        "item": item,
        "station": station,
        "events": list(item.events.select_related("actor")),
        "photos": list(item.photos.all()),
        "may_work": may_work,
        "may_reveal": can_reveal_resident(user, item),
        "may_answer": can_answer_routed_request(user, item)
        and item.status == PublicRequestStatus.ROUTED,
        "Status": PublicRequestStatus,
        "full": None,
    }
    if item.status == PublicRequestStatus.RECEIVED:
        unit, note = grassroots_unit_for(station)
        congress, _term = services.congress_for_conversion(item)
        context.update(
            {
                "proposed_unit": unit,
                "unit_note": note,
                "may_route": may_work,
                "may_convert": can_convert_request(user, item, congress),
                "convert_congress": congress,
                "convert_form": extra.pop("convert_form", None) or ConvertForm(),
                "spot_form": extra.pop("spot_form", None) or AnswerForm(),
            }
        )
    context["may_tell"] = (
        may_work
        and item.status in (PublicRequestStatus.ANSWERED, PublicRequestStatus.CONVERTED)
        and item.resident_told_at is None
    )
    context["may_close"] = (
        may_work
        and item.status in (PublicRequestStatus.ANSWERED, PublicRequestStatus.CONVERTED)
        and item.resident_told_at is not None
    )
    if context["may_answer"]:
        context["answer_form"] = extra.pop("answer_form", None) or AnswerForm()
    context.update(extra)
    return context


@require_GET
@login_required
def request_detail(request, pk: int):
    item = get_public_request_for_user(request.user, pk)
    return render(
        request, "stations/work_request_detail.html", _detail_context(request, item)
    )


@require_GET
@login_required
def request_photo(request, pk: int):
    """Show one photo of a request to those who may see the request (404 otherwise)."""
    photo = PublicRequestPhoto.objects.filter(pk=pk).only("request_id", "file").first()
    if photo is None:
        raise Http404
    get_public_request_for_user(request.user, photo.request_id)
    content_type = (
        "image/png" if photo.file.name.lower().endswith(".png") else "image/jpeg"
    )
    response = FileResponse(photo.file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=600"
    return response


def _run_request_action(request, pk, run, *, success, form_name=None, form=None):
    item = get_public_request_for_user(request.user, pk)
    try:
        run(item)
    except errors.ApplicationError as error:
        _forbid_if_denied(error)
        extra = {"action_error": error.message}
        if form is not None:
            apply_error(form, error)
            extra[form_name] = form
        item = get_public_request_for_user(request.user, pk)
        return render(
            request,
            "stations/work_request_detail.html",
            _detail_context(request, item, **extra),
            status=409 if isinstance(error, errors.InvalidTransition) else 200,
        )
    messages.success(request, success)
    return redirect("stations:request_detail", pk=item.pk)


@require_POST
@login_required
def request_route(request, pk: int):
    item = get_public_request_for_user(request.user, pk)
    unit = None
    unit_pk = parse_pk(request.POST.get("unit"))
    if unit_pk is not None:
        from renda.units.models import HandlingUnit

        unit = HandlingUnit.objects.filter(pk=unit_pk).first()
    return _run_request_action(
        request,
        item.pk,
        lambda it: services.public_request_route_grassroots(
            request=it, unit=unit, actor=request.user
        ),
        success="已转街道/乡镇办理。",
    )


@require_POST
@login_required
def request_convert(request, pk: int):
    form = ConvertForm(request.POST)
    if not form.is_valid():
        item = get_public_request_for_user(request.user, pk)
        return render(
            request,
            "stations/work_request_detail.html",
            _detail_context(request, item, convert_form=form),
        )
    return _run_request_action(
        request,
        pk,
        lambda it: services.public_request_convert_to_suggestion(
            request=it,
            channel=form.cleaned_data["channel"],
            category=form.cleaned_data["category"],
            actor=request.user,
        ),
        success="已转为代表建议，并提交常委会审查。",
        form_name="convert_form",
        form=form,
    )


@require_POST
@login_required
def request_answer_on_the_spot(request, pk: int):
    form = AnswerForm(request.POST)
    if not form.is_valid():
        item = get_public_request_for_user(request.user, pk)
        return render(
            request,
            "stations/work_request_detail.html",
            _detail_context(request, item, spot_form=form),
        )
    return _run_request_action(
        request,
        pk,
        lambda it: services.public_request_answer_on_the_spot(
            request=it, answer=form.cleaned_data["answer"], actor=request.user
        ),
        success="已当场答复并办结。",
        form_name="spot_form",
        form=form,
    )


@require_POST
@login_required
def request_tell(request, pk: int):
    return _run_request_action(
        request,
        pk,
        lambda it: services.public_request_tell_resident(
            request=it, actor=request.user
        ),
        success="已登记告知群众。",
    )


@require_POST
@login_required
def request_close(request, pk: int):
    return _run_request_action(
        request,
        pk,
        lambda it: services.public_request_close(request=it, actor=request.user),
        success="已办结。",
    )


@require_POST
@login_required
def request_reveal(request, pk: int):
    item = get_public_request_for_user(request.user, pk)
    try:
        full = services.public_request_reveal_resident(request=item, actor=request.user)
    except errors.PermissionDenied:
        raise PermissionDenied from None
    if getattr(request, "htmx", None):
        return render(request, "stations/work_resident.html", {"full": full})
    return render(
        request,
        "stations/work_request_detail.html",
        _detail_context(request, item, full=full),
    )


# A deputy's requests ------------------------------------------------------------------


@require_GET
@permission_required(can_list_own_requests)
def my_requests(request):
    paginator, page = _page(request, public_requests_of_deputy(request.user))
    for item in page.object_list:
        _masked(item)
    from renda.accounts.permissions import get_scope
    from renda.deputies.models import DeputyGroup

    deputy_id = get_scope(request.user).deputy_id
    stations = [
        g.station
        for g in DeputyGroup.objects.filter(
            members__id=deputy_id, station__isnull=False
        )
        .select_related("station")
        .order_by("station__region__code")
    ]
    return render(
        request,
        "stations/work_my_requests.html",
        {
            "page": page,
            "total": paginator.count,
            "stations": list(dict.fromkeys(stations)),
        },
    )


# The unit's requests ------------------------------------------------------------------


@require_GET
@permission_required(can_use_unit_requests)
def unit_requests(request):
    paginator, page = _page(request, public_requests_for_unit(request.user))
    today = timezone.localdate()
    for item in page.object_list:
        _masked(item)
        item.is_overdue = (
            item.status == PublicRequestStatus.ROUTED
            and item.due_at is not None
            and item.due_at < today
        )
    return render(
        request,
        "stations/work_unit_requests.html",
        {"page": page, "total": paginator.count},
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_unit_requests)
def unit_request_answer(request, pk: int):
    item = get_public_request_for_user(request.user, pk)
    if not can_answer_routed_request(request.user, item):
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_request_answer(
                request=item, answer=form.cleaned_data["answer"], actor=request.user
            )
        except errors.ApplicationError as error:
            _forbid_if_denied(error)
            apply_error(form, error)
        else:
            messages.success(request, "已答复。联络站将告知群众。")
            return redirect("stations:unit_requests")
    _masked(item)
    return render(
        request,
        "stations/work_unit_answer.html",
        {"item": item, "form": form, "Status": PublicRequestStatus},
    )
