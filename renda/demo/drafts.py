"""A draft the demo's station chief prepared for a deputy (代拟), through the services.

A resident's open request at the chief's station becomes a draft suggestion for
one of the deputies it may go to — the demo login ``deputy`` where she is one of
them — so that the deputy's workbench shows a prepared draft waiting for her.
"""

from __future__ import annotations

from renda.accounts.models import User
from renda.receptions.choices import PublicRequestStatus
from renda.receptions.models import PublicRequest
from renda.receptions.selectors import draft_deputy_options
from renda.receptions.services import public_request_prepare_draft


def demo_prepared_draft_build() -> int:
    """Prepare one draft from an open request at the chief's station; return how many."""
    chief = User.objects.filter(username="chief").first()
    deputy_user = User.objects.filter(username="deputy").first()
    if chief is None:
        return 0
    station_id = chief.role_assignments.values_list("station_id", flat=True).first()
    wanted = getattr(deputy_user, "deputy", None)
    open_requests = PublicRequest.objects.filter(
        station_id=station_id,
        status=PublicRequestStatus.RECEIVED,
        suggestion__isnull=True,
    ).order_by("-created_at", "-pk")
    fallback = None
    for request in open_requests:
        options = draft_deputy_options(request)
        if not options:
            continue
        chosen = next((d for d in options if wanted and d.pk == wanted.pk), None)
        if chosen is None:
            fallback = fallback or (request, options[0])
            continue
        return _prepare(request, chosen, chief)
    if fallback is not None:
        return _prepare(*fallback, chief)
    return 0


def _prepare(request, deputy, chief) -> int:
    text = request.content.strip()
    title = text.splitlines()[0][:40] if text else "群众反映问题"
    public_request_prepare_draft(
        request=request,
        deputy=deputy,
        title=f"关于{title}的建议" if not title.startswith("关于") else title,
        body=f"群众在联络站反映：{text}\n\n建议有关部门核实情况，尽快解决。",
        actor=chief,
    )
    return 1
