"""Pages of training and the 人大讲坛: the list, a new training, one training
(enrolments, materials, timeline), edit, cancel, hold, enrolment by target or
by picking deputies, the staff's check-in list, the door's QR poster, the
deputy's check-in page the code opens, materials, certificates, statistics
with the .xlsx, and the deputy's own list."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError, NotFound
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.exporting import XLSX_TYPE
from renda.core.forms import apply_service_error, form_status, refusal_status
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk
from renda.core.qr import qr_svg
from renda.deputies.models import Deputy

from ..choices import CheckInMethod, TrainingKind
from ..documents_training import (
    DOCX_TYPE,
    certificate_docx,
    certificate_filename,
    stats_xlsx,
)
from ..forms_training import CancelForm, EnrolForm, MaterialForm, TrainingForm
from ..models import Training
from ..permissions import (
    can_manage_any_duty,
    can_use_duty_staff,
    can_use_my_duty,
    can_use_training,
    managed_congress_ids,
    reads_duty,
    visible_congress_ids,
)
from ..selectors.training import (
    TrainingFilters,
    get_enrollment_for_user,
    get_managed_training,
    get_material_for_user,
    my_trainings,
    training_detail,
    training_list,
    training_stats,
)
from ..services import training as services

QR_SCALE = 8


def _status_of(error: ApplicationError) -> int:
    return 404 if isinstance(error, NotFound) else refusal_status(error)


def run_service(call):
    """Run a service; a permission refusal becomes the 403 page."""
    try:
        return call(), None
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    except ApplicationError as error:
        return None, error


def _years() -> list[int]:
    return list(range(timezone.localdate().year + 1, 2016, -1))


def _congresses(ids):
    rows = Congress.objects.order_by("region__code")
    return rows if ids is None else rows.filter(pk__in=ids)


# The list and a new training ----------------------------------------------------------


@require_GET
@permission_required(can_use_training)
def training_list_page(request):
    filters = TrainingFilters.from_query(request.GET)
    paginator = BoundedPaginator(
        training_list(request.user, filters), settings.RENDA_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "duty/training/list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "kinds": TrainingKind.choices,
            "years": _years(),
            "may_create": can_manage_any_duty(request.user),
            "may_stats": can_use_duty_staff(request.user),
        },
    )


def _managed_congress(request) -> Congress:
    congresses = list(_congresses(managed_congress_ids(request.user))[:200])
    if not congresses:
        raise Http404
    chosen = parse_pk(request.POST.get("congress") or request.GET.get("congress"))
    return next((c for c in congresses if c.pk == chosen), congresses[0]), congresses


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_any_duty)
def training_new(request):
    congress, congresses = _managed_congress(request)
    form = TrainingForm(request.POST or None, congress=congress)
    if request.method == "POST" and form.is_valid():
        training, error = run_service(
            lambda: services.training_create(
                congress=congress, actor=request.user, **form.service_values()
            )
        )
        if error is None:
            messages.success(request, f"已创建“{training.title}”。")
            return redirect("duty:training_detail", training.pk)
        apply_service_error(form, error)
    return render(
        request,
        "duty/training/form.html",
        {"form": form, "congress": congress, "congresses": congresses},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_training)
def training_edit(request, pk: int):
    training = get_managed_training(request.user, pk)
    fields = list(TrainingForm.base_fields)
    initial = {name: getattr(training, name) for name in fields}
    form = TrainingForm(
        request.POST or None, initial=initial, congress=training.congress
    )
    if request.method == "POST" and form.is_valid():
        _, error = run_service(
            lambda: services.training_edit(
                training=training, actor=request.user, **form.service_values()
            )
        )
        if error is None:
            messages.success(request, "已保存。")
            return redirect("duty:training_detail", training.pk)
        apply_service_error(form, error)
    return render(
        request,
        "duty/training/form.html",
        {"form": form, "training": training, "congress": training.congress},
        status=form_status(form),
    )


# One training ------------------------------------------------------------------------


def _detail_page(
    request, pk, *, error=None, status=200, material_form=None, cancel_form=None
):
    detail = training_detail(request.user, pk)
    return render(
        request,
        "duty/training/detail.html",
        {
            "detail": detail,
            "training": detail.training,
            "error": error,
            "cancel_form": cancel_form or CancelForm(),
            "material_form": material_form or MaterialForm(),
        },
        status=form_status(material_form, default=status),
    )


@require_GET
@permission_required(can_use_training)
def training_detail_page(request, pk: int):
    return _detail_page(request, pk)


def _simple_post(request, pk, call, done: str):
    training = get_managed_training(request.user, pk)
    _, error = run_service(lambda: call(training))
    if error is not None:
        return _detail_page(request, pk, error=error, status=_status_of(error))
    messages.success(request, done)
    return redirect("duty:training_detail", training.pk)


@require_POST
@permission_required(can_use_training)
def training_cancel(request, pk: int):
    training = get_managed_training(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        # Not cancelled without the reason the staff wrote: the page says what is wrong.
        return _detail_page(request, pk, cancel_form=form, status=400)
    _, error = run_service(
        lambda: services.training_cancel(
            training=training, reason=form.cleaned_data["reason"], actor=request.user
        )
    )
    if error is not None:
        # At the cancel form, which stays on the page with the reason typed
        # even when the training was held or cancelled meanwhile.
        apply_service_error(form, error, default="reason")
        return _detail_page(request, pk, status=_status_of(error), cancel_form=form)
    messages.success(request, "已取消该培训。")
    return redirect("duty:training_detail", training.pk)


@require_POST
@permission_required(can_use_training)
def training_hold(request, pk: int):
    return _simple_post(
        request,
        pk,
        lambda t: services.training_hold(training=t, actor=request.user),
        "已结束报名，仍可补登签到。",
    )


# Enrolment ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(can_use_training)
def training_enrol(request, pk: int):
    """Enrol by the training's target, pick deputies, or take one off."""
    training = get_managed_training(request.user, pk)
    enrolled = set(training.enrollments.values_list("deputy_id", flat=True))
    candidates = services.congress_deputies(training).exclude(pk__in=enrolled)
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        candidates = candidates.filter(name__contains=q)
    form = None
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "target":
            rows, error = run_service(
                lambda: services.enrollment_by_target(
                    training=training, actor=request.user
                )
            )
            if error is None:
                messages.success(request, f"已按培训对象报名 {len(rows)} 人。")
                return redirect("duty:training_enrol", training.pk)
        elif action == "remove":
            enrollment = training.enrollments.filter(
                pk=parse_pk(request.POST.get("enrollment"))
            ).first()
            if enrollment is None:
                raise Http404
            _, error = run_service(
                lambda: services.enrollment_remove(
                    enrollment=enrollment, actor=request.user
                )
            )
            if error is None:
                messages.success(request, "已取消报名。")
                return redirect("duty:training_enrol", training.pk)
        else:
            form = EnrolForm(request.POST, candidates=candidates)
            if form.is_valid():
                rows, error = run_service(
                    lambda: services.enrollment_add(
                        training=training,
                        deputies=list(form.cleaned_data["deputies"]),
                        actor=request.user,
                    )
                )
                if error is None:
                    messages.success(request, f"已报名 {len(rows)} 人。")
                    return redirect("duty:training_enrol", training.pk)
                apply_service_error(form, error)
    status = 200
    if error is not None and form is None:
        status = _status_of(error)
    # A refused pick comes back with the same deputies ticked.
    picked = set()
    if form is not None:
        picked = {parse_pk(value) for value in form["deputies"].value() or []}
    return render(
        request,
        "duty/training/enrol.html",
        {
            "training": training,
            "form": form or EnrolForm(candidates=candidates),
            "candidates": candidates.order_by("stroke_key", "id")[:300],
            "enrollments": training.enrollments.select_related("deputy"),
            "error": error,
            "picked": picked,
            "q": q,
        },
        status=form_status(form, default=status),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_training)
def training_attendance(request, pk: int):
    """The staff's check-in list: one big tick box per enrolled deputy."""
    training = get_managed_training(request.user, pk)
    error = None
    ticked: set[int] = set()
    if request.method == "POST":
        ids = [parse_pk(v) for v in request.POST.getlist("deputies")]
        ticked = {i for i in ids if i}
        deputies = list(
            Deputy.objects.filter(
                pk__in=ticked, training_enrollments__training=training
            )
        )

        def check_in_all() -> int:
            # All or none: a refusal for one deputy leaves no one checked in,
            # and the page comes back with every tick still in it.
            with transaction.atomic():
                for deputy in deputies:
                    services.enrollment_check_in(
                        training=training,
                        deputy=deputy,
                        method=CheckInMethod.STAFF,
                        actor=request.user,
                    )
            return len(deputies)

        count, error = run_service(check_in_all)
        if error is None:
            messages.success(request, f"已登记签到 {count} 人。")
            return redirect("duty:training_attendance", training.pk)
    rows = training.enrollments.select_related("deputy").order_by(
        "deputy__stroke_key", "deputy_id"
    )
    return render(
        request,
        "duty/training/attendance.html",
        {"training": training, "rows": rows, "error": error, "ticked": ticked},
        status=_status_of(error) if error else 200,
    )


# The door and the deputy's phone --------------------------------------------------------


@require_GET
@permission_required(can_use_training)
def training_door(request, pk: int):
    """The poster with the check-in QR code, to show at the door or print."""
    training = get_managed_training(request.user, pk)
    url = request.build_absolute_uri(
        reverse("duty:training_checkin", args=[training.pk, training.checkin_token])
    )
    return render(
        request,
        "duty/training/door.html",
        {
            "training": training,
            "qr_svg": qr_svg(url, scale=QR_SCALE),
            "checkin_url": url,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_my_duty)
def training_checkin(request, pk: int, token: str):
    """What a deputy's phone opens after scanning: one big 签到 button."""
    training = Training.objects.filter(pk=pk).first()
    if training is None or token != training.checkin_token:
        raise Http404
    scope = get_scope(request.user)
    deputy = (
        Deputy.objects.filter(pk=scope.deputy_id).first() if scope.deputy_id else None
    )
    if deputy is None:
        raise PermissionDenied("扫码签到仅供人大代表本人使用。")
    enrollment = training.enrollments.filter(deputy=deputy).first()
    error = None
    status = 200
    if request.method == "POST":
        try:
            enrollment = services.enrollment_check_in(
                training=training,
                deputy=deputy,
                method=CheckInMethod.QR,
                token=token,
                actor=request.user,
            )
        except ServiceDenied as refused:
            error, status = refused, 403
        except ApplicationError as refused:
            error, status = refused, _status_of(refused)
        else:
            return redirect("duty:training_checkin", training.pk, token)
    today = timezone.localdate()
    return render(
        request,
        "duty/training/checkin.html",
        {
            "training": training,
            "deputy": deputy,
            "enrollment": enrollment,
            "error": error,
            "open_today": training.starts_on <= today <= training.ends_on,
        },
        status=status,
    )


# Materials and certificates ---------------------------------------------------------


@require_POST
@permission_required(can_use_training)
def training_material_add(request, pk: int):
    training = get_managed_training(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        _, error = run_service(
            lambda: services.material_add(
                training=training,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        )
        if error is None:
            messages.success(request, "已上传材料。")
            return redirect("duty:training_detail", training.pk)
        apply_service_error(form, error)
    return _detail_page(request, pk, material_form=form)


@require_GET
@permission_required(can_use_training)
def training_material(request, pk: int):
    material = get_material_for_user(request.user, pk)
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    name = material.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@require_GET
@permission_required(can_use_training)
def training_certificate(request, pk: int):
    """The 结业证书 (.docx) of one attended enrolment."""
    enrollment = get_enrollment_for_user(request.user, pk)
    if enrollment.attended_at is None or not enrollment.certificate_number:
        raise Http404
    response = HttpResponse(certificate_docx(enrollment), content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(certificate_filename(enrollment))}"
    )
    return response


# Statistics and the deputy's own list --------------------------------------------------


def _stats_of(request):
    congresses = list(_congresses(visible_congress_ids(request.user))[:200])
    chosen = parse_pk(request.GET.get("congress"))
    congress = next((c for c in congresses if c.pk == chosen), None)
    if congress is None:
        if chosen:
            raise Http404
        congress = congresses[0] if congresses else None
    if congress is None or not reads_duty(request.user, congress):
        raise Http404
    year = parse_pk(request.GET.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    return training_stats(request.user, congress, year), congresses


@require_GET
@permission_required(can_use_duty_staff)
def training_stats_page(request):
    stats, congresses = _stats_of(request)
    return render(
        request,
        "duty/training/stats.html",
        {"stats": stats, "congresses": congresses, "years": _years()},
    )


@require_GET
@permission_required(can_use_duty_staff)
def training_stats_xlsx(request):
    stats, _ = _stats_of(request)
    response = HttpResponse(stats_xlsx(stats), content_type=XLSX_TYPE)
    name = f"{stats.congress.name}{stats.year}年代表培训统计.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
@permission_required(can_use_my_duty)
def my_training(request):
    rows = my_trainings(request.user)
    attended = [r for r in rows if r.attended_at]
    hours = sum(
        (r.hours if r.hours is not None else r.training.hours for r in attended), 0
    )
    return render(
        request,
        "duty/training/mine.html",
        {"rows": rows, "attended": len(attended), "hours": hours},
    )
