"""Pages of supervision items: the list, a new item, one item with a form per action."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.congresses.models import Congress
from renda.core import errors as core_errors
from renda.core.decorators import permission_required
from renda.core.forms import apply_service_error, refusal_status, refused_not_drawn
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk
from renda.deputies.models import Deputy
from renda.units.models import HandlingUnit

from .. import forms_items as forms
from ..choices import ItemStatus, SupervisionKind
from ..models import SupervisionItem, Theme
from ..permissions import (
    can_manage_any_supervision,
    can_manage_item,
    can_use_supervision,
)
from ..selectors.items import (
    ItemFilters,
    get_document_for_user,
    get_item_for_user,
    get_participant_for_user,
    item_detail,
    item_list,
    items_visible_to,
)
from ..services import items as services

SEARCH_LIMIT = 20
TEMPLATES = "supervision/items/"


def today():
    return timezone.localdate()


def _render(request, template, context, status=200):
    return render(request, TEMPLATES + template, context, status=status)


# The list --------------------------------------------------------------------------


@require_GET
@permission_required(can_use_supervision)
def item_list_page(request):
    filters = ItemFilters.from_query(request.GET)
    # The rows show the title, year, kind, month, congress and themes: not the
    # lead committee, target units and leaders the API lists.
    queryset = (
        item_list(request.user, filters)
        .select_related(None)
        .select_related("congress")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("themes", Theme.objects.only("pk", "name"), to_attr="theme_list")
        )
    )
    paginator = BoundedPaginator(queryset, settings.RENDA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    visible = items_visible_to(request.user)
    congresses = (
        Congress.objects.filter(pk__in=visible.values("congress_id"))
        .order_by("region__code")
        .only("pk", "name")
    )
    themes = (
        Theme.objects.filter(congress_id=filters.congress)
        if filters.congress
        else Theme.objects.none()
    )
    units = (
        HandlingUnit.objects.filter(pk__in=_unit_ids_of(visible))
        .order_by("name")
        .only("pk", "name")
    )
    return _render(
        request,
        "list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "congresses": congresses,
            "themes": themes,
            "units": units,
            "kinds": SupervisionKind.choices,
            "statuses": ItemStatus.choices,
            "may_create": can_manage_any_supervision(request.user),
        },
    )


def _unit_ids_of(visible):
    return SupervisionItem.target_units.through.objects.filter(
        supervisionitem_id__in=visible.values("pk")
    ).values("handlingunit_id")


# Create, edit, themes --------------------------------------------------------------


def _managed_congresses(user):
    from renda.accounts.permissions import get_scope

    scope = get_scope(user)
    queryset = Congress.objects.select_related("region").order_by("region__code")
    if scope.is_admin:
        return queryset
    return queryset.filter(pk__in=scope.staff_congress_ids)


def _pick_congress(request):
    congresses = list(_managed_congresses(request.user)[:60])
    raw = request.GET.get("congress") or request.POST.get("congress")
    if raw:
        pk = parse_pk(raw)
        chosen = next((c for c in congresses if c.pk == pk), None)
        if chosen is None and pk:
            chosen = _managed_congresses(request.user).filter(pk=pk).first()
        if chosen is None:
            raise Http404
        return chosen, congresses
    return (congresses[0] if congresses else None), congresses


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
def item_create_page(request):
    congress, congresses = _pick_congress(request)
    form = forms.ItemCreateForm(
        request.POST or None,
        congress=congress,
        initial={"year": today().year},
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and congress is not None and form.is_valid():
        values = form.service_values()
        try:
            item = services.item_create(
                congress=congress,
                year=form.cleaned_data["year"],
                kind=form.cleaned_data["kind"],
                title=values["title"],
                subtype=values["subtype"],
                summary=values["summary"],
                theme_ids=values["themes"],
                target_unit_ids=values["target_units"],
                lead_committee_id=values["lead_committee"],
                leader_ids=values["leaders"],
                planned_month=values["planned_month"],
                meeting_date=values["meeting_date"],
                meeting_name=values["meeting_name"],
                written_review=values["written_review"],
                actor=request.user,
            )
        except core_errors.ApplicationError as error:
            status = apply_service_error(form, error, {"theme_ids": "themes"})
        else:
            messages.success(request, "监督事项已登记。")
            return redirect("supervision:item_detail", item.pk)
    return _render(
        request,
        "form.html",
        {
            "form": form,
            "congress": congress,
            "congresses": congresses,
            "heading": "登记监督事项",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
def theme_create_page(request):
    congress, congresses = _pick_congress(request)
    form = forms.ThemeForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and congress is not None and form.is_valid():
        try:
            services.theme_create(
                congress=congress,
                name=form.cleaned_data["name"],
                rank=form.cleaned_data["rank"],
                actor=request.user,
            )
        except core_errors.ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, "主题已添加。")
            return redirect(f"{request.path}?congress={congress.pk}")
    themes = Theme.objects.filter(congress=congress) if congress else []
    return _render(
        request,
        "themes.html",
        {
            "form": form,
            "congress": congress,
            "congresses": congresses,
            "themes": themes,
        },
        status=status,
    )


def _managed_item(request, pk):
    item = get_item_for_user(request.user, pk)
    if not can_manage_item(request.user, item):
        raise PermissionDenied
    return item


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
def item_edit_page(request, pk: int):
    item = _managed_item(request, pk)
    initial = {
        "title": item.title,
        "subtype": item.subtype,
        "summary": item.summary,
        "themes": list(item.themes.all()),
        "target_units": list(item.target_units.all()),
        "lead_committee": item.lead_committee,
        "leaders": list(item.leaders.all()),
        "planned_month": item.planned_month,
        "meeting_date": item.meeting_date,
        "meeting_name": item.meeting_name,
        "written_review": item.written_review,
    }
    form = forms.ItemParticularsForm(
        request.POST or None, congress=item.congress, initial=initial
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, actor=request.user, **form.service_values())
        except core_errors.ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, "监督事项已修改。")
            return redirect("supervision:item_detail", item.pk)
    return _render(
        request,
        "form.html",
        {"form": form, "item": item, "heading": f"修改：{item.title}"},
        status=status,
    )


# One item --------------------------------------------------------------------------


def _action_forms(item, bound=None):
    found = {
        "complete": forms.CompleteForm(initial={"meeting_name": item.meeting_name}),
        "cancel": forms.CancelForm(),
        "invite": forms.InviteForm(item=item),
        "attendance": forms.AttendanceForm(),
        "add_group": forms.WorkingGroupForm(item=item),
        "record_visit": forms.SiteVisitForm(item=item),
        "add_document": forms.DocumentForm(),
        "record_milestone": forms.MilestoneForm(),
    }
    found.update(bound or {})
    return found


def _chosen_deputies(form) -> list:
    """The deputies ticked on a refused invite, to show them ticked again."""
    if form is None or not form.is_bound:
        return []
    ids = [d for v in form.data.getlist("deputies") if (d := parse_pk(v))]
    return list(Deputy.objects.filter(pk__in=ids).order_by("name", "id"))


def _detail_page(request, pk, *, bound=None, status=200, typed=None):
    """The item's page; ``bound`` holds a refused form, ``typed`` what a row held."""
    detail = item_detail(request.user, pk, today=today())
    # A refused form whose step is no longer offered (a colleague acted first)
    # is not drawn: why it was refused shows above the page. A refused
    # attendance mark shows on its participant's row whatever the actions.
    refused = refused_not_drawn(
        {verb: form for verb, form in (bound or {}).items() if verb != "attendance"},
        detail.actions,
    )
    return _render(
        request,
        "detail.html",
        {
            "item": detail.item,
            "detail": detail,
            "forms": _action_forms(detail.item, bound),
            "invite_chosen": _chosen_deputies((bound or {}).get("invite")),
            "attendance_typed": typed,
            "refused": refused,
        },
        status=status,
    )


@require_GET
@permission_required(can_use_supervision)
def item_detail_page(request, pk: int):
    return _detail_page(request, pk)


def _run(request, item, verb, form, call, *, success: str, aliases=None, typed=None):
    """Validate ``form``, call the service; on an error show the detail with it.

    The page answers 400 for the input, 409 for a step the item's state no
    longer allows (as the API answers).
    """
    status = 400
    if form is None or form.is_valid():
        try:
            call(form.cleaned_data if form is not None else {})
        except core_errors.PermissionDenied as error:
            raise PermissionDenied(error.message) from None
        except core_errors.ApplicationError as error:
            if form is None:
                messages.error(request, error.message)
                return _detail_page(request, item.pk, status=refusal_status(error))
            status = apply_service_error(form, error, aliases)
        else:
            messages.success(request, success)
            return redirect("supervision:item_detail", item.pk)
    return _detail_page(
        request, item.pk, bound={verb: form}, status=status, typed=typed
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_start_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "start",
        None,
        lambda d: services.item_start(item=item, actor=request.user),
        success="监督事项已开始。",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_complete_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "complete",
        forms.CompleteForm(request.POST),
        lambda d: services.item_complete(
            item=item,
            done_on=d["done_on"],
            meeting_name=d.get("meeting_name") or None,
            actor=request.user,
        ),
        success="已登记完成。",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_cancel_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "cancel",
        forms.CancelForm(request.POST),
        lambda d: services.item_cancel(
            item=item, reason=d["reason"], actor=request.user
        ),
        success="监督事项已取消。",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_close_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "close",
        None,
        lambda d: services.item_close(item=item, actor=request.user),
        success="监督事项已办结。",
    )


@require_GET
@permission_required(can_manage_any_supervision)
def item_deputy_options(request, pk: int):
    item = _managed_item(request, pk)
    q = str(request.GET.get("q") or "").strip()[:20]
    chosen = [d for v in request.GET.getlist("deputies") if (d := parse_pk(v))]
    invited = item.participants.values("deputy_id").exclude(deputy=None)
    selected = list(
        Deputy.objects.filter(pk__in=chosen)
        .exclude(pk__in=invited)
        .order_by("name", "id")[:SEARCH_LIMIT]
    )
    results = []
    if q:
        results = list(
            Deputy.objects.filter(name__contains=q)
            .exclude(pk__in=invited)
            .exclude(pk__in=chosen)
            .order_by("name", "id")[:SEARCH_LIMIT]
        )
    return _render(
        request,
        "_deputy_options.html",
        {"results": results, "selected": selected, "q": q},
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_invite_page(request, pk: int):
    item = _managed_item(request, pk)
    form = forms.InviteForm(request.POST, item=item)
    raw = request.POST.getlist("deputies")
    deputy_ids = [parse_pk(v) for v in raw]
    if any(v is None for v in deputy_ids):
        form.is_valid()
        form.add_error(None, "所选代表中有无效的选择，请重新查找后勾选。")
        return _detail_page(request, item.pk, bound={"invite": form}, status=400)

    def call(d):
        people = []
        if d.get("person_name"):
            people.append(
                {
                    "role": d["person_role"],
                    "name": d["person_name"],
                    "title": d.get("person_title") or "",
                }
            )
        group = d.get("working_group")
        return services.participants_invite(
            item=item,
            actor=request.user,
            member_ids=[m.pk for m in d.get("members") or []],
            deputy_ids=deputy_ids,
            people=people,
            working_group_id=group.pk if group else None,
        )

    return _run(
        request,
        item,
        "invite",
        form,
        call,
        success="已邀请。",
        aliases={"people": "person_name", "deputies": "members"},
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_attendance_page(request, pk: int, participant_pk: int):
    item = _managed_item(request, pk)
    participant = get_participant_for_user(request.user, item, participant_pk)
    return _run(
        request,
        item,
        "attendance",
        forms.AttendanceForm(request.POST),
        lambda d: services.participant_attendance_set(
            participant=participant,
            attendance=d["attendance"],
            reason=d.get("reason") or "",
            actor=request.user,
        ),
        success="出席情况已登记。",
        typed={
            "participant": participant.pk,
            "attendance": request.POST.get("attendance", ""),
            "reason": request.POST.get("reason", ""),
        },
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_participant_remove_page(request, pk: int, participant_pk: int):
    item = _managed_item(request, pk)
    participant = get_participant_for_user(request.user, item, participant_pk)
    return _run(
        request,
        item,
        "remove_participant",
        None,
        lambda d: services.participant_remove(
            participant=participant, actor=request.user
        ),
        success="已移除。",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_group_create_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "add_group",
        forms.WorkingGroupForm(request.POST, item=item),
        lambda d: services.working_group_create(
            item=item,
            name=d["name"],
            leader_id=d["leader"].pk if d.get("leader") else None,
            region_ids=[r.pk for r in d.get("regions") or []],
            actor=request.user,
        ),
        success="工作组已组建。",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_visit_create_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "record_visit",
        forms.SiteVisitForm(request.POST, item=item),
        lambda d: services.site_visit_record(
            item=item,
            date=d["date"],
            place=d["place"],
            summary=d.get("summary") or "",
            participant_ids=[p.pk for p in d.get("participants") or []],
            working_group_id=d["working_group"].pk if d.get("working_group") else None,
            actor=request.user,
            today=today(),
        ),
        success="实地视察检查已登记。",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_document_add_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "add_document",
        forms.DocumentForm(request.POST, request.FILES),
        lambda d: services.document_add(
            item=item,
            kind=d["kind"],
            title=d["title"],
            text=d.get("text") or "",
            file=d.get("file"),
            note=d.get("note") or "",
            actor=request.user,
        ),
        success="材料已上传。",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_document_remove_page(request, pk: int):
    document = get_document_for_user(request.user, pk)
    item = document.item
    if not can_manage_item(request.user, item):
        raise PermissionDenied
    return _run(
        request,
        item,
        "remove_document",
        None,
        lambda d: services.document_remove(document=document, actor=request.user),
        success="材料已删除。",
    )


@require_GET
@permission_required(can_use_supervision)
def item_document_download(request, pk: int):
    document = get_document_for_user(request.user, pk)
    if not document.file:
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or "附件",
    )


@require_POST
@permission_required(can_manage_any_supervision)
def item_milestone_page(request, pk: int):
    item = _managed_item(request, pk)
    return _run(
        request,
        item,
        "record_milestone",
        forms.MilestoneForm(request.POST),
        lambda d: services.milestone_record(
            item=item,
            step=d["step"],
            done_on=d["done_on"],
            note=d.get("note") or "",
            actor=request.user,
            today=today(),
        ),
        success="报告环节已登记。",
    )
