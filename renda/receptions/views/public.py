"""The public side of a station, open to everyone without logging in.

The notice board (公示板) with its QR code, the resident's form behind the QR
code, and the receipt look-up. Both are rate-limited, counted in the database
so that the limits hold across gunicorn workers: requests per client address
and per station by renda.core.ratelimit, counted in the transaction that stores
the request; look-ups per address by the audit log's rows of ``LOOKUP_ACTION``.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.captcha import captcha_check, captcha_issue
from renda.core.errors import ApplicationError
from renda.core.forms import apply_service_error, form_status
from renda.core.masking import mask_phone
from renda.core.middleware import client_ip
from renda.core.qr import qr_svg
from renda.core.ratelimit import RateLimited, rate_limit_refusal
from renda.core.receipts import receipt_number_problem
from renda.core.services import action_log_record
from renda.stations.phones import tel_uri

from .. import rules
from ..choices import PublicRequestStatus, ReceptionDayStatus, RequestSource
from ..forms import (
    PUBLIC_CONSENT_TEXT,
    PublicRequestForm,
    ReceiptLookupForm,
)
from ..models import PublicRequest
from ..selectors import (
    LOOKUP_ACTION,
    RATE_WINDOW,
    board_deputies,
    board_reception_days,
    mask_resident_name,
    normalize_receipt_number,
    public_request_for_receipt,
    public_station,
    receipt_lookups_in_the_last_hour,
)
from ..services import (
    REPEATED_MESSAGE,
    RepeatedPublicRequest,
    public_request_create,
)

# The receipt just handed out, so that its page can say "请记下回执编号".
NEW_RECEIPT_SESSION_KEY = "renda_public_new_receipt"
# The receipt of a request the resident just sent again (same text, same client).
REPEATED_RECEIPT_SESSION_KEY = "renda_public_repeated_receipt"
QR_SCALE = 8


def _not_found(request, message: str = ""):
    return render(
        request, "receptions/public_not_found.html", {"message": message}, status=404
    )


def _too_many(
    request, *, what: str, kept: str = "", refusal: RateLimited | None = None
):
    # Over the per-address limit the page says so in its own words; over the
    # station's limit (all addresses) it shows the limit's message.
    message = ""
    if refusal is not None and refusal.limit.scope != rules.QR_ADDRESS_SCOPE:
        message = refusal.message
    response = render(
        request,
        "receptions/public_rate_limited.html",
        {"what": what, "kept": kept, "message": message},
        status=429,
    )
    retry_after = refusal.retry_after if refusal else RATE_WINDOW.total_seconds()
    response["Retry-After"] = str(int(retry_after))
    return response


# The notice board --------------------------------------------------------------------


@require_GET
def board(request, station_pk):
    station = public_station(station_pk)
    if station is None:
        return _not_found(request, "没有找到这个联络站。")
    year = timezone.localdate().year
    days = board_reception_days(station, year)
    form_url = request.build_absolute_uri(reverse("public:form", args=[station.pk]))
    return render(
        request,
        "receptions/public_board.html",
        {
            "station": station,
            "year": year,
            "days": days,
            "held": sum(day.status == ReceptionDayStatus.HELD for day in days),
            "deputies": board_deputies(station),
            "chief_phone": mask_phone(station.chief_phone),
            "liaison_officer_phone": mask_phone(station.liaison_officer_phone),
            # The station's own number is public, in full, one tap to call.
            "office_tel": tel_uri(station.office_phone) if station.office_phone else "",
            "form_url": form_url,
            "qr_svg": qr_svg(form_url, scale=QR_SCALE),
        },
    )


# The resident's form ------------------------------------------------------------------


UNKNOWN_CLIENT = rules.UNKNOWN_CLIENT


@require_http_methods(["GET", "POST"])
def request_form(request, station_pk):
    station = public_station(station_pk)
    if station is None:
        return _not_found(request, "没有找到这个联络站。")
    address = client_ip(request) or UNKNOWN_CLIENT
    photos_dropped = False
    if request.method == "POST":
        # Nothing is stored; the resident can copy what they wrote. (A read:
        # the count that decides is taken with the insert, in the service.)
        kept = str(request.POST.get("content", ""))
        refusal = rate_limit_refusal(*rules.public_form_limits(station, address))
        if refusal is not None:
            return _too_many(request, what="提交", kept=kept, refusal=refusal)
        form = PublicRequestForm(request.POST, request.FILES)
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
                created = public_request_create(
                    station=station,
                    source=RequestSource.QR_FORM,
                    resident_name=data["resident_name"],
                    resident_phone=data["resident_phone"],
                    consent=data["consent"],
                    content=data["content"],
                    location=data["location"],
                    photos=data["photos"],
                    actor=None,
                    client_ip=address,
                )
            except RepeatedPublicRequest as repeated:
                number = repeated.earlier.receipt_number
                request.session[REPEATED_RECEIPT_SESSION_KEY] = number
                return redirect("public:receipt", number)
            except RateLimited as refusal:
                return _too_many(request, what="提交", kept=kept, refusal=refusal)
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                request.session[NEW_RECEIPT_SESSION_KEY] = created.receipt_number
                return redirect("public:receipt", created.receipt_number)
        # Browsers never refill a file input: the page says to choose them again.
        photos_dropped = bool(request.FILES.getlist("photos"))
        status = form_status(form)
    else:
        form = PublicRequestForm()
        status = 200
    challenge = captcha_issue(request.session)
    if form.is_bound:
        # The new question needs an empty answer box and its own token.
        form.data = form.data.copy()
        form.data["captcha_answer"] = ""
        form.data["captcha_token"] = challenge.token
    else:
        form.initial["captcha_token"] = challenge.token
    return render(
        request,
        "receptions/public_form.html",
        {
            "station": station,
            "form": form,
            "question": challenge.question,
            "consent_text": PUBLIC_CONSENT_TEXT,
            "photo_max_files": rules.public_form_photo_limit(),
            "photos_dropped": photos_dropped,
        },
        status=status,
    )


# The receipt ----------------------------------------------------------------------------


@require_GET
def lookup(request):
    form = ReceiptLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("public:receipt", form.cleaned_data["number"])
    return render(
        request,
        "receptions/public_lookup.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _progress(item: PublicRequest) -> tuple[str, str]:
    """Return the state in plain words, and a sentence on what happens next."""
    status = item.status
    if status == PublicRequestStatus.RECEIVED:
        return "已受理", "联络站已收到您的诉求，正在研究办理。"
    if status == PublicRequestStatus.ROUTED:
        due = f"，办理期限{item.due_at:%Y年%-m月%-d日}" if item.due_at else ""
        return "办理中", f"已转{item.handling_unit.name}办理{due}。"
    if status == PublicRequestStatus.CONVERTED:
        return "办理中", "已由代表转为代表建议，正在办理。"
    if status == PublicRequestStatus.ANSWERED:
        return "已答复", "您的诉求已有答复，见下方答复内容。"
    if item.answer:
        return "已办结", "您的诉求已办结，见下方答复内容。"
    if item.suggestion_id:
        return "已办结", "已由代表转为代表建议，现已办结。"
    return "已办结", "您的诉求已办结。"


@require_GET
def receipt(request, receipt_number):
    address = client_ip(request)
    if receipt_lookups_in_the_last_hour(address) >= rules.public_lookup_max_per_hour():
        return _too_many(request, what="查询")
    number = normalize_receipt_number(receipt_number)
    problem = receipt_number_problem(number)
    if problem:
        # A mistyped digit (or one too few): say so, rather than "not found".
        form = ReceiptLookupForm({"number": receipt_number})
        form.is_valid()
        return render(
            request, "receptions/public_lookup.html", {"form": form}, status=400
        )
    item = public_request_for_receipt(number)
    action_log_record(
        actor=None,
        action=LOOKUP_ACTION,
        target=item,
        summary="凭回执编号查询诉求办理进度" + ("" if item else "（未找到）"),
        data={"found": item is not None},
    )
    if item is None:
        return _not_found(request, "没有找到这个回执编号对应的诉求，请核对后再查。")
    just_submitted = request.session.get(NEW_RECEIPT_SESSION_KEY) == item.receipt_number
    if just_submitted:
        del request.session[NEW_RECEIPT_SESSION_KEY]
    repeated = request.session.get(REPEATED_RECEIPT_SESSION_KEY) == item.receipt_number
    if repeated:
        del request.session[REPEATED_RECEIPT_SESSION_KEY]
        just_submitted = False
    state, sentence = _progress(item)
    return render(
        request,
        "receptions/public_receipt.html",
        {
            "item": item,
            "state": state,
            "sentence": sentence,
            "resident_name": mask_resident_name(item.resident_name),
            "resident_phone": mask_phone(item.resident_phone),
            "photo_count": item.photos.count(),
            "just_submitted": just_submitted,
            "repeated": repeated,
            "repeated_message": REPEATED_MESSAGE,
            "show_answer": bool(item.answer)
            and item.status
            in (PublicRequestStatus.ANSWERED, PublicRequestStatus.CLOSED),
        },
    )
