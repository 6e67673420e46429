"""Pages of deputies and their groups: list, profile, composition, export."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET, require_POST

from renda.accounts.permissions import get_scope
from renda.accounts.two_factor import step_up_fresh
from renda.accounts.views_two_factor import step_up_redirect
from renda.congresses.selectors import congresses_visible_to
from renda.core.decorators import permission_required
from renda.core.masking import mask_id_number
from renda.core.pagination import BoundedPaginator
from renda.core.reveals import RateLimited, personal_data_reveal
from renda.core.services import action_log_record
from renda.core.views import reveal_refused
from renda.stations.selectors import stations_visible_to

from .exporting import EXPORT_FILENAME, deputies_workbook
from .forms import DeputyFilterForm
from .permissions import (
    can_browse_deputies,
    can_export_deputies,
    can_view_full_phone,
    can_view_id_number,
    can_view_statistics,
)
from .selectors import (
    composition_for,
    deputies_visible_to,
    deputies_with_details,
    deputy_list,
    get_deputy_for_user,
    get_group_for_user,
    group_members,
    groups_visible_to,
    mandates_of,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_form(request) -> DeputyFilterForm:
    data = request.GET if request.GET else None
    form = DeputyFilterForm(data, user=request.user)
    form.is_valid()
    return form


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _wants_partial(request, target: str) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == target


@require_GET
@permission_required(can_browse_deputies)
def deputy_list_view(request):
    form = _filter_form(request)
    filters = form.to_filters()
    paginator = BoundedPaginator(
        deputy_list(user=request.user, filters=filters), settings.RENDA_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(deputies_with_details(page.object_list, user=request.user))
    context = {
        "form": form,
        "page": page,
        "total": paginator.count,
        "query": _query_without(request, "page"),
        "may_export": can_export_deputies(request.user),
        # Step-up (issue 13): the export with full phones needs a recent
        # confirmation; without one the button leads to 确认身份 first.
        "export_step_up_url": _export_step_up_url(request),
    }
    if _wants_partial(request, "results"):
        return render(request, "deputies/_results.html", context)
    return render(request, "deputies/list.html", context)


def _profile_context(request, deputy, *, full_phone: str | None = None) -> dict:
    user = request.user
    groups = list(
        deputy.deputy_groups.select_related("station", "congress", "leader").order_by(
            "name"
        )
    )
    visible_group_ids = set(
        groups_visible_to(user)
        .filter(pk__in=[g.pk for g in groups])
        .values_list("pk", flat=True)
    )
    stations = list(dict.fromkeys(g.station for g in groups if g.station_id))
    visible_station_ids = set(
        stations_visible_to(user)
        .filter(pk__in=[s.pk for s in stations])
        .values_list("pk", flat=True)
    )
    may_see_id = can_view_id_number(user, deputy)
    return {
        "deputy": deputy,
        "mandates": mandates_of(deputy),
        "groups": groups,
        "visible_group_ids": visible_group_ids,
        "stations": stations,
        "visible_station_ids": visible_station_ids,
        "may_reveal_phone": can_view_full_phone(user, deputy),
        "full_phone": full_phone,
        "masked_id_number": mask_id_number(deputy.id_number) if may_see_id else None,
    }


@require_GET
@permission_required(can_browse_deputies)
def deputy_detail(request, pk: int):
    deputy = get_deputy_for_user(request.user, pk)
    return render(request, "deputies/detail.html", _profile_context(request, deputy))


@require_POST
@permission_required(can_browse_deputies)
def deputy_reveal_phone(request, pk: int):
    deputy = get_deputy_for_user(request.user, pk)
    if not can_view_full_phone(request.user, deputy):
        raise PermissionDenied
    try:
        personal_data_reveal(
            actor=request.user,
            action="deputy.reveal_phone",
            target=deputy,
            summary=f"查看代表 {deputy.name} 的完整手机号码",
        )
    except RateLimited as refusal:
        return reveal_refused(
            request,
            refusal,
            "deputies/detail.html",
            _profile_context(request, deputy),
            "deputies/_phone_refused.html",
        )
    if getattr(request, "htmx", None):
        return render(request, "deputies/_phone.html", {"phone": deputy.phone})
    # Without JavaScript the button is a plain form: show the profile again.
    context = _profile_context(request, deputy, full_phone=deputy.phone)
    return render(request, "deputies/detail.html", context)


@require_GET
@permission_required(can_view_statistics)
def deputy_composition(request):
    congresses = list(
        congresses_visible_to(request.user)
        .select_related("region")
        .order_by("region__code")
    )
    error = ""
    congress = None
    raw = request.GET.get("congress", "")
    if raw:
        congress = next((c for c in congresses if str(c.pk) == raw.strip()), None)
        if congress is None:
            error = f"所选人大“{raw[:20]}”无效或不在您的工作范围内，请重新选择。"
    if congress is None and congresses:
        congress = _home_congress(request.user, congresses)
    composition = None
    if congress is not None:
        if congress.current_term() is None:
            error = error or f"{congress.short_name}尚无届次记录，无法统计代表结构。"
        else:
            composition = composition_for(user=request.user, congress=congress)
    sections = []
    if composition:
        sections = [
            ("性别", composition["gender"]),
            ("民族", composition["ethnicity"]),
            ("党派", composition["party"]),
            ("年龄", composition["age"]),
            ("代表构成", composition["occupation"]),
        ]
    return render(
        request,
        "deputies/composition.html",
        {
            "congresses": congresses,
            "congress": congress,
            "composition": composition,
            "sections": sections,
            "error": error,
        },
    )


def _home_congress(user, congresses):
    """Pick the congress the user works for, else the highest one in scope."""
    own = get_scope(user).congress_ids
    return next((c for c in congresses if c.pk in own), congresses[0])


def _list_url(request) -> str:
    query = _query_without(request, "page")
    return reverse("deputies:list") + (f"?{query}" if query else "")


def _export_step_up_url(request) -> str:
    """Where the export button leads while the user has not confirmed lately."""
    if step_up_fresh(request):
        return ""
    return f"{reverse('accounts:step_up')}?{urlencode({'next': _list_url(request)})}"


@require_GET
@permission_required(can_export_deputies)
def deputy_export(request):
    if not step_up_fresh(request):
        # Back to the list with the same filters once confirmed.
        return step_up_redirect(request, _list_url(request))
    form = _filter_form(request)
    content, count, full_phones = deputies_workbook(
        user=request.user, filters=form.to_filters()
    )
    if full_phones:
        action_log_record(
            actor=request.user,
            action="deputy.export",
            summary=f"导出代表名单 {count} 人（含完整手机号码）",
            data={"count": count, "query": _query_without(request, "page")},
        )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, EXPORT_FILENAME)
    return response


@require_GET
@permission_required(can_browse_deputies)
def group_list(request):
    groups = (
        groups_visible_to(request.user)
        .select_related("congress", "station", "leader")
        .order_by("congress__region__code", "name")
    )
    groups = groups.annotate(member_count=Count("members", distinct=True))
    paginator = BoundedPaginator(groups, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "deputies/group_list.html",
        {"page": page, "total": paginator.count},
    )


@require_GET
@permission_required(can_browse_deputies)
def group_detail(request, pk: int):
    group = get_group_for_user(request.user, pk)
    members = list(group_members(group))
    visible_ids = set(
        deputies_visible_to(request.user)
        .filter(pk__in=[m.pk for m in members] + [group.leader_id or 0])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "deputies/group_detail.html",
        {"group": group, "members": members, "visible_ids": visible_ids},
    )
