from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The rules of 双联, as settings (the committee's 《关于加强…联系的意见》).
MIN_LEADER_CONTACTS = getattr(settings, "RENDA_MIN_LEADER_CONTACTS", 5)
MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR = getattr(
    settings, "RENDA_MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR", 1
)
MIN_MEETING_OBSERVERS = getattr(settings, "RENDA_MIN_MEETING_OBSERVERS", 3)


class ContactKind(models.TextChoices):
    VISIT = "VISIT", _("走访")
    CALL = "CALL", _("电话")
    MEETING = "MEETING", _("座谈")
    OTHER = "OTHER", _("其他")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("第一季度")
    Q2 = 2, _("第二季度")
    Q3 = 3, _("第三季度")
    Q4 = 4, _("第四季度")
