"""Pages of the duty archive: “我的履职” on the phone, the staff's board of
archives and one deputy's archive, its .docx and .xlsx, plenary sessions and
their roll, and the activities added by hand."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods

from renda.core.decorators import permission_required
from renda.core.errors import ApplicationError
from renda.core.errors import PermissionDenied as ServiceDenied
from renda.core.exporting import XLSX_TYPE
from renda.core.forms import apply_service_error, form_status, refusal_status

from ..choices import RecordStatus, SessionAttendanceStatus
from ..documents_archive import (
    DOCX_TYPE,
    archive_docx,
    archive_title,
    archive_xlsx,
    board_xlsx,
)
from ..forms_archive import RecordForm
from ..permissions import (
    can_manage_any_duty,
    can_use_duty_staff,
    can_use_my_duty,
    managed_congress_ids,
)
from ..selectors.archive import (
    ArchiveFilters,
    RecordFilters,
    archive_board,
    archive_for_user,
    board_deputies,
    current_year,
    deputy_congresses,
    get_record_for_user,
    my_archive,
    record_detail,
    records_list,
    session_roll,
    sessions_for_user,
    staff_congresses,
)
from ..selectors.reports import deputy_reports_summary
from ..selectors.scores import latest_published_score
from ..services.archive import (
    duty_record_add,
    duty_record_confirm,
    duty_record_reject,
    duty_record_withdraw,
    session_attendance_record_many,
)


def can_use_archive(user) -> bool:
    """Pages of the archive: a deputy (their own) or staff and leaders."""
    return can_use_my_duty(user) or can_use_duty_staff(user)


def run_service(call):
    """Run a service; a permission refusal becomes the 403 page."""
    try:
        return call(), None
    except ServiceDenied as error:
        raise PermissionDenied(error.message) from None
    except ApplicationError as error:
        return None, error


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(filename)
    return response


# The archive ----------------------------------------------------------------------


@permission_required(can_use_my_duty)
def me(request):
    """“我的履职”: the deputy's own archive, big text, on the phone."""
    page = my_archive(
        request.user,
        congress_id=request.GET.get("congress"),
        year=request.GET.get("year"),
    )
    return render(
        request,
        "duty/archive/archive.html",
        {"page": page, "mine": True, **_beside_the_archive(page)},
    )


def _beside_the_archive(page) -> dict:
    """What “我的履职” shows beside the entries: the year's latest published
    score (the annual one once published) and the reports with voters' ratings."""
    score = latest_published_score(
        deputy=page.deputy, congress=page.congress, year=page.year
    )
    reports = deputy_reports_summary(
        deputy=page.deputy, congress=page.congress, year=page.year
    )
    return {"score": score, "reports": reports}


@permission_required(can_use_archive)
def archive(request, deputy_id: int):
    """One deputy's archive (the deputy themself, staff and leaders)."""
    page = archive_for_user(
        request.user,
        deputy_id=deputy_id,
        congress_id=request.GET.get("congress"),
        year=request.GET.get("year"),
    )
    return render(
        request,
        "duty/archive/archive.html",
        {"page": page, "mine": page.is_self, **_beside_the_archive(page)},
    )


def _page_of(request, deputy_id):
    return archive_for_user(
        request.user,
        deputy_id=deputy_id,
        congress_id=request.GET.get("congress"),
        year=request.GET.get("year"),
    )


@permission_required(can_use_archive)
def archive_docx_view(request, deputy_id: int):
    page = _page_of(request, deputy_id)
    return attachment(archive_docx(page), DOCX_TYPE, f"{archive_title(page)}.docx")


@permission_required(can_use_archive)
def archive_xlsx_view(request, deputy_id: int):
    page = _page_of(request, deputy_id)
    return attachment(archive_xlsx(page), XLSX_TYPE, f"{archive_title(page)}.xlsx")


@permission_required(can_use_duty_staff)
def archives(request):
    """The congress's deputies with counts per kind for a year (staff, leaders)."""
    board = archive_board(
        request.user,
        ArchiveFilters.from_query(request.GET),
        page_number=request.GET.get("page"),
        per_page=settings.RENDA_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "duty/archive/board.html",
        {
            "board": board,
            "page": board.page,
            "query": query.urlencode(),
            "years": list(range(current_year(), 2016, -1)),
        },
    )


@permission_required(can_use_duty_staff)
def archives_xlsx(request):
    board = archive_board(request.user, ArchiveFilters.from_query(request.GET))
    return attachment(
        board_xlsx(board),
        XLSX_TYPE,
        f"{board.congress.name}{board.year}年代表履职档案.xlsx",
    )


# Sessions --------------------------------------------------------------------------


@permission_required(can_use_duty_staff)
def sessions(request):
    congress, congresses, rows = sessions_for_user(
        request.user, congress_id=request.GET.get("congress")
    )
    return render(
        request,
        "duty/archive/sessions.html",
        {
            "congress": congress,
            "congresses": congresses,
            "rows": rows,
            "statuses": SessionAttendanceStatus.choices,
        },
    )


def _typed(post, deputy_pk) -> tuple[str, str, str, str]:
    """What the roll's form posted for one deputy: status, leave, absent, reason."""
    prefix = f"d{deputy_pk}_"
    return tuple(
        post.get(prefix + name, "") for name in ("status", "leave", "absent", "reason")
    )


def _posted_rows(post, roll) -> list[dict]:
    """The rows the staff filled in. A row left 未登记 is skipped, unless something
    else was typed in it: then the service refuses it by name instead of the page
    dropping the half-days or the reason without a word."""
    rows = []
    for row in roll.rows:
        status, leave, absent, reason = _typed(post, row.deputy.pk)
        if not status and not (leave.strip() or absent.strip() or reason.strip()):
            continue
        rows.append(
            {
                "deputy_id": row.deputy.pk,
                "status": status,
                "leave_half_days": leave or 0,
                "absent_half_days": absent or 0,
                "reason": reason,
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@permission_required(can_use_duty_staff)
def session_attendance(request, pk: int):
    """The roll of the session's deputies with their attendance; staff save it."""
    roll = session_roll(request.user, pk)
    error = None
    status = 200
    if request.method == "POST":
        if not roll.manages:
            raise PermissionDenied("您无权登记出席情况。")
        _rows, error = run_service(
            lambda: session_attendance_record_many(
                session=roll.session,
                rows=_posted_rows(request.POST, roll),
                actor=request.user,
            )
        )
        if error is None:
            messages.success(request, "出席情况已保存。")
            return redirect("duty:session_attendance", roll.session.pk)
        status = refusal_status(error)
    return render(
        request,
        "duty/archive/session_roll.html",
        {
            "roll": roll,
            "lines": _roll_lines(roll, request.POST if error else None),
            "max_half_days": str(roll.half_days),
            "error": error,
        },
        status=status,
    )


@dataclass(frozen=True)
class RollLine:
    """One deputy's row of the roll as the page shows it: what was saved, or after a
    refused save what the staff typed (a roll of 269 deputies is not typed twice)."""

    pk: str
    name: str
    status: str
    status_label: str
    leave: str
    absent: str
    reason: str
    options: str  # the <option>s of the status select, this line's status selected


def _roll_lines(roll, posted=None) -> list[RollLine]:
    statuses = SessionAttendanceStatus.choices
    labels = dict(statuses)
    options: dict[str, str] = {}  # built once per status, not once per deputy

    def options_for(status: str) -> str:
        if status not in options:
            options[status] = format_html(
                '<option value="">未登记</option>{}',
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (value, " selected" if value == status else "", label)
                        for value, label in statuses
                    ),
                ),
            )
        return options[status]

    lines = []
    for row in roll.rows:
        pk = str(row.deputy.pk)
        a = row.attendance
        if posted is not None:
            status, leave, absent, reason = _typed(posted, pk)
        elif a is not None:
            status, reason = a.status, a.reason
            leave, absent = str(a.leave_half_days), str(a.absent_half_days)
        else:
            status = leave = absent = reason = ""
        lines.append(
            RollLine(
                pk=pk,
                name=row.deputy.name,
                status=status,
                status_label=labels.get(status, "未登记"),
                leave=leave,
                absent=absent,
                reason=reason,
                options=options_for(status),
            )
        )
    return lines


# Records added by hand ---------------------------------------------------------------


@permission_required(can_use_archive)
def records(request):
    rows = records_list(request.user, RecordFilters.from_query(request.GET))
    return render(
        request,
        "duty/archive/records.html",
        {
            "rows": rows[:200],
            "staff": can_use_duty_staff(request.user),
            "statuses": RecordStatus.choices,
        },
    )


def _record_congress(request):
    """The congress a record is added to, and the deputies staff may pick."""
    from renda.accounts.permissions import get_scope

    wanted = request.GET.get("congress") or request.POST.get("congress")
    if can_manage_any_duty(request.user):
        managed = managed_congress_ids(request.user)
        congresses = [
            c
            for c in staff_congresses(request.user)
            if managed is None or c.pk in managed
        ]
        congress = next((c for c in congresses if str(c.pk) == str(wanted)), None)
        congress = congress or (congresses[0] if congresses else None)
        if congress is None:
            raise Http404
        deputies = list(board_deputies(congress, current_year(), ArchiveFilters()))
        return congress, congresses, deputies, None
    scope = get_scope(request.user)
    from renda.deputies.models import Deputy

    deputy = Deputy.objects.filter(pk=scope.deputy_id).first()
    congresses = deputy_congresses(deputy) if deputy else []
    if not congresses:
        raise Http404
    congress = next((c for c in congresses if str(c.pk) == str(wanted)), congresses[0])
    return congress, congresses, None, deputy


@require_http_methods(["GET", "POST"])
@permission_required(lambda user: can_use_my_duty(user) or can_manage_any_duty(user))
def record_new(request):
    """Add an activity done outside Renda, with evidence (deputy or staff)."""
    congress, congresses, deputies, own = _record_congress(request)
    posted = request.method == "POST"
    form = RecordForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        deputies=deputies,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        deputy = own
        if deputies is not None:
            deputy = next((d for d in deputies if d.pk == data["deputy"]), None)
        if deputy is None:
            form.add_error("deputy", "请选择本级人大的代表。")
        else:
            record, error = run_service(
                lambda: duty_record_add(
                    congress=congress,
                    deputy=deputy,
                    kind=data["kind"],
                    date=data["date"],
                    title=data["title"],
                    place=data["place"],
                    organiser=data["organiser"],
                    description=data["description"],
                    evidence=data["evidence"],
                    actor=request.user,
                )
            )
            if error is None:
                messages.success(request, "履职记录已提交，待工作人员确认后计入档案。")
                return redirect("duty:record_detail", record.pk)
            apply_service_error(form, error)
    return render(
        request,
        "duty/archive/record_form.html",
        {"form": form, "congress": congress, "congresses": congresses},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@permission_required(can_use_archive)
def record_detail_page(request, pk: int):
    """One record: its evidence, state and timeline; confirm, refuse or withdraw."""
    detail = record_detail(request.user, pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ("confirm", "reject", "withdraw"):
            raise PermissionDenied("您不能办理该操作。")
        # A step no longer offered (a colleague decided the record in another
        # tab) goes on to the service: it refuses it as a wrong state (409),
        # or as not the user's to take (403).
        note = request.POST.get("note", "")
        record = detail.record
        calls = {
            "confirm": lambda: duty_record_confirm(
                record=record, note=note, actor=request.user
            ),
            "reject": lambda: duty_record_reject(
                record=record, note=note, actor=request.user
            ),
            "withdraw": lambda: duty_record_withdraw(record=record, actor=request.user),
        }
        _done, error = run_service(calls[action])
        if error is None:
            messages.success(request, "已办理。")
            return redirect("duty:record_detail", record.pk)
    return render(
        request,
        "duty/archive/record_detail.html",
        {"detail": detail, "error": error, "today": timezone.localdate()},
        status=refusal_status(error) if error else 200,
    )


@permission_required(can_use_archive)
def record_evidence(request, pk: int):
    record = get_record_for_user(request.user, pk)
    if not record.evidence:
        raise Http404
    return FileResponse(
        record.evidence.open("rb"),
        as_attachment=True,
        filename=record.evidence_name or "evidence",
    )
