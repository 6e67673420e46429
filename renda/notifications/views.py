"""The 消息 page: my notices, unread first; mark one or all read; 接收方式."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status
from renda.core.pagination import BoundedPaginator

from .forms import NotificationPreferenceForm
from .selectors import (
    get_notification_for_user,
    notification_list,
    notification_preference_detail,
    unread_count,
)
from .services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preference_update,
)


@require_GET
@login_required
def notification_list_view(request):
    paginator = BoundedPaginator(
        notification_list(user=request.user), settings.RENDA_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "total": paginator.count,
            "unread": unread_count(request.user),
        },
    )


def _safe_target(request, url: str) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@require_POST
@login_required
def notification_read_view(request, pk: int):
    """Mark one notice read; with ``open`` set, go on to the page it points at."""
    notification = get_notification_for_user(request.user, pk)
    notification_mark_read(notification=notification, user=request.user)
    if request.POST.get("open"):
        target = _safe_target(request, notification.url)
        if target:
            return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all_view(request):
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, f"已将{count}条消息标为已读。")
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings_view(request):
    """接收方式: 站内 always; 短信 and 企业微信 as the user chooses."""
    detail = notification_preference_detail(request.user)
    preference = detail.preference
    status = 200
    if request.method == "POST":
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            try:
                notification_preference_update(
                    user=request.user,
                    sms=form.cleaned_data["sms"],
                    wecom=form.cleaned_data["wecom"],
                    wecom_userid=form.cleaned_data["wecom_userid"],
                )
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "接收方式已保存。")
                return redirect("notifications:settings")
        status = form_status(form)
    else:
        form = NotificationPreferenceForm(
            initial={
                "sms": preference.sms,
                "wecom": preference.wecom,
                "wecom_userid": preference.wecom_userid,
            }
        )
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "detail": detail},
        status=status,
    )
