"""Reads of training: the list, one training (enrolments with attendance,
materials, actions), who may see it, a deputy's own, and the statistics
(person-times, hours, coverage per congress, group, delegation and deputy)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.parsing import parse_pk
from renda.core.state import allowed
from renda.deputies.models import DeputyGroup, Mandate

from .. import events
from ..choices import TrainingKind, TrainingStatus, TrainingTarget
from ..models import Enrollment, Training, TrainingMaterial
from ..permissions import (
    can_use_training,
    manages_training,
    reads_duty,
    reads_training,
    visible_congress_ids,
)

MANAGER_VERBS = ["edit", "enrol", "attend", "hold", "cancel"]


@dataclass
class TrainingFilters:
    congress: int | None = None
    year: int | None = None
    kind: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> TrainingFilters:
        year = parse_pk(query.get("year"))
        kind = query.get("kind") or ""
        return cls(
            congress=parse_pk(query.get("congress")),
            year=year if year and 2000 <= year <= 2100 else None,
            kind=kind if kind in TrainingKind.values else "",
            q=(query.get("q") or "").strip()[:50].replace("\x00", ""),
        )


# Who sees what ------------------------------------------------------------------------


def _deputy_q(deputy_id: int) -> Q:
    """The trainings open to a deputy: enrolled, named by the target, or a
    lecture of a congress they sit in."""
    mandates = list(
        Mandate.objects.filter(deputy_id=deputy_id).values(
            "term_id", "term__number", "term__congress_id"
        )
    )
    congresses = {m["term__congress_id"] for m in mandates}
    new_terms = [
        m["term_id"]
        for m in mandates
        if not any(
            o["term__congress_id"] == m["term__congress_id"]
            and o["term__number"] < m["term__number"]
            for o in mandates
        )
    ]
    led = set(
        DeputyGroup.objects.filter(leader_id=deputy_id).values_list(
            "congress_id", flat=True
        )
    )
    sitting = Mandate.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("starts_on")),
        deputy_id=deputy_id,
        term__congress_id=OuterRef("congress_id"),
        start_date__lte=OuterRef("starts_on"),
    )
    return (
        Q(
            Exists(
                Enrollment.objects.filter(training=OuterRef("pk"), deputy_id=deputy_id)
            )
        )
        | Q(kind=TrainingKind.LECTURE, congress_id__in=congresses)
        | Q(target=TrainingTarget.NEW_DEPUTIES, term_id__in=new_terms)
        | Q(target=TrainingTarget.GROUP_LEADERS, congress_id__in=led)
        | (Q(target=TrainingTarget.ALL_DEPUTIES) & Q(Exists(sitting)))
    )


def trainings_visible_to(user):
    """The trainings a user may open: staff and leaders those of their
    congresses, a deputy those open to them."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Training.objects.none()
    congress_ids = visible_congress_ids(user)
    if congress_ids is None:
        return Training.objects.all()
    query = Q(congress_id__in=congress_ids)
    if scope.deputy_id is not None:
        query |= _deputy_q(scope.deputy_id)
    return Training.objects.filter(query)


def get_training_for_user(user, pk) -> Training:
    """The training, or 404 for one outside the user's scope (403 for a user
    with no training pages at all)."""
    if not can_use_training(user):
        raise PermissionDenied("您无权查看培训。")
    pk = parse_pk(pk)
    training = (
        trainings_visible_to(user)
        .select_related("congress", "term")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if training is None:
        raise Http404
    return training


def get_managed_training(user, pk) -> Training:
    """The training for a write: 404 outside the scope, 403 for a reader."""
    training = get_training_for_user(user, pk)
    if not manages_training(user, training):
        raise PermissionDenied("您无权管理该培训。")
    return training


def get_material_for_user(user, pk) -> TrainingMaterial:
    pk = parse_pk(pk)
    material = (
        TrainingMaterial.objects.select_related("training").filter(pk=pk).first()
        if pk
        else None
    )
    if material is None:
        raise Http404
    get_training_for_user(user, material.training_id)
    return material


def get_enrollment_for_user(user, pk) -> Enrollment:
    """An enrolment: the deputy's own, or any of a training the user reads."""
    pk = parse_pk(pk)
    enrollment = (
        Enrollment.objects.select_related("training__congress", "deputy")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if enrollment is None:
        raise Http404
    if not can_use_training(user):
        raise PermissionDenied("您无权查看培训。")
    scope = get_scope(user)
    if scope.deputy_id == enrollment.deputy_id:
        return enrollment
    if not reads_training(user, enrollment.training):
        raise Http404
    return enrollment


# The list and one training ---------------------------------------------------------


def training_list(user, filters: TrainingFilters):
    """The visible trainings, filtered, the latest first, with their counts."""
    rows = trainings_visible_to(user).select_related("congress")
    if filters.congress:
        rows = rows.filter(congress_id=filters.congress)
    if filters.year:
        rows = rows.filter(starts_on__year=filters.year)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.q:
        rows = rows.filter(
            Q(title__icontains=filters.q)
            | Q(topic__icontains=filters.q)
            | Q(speaker__icontains=filters.q)
        )
    return rows.annotate(
        enrolled_count=Count("enrollments", distinct=True),
        attended_count=Count(
            "enrollments",
            filter=Q(enrollments__attended_at__isnull=False),
            distinct=True,
        ),
    ).order_by("-starts_on", "-id")


@dataclass
class TrainingDetail:
    training: Training
    manages: bool
    reads: bool
    enrollments: list
    enrolled: int
    attended: int
    materials: list
    actions: list[str]
    mine: Enrollment | None
    timeline: list = field(default_factory=list)

    @property
    def may_check_in_today(self) -> bool:
        today = timezone.localdate()
        return (
            allowed(self.training, "attend")
            and self.training.starts_on <= today <= self.training.ends_on
        )


def training_detail(user, pk) -> TrainingDetail:
    """One training as the user may see it, with the actions they may take now."""
    training = get_training_for_user(user, pk)
    manages = manages_training(user, training)
    reads = reads_training(user, training)
    scope = get_scope(user)
    rows = list(
        training.enrollments.select_related("deputy").order_by(
            "deputy__stroke_key", "deputy_id"
        )
    )
    mine = next((r for r in rows if r.deputy_id == scope.deputy_id), None)
    actions = []
    if manages:
        actions = [verb for verb in MANAGER_VERBS if allowed(training, verb)]
        if training.status != TrainingStatus.CANCELLED:
            actions.append("material")
    return TrainingDetail(
        training=training,
        manages=manages,
        reads=reads,
        enrollments=rows if reads else ([mine] if mine else []),
        enrolled=len(rows),
        attended=sum(1 for r in rows if r.attended_at),
        materials=list(training.materials.all()),
        actions=actions,
        mine=mine,
        timeline=events.timeline(training) if reads else [],
    )


def my_trainings(user) -> list[Enrollment]:
    """The deputy's own enrolments, the latest first."""
    scope = get_scope(user)
    if scope.deputy_id is None:
        return []
    return list(
        Enrollment.objects.filter(deputy_id=scope.deputy_id)
        .select_related("training__congress")
        .order_by("-training__starts_on", "-training_id")
    )


# Statistics ------------------------------------------------------------------------------


@dataclass
class KindLine:
    kind: str
    label: str
    trainings: int
    person_times: int
    hours: Decimal


@dataclass
class CoverageLine:
    name: str
    deputies: int
    attended: int
    person_times: int
    hours: Decimal

    @property
    def coverage(self) -> float:
        return round(100 * self.attended / self.deputies, 1) if self.deputies else 0.0


@dataclass
class DeputyLine:
    deputy_id: int
    name: str
    delegation: str
    trainings: int
    hours: Decimal


@dataclass
class TrainingStats:
    congress: Congress
    year: int
    trainings: int
    person_times: int
    hours: Decimal
    by_kind: list[KindLine]
    total: CoverageLine
    by_group: list[CoverageLine]
    by_delegation: list[CoverageLine]
    by_deputy: list[DeputyLine]
    # Deputies who studied on a trip (distinct), for the source's "100余名".
    trip_deputies: int = 0


def _hours(row) -> Decimal:
    return row.hours if row.hours is not None else row.training.hours


def training_stats(user, congress, year: int) -> TrainingStats:
    """Person-times, hours and coverage of a congress's year of training,
    computed from the attended enrolments."""
    if not reads_duty(user, congress):
        raise PermissionDenied("您无权查看该人大的培训统计。")
    trainings = list(
        Training.objects.filter(congress=congress, starts_on__year=year).exclude(
            status=TrainingStatus.CANCELLED
        )
    )
    attended = list(
        Enrollment.objects.filter(
            training__in=trainings, attended_at__isnull=False
        ).select_related("training")
    )
    by_kind = []
    for kind, label in TrainingKind.choices:
        rows = [r for r in attended if r.training.kind == kind]
        by_kind.append(
            KindLine(
                kind,
                str(label),
                sum(1 for t in trainings if t.kind == kind),
                len(rows),
                sum((_hours(r) for r in rows), Decimal(0)),
            )
        )
    per_deputy_times: dict[int, int] = defaultdict(int)
    per_deputy_hours: dict[int, Decimal] = defaultdict(Decimal)
    for row in attended:
        per_deputy_times[row.deputy_id] += 1
        per_deputy_hours[row.deputy_id] += _hours(row)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    sitting = list(
        Mandate.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first),
            term__congress=congress,
            start_date__lte=last,
        )
        .select_related("deputy", "delegation")
        .order_by("deputy__stroke_key", "deputy_id", "-term__number")
    )
    seen: dict[int, Mandate] = {}
    for mandate in sitting:
        seen.setdefault(mandate.deputy_id, mandate)

    def line(name, ids) -> CoverageLine:
        ids = set(ids)
        return CoverageLine(
            name=name,
            deputies=len(ids),
            attended=sum(1 for pk in ids if per_deputy_times.get(pk)),
            person_times=sum(per_deputy_times.get(pk, 0) for pk in ids),
            hours=sum((per_deputy_hours.get(pk, Decimal(0)) for pk in ids), Decimal(0)),
        )

    delegations: dict[str, list[int]] = defaultdict(list)
    for pk, mandate in seen.items():
        delegations[
            mandate.delegation.name if mandate.delegation else "未分代表团"
        ].append(pk)
    groups = DeputyGroup.objects.filter(congress=congress).prefetch_related("members")
    by_deputy = sorted(
        (
            DeputyLine(
                pk,
                mandate.deputy.name,
                mandate.delegation.name if mandate.delegation else "",
                per_deputy_times.get(pk, 0),
                per_deputy_hours.get(pk, Decimal(0)),
            )
            for pk, mandate in seen.items()
        ),
        key=lambda d: (-d.hours, -d.trainings),
    )
    trip_ids = {
        r.deputy_id for r in attended if r.training.kind == TrainingKind.STUDY_TRIP
    }
    return TrainingStats(
        congress=congress,
        year=year,
        trainings=len(trainings),
        person_times=len(attended),
        hours=sum((_hours(r) for r in attended), Decimal(0)),
        by_kind=by_kind,
        total=line(congress.name, seen),
        by_group=[
            line(g.name, [m.pk for m in g.members.all() if m.pk in seen])
            for g in groups
        ],
        by_delegation=[line(name, ids) for name, ids in sorted(delegations.items())],
        by_deputy=by_deputy,
        trip_deputies=len(trip_ids),
    )
