"""Pages of notices: the staff's list, draft form and detail with receipts; a
recipient's inbox and notice with its big answer buttons."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.forms import apply_service_error, refusal_status
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk
from renda.suggestions.attachments import (
    ALLOWED_TEXT,
    attachment_file_response,
    max_bytes,
    size_text,
)

from . import rules, services
from .choices import AnswerForm, NoticeStatus, ReceiptFilter
from .forms import NoticeForm, WithdrawForm
from .permissions import can_manage_notice, can_manage_notices, can_open_inbox
from .selectors import (
    InboxFilters,
    NoticeFilters,
    ReceiptFilters,
    congresses_managed_by,
    get_attachment_for_user,
    get_notice_for_user,
    notice_detail,
    notice_inbox,
    notice_list,
    notice_unread_count,
    receipt_list,
    receipt_phone,
    received_detail,
)


def _paginate(request, queryset):
    paginator = BoundedPaginator(queryset, settings.RENDA_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return paginator.get_page(request.GET.get("page")), query.urlencode()


# Recipients ------------------------------------------------------------------------


@require_GET
@permission_required(can_open_inbox)
def inbox(request):
    filters = InboxFilters.from_query(request.GET)
    page, query = _paginate(request, notice_inbox(request.user, filters))
    return render(
        request,
        "notices/inbox.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "unread_count": notice_unread_count(request.user),
            "may_manage": can_manage_notices(request.user),
        },
    )


def _received_page(request, pk, *, error: ApplicationError | None = None):
    detail = received_detail(request.user, pk)
    return render(
        request,
        "notices/read.html",
        {"detail": detail, "notice": detail.notice, "error": error},
        status=refusal_status(error) if error else 200,
    )


@require_GET
@login_required
def read(request, pk: int):
    """A recipient's notice; opening it marks it read."""
    try:
        detail = received_detail(request.user, pk)
    except Http404:
        # Staff who open the link of a notice they manage see its staff page.
        notice = get_notice_for_user(request.user, pk)
        return redirect("notices:manage_detail", notice.pk)
    if "read" in detail.actions:
        services.receipt_mark_read(notice=detail.notice, user=request.user)
    return _received_page(request, pk)


@require_POST
@login_required
def answer(request, pk: int):
    detail = received_detail(request.user, pk)
    try:
        services.receipt_answer(
            notice=detail.notice, user=request.user, answer=request.POST.get("answer")
        )
    except ApplicationError as error:
        if isinstance(error, ServiceDenied):
            raise Http404 from None
        return _received_page(request, pk, error=error)
    messages.success(request, f"已回复：{request.POST.get('answer')}。")
    return redirect("notices:read", pk)


@require_GET
@login_required
def attachment(request, pk: int):
    """Send a notice's file to its staff or one of its recipients."""
    return attachment_file_response(get_attachment_for_user(request.user, pk))


# Staff -------------------------------------------------------------------------------


@require_GET
@permission_required(can_manage_notices)
def manage_list(request):
    filters = NoticeFilters.from_query(request.GET)
    page, query = _paginate(request, notice_list(request.user, filters))
    return render(
        request,
        "notices/manage_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "statuses": NoticeStatus.choices,
        },
    )


def _pick_congress(request):
    congresses = list(
        congresses_managed_by(request.user)
        .select_related("region")
        .order_by("region__code")[:80]
    )
    raw = request.GET.get("congress") or request.POST.get("congress")
    if raw:
        pk = parse_pk(raw)
        chosen = next((c for c in congresses if c.pk == pk), None)
        if chosen is None:
            chosen = (
                congresses_managed_by(request.user)
                .select_related("region")
                .filter(pk=pk or 0)
                .first()
            )
        if chosen is None:
            raise Http404
        return chosen, congresses
    if not congresses:
        raise Http404
    return congresses[0], congresses


def _form_context(form, **extra) -> dict:
    return {
        "form": form,
        "AnswerForm": AnswerForm,
        "file_rules": f"可上传{ALLOWED_TEXT}，每个不超过 {size_text(max_bytes())}，"
        f"最多 {rules.max_attachments()} 个。",
        **extra,
    }


def _save_draft(request, form, *, notice=None, congress=None):
    data = form.cleaned_data
    arguments = {
        "title": data["title"],
        "body": data["body"],
        "category": data["category"],
        "answer_form": data["answer_form"],
        "answer_options": data["answer_options"],
        "answer_deadline": data["answer_deadline"],
        "targets": form.targets(),
        "uploads": request.FILES.getlist("attachments"),
        "actor": request.user,
    }
    if notice is None:
        return services.notice_create(congress=congress, **arguments)
    return services.notice_update(notice=notice, **arguments)


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_notices)
def create(request):
    congress, congresses = _pick_congress(request)
    form = NoticeForm(request.POST or None, request.FILES or None, congress=congress)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            notice = _save_draft(request, form, congress=congress)
        except ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            return _after_save(request, notice)
    return render(
        request,
        "notices/form.html",
        _form_context(form, congress=congress, congresses=congresses, notice=None),
        status=status,
    )


def _after_save(request, notice):
    if request.POST.get("then") == "publish":
        try:
            services.notice_publish(notice=notice, actor=request.user)
        except ApplicationError as error:
            messages.error(request, f"草稿已保存，但未能发布：{error.message}")
        else:
            messages.success(request, "通知已发布。")
            return redirect("notices:manage_detail", notice.pk)
    else:
        messages.success(request, "草稿已保存。")
    return redirect("notices:manage_detail", notice.pk)


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_notices)
def edit(request, pk: int):
    notice = get_notice_for_user(request.user, pk)
    if request.method != "POST" and notice.status != NoticeStatus.DRAFT:
        # A post goes on to the service, which refuses it in its own words (the
        # notice was published in another tab), and the form comes back with
        # what was typed.
        messages.error(request, "通知已发布，不能再修改。")
        return redirect("notices:manage_detail", notice.pk)
    form = NoticeForm(
        request.POST or None,
        request.FILES or None,
        congress=notice.congress,
        initial=NoticeForm.initial_from(notice),
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            notice = _save_draft(request, form, notice=notice)
        except ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            return _after_save(request, notice)
    return render(
        request,
        "notices/form.html",
        _form_context(
            form,
            congress=notice.congress,
            congresses=[],
            notice=notice,
            attachments=list(notice.attachments.all()),
        ),
        status=status,
    )


RECEIPT_TABS = [
    (ReceiptFilter.ALL, "全部"),
    (ReceiptFilter.UNREAD, "未读"),
    (ReceiptFilter.READ, "已读"),
    (ReceiptFilter.UNANSWERED, "未回复"),
    (ReceiptFilter.UNDELIVERABLE, "无账号"),
]


def _detail_page(request, pk, *, withdraw_form=None, error=None, status=200):
    detail = notice_detail(request.user, pk)
    context = {
        "detail": detail,
        "notice": detail.notice,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "error": error,
        "remind_interval": rules.remind_interval_text(),
    }
    if detail.counts is not None:
        filters = ReceiptFilters.from_query(request.GET)
        page, query = _paginate(
            request, receipt_list(request.user, detail.notice, filters)
        )
        for receipt in page.object_list:
            receipt.phone_masked = receipt_phone(receipt)
        tabs = [
            t
            for t in RECEIPT_TABS
            if detail.notice.asks_answer or t[0] != ReceiptFilter.UNANSWERED
        ]
        context.update(
            receipts=page, receipt_query=query, receipt_filters=filters, tabs=tabs
        )
        if (
            request.headers.get("HX-Request")
            and request.headers.get("HX-Target") == "receipts"
        ):
            return render(request, "notices/_receipts.html", context, status=status)
    return render(request, "notices/manage_detail.html", context, status=status)


@require_GET
@permission_required(can_manage_notices)
def manage_detail(request, pk: int):
    return _detail_page(request, pk)


def _staff_write(request, pk, call, success: str):
    notice = get_notice_for_user(request.user, pk)
    if not can_manage_notice(request.user, notice):
        raise Http404
    try:
        result = call(notice)
    except ApplicationError as error:
        if isinstance(error, ServiceDenied):
            raise
        return _detail_page(request, pk, error=error, status=refusal_status(error))
    messages.success(request, success.format(result=result))
    return redirect("notices:manage_detail", notice.pk)


@require_POST
@permission_required(can_manage_notices)
def publish(request, pk: int):
    return _staff_write(
        request,
        pk,
        lambda notice: services.notice_publish(notice=notice, actor=request.user),
        "通知已发布。",
    )


@require_POST
@permission_required(can_manage_notices)
def remind(request, pk: int):
    return _staff_write(
        request,
        pk,
        lambda notice: services.notice_remind(notice=notice, actor=request.user),
        "已提醒 {result} 人。",
    )


@require_POST
@permission_required(can_manage_notices)
def withdraw(request, pk: int):
    notice = get_notice_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.notice_withdraw(
                notice=notice, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as error:
            if isinstance(error, ServiceDenied):
                raise
            apply_service_error(form, error, default="reason")
            return _detail_page(
                request, pk, withdraw_form=form, status=refusal_status(error)
            )
        messages.success(request, "通知已撤回。")
        return redirect("notices:manage_detail", notice.pk)
    return _detail_page(request, pk, withdraw_form=form, status=400)


@require_POST
@permission_required(can_manage_notices)
def attachment_remove(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    notice = attachment.notice
    if not can_manage_notice(request.user, notice):
        raise Http404
    try:
        services.notice_attachment_remove(attachment=attachment, actor=request.user)
    except ApplicationError as error:
        if isinstance(error, ServiceDenied):
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, f"已删除附件“{attachment.original_name}”。")
    return redirect(reverse("notices:edit", args=[notice.pk]))
