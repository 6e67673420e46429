"""Pages of filing review: the unit's filing page, staff lists of filings and
reviews with their actions, the review detail with the checklist, the annual
report; and the public pages (/open/filings/): the list of filed documents,
the 审查建议 form and the receipt look-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.captcha import captcha_check, captcha_issue
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status
from renda.core.middleware import client_ip
from renda.core.parsing import parse_pk
from renda.core.ratelimit import UNKNOWN_ADDRESS, RateLimited, rate_limit_refusal
from renda.core.repeats import REPEATED_MESSAGE, RepeatedSubmission
from renda.core.services import action_log_record
from renda.units.models import HandlingUnit

from .. import rules
from ..choices import REVIEW_STATES, DocumentType, FilingStatus, ReviewKind
from ..documents_filing import filing_year_report_docx
from ..forms_filing import (
    ConcludeForm,
    CorrectionForm,
    DocumentFileForm,
    PublicSuggestionForm,
    ReceiptLookupForm,
    ReferForm,
    RefileForm,
    ReturnForm,
    ReviewCheckForm,
    ReviewOpenForm,
    SuspendForm,
    TellForm,
)
from ..models import NormativeDocument
from ..permissions import (
    can_file_documents,
    can_manage_any_supervision,
    can_review_filings,
    can_use_supervision,
    can_view_reviews,
    reads_any_congress,
    reads_congress,
)
from ..selectors import filing as selectors
from ..services import filing as services

# The receipt just handed out, so that its page can say "请记下回执编号".
NEW_RECEIPT_SESSION_KEY = "renda_filing_new_receipt"
# The receipt of a 审查建议 the resident just sent again (core.repeats).
REPEATED_RECEIPT_SESSION_KEY = "renda_filing_repeated_receipt"
UNKNOWN_CLIENT = UNKNOWN_ADDRESS


def _year(request):
    value = parse_pk(request.GET.get("year"))
    if value and 1979 <= value <= 2100:
        return value
    return timezone.localdate().year


# The unit's filing page ---------------------------------------------------------------


def _filing_form_choices(user):
    scope = get_scope(user)
    units = (
        HandlingUnit.objects.filter(pk__in=scope.unit_ids)
        .select_related("region")
        .order_by("pk")
    )
    congresses = Congress.objects.filter(
        pk__in=scope.staff_congress_ids, parent__isnull=False
    ).order_by("pk")
    # The congresses one may file with: those whose area holds one's unit, and
    # the congress above one's own.
    paths = [unit.region.path for unit in units]
    filed_with = [
        congress.pk
        for congress in Congress.objects.select_related("region")
        if any(path.startswith(congress.region.path) for path in paths)
    ] + [congress.parent_id for congress in congresses]
    targets = (
        Congress.objects.filter(pk__in=filed_with)
        .select_related("region")
        .order_by("region__code")
    )
    return units, congresses, targets


@permission_required(can_file_documents)
@require_http_methods(["GET", "POST"])
def filing_unit(request):
    """File a document; the filings of my unit, returned ones to refile."""
    units, congresses, targets = _filing_form_choices(request.user)
    status = 200
    if request.method == "POST":
        form = DocumentFileForm(
            request.POST,
            request.FILES,
            units=units,
            congresses=congresses,
            targets=targets,
        )
        if form.is_valid():
            data = form.cleaned_data
            unit = data["unit"] or (
                units.first() if not data["issuing_congress"] else None
            )
            try:
                filing = services.document_file(
                    actor=request.user,
                    unit=unit,
                    issuing_congress=data["issuing_congress"],
                    congress=data["congress"],
                    document_type=data["document_type"],
                    title=data["title"],
                    document_number=data["document_number"],
                    published_on=data["published_on"],
                    text=data["text"],
                    file=data["file"],
                    filing_report=data["filing_report"],
                    explanation=data["explanation"],
                )
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                message = "已报备，等待人大常委会审核。"
                if filing.late:
                    message += "超过公布之日起 30 日，已标记为逾期报备。"
                messages.success(request, message)
                return redirect("supervision:filing_unit")
        status = form_status(form)
    else:
        form = DocumentFileForm(units=units, congresses=congresses, targets=targets)
    return render(
        request,
        "supervision/filing/unit.html",
        {
            "form": form,
            "filings": selectors.my_filings(request.user),
            "refile_form": RefileForm(),
            "filing_days": rules.rule(None, "filing_days"),
        },
        status=status,
    )


@permission_required(can_file_documents)
@require_POST
def filing_refile(request, pk):
    filing = selectors.get_filing_for_user(request.user, pk)
    form = RefileForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.filing_refile(
                filing=filing,
                actor=request.user,
                text=data["text"] or None,
                file=data["file"],
                filing_report=data["filing_report"] or None,
                explanation=data["explanation"] or None,
            )
        except ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, "已重新报备。")
            return redirect("supervision:filing_unit")
    return render(
        request,
        "supervision/filing/refile.html",
        {"filing": filing, "form": form},
        status=status,
    )


# Staff: filings ------------------------------------------------------------------------


@permission_required(reads_any_congress)
@require_GET
def filings(request):
    filters = selectors.FilingFilters.from_params(request.GET)
    rows = selectors.filing_list(request.user, filters)
    return render(
        request,
        "supervision/filing/filings.html",
        {
            "filings": rows,
            "filters": filters,
            "types": DocumentType.choices,
            "statuses": FilingStatus.choices,
            "congresses": selectors.congresses_reviewed_by(request.user),
            "overdue": sum(f.check_overdue for f in rows),
        },
    )


@permission_required(can_use_supervision)
@require_GET
def filing_detail(request, pk):
    detail = selectors.filing_detail(request.user, pk)
    return render(
        request,
        "supervision/filing/filing_detail.html",
        {"detail": detail, "filing": detail.filing, "return_form": ReturnForm()},
    )


@permission_required(can_use_supervision)
@require_POST
def filing_accept(request, pk):
    filing = selectors.get_filing_for_user(request.user, pk)
    try:
        services.filing_accept(filing=filing, actor=request.user)
    except ApplicationError as error:
        if error.status == 403:
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
    else:
        messages.success(request, "已登记备案。")
    return redirect("supervision:filing_detail", filing.pk)


@permission_required(can_use_supervision)
@require_POST
def filing_return(request, pk):
    filing = selectors.get_filing_for_user(request.user, pk)
    form = ReturnForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.filing_return(
                filing=filing, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as error:
            status = apply_service_error(form, error)
        else:
            messages.success(request, "已退回补正。")
            return redirect("supervision:filing_detail", filing.pk)
    elif not can_review_filings(request.user, filing.document.congress_id):
        raise PermissionDenied
    detail = selectors.filing_detail(request.user, pk)
    return render(
        request,
        "supervision/filing/filing_detail.html",
        {
            "detail": detail,
            "filing": detail.filing,
            "return_form": form,
            "refused_return": {"verb": "return", "label": "退回补正", "form": form},
        },
        status=status,
    )


# Staff: reviews -------------------------------------------------------------------------


@permission_required(can_view_reviews)
@require_GET
def reviews(request):
    filters = selectors.ReviewFilters.from_params(request.GET)
    return render(
        request,
        "supervision/filing/reviews.html",
        {
            "reviews": selectors.review_list(request.user, filters),
            "filters": filters,
            "kinds": ReviewKind.choices,
            "may_open": can_manage_any_supervision(request.user),
        },
    )


def _managed_congresses(user):
    scope = get_scope(user)
    queryset = Congress.objects.select_related("region").order_by("region__code")
    return (
        queryset if scope.is_admin else queryset.filter(pk__in=scope.staff_congress_ids)
    )


@permission_required(can_manage_any_supervision)
@require_http_methods(["GET", "POST"])
def review_new(request):
    congresses = _managed_congresses(request.user)
    documents = NormativeDocument.objects.filter(congress__in=congresses).order_by(
        "-published_on"
    )[:200]
    documents = NormativeDocument.objects.filter(pk__in=[d.pk for d in documents])
    status = 200
    if request.method == "POST":
        form = ReviewOpenForm(request.POST, congresses=congresses, documents=documents)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.review_open(
                    congress=data["congress"],
                    kind=data["kind"],
                    subject=data["subject"],
                    actor=request.user,
                    document_ids=[d.pk for d in data["documents"]],
                    request_kind=data["request_kind"],
                    proposer_name=data["proposer_name"],
                    proposer_organisation=data["proposer_organisation"],
                    proposer_phone=data["proposer_phone"],
                    proposer_address=data["proposer_address"],
                    request_text=data["request_text"],
                    received_on=data["received_on"],
                )
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                return redirect("supervision:review_detail", case.pk)
        status = form_status(form)
    else:
        form = ReviewOpenForm(congresses=congresses, documents=documents)
    return render(
        request, "supervision/filing/review_new.html", {"form": form}, status=status
    )


ACTION_FORMS = {
    "start": None,
    "check": ReviewCheckForm,
    "suspend": SuspendForm,
    "request_correction": CorrectionForm,
    "conclude": ConcludeForm,
    "refer": ReferForm,
    "tell_proposer": TellForm,
}


def _review_context(request, detail, bound=None):
    # Several forms on one page: ids carry the verb so that none repeats.
    forms = {
        verb: (form_class(auto_id=f"id_{verb}_%s") if form_class else None)
        for verb, form_class in ACTION_FORMS.items()
    }
    # The checklist form starts from what was recorded.
    initial = {"opinion": detail.case.opinion}
    for check in detail.checks:
        key = check.standard.lower()
        initial[f"{key}_passed"] = "yes" if check.passed else "no"
        initial[f"{key}_note"] = check.note
    forms["check"] = ReviewCheckForm(initial=initial, auto_id="id_check_%s")
    refused = None
    if bound is not None:
        forms[bound[0]] = bound[1]
        if bound[1] is not None and bound[0] not in detail.actions:
            # The step closed meanwhile: its form comes back with what was typed.
            refused = {
                "verb": bound[0],
                "label": REVIEW_STATES.actions[bound[0]],
                "form": bound[1],
            }
    return {
        "refused": refused,
        "detail": detail,
        "case": detail.case,
        "action_forms": [
            (verb, REVIEW_STATES.actions[verb], forms[verb]) for verb in detail.actions
        ],
    }


@permission_required(can_view_reviews)
@require_GET
def review_detail(request, pk):
    detail = selectors.review_detail(request.user, pk)
    return render(
        request,
        "supervision/filing/review_detail.html",
        _review_context(request, detail),
    )


def _run(verb, case, form, user):
    data = form.cleaned_data if form is not None else {}
    if verb == "start":
        return services.review_start(case=case, actor=user)
    if verb == "check":
        return services.review_check(
            case=case, checks=form.checks(), actor=user, opinion=data["opinion"] or None
        )
    if verb == "suspend":
        return services.review_suspend(case=case, actor=user, note=data["note"])
    if verb == "request_correction":
        return services.review_request_correction(
            case=case, actor=user, opinion=data["opinion"]
        )
    if verb == "conclude":
        return services.review_conclude(
            case=case,
            outcome=data["outcome"],
            actor=user,
            opinion=data["opinion"] or None,
        )
    if verb == "refer":
        return services.review_refer(case=case, organ=data["organ"], actor=user)
    return services.review_tell_proposer(case=case, reply=data["reply"], actor=user)


@permission_required(can_view_reviews)
@require_POST
def review_action(request, pk, verb):
    if verb not in ACTION_FORMS:
        raise Http404
    case = selectors.get_review_for_user(request.user, pk)
    if not can_review_filings(request.user, case.congress_id):
        raise PermissionDenied
    form_class = ACTION_FORMS[verb]
    form = form_class(request.POST, auto_id=f"id_{verb}_%s") if form_class else None
    status = 400
    if form is None or form.is_valid():
        try:
            _run(verb, case, form, request.user)
        except ApplicationError as error:
            if form is None:
                if error.status == 403:
                    raise PermissionDenied(error.message) from None
                messages.error(request, error.message)
                return redirect("supervision:review_detail", case.pk)
            status = apply_service_error(form, error)
        else:
            messages.success(request, f"已{REVIEW_STATES.actions[verb]}。")
            return redirect("supervision:review_detail", case.pk)
    detail = selectors.review_detail(request.user, pk)
    return render(
        request,
        "supervision/filing/review_detail.html",
        _review_context(request, detail, bound=(verb, form)),
        status=status,
    )


# The annual report ------------------------------------------------------------------------


def _report_congress(request):
    congresses = selectors.congresses_reviewed_by(request.user)
    pk = parse_pk(request.GET.get("congress"))
    congress = congresses.filter(pk=pk).first() if pk else congresses.first()
    if pk and congress is None:
        raise Http404("没有找到该人大。")
    return congresses, congress


@permission_required(reads_any_congress)
@require_GET
def filing_report(request):
    congresses, congress = _report_congress(request)
    if congress is None or not reads_congress(request.user, congress):
        raise PermissionDenied
    year = _year(request)
    report = selectors.filing_year_report(congress, year)
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            filing_year_report_docx(report),
            content_type=(
                "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document"
            ),
        )
        response["Content-Disposition"] = (
            f"attachment; filename=filing-review-{congress.pk}-{year}.docx"
        )
        return response
    return render(
        request,
        "supervision/filing/report.html",
        {
            "report": report,
            "congresses": congresses,
            "congress": congress,
            "year": year,
        },
    )


# Public pages (/open/filings/) -------------------------------------------------------------


@require_GET
def open_filings(request):
    filters = selectors.FilingFilters.from_params(request.GET)
    rows = list(selectors.public_filings(filters)[:500])
    return render(
        request,
        "supervision/filing/open_filings.html",
        {
            "filings": rows,
            "filters": filters,
            "types": DocumentType.choices,
            "years": selectors.public_filing_years(),
        },
    )


def _too_many(request, kept: str = "", what: str = "提交", refusal=None):
    # Over the per-address limit the page says so in its own words; over the
    # congress's daily limit (all addresses) it shows that limit's message.
    message = ""
    if refusal is not None and refusal.limit.scope != rules.SUGGESTION_ADDRESS_SCOPE:
        message = refusal.message
    response = render(
        request,
        "supervision/filing/open_rate_limited.html",
        {"kept": kept, "what": what, "message": message},
        status=429,
    )
    retry_after = (
        refusal.retry_after if refusal else selectors.RATE_WINDOW.total_seconds()
    )
    response["Retry-After"] = str(int(retry_after))
    return response


@require_http_methods(["GET", "POST"])
def open_suggest(request):
    address = client_ip(request) or UNKNOWN_CLIENT
    if request.method == "POST":
        kept = str(request.POST.get("request_text", ""))
        # A read (the congress is known after the form); the count that decides
        # is taken with the insert, in the service, per address and per congress.
        refusal = rate_limit_refusal(rules.public_suggestion_address_limit(address))
        if refusal is not None:
            return _too_many(request, kept=kept, refusal=refusal)
        form = PublicSuggestionForm(request.POST)
        valid = form.is_valid()
        captcha_error = captcha_check(
            request.session,
            token=request.POST.get("captcha_token", ""),
            answer=request.POST.get("captcha_answer", ""),
        )
        if captcha_error:
            form.add_error("captcha_answer", captcha_error)
        if valid and not captcha_error:
            data = form.cleaned_data
            try:
                case = services.review_suggest(
                    congress=data["congress"],
                    proposer_name=data["proposer_name"],
                    proposer_organisation=data["proposer_organisation"],
                    proposer_phone=data["proposer_phone"],
                    proposer_address=data["proposer_address"],
                    subject=data["subject"],
                    request_text=data["request_text"],
                    client_ip=address,
                )
            except RepeatedSubmission as repeated:
                number = repeated.earlier.receipt_number
                request.session[REPEATED_RECEIPT_SESSION_KEY] = number
                return redirect(reverse("open:filing_receipt") + f"?number={number}")
            except RateLimited as refusal:
                return _too_many(request, kept=kept, refusal=refusal)
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                request.session[NEW_RECEIPT_SESSION_KEY] = case.receipt_number
                return redirect(
                    reverse("open:filing_receipt") + f"?number={case.receipt_number}"
                )
        status = form_status(form)
    else:
        form = PublicSuggestionForm()
        status = 200
    challenge = captcha_issue(request.session)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["captcha_answer"] = ""
        form.data["captcha_token"] = challenge.token
    else:
        form.initial["captcha_token"] = challenge.token
    return render(
        request,
        "supervision/filing/open_suggest.html",
        {"form": form, "question": challenge.question},
        status=status,
    )


@require_GET
def open_receipt(request):
    form = ReceiptLookupForm(request.GET or None)
    receipt = None
    status = 200
    if form.is_bound:
        address = client_ip(request)
        if (
            selectors.receipt_lookups_in_the_last_hour(address)
            >= selectors.LOOKUPS_PER_HOUR
        ):
            return _too_many(request, what="查询")
        if form.is_valid():
            receipt = selectors.review_for_receipt(form.cleaned_data["number"])
            action_log_record(
                actor=None,
                action=selectors.LOOKUP_ACTION,
                summary="凭回执编号查询审查建议" + ("" if receipt else "（未找到）"),
                data={"found": receipt is not None},
            )
            if receipt is None:
                form.add_error("number", "没有找到这个回执编号，请核对后再查。")
                status = 404
        else:
            status = 400
    just_submitted = bool(receipt) and (
        request.session.get(NEW_RECEIPT_SESSION_KEY) == receipt.receipt_number
    )
    if just_submitted:
        del request.session[NEW_RECEIPT_SESSION_KEY]
    repeated = bool(receipt) and (
        request.session.get(REPEATED_RECEIPT_SESSION_KEY) == receipt.receipt_number
    )
    if repeated:
        del request.session[REPEATED_RECEIPT_SESSION_KEY]
        just_submitted = False
    return render(
        request,
        "supervision/filing/open_receipt.html",
        {
            "form": form,
            "receipt": receipt,
            "just_submitted": just_submitted,
            "repeated_message": REPEATED_MESSAGE if repeated else "",
        },
        status=status,
    )
