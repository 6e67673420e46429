from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.congresses.choices import Level
from renda.core.models import BaseModel

from .choices import UnitKind


class HandlingUnit(BaseModel):
    """A unit that answers deputies: a government, its departments, 监委, court, procuratorate."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=UnitKind.choices)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("行政区划"),
        on_delete=models.PROTECT,
        related_name="handling_units",
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["region__code", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="handling_unit_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
