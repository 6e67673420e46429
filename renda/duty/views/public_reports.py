"""The voters' rating form of a report (述职评议), reached by its QR code, with no
log-in: every dimension as three large tap targets, a comment, the arithmetic
captcha; one answer per phone (a long-lived device cookie, kept hashed), a rate
limit per client address counted in the database.

An unknown code is 404; a known one outside its window, or cancelled, gets a page
that says so. Other voters' answers are never shown.
"""

from __future__ import annotations

import secrets

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.captcha import captcha_check, captcha_issue
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status
from renda.core.middleware import client_ip

from ..forms_reports import RatingForm
from ..models import DutyReport
from ..services import reports as services

DEVICE_COOKIE = "renda_duty_device"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
THANKED_SESSION_KEY = "renda_duty_rated"
COOKIE_MESSAGE = "无法识别这部手机：请允许浏览器保存 Cookie，然后重新提交。"


def _report(token) -> DutyReport:
    report = (
        DutyReport.objects.select_related("deputy", "electoral_unit", "constituency")
        .filter(token=str(token)[:32])
        .first()
    )
    if report is None:
        raise Http404("没有找到这次述职。")
    return report


def _device_id(request) -> tuple[str, bool]:
    """The phone's device id from its cookie, or a new one (and whether it is new)."""
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    if value and len(value) <= services.DEVICE_ID_MAX and value.isascii():
        return value, False
    return secrets.token_urlsafe(24), True


def _with_cookie(response, device_id: str, new: bool):
    if new:
        response.set_cookie(
            DEVICE_COOKIE,
            device_id,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=False,
        )
    return response


def _closed(request, report, message: str, *, status: int = 200):
    return render(
        request,
        "duty/reports/public_closed.html",
        {"report": report, "message": message},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def rate(request, token):
    report = _report(token)
    device_id, new = _device_id(request)
    if not services.rating_open(report):
        response = _closed(request, report, services.rating_closed_message(report))
        return _with_cookie(response, device_id, new)
    status = 200
    if request.method == "POST":
        form = RatingForm(request.POST)
        valid = form.is_valid()
        captcha_error = captcha_check(
            request.session,
            token=request.POST.get("captcha_token", ""),
            answer=request.POST.get("captcha_answer", ""),
        )
        if captcha_error:
            form.add_error("captcha_answer", captcha_error)
        if new:
            # A phone that kept no cookie from the form's page could answer
            # again and again: it is asked to allow cookies first.
            form.add_error(None, COOKIE_MESSAGE)
        if valid and not captcha_error and not new:
            try:
                services.rating_submit(
                    report=report,
                    ratings=form.ratings(),
                    comment=form.cleaned_data["comment"],
                    device_id=device_id,
                    client_ip=client_ip(request),
                )
            except services.RatingRepeated as error:
                return _with_cookie(
                    _closed(request, report, error.message, status=409), device_id, new
                )
            except services.RatingRateLimited as error:
                response = _closed(request, report, error.message, status=429)
                response["Retry-After"] = str(error.retry_after)
                return response
            except services.RatingClosed as error:
                return _closed(request, report, error.message)
            except ApplicationError as error:
                apply_service_error(form, error, {"ratings": None}, default=None)
            else:
                request.session[THANKED_SESSION_KEY] = report.token
                return _with_cookie(
                    redirect("duty_public:rate_thanks", report.token), device_id, new
                )
        status = form_status(form)
    else:
        form = RatingForm()
    challenge = captcha_issue(request.session)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["captcha_answer"] = ""
        form.data["captcha_token"] = challenge.token
    else:
        form.initial["captcha_token"] = challenge.token
    response = render(
        request,
        "duty/reports/public_rate.html",
        {
            "report": report,
            "deputy": report.deputy,
            "form": form,
            "question": challenge.question,
        },
        status=status,
    )
    return _with_cookie(response, device_id, new)


@require_GET
def rate_thanks(request, token):
    report = _report(token)
    return render(request, "duty/reports/public_thanks.html", {"report": report})
