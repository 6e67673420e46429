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


class LiaisonEventKind(models.TextChoices):
    """What happened to a contact or a committee meeting (their timelines)."""

    CONTACT_ASSIGNED = "CONTACT_ASSIGNED", _("确定联系代表")
    CONTACT_LOGGED = "CONTACT_LOGGED", _("记录联系")
    CONTACT_ENDED = "CONTACT_ENDED", _("结束联系")
    MEETING_CREATED = "MEETING_CREATED", _("登记会议")
    OBSERVERS_INVITED = "OBSERVERS_INVITED", _("邀请列席")
    OBSERVER_REMOVED = "OBSERVER_REMOVED", _("撤销列席邀请")
    ATTENDANCE_RECORDED = "ATTENDANCE_RECORDED", _("登记出席情况")
    LATE_ENTRY_CONFIRMED = "LATE_ENTRY_CONFIRMED", _("确认补录")
