"""Choices of 双联 records; the thresholds are in rules.py, read at call time."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class LateEntryKind(models.TextChoices):
    """The records that may be entered late (补录), by their API path segment."""

    CONTACT_LOG = "contact-log", _("联系记录")
    GROUP_ACTIVITY = "group-activity", _("代表小组活动")
    OBSERVER = "observer", _("列席代表邀请")
    COORDINATION = "coordination", _("代表工作调度会")
