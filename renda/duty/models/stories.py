"""Deputies' stories (履职事迹) with photos, and donations (捐款捐物)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from ..choices import STORY_STATES, DonationKind, StoryStatus


class DutyStory(BaseModel):
    state_table = STORY_STATES

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="duty_stories",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="duty_stories",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    happened_on = models.DateField(_("事迹日期"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=StoryStatus.choices,
        default=StoryStatus.DRAFT,
        db_index=True,
    )
    return_reason = models.CharField(_("退回意见"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("履职事迹")
        verbose_name_plural = _("履职事迹")
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=StoryStatus.PUBLISHED, published_at__isnull=False)
                | ~Q(status=StoryStatus.PUBLISHED),
                name="duty_story_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StoryPhoto(BaseModel):
    """A photo of a story, re-encoded on upload (location data stripped)."""

    story = models.ForeignKey(
        DutyStory,
        verbose_name=_("履职事迹"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(_("照片"), upload_to="duty/stories/%Y/")
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("事迹照片")
        verbose_name_plural = _("事迹照片")
        ordering = ["story", "id"]


class Donation(BaseModel):
    """A deputy's donation in money or goods (value in yuan) to a recipient."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="donations",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="donations",
    )
    kind = models.CharField(_("方式"), max_length=8, choices=DonationKind.choices)
    date = models.DateField(_("日期"))
    amount = models.DecimalField(_("金额或折价（元）"), max_digits=12, decimal_places=2)
    goods = models.CharField(_("物资"), max_length=200, blank=True)
    recipient = models.CharField(_("受赠方"), max_length=200)
    campaign = models.CharField(_("活动"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("捐款捐物")
        verbose_name_plural = _("捐款捐物")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="duty_donation_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind=DonationKind.MONEY) | ~Q(goods=""),
                name="duty_donation_goods_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.get_kind_display()} {self.amount}"
