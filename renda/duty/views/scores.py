"""Pages of the scoring: the staff board (rankings, alerts, corrections,
publication), the rule versions, correction requests, alerts, and the deputy's
own “我的积分”. Leaders read everything staff read; only staff write."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.forms import apply_service_error, form_status
from renda.core.parsing import parse_pk

from ..choices import AlertStatus, CorrectionStatus, ScorePeriod
from ..exports_scores import ranking_xlsx
from ..forms_scores import (
    AlertHandleForm,
    CorrectionAskForm,
    CorrectionDecideForm,
    RulesForm,
)
from ..permissions import (
    can_manage_any_duty,
    can_use_duty_staff,
    can_use_my_duty,
    manages_duty,
)
from ..selectors import scores as sel
from ..services import scores as services


def run_service(call):
    """Run a service; a permission refusal becomes the 403 page."""
    try:
        return call(), None
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    except ApplicationError as error:
        return None, error


def filters_from(params) -> sel.ScoreFilters:
    year = parse_pk(params.get("year"))
    return sel.ScoreFilters(
        congress=parse_pk(params.get("congress")),
        year=year if year and 2000 <= year <= 2100 else None,
        period=params.get("period")
        if params.get("period") in ScorePeriod.values
        else "",
        delegation=parse_pk(params.get("delegation")),
        group=parse_pk(params.get("group")),
        station=parse_pk(params.get("station")),
        band=(params.get("band") or "")[:20],
        q=(params.get("q") or "")[:50],
        grouping=params.get("grouping") or "congress",
    )


def _board_url(congress_id, year, period, grouping="congress") -> str:
    query = urlencode(
        {"congress": congress_id, "year": year, "period": period, "grouping": grouping}
    )
    return f"{reverse('duty:board')}?{query}"


def _years():
    from django.utils import timezone

    return list(range(timezone.localdate().year, 2016, -1))


@permission_required(can_use_duty_staff)
def board(request):
    data = sel.board(request.user, filters_from(request.GET))
    ranking = data.ranking
    query = urlencode(
        {
            "congress": ranking.congress.pk,
            "year": ranking.year,
            "period": ranking.period,
            "grouping": ranking.grouping,
        }
    )
    return render(
        request,
        "duty/scores/board.html",
        {
            "board": data,
            "ranking": ranking,
            "congresses": sel.duty_congresses(request.user),
            "years": _years(),
            "periods": ScorePeriod.choices,
            "groupings": sel.GROUPINGS.items(),
            "query": query,
            "preview_label": sel.PREVIEW_LABEL,
        },
    )


@permission_required(can_use_duty_staff)
def board_xlsx(request):
    ranking = sel.score_list(request.user, filters_from(request.GET))
    response = HttpResponse(
        ranking_xlsx(ranking),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"duty-scores-{ranking.year}-{ranking.period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _managed_congress(request):
    congress = sel.get_score_congress(
        request.user, parse_pk(request.POST.get("congress"))
    )
    if not manages_duty(request.user, congress):
        raise PermissionDenied("您无权办理该人大的履职积分。")
    return congress


@require_POST
@permission_required(can_use_duty_staff)
def publish(request):
    congress = _managed_congress(request)
    year = parse_pk(request.POST.get("year"))
    period = request.POST.get("period") or ""
    _, error = run_service(
        lambda: services.scores_publish(
            congress=congress, year=year, period=period, actor=request.user
        )
    )
    if error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"已公布{year}年{ScorePeriod(period).label}履职积分。"
        )
    return redirect(_board_url(congress.pk, year or "", period))


@require_POST
@permission_required(can_use_duty_staff)
def year_close(request):
    congress = _managed_congress(request)
    year = parse_pk(request.POST.get("year"))
    _, error = run_service(
        lambda: services.year_close(congress=congress, year=year, actor=request.user)
    )
    if error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{year}年度履职积分已定稿。")
    return redirect(_board_url(congress.pk, year or "", ScorePeriod.YEAR))


# Rules ----------------------------------------------------------------------------


@permission_required(can_use_duty_staff)
def rules_list(request):
    congress = sel.get_score_congress(
        request.user, parse_pk(request.GET.get("congress"))
    )
    return render(
        request,
        "duty/scores/rules_list.html",
        {
            "congress": congress,
            "versions": sel.rules_list(request.user, congress),
            "congresses": sel.duty_congresses(request.user),
            "manages": manages_duty(request.user, congress),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_duty)
def rules_new(request):
    params = request.POST if request.method == "POST" else request.GET
    congress = sel.get_score_congress(request.user, parse_pk(params.get("congress")))
    if not manages_duty(request.user, congress):
        raise PermissionDenied("您无权修订该人大的履职积分规则。")
    from django.utils import timezone

    this_year = timezone.localdate().year
    in_force = services.rules_in_force(congress, this_year, create=False)
    form = RulesForm(
        request.POST if request.method == "POST" else None,
        initial_rules=in_force.data,
        initial={
            "title": in_force.title,
            "effective_year": this_year + 1,
        },
    )
    if request.method == "POST" and form.is_valid():
        version, error = run_service(
            lambda: services.rules_save(
                congress=congress,
                data=form.rules_data(),
                effective_year=form.cleaned_data["effective_year"],
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        )
        if error is None:
            messages.success(request, f"已保存第{version.version}版积分规则。")
            return redirect("duty:rules_detail", version.pk)
        field = RulesForm.field_of(error.field)
        apply_service_error(form, error, {error.field: field} if field else None)
    return render(
        request,
        "duty/scores/rules_form.html",
        {"form": form, "congress": congress, "in_force": in_force},
        status=form_status(form),
    )


@permission_required(can_use_duty_staff)
def rules_detail(request, pk: int):
    version = sel.get_rules_for_user(request.user, pk)
    items = version.data.get("items", {})
    minimums = version.data.get("minimums", {})
    rows = [
        (label, items.get(kind), minimums.get(kind))
        for kind, label in sel.rules_kinds()
        if kind in items or kind in minimums
    ]
    return render(
        request,
        "duty/scores/rules_detail.html",
        {"version": version, "rows": rows, "years": version.years.all()},
    )


# Corrections ------------------------------------------------------------------------


@permission_required(can_use_duty_staff)
def corrections(request):
    congress = sel.get_score_congress(
        request.user, parse_pk(request.GET.get("congress"))
    )
    status = request.GET.get("status") or ""
    return render(
        request,
        "duty/scores/correction_list.html",
        {
            "congress": congress,
            "rows": sel.correction_list(request.user, congress, status=status),
            "status": status,
            "statuses": CorrectionStatus.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(lambda user: can_use_duty_staff(user) or can_use_my_duty(user))
def correction_detail(request, pk: int):
    correction = sel.get_correction_for_user(request.user, pk)
    manages = manages_duty(request.user, correction.score.congress_id)
    if request.method == "POST" and not manages:
        raise PermissionDenied("您无权处理该更正申请。")
    form = None
    if manages and correction.status == CorrectionStatus.PENDING:
        form = CorrectionDecideForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            _, error = run_service(
                lambda: services.correction_decide(
                    correction=correction,
                    accept=data["accept"],
                    points=data["points"] or None,
                    decision=data["decision"],
                    actor=request.user,
                )
            )
            if error is None:
                messages.success(request, "已处理该更正申请。")
                return redirect("duty:correction_detail", correction.pk)
            apply_service_error(form, error)
    elif request.method == "POST":
        messages.error(request, "该更正申请已处理。")
        return render(
            request,
            "duty/scores/correction_detail.html",
            {"correction": correction, "form": None, "view": _view(correction)},
            status=409,
        )
    return render(
        request,
        "duty/scores/correction_detail.html",
        {"correction": correction, "form": form, "view": _view(correction)},
        status=form_status(form),
    )


def _view(correction):
    return sel.score_view(correction.score)


# Alerts ---------------------------------------------------------------------------


@permission_required(can_use_duty_staff)
def alerts(request):
    congress = sel.get_score_congress(
        request.user, parse_pk(request.GET.get("congress"))
    )
    status = request.GET.get("status") or ""
    return render(
        request,
        "duty/scores/alert_list.html",
        {
            "congress": congress,
            "rows": sel.alert_list(request.user, congress, status=status),
            "status": status,
            "statuses": AlertStatus.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_duty_staff)
def alert_detail(request, pk: int):
    alert = sel.get_alert_for_user(request.user, pk)
    manages = manages_duty(request.user, alert.congress_id)
    if request.method == "POST" and not manages:
        raise PermissionDenied("您无权处理该履职提示。")
    form = None
    if manages and alert.status == AlertStatus.OPEN:
        form = AlertHandleForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            _, error = run_service(
                lambda: services.alert_handle(
                    alert=alert, note=form.cleaned_data["note"], actor=request.user
                )
            )
            if error is None:
                messages.success(request, "已记录处理情况。")
                return redirect("duty:alert_detail", alert.pk)
            apply_service_error(form, error)
    elif request.method == "POST":
        return render(
            request,
            "duty/scores/alert_detail.html",
            {"alert": alert, "form": None, "error": "该履职提示已处理。"},
            status=409,
        )
    return render(
        request,
        "duty/scores/alert_detail.html",
        {"alert": alert, "form": form},
        status=form_status(form),
    )


# The deputy's own -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(can_use_my_duty)
def my_scores(request):
    deputy = sel.deputy_for_user(request.user)
    form = None
    asked_for = None
    if request.method == "POST":
        form = CorrectionAskForm(request.POST)
        if form.is_valid():
            score = sel.get_own_score(request.user, form.cleaned_data["score"])
            asked_for = score.pk
            _, error = run_service(
                lambda: services.correction_ask(
                    score=score,
                    reason=form.cleaned_data["reason"],
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                )
            )
            if error is None:
                messages.success(request, "更正申请已提交，工作人员处理后会通知您。")
                return redirect("duty:my_scores")
            apply_service_error(form, error, default="reason")
        else:
            asked_for = parse_pk(request.POST.get("score"))
            if asked_for is None:
                raise Http404
    return render(
        request,
        "duty/scores/my_scores.html",
        {
            "deputy": deputy,
            "scores": sel.deputy_scores(request.user, deputy),
            "form": form,
            "asked_for": asked_for,
            "kinds": CorrectionAskForm.base_fields["kind"].choices,
        },
        status=form_status(form),
    )
