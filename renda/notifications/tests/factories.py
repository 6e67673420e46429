import factory

from renda.accounts.tests.factories import UserFactory
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.GENERIC
    title = factory.Sequence(lambda n: f"通知{n}")
    body = "请及时办理。"
