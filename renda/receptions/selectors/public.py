"""Reads of the public side: a station by its printed id, its notice board, the rate limits.

Both the QR form and the receipt look-up are rate-limited per client address,
counted in the database so that the limits hold across gunicorn workers:
requests by ``PublicRequest.client_hash``, look-ups by the audit log's rows of
action ``LOOKUP_ACTION``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.utils import timezone

from renda.core.captcha import client_hash_for  # noqa: F401 - read through selectors
from renda.core.models import ActionLog
from renda.core.parsing import parse_pk
from renda.deputies.models import Deputy, DeputyGroup
from renda.deputies.selectors import ORDERINGS
from renda.stations.models import LiaisonStation

from ..models import ReceptionDay

LOOKUP_ACTION = "public_request.lookup"
RATE_WINDOW = dt.timedelta(hours=1)


def public_station(station_pk) -> LiaisonStation | None:
    """Return the station of a printed id (board, form), or None for a bad or unknown id."""
    pk = parse_pk(station_pk)
    if pk is None:
        return None
    return (
        LiaisonStation.objects.select_related("region", "region__parent")
        .filter(pk=pk)
        .first()
    )


def board_deputies(station: LiaisonStation) -> list[Deputy]:
    """Return the sitting deputies of the station's groups, in stroke order."""
    groups = list(
        DeputyGroup.objects.filter(station=station).select_related("congress")
    )
    group_ids = [group.pk for group in groups]
    deputies = list(
        Deputy.objects.filter(
            Q(deputy_groups__in=group_ids) | Q(led_groups__in=group_ids),
            mandates__end_date__isnull=True,
        )
        .distinct()
        .order_by(*ORDERINGS["stroke"])
    )
    congress_of = {group.pk: group.congress.short_name for group in groups}
    memberships: dict[int, list[str]] = {}
    through = DeputyGroup.members.through.objects.filter(deputygroup_id__in=group_ids)
    pairs = [(row.deputy_id, row.deputygroup_id) for row in through]
    pairs += [(group.leader_id, group.pk) for group in groups if group.leader_id]
    for deputy_id, group_id in pairs:
        names = memberships.setdefault(deputy_id, [])
        label = f"{congress_of[group_id]}代表"
        if label not in names:
            names.append(label)
    for deputy in deputies:
        deputy.board_titles = memberships.get(deputy.pk, [])
        deputy.initial = deputy.name[:1]
    return deputies


def board_reception_days(station: LiaisonStation, year: int) -> list[ReceptionDay]:
    """Return a station's reception days of a year, deputies in stroke order."""
    return list(
        ReceptionDay.objects.filter(station=station, date__year=year)
        .prefetch_related(
            Prefetch("deputies", queryset=Deputy.objects.order_by(*ORDERINGS["stroke"]))
        )
        .order_by("date", "start_time", "id")
    )


def receipt_lookups_in_the_last_hour(address: str | None) -> int:
    """Count the receipt look-ups from an address in the last hour."""
    # Look-ups with no known address share one bucket: the limit fails closed.
    since = timezone.now() - RATE_WINDOW
    return ActionLog.objects.filter(
        action=LOOKUP_ACTION, ip_address=address or None, created_at__gte=since
    ).count()
