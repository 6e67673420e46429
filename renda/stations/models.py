from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from .phones import OFFICE_PHONE_MAX_LENGTH, validate_office_phone


class LiaisonStation(BaseModel):
    """A grassroots liaison station: one per 街道 or 乡镇, with a chief and a liaison officer."""

    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("街道/乡镇"),
        on_delete=models.PROTECT,
        related_name="liaison_station",
    )
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    chief_name = models.CharField(_("站长"), max_length=50, blank=True)
    chief_phone = models.CharField(_("站长电话"), max_length=30, blank=True)
    liaison_officer_name = models.CharField(_("联络员"), max_length=50, blank=True)
    liaison_officer_phone = models.CharField(_("联络员电话"), max_length=30, blank=True)
    # The station's own number, shown in full on its notice board (phones.py);
    # the chief's and the officer's phones above are personal and stay masked.
    office_phone = models.CharField(
        _("办公电话"),
        max_length=OFFICE_PHONE_MAX_LENGTH,
        blank=True,
        validators=[validate_office_phone],
        help_text=_(
            "公示板上公开的联络站电话：带区号的固定电话、手机或 12345 等服务号码。"
        ),
    )

    class Meta:
        verbose_name = _("基层代表联络站")
        verbose_name_plural = _("基层代表联络站")
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.name
