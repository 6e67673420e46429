from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "SYSTEM_ADMIN", _("系统管理员")
    COMMITTEE_STAFF = "COMMITTEE_STAFF", _("常委会工作人员")
    LEADER = "LEADER", _("常委会班子成员")
    COMMITTEE_MEMBER = "COMMITTEE_MEMBER", _("常委会组成人员")
    DEPUTY = "DEPUTY", _("人大代表")
    UNIT_STAFF = "UNIT_STAFF", _("承办单位工作人员")
    STATION_CHIEF = "STATION_CHIEF", _("联络站站长")
    LIAISON_OFFICER = "LIAISON_OFFICER", _("联络站联络员")


# Which scope object each role is tied to.
CONGRESS_ROLES = {Role.COMMITTEE_STAFF, Role.LEADER, Role.COMMITTEE_MEMBER}
STATION_ROLES = {Role.STATION_CHIEF, Role.LIAISON_OFFICER}
