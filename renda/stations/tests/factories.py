import factory

from renda.regions.choices import RegionKind
from renda.regions.tests.factories import RegionFactory
from renda.stations.models import LiaisonStation


class LiaisonStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonStation

    region = factory.SubFactory(
        RegionFactory,
        kind=RegionKind.SUBDISTRICT,
        code=factory.Sequence(lambda n: f"{220402001 + n:09d}"),
    )
    name = factory.LazyAttribute(lambda o: f"{o.region.name}人大代表联络站")
    address = "人民大街1号"
    chief_name = "王站长"
    chief_phone = "13800001111"
    liaison_officer_name = "李联络"
    liaison_officer_phone = "13900002222"
