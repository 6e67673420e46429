"""Factories of supervision rows for tests that need data, not the workflow.

Tests of a workflow build their records through the services.
"""

from __future__ import annotations

import factory

from renda.congresses.tests.factories import CongressFactory

from ..choices import ItemStatus, SupervisionKind
from ..models import SupervisionItem, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    congress = factory.SubFactory(CongressFactory)
    name = factory.Sequence(lambda n: f"主题{n}")


class SupervisionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionItem

    congress = factory.SubFactory(CongressFactory)
    year = 2020
    kind = SupervisionKind.RESEARCH
    title = factory.Sequence(lambda n: f"专题调研{n}")
    status = ItemStatus.PLANNED
