from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "NATIONAL", _("全国")
    PROVINCIAL = "PROVINCIAL", _("省")
    MUNICIPAL = "MUNICIPAL", _("设区的市")
    COUNTY = "COUNTY", _("县")
    TOWNSHIP = "TOWNSHIP", _("乡镇")


# From the top down; a congress's parent is the one just before it.
LEVEL_ORDER = [
    Level.NATIONAL,
    Level.PROVINCIAL,
    Level.MUNICIPAL,
    Level.COUNTY,
    Level.TOWNSHIP,
]


class BodyKind(models.TextChoices):
    STANDING_COMMITTEE = "STANDING_COMMITTEE", _("常务委员会")
    PRESIDIUM = "PRESIDIUM", _("主席团")


class MemberRole(models.TextChoices):
    DIRECTOR = "DIRECTOR", _("主任")
    DEPUTY_DIRECTOR = "DEPUTY_DIRECTOR", _("副主任")
    SECRETARY_GENERAL = "SECRETARY_GENERAL", _("秘书长")
    MEMBER = "MEMBER", _("委员")


LEADERSHIP_ROLES = {
    MemberRole.DIRECTOR,
    MemberRole.DEPUTY_DIRECTOR,
    MemberRole.SECRETARY_GENERAL,
}


class CommitteeKind(models.TextChoices):
    SPECIAL = "SPECIAL", _("专门委员会")
    WORKING = "WORKING", _("工作委员会")
    OFFICE = "OFFICE", _("办事机构")
