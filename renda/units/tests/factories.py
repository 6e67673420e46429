import factory

from renda.congresses.choices import Level
from renda.regions.tests.factories import RegionFactory
from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    name = factory.Sequence(lambda n: f"测试局{n}")
    kind = UnitKind.DEPARTMENT
    level = Level.MUNICIPAL
    region = factory.SubFactory(RegionFactory)
