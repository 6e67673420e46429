"""Writes of the station registry: a station's public details."""

from __future__ import annotations

from django.db import transaction

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.services import action_log_record

from .models import LiaisonStation
from .permissions import can_edit_station
from .phones import OFFICE_PHONE_MESSAGE, normalize_office_phone

ADDRESS_MAX_LENGTH = 200
OPENING_HOURS_MAX_LENGTH = 100


def _text(value: object, *, field: str, label: str, max_length: int) -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if len(text) > max_length:
        raise ApplicationError(
            f"{label}不能超过 {max_length} 个字（现有 {len(text)} 个）。",
            code="stations.invalid",
            field=field,
        )
    return text


@transaction.atomic
def station_update_public_info(
    *,
    station: LiaisonStation,
    address: str,
    opening_hours: str,
    office_phone: str,
    actor,
) -> LiaisonStation:
    """Change what a station's notice board tells residents: address, hours, office phone.

    Committee staff over the station, its chief and admins may; the office
    phone is checked and stored normalised (``phones.normalize_office_phone``).
    """
    station = (
        LiaisonStation.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=station.pk)
    )
    if not can_edit_station(actor, station):
        raise PermissionDenied("只有常委会工作人员或本站站长可以修改联络站信息。")
    phone = normalize_office_phone(office_phone)
    if phone is None:
        raise ApplicationError(
            OFFICE_PHONE_MESSAGE, code="stations.invalid", field="office_phone"
        )
    values = {
        "address": _text(
            address, field="address", label="地址", max_length=ADDRESS_MAX_LENGTH
        ),
        "opening_hours": _text(
            opening_hours,
            field="opening_hours",
            label="开放时间",
            max_length=OPENING_HOURS_MAX_LENGTH,
        ),
        "office_phone": phone,
    }
    changed = {
        name: [getattr(station, name), value]
        for name, value in values.items()
        if getattr(station, name) != value
    }
    if not changed:
        return station
    for name, (_old, value) in changed.items():
        setattr(station, name, value)
    station.save(update_fields=[*changed, "updated_at"])
    action_log_record(
        actor=actor,
        action="station.update_public_info",
        target=station,
        summary=f"修改{station.name}的公开信息",
        data={"changed": changed},
    )
    return station
