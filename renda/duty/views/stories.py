"""Pages of stories (履职事迹) and donations (捐款捐物)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PageForbidden
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.exporting import XLSX_TYPE, workbook_bytes
from renda.core.forms import (
    IsoDateInput,
    apply_service_error,
    form_status,
    refusal_status,
)
from renda.core.pagination import BoundedPaginator
from renda.deputies.models import Deputy

from ..choices import DonationKind, StoryStatus
from ..forms_stories import (
    DonationDeleteForm,
    DonationForm,
    DonationImportForm,
    PhotoForm,
    StoryEditForm,
    StoryForm,
)
from ..models import StoryPhoto
from ..permissions import (
    can_manage_any_duty,
    can_use_duty_staff,
    can_use_stories,
    can_write_stories,
    managed_congress_ids,
)
from ..selectors import stories as sel
from ..services import stories as svc


def _managed_congresses(user):
    ids = managed_congress_ids(user)
    rows = Congress.objects.order_by("level", "name")
    return rows if ids is None else rows.filter(pk__in=ids)


def _deputies_of(congresses):
    return (
        Deputy.objects.filter(mandates__term__congress__in=list(congresses))
        .distinct()
        .order_by("stroke_key", "name")
    )


def _own_deputy(user):
    scope = get_scope(user)
    return (
        Deputy.objects.filter(pk=scope.deputy_id).first() if scope.deputy_id else None
    )


def _page(request, rows, size=20):
    return BoundedPaginator(rows, size).get_page(request.GET.get("page"))


# Stories -----------------------------------------------------------------------


@permission_required(can_use_stories)
def story_list_view(request):
    filters = sel.StoryFilters.from_query(request.GET)
    page = _page(request, sel.story_list(request.user, filters))
    return render(
        request,
        "duty/stories/story_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": StoryStatus.choices,
            "can_write": can_write_stories(request.user),
        },
    )


@permission_required(can_write_stories)
def story_new_view(request):
    own = _own_deputy(request.user)
    managed = (
        list(_managed_congresses(request.user))
        if can_manage_any_duty(request.user)
        else []
    )
    if managed:
        congresses, deputies = managed, list(_deputies_of(managed))
    else:
        congresses = list(
            Congress.objects.filter(terms__mandates__deputy=own).distinct()
        )
        deputies = []
    form = StoryForm(request.POST or None, congresses=congresses, deputies=deputies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        deputy = Deputy.objects.filter(pk=data["deputy"]).first() if deputies else own
        congress = next(c for c in congresses if c.pk == data["congress"])
        try:
            story = svc.story_create(
                congress=congress,
                deputy=deputy,
                title=data["title"],
                body=data["body"],
                happened_on=data["happened_on"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已保存草稿。")
            return redirect("duty:story_detail", story.pk)
    return render(
        request,
        "duty/stories/story_form.html",
        {"form": form},
        status=form_status(form),
    )


def _detail_page(request, pk, *, photo_form=None, error=None, status=200, posted=None):
    detail = sel.story_detail(request.user, pk)
    return render(
        request,
        "duty/stories/story_detail.html",
        {
            "detail": detail,
            "story": detail.story,
            "photo_form": photo_form or PhotoForm(),
            "error": error,
            # A refused return or take-down comes back with the reason typed,
            # in its form, or in a form of its own when the step is no longer
            # offered (a colleague acted first).
            "posted": posted or {},
        },
        status=status,
    )


# The steps that carry a reason typed by the staff.
REASONED = ("return", "unpublish")


ACTIONS = {
    "submit": lambda story, user, post: svc.story_submit(story=story, actor=user),
    "return": lambda story, user, post: svc.story_return(
        story=story, reason=post.get("reason", ""), actor=user
    ),
    "publish": lambda story, user, post: svc.story_publish(story=story, actor=user),
    "unpublish": lambda story, user, post: svc.story_unpublish(
        story=story, reason=post.get("reason", ""), actor=user
    ),
}


@permission_required(can_use_stories)
def story_detail_view(request, pk):
    if request.method != "POST":
        return _detail_page(request, pk)
    story = sel.get_story_for_user(request.user, pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return _detail_page(request, pk, error="未知的操作。", status=400)
    posted = None
    if action in REASONED:
        posted = {"action": action, "reason": request.POST.get("reason", "")}
    try:
        ACTIONS[action](story, request.user, request.POST)
    except ApplicationError as exc:
        if exc.status == 403:
            raise PageForbidden(exc.message) from exc
        return _detail_page(
            request, pk, error=exc.message, status=refusal_status(exc), posted=posted
        )
    messages.success(request, "操作成功。")
    return redirect("duty:story_detail", story.pk)


@permission_required(can_use_stories)
def story_edit_view(request, pk):
    story = sel.get_story_for_user(request.user, pk)
    initial = {
        "title": story.title,
        "body": story.body,
        "happened_on": story.happened_on,
    }
    form = StoryEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.story_edit(story=story, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("duty:story_detail", story.pk)
    elif request.method == "GET" and not svc.can_write_story(request.user, story):
        raise PageForbidden
    return render(
        request,
        "duty/stories/story_form.html",
        {"form": form, "story": story},
        status=form_status(form),
    )


@require_POST
@permission_required(can_use_stories)
def story_photo_view(request, pk):
    story = sel.get_story_for_user(request.user, pk)
    if not svc.can_write_story(request.user, story):
        raise PageForbidden
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.story_photo_add(
                story=story,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已上传照片。")
            return redirect("duty:story_detail", story.pk)
    return _detail_page(request, pk, photo_form=form, status=form_status(form))


@require_POST
@permission_required(can_use_stories)
def story_photo_remove_view(request, pk, photo_pk):
    story = sel.get_story_for_user(request.user, pk)
    if not svc.can_write_story(request.user, story):
        raise PageForbidden
    photo = StoryPhoto.objects.filter(story=story, pk=photo_pk).first()
    if photo is None:
        raise Http404
    try:
        svc.story_photo_remove(photo=photo, actor=request.user)
    except ApplicationError as exc:
        if exc.status == 403:
            raise PageForbidden(exc.message) from exc
        return _detail_page(request, pk, error=exc.message, status=exc.status)
    messages.success(request, "已删除照片。")
    return redirect("duty:story_detail", story.pk)


# Donations -----------------------------------------------------------------------


@permission_required(can_use_duty_staff)
def donation_list_view(request):
    filters = sel.DonationFilters.from_query(request.GET)
    rows = sel.donation_list(request.user, filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "duty/stories/donation_list.html",
        {
            "page": _page(request, rows, 50),
            "filters": filters,
            "summary": sel.donation_summary(request.user, filters),
            "campaigns": sel.donation_campaigns(request.user),
            "kinds": DonationKind.choices,
            "query": query.urlencode(),
            "can_manage": can_manage_any_duty(request.user),
            # The date filters through the ISO picker every app uses.
            "date_inputs": {
                name: IsoDateInput().render(
                    name, getattr(filters, name), attrs={"id": name}
                )
                for name in ("date_from", "date_to")
            },
        },
    )


@permission_required(can_use_duty_staff)
def donations_xlsx_view(request):
    filters = sel.DonationFilters.from_query(request.GET)
    book = Workbook()
    sheet = book.active
    sheet.title = "捐款捐物"
    sheet.append(
        [
            "日期",
            "代表",
            "人大",
            "方式",
            "物资",
            "金额或折价（元）",
            "受赠方",
            "活动",
            "备注",
        ]
    )
    for d in sel.donation_list(request.user, filters):
        sheet.append(
            [
                d.date.isoformat(),
                d.deputy.name,
                d.congress.name,
                d.get_kind_display(),
                d.goods,
                float(d.amount),
                d.recipient,
                d.campaign,
                d.note,
            ]
        )
    totals = sel.donation_summary(request.user, filters).totals
    sheet.append([])
    sheet.append(
        [
            "合计",
            f"捐款 {totals.money} 元",
            f"捐物折价 {totals.goods} 元",
            f"代表 {totals.donors} 人",
        ]
    )
    response = HttpResponse(workbook_bytes(book), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="donations.xlsx"'
    return response


@permission_required(can_manage_any_duty)
def donation_new_view(request):
    congresses = list(_managed_congresses(request.user))
    form = DonationForm(
        request.POST or None,
        congresses=congresses,
        deputies=_deputies_of(congresses),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        congress = next(c for c in congresses if c.pk == data.pop("congress"))
        deputy = Deputy.objects.filter(pk=data.pop("deputy")).first()
        try:
            svc.donation_record(
                congress=congress, deputy=deputy, actor=request.user, **data
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已登记。")
            return redirect("duty:donations")
    return render(
        request,
        "duty/stories/donation_form.html",
        {"form": form},
        status=form_status(form),
    )


@permission_required(can_manage_any_duty)
def donation_edit_view(request, pk):
    donation = sel.get_donation_for_user(request.user, pk, manage=True)
    initial = {
        name: getattr(donation, name)
        for name in ("kind", "amount", "goods", "recipient", "date", "campaign", "note")
    }
    deleting = request.method == "POST" and request.POST.get("action") == "delete"
    form = DonationForm(
        None if deleting else (request.POST or None), initial=initial, editing=True
    )
    delete_form = DonationDeleteForm(request.POST if deleting else None)
    if deleting and delete_form.is_valid():
        try:
            svc.donation_delete(
                donation=donation,
                reason=delete_form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(delete_form, error)
        else:
            messages.success(request, "已删除。")
            return redirect("duty:donations")
    elif request.method == "POST" and not deleting and form.is_valid():
        try:
            svc.donation_edit(
                donation=donation, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("duty:donations")
    return render(
        request,
        "duty/stories/donation_form.html",
        {"form": form, "delete_form": delete_form, "donation": donation},
        status=form_status(form, delete_form),
    )


@permission_required(can_manage_any_duty)
def donations_import_view(request):
    congresses = list(_managed_congresses(request.user))
    if request.GET.get("template"):
        response = HttpResponse(svc.import_template_bytes(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            'attachment; filename="donations-template.xlsx"'
        )
        return response
    form = DonationImportForm(
        request.POST or None, request.FILES or None, congresses=congresses
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        congress = next(c for c in congresses if c.pk == form.cleaned_data["congress"])
        try:
            result = svc.donations_import(
                congress=congress,
                content=form.cleaned_data["file"].read(),
                actor=request.user,
            )
        except svc.ImportRejected as error:
            problems = error.problems
            form.add_error(
                "file", "文件有误，未导入任何记录，请按下列提示修改后重新上传。"
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                f"已导入 {result.created} 条：捐款 {result.money} 元，捐物折价 {result.goods} 元。",
            )
            return redirect("duty:donations")
    return render(
        request,
        "duty/stories/donation_import.html",
        {
            "form": form,
            "problems": problems,
            "columns": svc.IMPORT_COLUMNS + svc.IMPORT_OPTIONAL,
        },
        status=form_status(form),
    )


def photo_response(photo: StoryPhoto) -> FileResponse:
    """A story's photo from storage (re-encoded on upload, so a JPEG or PNG)."""
    kind = mimetypes.guess_type(photo.image.name)[0] or "image/jpeg"
    try:
        handle = photo.image.open("rb")
    except OSError:  # the file is gone from storage: nothing to show
        raise Http404 from None
    return FileResponse(handle, content_type=kind)


@permission_required(can_use_stories)
def story_photo_file_view(request, pk: int):
    """A photo of a story the user may read (drafts included): never a bare
    media URL, so an unpublished story's photos stay private."""
    photo = (
        StoryPhoto.objects.filter(pk=pk, story__in=sel.stories_visible_to(request.user))
        .only("id", "image")
        .first()
    )
    if photo is None:
        raise Http404
    response = photo_response(photo)
    response["Cache-Control"] = "private, max-age=3600"
    return response
