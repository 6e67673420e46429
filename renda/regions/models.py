from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from .choices import COUNTY_LEVEL_KINDS, GRASSROOTS_KINDS, RegionKind


class Region(BaseModel):
    """An administrative division, coded by GB/T 2260 (9 digits below county)."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The codes of every ancestor and of the region itself, "/220000/220400/",
    # so that a whole subtree is one indexed prefix query.
    path = models.CharField(_("路径"), max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        prefix = self.parent.path if self.parent_id else "/"
        self.path = f"{prefix}{self.code}/"
        super().save(*args, **kwargs)

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def is_county_level(self) -> bool:
        return self.kind in COUNTY_LEVEL_KINDS

    def full_name(self) -> str:
        """吉林省辽源市龙山区向阳街道: the names from the province down (no country)."""
        names = []
        node = self
        while node is not None:
            if node.kind != RegionKind.COUNTRY:
                names.append(node.name)
            node = node.parent
        return "".join(reversed(names))
