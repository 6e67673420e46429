"""Pages of the annual plan and its topic call: staff, members, deputies, units, the public.

Every page reads through ``selectors.plan`` and writes through ``services.plan``,
as the API does. The public pages (``/open/``) need no log-in: the published plan
(printable, no personal data), the residents' topic form with its captcha and
rate limit, and the receipt look-up.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PageForbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.captcha import captcha_check, captcha_issue
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, NotFound
from renda.core.errors import PermissionDenied as AppPermissionDenied
from renda.core.forms import (
    apply_service_error,
    form_status,
    refusal_status,
    refused_not_drawn,
)
from renda.core.middleware import client_ip
from renda.core.ratelimit import RateLimited, rate_limit_refusal
from renda.core.repeats import REPEATED_MESSAGE, RepeatedSubmission

from ..choices import ProposalSource, ProposalStatus
from ..forms_plan import (
    PlanAdjustForm,
    PlanEntryForm,
    PlanForm,
    ProposalAdoptForm,
    ProposalDeclineForm,
    ProposalMergeForm,
    PublicTopicForm,
    ReceiptLookupForm,
    TopicCallForm,
    TopicProposeForm,
    VersionAdoptForm,
)
from ..permissions import (
    can_manage_any_supervision,
    can_propose_topic,
    can_use_supervision,
    manages_congress,
    reads_any_congress,
)
from ..selectors import plan as selectors
from ..services import plan as services

NEW_RECEIPT_SESSION_KEY = "renda_topic_new_receipt"
# The receipt of a proposal the resident just sent again (core.repeats).
REPEATED_RECEIPT_SESSION_KEY = "renda_topic_repeated_receipt"


def page_errors(view):
    """Show a service's or selector's 404/403 as the pages' 404/403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except AppPermissionDenied as error:
            raise PageForbidden(error.message) from None

    return wrapped


def _staff_congresses(user):
    scope = get_scope(user)
    if scope.is_admin:
        return list(Congress.objects.order_by("pk"))
    return list(Congress.objects.filter(pk__in=scope.staff_congress_ids).order_by("pk"))


def _congress_from(request):
    """The congress a staff page writes to: ``?congress=`` or the user's only one."""
    congresses = _staff_congresses(request.user)
    wanted = request.POST.get("congress") or request.GET.get("congress")
    for congress in congresses:
        if str(congress.pk) == str(wanted):
            return congress, congresses
    return (congresses[0] if congresses else None), congresses


# Topic calls ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(can_use_supervision)
@page_errors
def topic_calls(request):
    may_open = can_manage_any_supervision(request.user)
    form = None
    status = 200
    congress, congresses = (None, [])
    if may_open:
        congress, congresses = _congress_from(request)
        form = TopicCallForm(request.POST or None)
        if request.method == "POST":
            status = 400
            if form.is_valid() and congress is not None:
                try:
                    services.topic_call_open(
                        congress=congress, actor=request.user, **form.cleaned_data
                    )
                except ApplicationError as error:
                    status = apply_service_error(form, error)
                else:
                    messages.success(request, "议题征集已发起。")
                    return redirect("supervision:topic_calls")
    elif request.method == "POST":
        raise PageForbidden
    return render(
        request,
        "supervision/plan/calls.html",
        {
            "rows": selectors.call_list(request.user),
            "form": form,
            "congress": congress,
            "congresses": congresses,
            "may_propose": can_propose_topic(request.user),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_propose_topic)
@page_errors
def topic_propose(request, call_pk):
    call = selectors.get_call_for_user(request.user, call_pk)
    scope = get_scope(request.user)
    unit_ids = sorted(scope.unit_ids) if scope.deputy_id is None else []
    form = TopicProposeForm(request.POST or None, unit_ids=unit_ids)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = services.topic_propose(
                    call=call,
                    title=data["title"],
                    reason=data["reason"],
                    suggested_kind=data["suggested_kind"],
                    unit_id=data["unit"].pk if data.get("unit") else None,
                    actor=request.user,
                )
            except ApplicationError as error:
                status = apply_service_error(form, error)
            else:
                messages.success(request, "议题建议已提交。")
                return redirect("supervision:topic_proposal_detail", proposal.pk)
    return render(
        request,
        "supervision/plan/propose.html",
        {"call": call, "form": form, "is_open": services.call_is_open(call)},
        status=status,
    )


@require_GET
@permission_required(can_propose_topic)
@page_errors
def topic_my_proposals(request):
    filters = selectors.ProposalFilters(mine=True)
    return render(
        request,
        "supervision/plan/my_proposals.html",
        {"proposals": selectors.proposal_list(request.user, filters)},
    )


@require_GET
@permission_required(can_use_supervision)
@page_errors
def topic_proposals(request):
    filters = selectors.ProposalFilters.from_query(request.GET)
    return render(
        request,
        "supervision/plan/proposals.html",
        {
            "proposals": selectors.proposal_list(request.user, filters),
            "filters": filters,
            "calls": selectors.call_list(request.user),
            "statuses": ProposalStatus.choices,
            "sources": ProposalSource.choices,
        },
    )


def _proposal_page(request, pk, *, forms=None, status=200):
    detail = selectors.proposal_detail(request.user, pk)
    forms = forms or {}
    return render(
        request,
        "supervision/plan/proposal_detail.html",
        {
            "detail": detail,
            "proposal": detail.proposal,
            "refused": refused_not_drawn(forms, detail.actions),
            "adopt_form": forms.get("adopt")
            or ProposalAdoptForm(entries=detail.entry_options),
            "merge_form": forms.get("merge")
            or ProposalMergeForm(options=detail.merge_options),
            "decline_form": forms.get("decline") or ProposalDeclineForm(),
        },
        status=status,
    )


@require_GET
@permission_required(can_use_supervision)
@page_errors
def topic_proposal_detail(request, pk):
    return _proposal_page(request, pk)


@require_POST
@permission_required(can_manage_any_supervision)
@page_errors
def topic_proposal_adopt(request, pk):
    detail = selectors.proposal_detail(request.user, pk)
    form = ProposalAdoptForm(request.POST, entries=detail.entry_options)
    if form.is_valid():
        entry = form.cleaned_data["entry"]
        try:
            services.proposal_adopt(
                proposal=detail.proposal,
                entry_id=entry.pk if entry else None,
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已采纳。")
            return redirect("supervision:topic_proposal_detail", pk)
    return _proposal_page(request, pk, forms={"adopt": form}, status=form_status(form))


@require_POST
@permission_required(can_manage_any_supervision)
@page_errors
def topic_proposal_merge(request, pk):
    detail = selectors.proposal_detail(request.user, pk)
    form = ProposalMergeForm(request.POST, options=detail.merge_options)
    if form.is_valid():
        try:
            services.proposal_merge(
                proposal=detail.proposal,
                into_id=form.cleaned_data["into"].pk,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已合并。")
            return redirect("supervision:topic_proposal_detail", pk)
    return _proposal_page(request, pk, forms={"merge": form}, status=form_status(form))


@require_POST
@permission_required(can_manage_any_supervision)
@page_errors
def topic_proposal_decline(request, pk):
    detail = selectors.proposal_detail(request.user, pk)
    form = ProposalDeclineForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decline(
                proposal=detail.proposal,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已标记为不予采纳，提出人可以看到理由。")
            return redirect("supervision:topic_proposal_detail", pk)
    return _proposal_page(
        request, pk, forms={"decline": form}, status=form_status(form)
    )


# Plans ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(reads_any_congress)
@page_errors
def plans(request):
    may_create = can_manage_any_supervision(request.user)
    form, congress, congresses = None, None, []
    status = 200
    if may_create:
        congress, congresses = _congress_from(request)
        form = PlanForm(request.POST or None)
        if request.method == "POST":
            status = 400
            if form.is_valid() and congress is not None:
                try:
                    plan = services.plan_create(
                        congress=congress, actor=request.user, **form.cleaned_data
                    )
                except ApplicationError as error:
                    status = apply_service_error(form, error)
                else:
                    return redirect("supervision:plan_detail", plan.pk)
    elif request.method == "POST":
        raise PageForbidden
    return render(
        request,
        "supervision/plan/plans.html",
        {
            "plans": selectors.plan_list(request.user),
            "form": form,
            "congress": congress,
            "congresses": congresses,
        },
        status=status,
    )


def _plan_page(request, pk, *, forms=None, status=200):
    detail = selectors.plan_detail(request.user, pk, version=request.GET.get("version"))
    forms = forms or {}
    return render(
        request,
        "supervision/plan/plan_detail.html",
        {
            "detail": detail,
            "plan": detail.plan,
            "may_edit": "edit" in detail.actions,
            "adopt_form": forms.get("adopt")
            or VersionAdoptForm(user=request.user, congress=detail.plan.congress),
            "adjust_form": forms.get("adjust") or PlanAdjustForm(),
            "action_error": forms.get("error")
            or "；".join(refused_not_drawn(forms, detail.actions)),
        },
        status=status,
    )


@require_GET
@permission_required(reads_any_congress)
@page_errors
def plan_detail(request, pk):
    return _plan_page(request, pk)


def _latest_version(user, pk):
    plan = selectors.get_plan_for_user(user, pk)
    if not manages_congress(user, plan.congress_id):
        raise services.denied()
    return plan, plan.versions.order_by("-number").first()


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
@page_errors
def plan_entry_new(request, pk):
    plan, version = _latest_version(request.user, pk)
    form = PlanEntryForm(request.POST or None, congress=plan.congress)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.plan_entry_add(
                    version=version, actor=request.user, **form.service_kwargs()
                )
            except ApplicationError as error:
                status = apply_service_error(
                    form,
                    error,
                    {"leader": "leader", "lead_committee": "lead_committee"},
                )
            else:
                messages.success(request, "议题已加入计划草案。")
                return redirect("supervision:plan_detail", plan.pk)
    return render(
        request,
        "supervision/plan/entry_form.html",
        {"plan": plan, "version": version, "form": form, "entry": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_supervision)
@page_errors
def plan_entry_edit(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    plan = entry.version.plan
    if not manages_congress(request.user, plan.congress_id):
        raise services.denied()
    initial = {
        "kind": entry.kind,
        "title": entry.title,
        "themes": list(entry.themes.all()),
        "lead_committee": entry.lead_committee_id,
        "leader": entry.leader_id,
        "planned_month": entry.planned_month,
        "planned_meeting": entry.planned_meeting,
        "target_units": list(entry.target_units.all()),
        "participants": entry.participants,
    }
    form = PlanEntryForm(request.POST or None, initial=initial, congress=plan.congress)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.plan_entry_update(
                    entry=entry, actor=request.user, **form.service_kwargs()
                )
            except ApplicationError as error:
                status = apply_service_error(form, error)
            else:
                messages.success(request, "议题已修改。")
                return redirect("supervision:plan_detail", plan.pk)
    return render(
        request,
        "supervision/plan/entry_form.html",
        {"plan": plan, "version": entry.version, "form": form, "entry": entry},
        status=status,
    )


@require_POST
@permission_required(can_manage_any_supervision)
@page_errors
def plan_entry_remove(request, pk):
    entry = selectors.get_entry_for_user(request.user, pk)
    plan_pk = entry.version.plan_id
    try:
        services.plan_entry_remove(entry=entry, actor=request.user)
    except ApplicationError as error:
        if error.status in (403, 404):
            raise
        return _plan_page(
            request,
            plan_pk,
            forms={"error": error.message},
            status=refusal_status(error),
        )
    messages.success(request, "议题已从草案中删除。")
    return redirect("supervision:plan_detail", plan_pk)


@require_POST
@permission_required(can_manage_any_supervision)
@page_errors
def plan_adopt(request, pk):
    plan, version = _latest_version(request.user, pk)
    form = VersionAdoptForm(request.POST, user=request.user, congress=plan.congress)
    if form.is_valid():
        try:
            services.plan_version_adopt(
                version=version, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "已登记主任会议通过。")
            return redirect("supervision:plan_detail", plan.pk)
    return _plan_page(request, pk, forms={"adopt": form}, status=form_status(form))


@require_POST
@permission_required(can_manage_any_supervision)
@page_errors
def plan_publish(request, pk):
    plan, version = _latest_version(request.user, pk)
    try:
        services.plan_version_publish(version=version, actor=request.user)
    except ApplicationError as error:
        if error.status in (403, 404):
            raise
        return _plan_page(
            request, pk, forms={"error": error.message}, status=refusal_status(error)
        )
    messages.success(request, "计划已公布，并已通知常委会组成人员和有关机关。")
    return redirect("supervision:plan_detail", plan.pk)


@require_POST
@permission_required(can_manage_any_supervision)
@page_errors
def plan_adjust(request, pk):
    plan, _version = _latest_version(request.user, pk)
    form = PlanAdjustForm(request.POST)
    if form.is_valid():
        try:
            services.plan_adjust(
                plan=plan, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as error:
            if error.status in (403, 404):
                raise
            if error.field:
                apply_service_error(form, error)
            else:
                return _plan_page(
                    request,
                    pk,
                    forms={"error": error.message},
                    status=refusal_status(error),
                )
        else:
            messages.success(
                request, "已建立调整版本草案，修改后提请主任会议通过再公布。"
            )
            return redirect("supervision:plan_detail", plan.pk)
    return _plan_page(request, pk, forms={"adjust": form}, status=form_status(form))


# Public pages (/open/) -------------------------------------------------------------------


def _public_not_found(request, message: str):
    return render(
        request,
        "supervision/plan/public_message.html",
        {"message": message},
        status=404,
    )


@require_GET
def public_plan(request, congress_id, year):
    found = selectors.public_plan(congress_id, year, version=request.GET.get("version"))
    if found is None:
        return _public_not_found(request, "没有找到已公布的该年度监督工作计划。")
    return render(request, "supervision/plan/public_plan.html", {"public": found})


def _too_many(request, refusal: RateLimited, kept: str):
    response = render(
        request,
        "supervision/plan/public_rate_limited.html",
        {"kept": kept, "message": refusal.message},
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def public_topic_form(request, call_id):
    call = selectors.public_call(call_id)
    if call is None:
        return _public_not_found(request, "没有找到这次议题征集。")
    if not services.call_is_open(call):
        return render(
            request,
            "supervision/plan/public_closed.html",
            {"call": call, "today": timezone.localdate()},
            status=200,
        )
    address = client_ip(request)
    status = 200
    if request.method == "POST":
        kept = str(request.POST.get("reason", ""))[:2000]
        # A read; the count that decides is taken with the insert (the service).
        refusal = rate_limit_refusal(
            *services.rules.public_proposal_limits(call, address)
        )
        if refusal is not None:
            return _too_many(request, refusal, kept)
        form = PublicTopicForm(request.POST)
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
                proposal = services.topic_propose_public(
                    call=call,
                    name=data["name"],
                    phone=data["phone"],
                    title=data["title"],
                    reason=data["reason"],
                    client_ip=address,
                )
            except RepeatedSubmission as repeated:
                number = repeated.earlier.receipt_number
                request.session[REPEATED_RECEIPT_SESSION_KEY] = number
                return redirect(f"{reverse('open:topic_receipt')}?number={number}")
            except RateLimited as refusal:
                return _too_many(request, refusal, kept)
            except ApplicationError as error:
                apply_service_error(form, error)
            else:
                request.session[NEW_RECEIPT_SESSION_KEY] = proposal.receipt_number
                url = reverse("open:topic_receipt")
                return redirect(f"{url}?number={proposal.receipt_number}")
        status = form_status(form)
    else:
        form = PublicTopicForm()
    challenge = captcha_issue(request.session)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["captcha_answer"] = ""
        form.data["captcha_token"] = challenge.token
    else:
        form.initial["captcha_token"] = challenge.token
    return render(
        request,
        "supervision/plan/public_form.html",
        {"call": call, "form": form, "question": challenge.question},
        status=status,
    )


def _receipt_state(proposal) -> tuple[str, str]:
    if proposal.status == ProposalStatus.SUBMITTED:
        return "待研究", "常委会工作机构正在研究您的建议。"
    if proposal.status == ProposalStatus.ADOPTED:
        return "已采纳", "您的建议已被采纳，将在年度监督工作计划中安排。"
    if proposal.status == ProposalStatus.MERGED:
        return "已合并", "您的建议已与内容相近的建议合并研究。"
    return "未采纳", "您的建议这次没有被采纳，原因见下。"


@require_GET
def public_topic_receipt(request):
    form = ReceiptLookupForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(
            request,
            "supervision/plan/public_lookup.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    proposal = selectors.proposal_for_receipt(form.cleaned_data["number"])
    if proposal is None:
        form.add_error("number", "没有找到这个回执编号，请核对后再查。")
        return render(
            request, "supervision/plan/public_lookup.html", {"form": form}, status=404
        )
    just_submitted = (
        request.session.get(NEW_RECEIPT_SESSION_KEY) == proposal.receipt_number
    )
    if just_submitted:
        del request.session[NEW_RECEIPT_SESSION_KEY]
    repeated = (
        request.session.get(REPEATED_RECEIPT_SESSION_KEY) == proposal.receipt_number
    )
    if repeated:
        del request.session[REPEATED_RECEIPT_SESSION_KEY]
        just_submitted = False
    state, sentence = _receipt_state(proposal)
    return render(
        request,
        "supervision/plan/public_receipt.html",
        {
            "proposal": proposal,
            "state": state,
            "sentence": sentence,
            "just_submitted": just_submitted,
            "repeated_message": REPEATED_MESSAGE if repeated else "",
        },
    )
