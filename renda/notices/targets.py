"""What a notice of a congress may be addressed to, and who that is at publication.

A congress's staff reach the deputies and people of its area: its own deputies,
the congresses below it (by level), its delegations, the groups and stations in
its area, named deputies of those congresses and named users working there.
Resolution reads current mandates only (a deputy whose mandate ended is not a
recipient) and is done once, at publication: the receipts it writes are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from renda.accounts.models import User
from renda.congresses.choices import LEVEL_ORDER, Level
from renda.congresses.models import Congress, Delegation
from renda.deputies.models import Deputy, DeputyGroup
from renda.stations.models import LiaisonStation

from .choices import TargetKind


def _path(congress: Congress) -> str:
    return congress.region.path


def congresses_in_area(congress: Congress) -> QuerySet[Congress]:
    """Return the congress and those of the areas below it."""
    return Congress.objects.filter(region__path__startswith=_path(congress))


def levels_in_area(congress: Congress) -> list:
    """Return the levels a notice may address: the congress's own and those below."""
    index = LEVEL_ORDER.index(congress.level)
    return [Level(level) for level in LEVEL_ORDER[index:]]


def delegations_in_area(congress: Congress) -> QuerySet[Delegation]:
    return Delegation.objects.filter(
        term__congress__region__path__startswith=_path(congress)
    ).order_by("term__congress__region__code", "-term__number", "name")


def groups_in_area(congress: Congress) -> QuerySet[DeputyGroup]:
    return DeputyGroup.objects.filter(
        congress__region__path__startswith=_path(congress)
    ).order_by("congress__region__code", "name")


def stations_in_area(congress: Congress) -> QuerySet[LiaisonStation]:
    return LiaisonStation.objects.filter(
        region__path__startswith=_path(congress)
    ).order_by("region__code")


def _current_in(condition: Q) -> QuerySet[Deputy]:
    return Deputy.objects.filter(condition, mandates__end_date__isnull=True).distinct()


def deputies_in_area(congress: Congress) -> QuerySet[Deputy]:
    """Deputies with a current mandate in the congress or one below it."""
    return _current_in(
        Q(mandates__term__congress__region__path__startswith=_path(congress))
    )


def users_in_area(congress: Congress) -> QuerySet[User]:
    """Active users working in the congress's area: staff, leaders and members of
    its congresses, unit staff, station staff, and its deputies."""
    path = _path(congress)
    return User.objects.filter(
        Q(role_assignments__congress__region__path__startswith=path)
        | Q(role_assignments__handling_unit__region__path__startswith=path)
        | Q(role_assignments__station__region__path__startswith=path)
        | Q(
            role_assignments__deputy__mandates__term__congress__region__path__startswith=path,
            role_assignments__deputy__mandates__end_date__isnull=True,
        ),
        is_active=True,
    ).distinct()


@dataclass(frozen=True)
class TargetChoice:
    """One target as the staff chose it (unsaved): its kind, the row, its label."""

    kind: str
    obj: object = None
    level: str = ""

    @property
    def label(self) -> str:
        if self.kind == TargetKind.LEVEL:
            return f"{Level(self.level).label}级人大代表"
        if self.kind == TargetKind.CONGRESS:
            return f"{self.obj.name}全体代表"
        if self.kind == TargetKind.USER:
            return self.obj.display_name or self.obj.username
        return str(self.obj)


def deputies_of_target(notice_congress: Congress, target) -> QuerySet[Deputy]:
    """Return the deputies one target reaches (current mandates, within the area)."""
    path = _path(notice_congress)
    area = Q(mandates__term__congress__region__path__startswith=path)
    kind = target.kind
    if kind == TargetKind.CONGRESS:
        return _current_in(Q(mandates__term__congress_id=target.congress_id))
    if kind == TargetKind.LEVEL:
        return _current_in(area & Q(mandates__term__congress__level=target.level))
    if kind == TargetKind.DELEGATION:
        return _current_in(Q(mandates__delegation_id=target.delegation_id))
    if kind == TargetKind.GROUP:
        return Deputy.objects.filter(deputy_groups__id=target.group_id).distinct()
    if kind == TargetKind.STATION:
        return Deputy.objects.filter(
            deputy_groups__station_id=target.station_id
        ).distinct()
    if kind == TargetKind.DEPUTY:
        return Deputy.objects.filter(pk=target.deputy_id)
    return Deputy.objects.none()


@dataclass
class Recipient:
    name: str
    stroke_key: str
    user: User | None
    deputy: Deputy | None


def resolve_recipients(notice) -> list[Recipient]:
    """Return the concrete recipients of a notice's targets, each person once.

    A deputy reached through several targets is one recipient; a named user who
    is a deputy is the same recipient as that deputy. Deputies without an
    account are kept (user None): the receipts table lists them as undeliverable.
    """
    targets = list(notice.targets.all())
    deputy_query = Q(pk__in=[])
    for target in targets:
        if target.kind != TargetKind.USER:
            ids = deputies_of_target(notice.congress, target).values("pk")
            deputy_query |= Q(pk__in=ids)
    deputies = list(
        Deputy.objects.filter(deputy_query)
        .select_related("user")
        .order_by("stroke_key", "id")
    )
    by_user: dict[int, Recipient] = {}
    recipients: list[Recipient] = []
    for deputy in deputies:
        user = deputy.user if deputy.user_id and deputy.user.is_active else None
        recipient = Recipient(deputy.name, deputy.stroke_key, user, deputy)
        recipients.append(recipient)
        if user is not None:
            by_user[user.pk] = recipient
    named_ids = [t.user_id for t in targets if t.kind == TargetKind.USER]
    if named_ids:
        users = User.objects.filter(pk__in=named_ids, is_active=True).select_related(
            "deputy"
        )
        for user in users.order_by("username"):
            if user.pk in by_user:
                continue
            deputy = getattr(user, "deputy", None)
            if deputy is not None and any(r.deputy == deputy for r in recipients):
                continue
            name = user.display_name or user.username
            recipient = Recipient(
                name, deputy.stroke_key if deputy else name, user, deputy
            )
            recipients.append(recipient)
            by_user[user.pk] = recipient
    return recipients
