"""Pages of residents' requests: a station's list, record, detail and its steps; a
deputy's requests; a unit's requests and answer.

Order of checks on every page: the role may use the page (403), the object is
in the user's scope (404), the user may act on it (403). Pages read through
``selectors.public_request_list`` / ``public_request_detail``, as the API does.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.congresses.selectors import get_congress_for_user
from renda.core import errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error, form_status, refusal_status
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk
from renda.core.reveals import RateLimited
from renda.core.views import reveal_refused
from renda.deputies.selectors import deputies_eligible_for_station
from renda.stations.selectors import get_station_for_user
from renda.units.models import HandlingUnit

from .. import rules, services
from ..choices import PublicRequestStatus
from ..files import photo_response
from ..forms import (
    WORK_CONSENT_TEXT,
    AnswerForm,
    ConvertForm,
    RequestFilterForm,
    RequestRecordForm,
)
from ..permissions import (
    can_answer_routed_request,
    can_list_own_requests,
    can_record_requests,
    can_use_escalated_requests,
    can_use_station_work_pages,
    can_use_unit_requests,
    can_view_escalated_requests,
    can_work_station_requests,
)
from ..selectors import (
    EscalatedRequestFilters,
    PublicRequestFilters,
    days_waiting,
    escalated_requests_for_congress,
    get_public_request_for_user,
    get_request_photo_for_user,
    is_overdue,
    mask_resident,
    public_request_detail,
    public_request_list,
    public_requests_for_unit,
    public_requests_of_deputy,
    reception_days_to_record_at,
    station_for_requests,
    stations_of_deputy,
)


def _page(request, queryset):
    paginator = BoundedPaginator(queryset, settings.RENDA_PAGE_SIZE)
    return paginator, paginator.get_page(request.GET.get("page"))


@require_GET
@permission_required(can_use_station_work_pages)
def station_requests(request, station_pk: int):
    station = station_for_requests(request.user, station_pk)
    filters = PublicRequestFilters.from_query(station.pk, request.GET)
    queryset = public_request_list(request.user, filters, station=station)
    form = RequestFilterForm(request.GET or None)
    form.is_valid()
    paginator, page = _page(request, queryset)
    for item in page.object_list:
        mask_resident(item)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "receptions/requests.html",
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
@permission_required(can_use_station_work_pages)
def request_create(request, station_pk: int):
    station = get_station_for_user(request.user, station_pk)
    if not can_record_requests(request.user, station):
        raise PermissionDenied
    as_deputy = not can_work_station_requests(request.user, station)
    days = reception_days_to_record_at(station)
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
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"已记录，回执编号 {created.receipt_number}，请告知群众。"
            )
            return redirect("stations:request_detail", pk=created.pk)
    return render(
        request,
        "receptions/request_form.html",
        {
            "station": station,
            "form": form,
            "consent_text": WORK_CONSENT_TEXT,
            "as_deputy": as_deputy,
        },
        status=form_status(form),
    )


def _detail_context(request, detail, **extra) -> dict:
    """Return the page's context from the one detail read (``public_request_detail``)."""
    item = detail.item
    actions = set(detail.actions)
    context = {
        "detail": detail,
        "item": item,
        "station": item.station,
        "events": detail.events,
        "photos": detail.photos,
        "actions": detail.actions,
        "may_work": can_work_station_requests(request.user, item.station),
        "may_reveal": "reveal" in actions,
        "may_answer": "answer" in actions,
        "may_route": "route" in actions,
        "may_convert": "convert" in actions,
        "may_tell": "tell" in actions,
        "may_close": "close" in actions,
        "proposed_unit": detail.proposed_unit,
        "unit_note": detail.unit_note,
        "convert_congress": detail.convert_congress,
        "Status": PublicRequestStatus,
        "full": None,
    }
    if item.status == PublicRequestStatus.RECEIVED:
        context["convert_form"] = extra.pop("convert_form", None) or ConvertForm()
        context["spot_form"] = extra.pop("spot_form", None) or AnswerForm()
    if context["may_answer"]:
        context["answer_form"] = extra.pop("answer_form", None) or AnswerForm()
    context.update(extra)
    return context


@require_GET
@login_required
def request_detail(request, pk: int):
    detail = public_request_detail(request.user, pk)
    return render(
        request, "receptions/request_detail.html", _detail_context(request, detail)
    )


@require_GET
@login_required
def request_photo(request, pk: int):
    """Show one photo of a request to those who may see the request (404 otherwise)."""
    return photo_response(get_request_photo_for_user(request.user, pk))


def _run_request_action(request, pk, run, *, success, form_name=None, form=None):
    item = get_public_request_for_user(request.user, pk)
    try:
        run(item)
    except errors.ApplicationError as error:
        if isinstance(error, errors.PermissionDenied):
            raise PermissionDenied(error.message) from None
        extra = {"action_error": error.message}
        if form is not None:
            apply_service_error(form, error)
            extra[form_name] = form
        return render(
            request,
            "receptions/request_detail.html",
            _detail_context(request, public_request_detail(request.user, pk), **extra),
            status=refusal_status(error),
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
        return render(
            request,
            "receptions/request_detail.html",
            _detail_context(
                request, public_request_detail(request.user, pk), convert_form=form
            ),
            status=400,
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
        return render(
            request,
            "receptions/request_detail.html",
            _detail_context(
                request, public_request_detail(request.user, pk), spot_form=form
            ),
            status=400,
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
    except RateLimited as refusal:
        return reveal_refused(
            request,
            refusal,
            "receptions/request_detail.html",
            _detail_context(request, public_request_detail(request.user, pk)),
            "receptions/resident_refused.html",
        )
    if getattr(request, "htmx", None):
        return render(request, "receptions/resident.html", {"full": full})
    return render(
        request,
        "receptions/request_detail.html",
        _detail_context(request, public_request_detail(request.user, pk), full=full),
    )


# A deputy's requests ------------------------------------------------------------------


@require_GET
@permission_required(can_list_own_requests)
def my_requests(request):
    paginator, page = _page(request, public_requests_of_deputy(request.user))
    for item in page.object_list:
        mask_resident(item)
    return render(
        request,
        "receptions/my_requests.html",
        {
            "page": page,
            "total": paginator.count,
            "stations": stations_of_deputy(request.user),
        },
    )


# The unit's requests ------------------------------------------------------------------


@require_GET
@permission_required(can_use_unit_requests)
def unit_requests(request):
    # ``?show=open``: only the requests still to answer (the workbench's tile).
    open_only = request.GET.get("show") == "open"
    paginator, page = _page(
        request, public_requests_for_unit(request.user, open_only=open_only)
    )
    today = timezone.localdate()
    for item in page.object_list:
        mask_resident(item)
        item.is_overdue = is_overdue(item, today)
    return render(
        request,
        "receptions/unit_requests.html",
        {"page": page, "total": paginator.count, "open_only": open_only},
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
            apply_service_error(form, error)
        else:
            messages.success(request, "已答复。联络站将告知群众。")
            return redirect("stations:unit_requests")
    mask_resident(item)
    return render(
        request,
        "receptions/unit_answer.html",
        {"item": item, "form": form, "Status": PublicRequestStatus},
        status=form_status(form),
    )


@require_GET
@permission_required(can_use_escalated_requests)
def escalated_requests(request, congress_pk: int):
    """A congress's residents' requests waiting for a deputy's suggestion, oldest first."""
    congress = get_congress_for_user(request.user, congress_pk)
    if not can_view_escalated_requests(request.user, congress):
        raise PermissionDenied("您无权查看该人大的群众诉求。")
    filters = EscalatedRequestFilters.from_query(request.GET)
    queryset = escalated_requests_for_congress(request.user, congress, filters)
    paginator, page = _page(request, queryset)
    today = timezone.localdate()
    reply_days = rules.public_request_reply_days()
    for item in page.object_list:
        mask_resident(item)
        item.days_waiting = days_waiting(item, today)
        item.waits_long = item.days_waiting > reply_days
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "receptions/escalated_requests.html",
        {
            "congress": congress,
            "q": filters.q,
            "page": page,
            "total": paginator.count,
            "query": query.urlencode(),
        },
    )
