import datetime as dt

import factory

from renda.deputies.choices import Gender, OccupationCategory, Party
from renda.deputies.models import Deputy, DeputyGroup, Mandate
from renda.deputies.services import deputy_derive_names


class DeputyFactory(factory.django.DjangoModelFactory):
    """Build deputies the way deputy_create does: names derived from the name."""

    class Meta:
        model = Deputy

    name = factory.Iterator(
        ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"]
    )
    gender = Gender.MALE
    ethnicity = "汉族"
    birth_date = dt.date(1970, 5, 1)
    party = Party.CPC
    occupation = "工程师"
    work_unit = "辽源市某公司"
    occupation_category = OccupationCategory.PROFESSIONAL
    phone = factory.Sequence(lambda n: f"138{n:08d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        deputy = model_class(*args, **kwargs)
        deputy_derive_names(deputy)
        deputy.save()
        return deputy


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    deputy = factory.SubFactory(DeputyFactory)
    term = None
    start_date = dt.date(2017, 1, 1)


class DeputyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    congress = None
    name = factory.Sequence(lambda n: f"第{n}代表小组")
