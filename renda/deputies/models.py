from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.masking import mask_phone
from renda.core.models import BaseModel

from .choices import Gender, MandateEndReason, OccupationCategory, Party


class Deputy(BaseModel):
    """A person who is (or was) a deputy; may hold mandates at several levels."""

    name = models.CharField(_("姓名"), max_length=50)
    # Derived from the name by the service that saves a deputy (deputy_create/update).
    name_pinyin = models.CharField(
        _("姓名拼音"), max_length=200, db_index=True, editable=False
    )
    name_initials = models.CharField(
        _("拼音首字母"), max_length=50, db_index=True, editable=False
    )
    stroke_key = models.CharField(
        _("笔画排序键"), max_length=200, db_index=True, editable=False
    )
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    party = models.CharField(_("党派"), max_length=20, choices=Party.choices)
    occupation = models.CharField(_("职务/职业"), max_length=100, blank=True)
    work_unit = models.CharField(_("工作单位"), max_length=200, blank=True)
    occupation_category = models.CharField(
        _("代表构成类别"),
        max_length=16,
        choices=OccupationCategory.choices,
        default=OccupationCategory.OTHER,
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    photo = models.ImageField(_("照片"), upload_to="deputies/photos/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )

    class Meta:
        verbose_name = _("人大代表")
        verbose_name_plural = _("人大代表")
        ordering = ["stroke_key", "id"]
        constraints = [
            # A person is one row: the ID number, where known, is unique.
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="deputy_unique_id_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def surname(self) -> str:
        from .naming import split_surname

        return split_surname(self.name)[0]


class Mandate(BaseModel):
    """A deputy's seat in one term of one congress (代表资格)."""

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("代表"),
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    term = models.ForeignKey(
        "congresses.Term",
        verbose_name=_("届"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    electoral_unit = models.ForeignKey(
        "congresses.ElectoralUnit",
        verbose_name=_("原选举单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    constituency = models.ForeignKey(
        "congresses.Constituency",
        verbose_name=_("选区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    delegation = models.ForeignKey(
        "congresses.Delegation",
        verbose_name=_("代表团"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    start_date = models.DateField(_("资格起始日期"))
    end_date = models.DateField(_("资格终止日期"), null=True, blank=True)
    end_reason = models.CharField(
        _("终止原因"), max_length=16, choices=MandateEndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("代表资格")
        verbose_name_plural = _("代表资格")
        ordering = ["deputy", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "term"], name="mandate_one_per_term"
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="mandate_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(electoral_unit__isnull=True) | Q(constituency__isnull=True),
                name="mandate_unit_or_constituency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy.name} · {self.term}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class DeputyGroup(BaseModel):
    """A group (代表小组) of deputies of one congress, attached to a liaison station."""

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="deputy_groups",
    )
    name = models.CharField(_("名称"), max_length=100)
    station = models.ForeignKey(
        "stations.LiaisonStation",
        verbose_name=_("所在联络站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_groups",
    )
    leader = models.ForeignKey(
        Deputy,
        verbose_name=_("组长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_groups",
    )
    members = models.ManyToManyField(
        Deputy, verbose_name=_("成员"), related_name="deputy_groups", blank=True
    )

    class Meta:
        verbose_name = _("代表小组")
        verbose_name_plural = _("代表小组")
        ordering = ["congress", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "name"], name="deputy_group_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


from .models_roster import RosterImport, RosterImportStatus  # noqa: E402, F401
