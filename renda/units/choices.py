from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    GOVERNMENT = "GOVERNMENT", _("人民政府")
    DEPARTMENT = "DEPARTMENT", _("政府工作部门")
    SUPERVISORY_COMMISSION = "SUPERVISORY_COMMISSION", _("监察委员会")
    COURT = "COURT", _("人民法院")
    PROCURATORATE = "PROCURATORATE", _("人民检察院")
    OTHER = "OTHER", _("其他单位")
