"""The routing index: per-term unit weights learned from past assignments.

One row per term: how many past items had it (``df``), the units that led
those items with their share (``units``: ``[[unit_id, share], ...]``, at most
``rules.routing_units_per_term()``), and for each of those units the newest
item that had the term (``examples``: ``{unit_id: [source, pk, year, title]}``).
Proposing reads only the rows of the item's own terms: one indexed query,
whatever the size of the history. ``RoutingIndexBuild`` records each build;
its newest row gives the number of documents (for idf) and the stamp that
tells every web process to reload its user dictionary.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoutingTerm(models.Model):
    term = models.CharField(_("词"), max_length=64, unique=True)
    df = models.PositiveIntegerField(_("文档数"))
    units = models.JSONField(_("单位权重"), default=list)
    examples = models.JSONField(_("示例"), default=dict)

    class Meta:
        verbose_name = _("分办索引词")
        verbose_name_plural = _("分办索引词")

    def __str__(self) -> str:
        return self.term


class RoutingIndexBuild(models.Model):
    built_at = models.DateTimeField(_("建立时间"))
    documents = models.PositiveIntegerField(_("文档数"))
    terms = models.PositiveIntegerField(_("词数"))
    seconds = models.FloatField(_("耗时（秒）"), default=0)

    class Meta:
        verbose_name = _("分办索引建立记录")
        verbose_name_plural = _("分办索引建立记录")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.built_at:%Y-%m-%d %H:%M} {self.documents}"
