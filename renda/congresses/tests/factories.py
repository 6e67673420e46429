import datetime as dt

import factory

from renda.congresses.choices import Level
from renda.congresses.models import Congress, Delegation, Term
from renda.regions.tests.factories import RegionFactory


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress

    name = factory.LazyAttribute(lambda o: f"{o.region.name}人民代表大会")
    level = Level.MUNICIPAL
    region = factory.SubFactory(RegionFactory)
    parent = None


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    congress = factory.SubFactory(CongressFactory)
    number = 8
    start_date = dt.date(2017, 1, 1)
    end_date = dt.date(2021, 12, 31)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"第{n}代表团")
