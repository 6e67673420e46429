"""Writes of deputies, mandates and groups."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from renda.core.services import action_log_record

from .models import Deputy, DeputyGroup, Mandate
from .naming import name_initials, name_pinyin, stroke_key

DEPUTY_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "party",
    "occupation",
    "work_unit",
    "occupation_category",
    "phone",
    "id_number",
)


def deputy_derive_names(deputy: Deputy) -> None:
    """Fill the name's pinyin, initials and stroke-order key from the name."""
    deputy.name = deputy.name.strip()
    deputy.name_pinyin = name_pinyin(deputy.name)
    deputy.name_initials = name_initials(deputy.name)
    deputy.stroke_key = stroke_key(deputy.name)


@transaction.atomic
def deputy_create(*, actor, audit: bool = True, **fields) -> Deputy:
    """Create a deputy from the given fields (see DEPUTY_FIELDS)."""
    unknown = set(fields) - set(DEPUTY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown deputy fields: {sorted(unknown)}")
    deputy = Deputy(**fields)
    deputy_derive_names(deputy)
    deputy.full_clean(exclude=["photo", "user"])
    deputy.save()
    if audit:
        action_log_record(
            actor=actor,
            action="deputy.create",
            target=deputy,
            summary=f"新增代表 {deputy.name}",
        )
    return deputy


@transaction.atomic
def deputy_update(*, deputy: Deputy, actor, **fields) -> Deputy:
    """Change a deputy's personal data; only the given fields are written."""
    unknown = set(fields) - set(DEPUTY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown deputy fields: {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(deputy, k) != v}
    for key, value in changed.items():
        setattr(deputy, key, value)
    update_fields = list(changed)
    if "name" in changed:
        deputy_derive_names(deputy)
        update_fields += ["name_pinyin", "name_initials", "stroke_key"]
    if not update_fields:
        return deputy
    deputy.full_clean(exclude=["photo", "user"])
    deputy.save(update_fields=[*update_fields, "updated_at"])
    action_log_record(
        actor=actor,
        action="deputy.update",
        target=deputy,
        summary=f"修改代表 {deputy.name}",
        data={"fields": sorted(changed)},
    )
    return deputy


@transaction.atomic
def mandate_create(
    *,
    actor,
    deputy: Deputy,
    term,
    start_date: dt.date,
    delegation=None,
    electoral_unit=None,
    constituency=None,
    audit: bool = True,
) -> Mandate:
    """Give a deputy a seat in a congress term."""
    mandate = Mandate(
        deputy=deputy,
        term=term,
        start_date=start_date,
        delegation=delegation,
        electoral_unit=electoral_unit,
        constituency=constituency,
    )
    mandate.full_clean()
    mandate.save()
    if audit:
        action_log_record(
            actor=actor,
            action="mandate.create",
            target=mandate,
            summary=f"{deputy.name} 取得 {term} 代表资格",
        )
    return mandate


@transaction.atomic
def mandate_end(*, actor, mandate: Mandate, end_date: dt.date, reason: str) -> Mandate:
    """End a mandate early or at the end of the term, with the reason."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    mandate.end_date = end_date
    mandate.end_reason = reason
    mandate.full_clean()
    mandate.save(update_fields=["end_date", "end_reason", "updated_at"])
    action_log_record(
        actor=actor,
        action="mandate.end",
        target=mandate,
        summary=f"{mandate.deputy.name} 代表资格终止：{mandate.get_end_reason_display()}",
    )
    return mandate


@transaction.atomic
def deputy_group_add_members(*, actor, group: DeputyGroup, deputies) -> None:
    """Add deputies to a group."""
    group.members.add(*deputies)
    action_log_record(
        actor=actor,
        action="deputy_group.add_members",
        target=group,
        summary=f"{group.name} 增加成员 {len(deputies)} 名",
    )
