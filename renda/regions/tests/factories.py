import factory

from renda.regions.choices import RegionKind
from renda.regions.models import Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{220000 + n:06d}")
    name = factory.Sequence(lambda n: f"区划{n}")
    kind = RegionKind.PROVINCE
    parent = None
