from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel
from renda.core.numbers import chinese_number

from .choices import LEADERSHIP_ROLES, BodyKind, CommitteeKind, Level, MemberRole

TERM_YEARS = 5


def _with_ordinal(name: str, ordinal: str) -> str:
    """Put the term's ordinal before the body: 辽源市人民代表大会 -> 辽源市第八届人民代表大会."""
    for body in ("人民代表大会", "人大"):
        if name.endswith(body):
            return f"{name[: -len(body)]}{ordinal}{body}"
    return f"{name}{ordinal}"


class Congress(BaseModel):
    """The people's congress of one administrative area at one of five levels."""

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("行政区划"),
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上一级人大"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("人民代表大会")
        verbose_name_plural = _("人民代表大会")
        ordering = ["region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region"], name="congress_one_per_region"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.name.replace("人民代表大会", "人大")

    def current_term(self):
        return self.terms.order_by("-number").first()


class Term(BaseModel):
    """A congress's term (届), five years."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人大"), on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "number"], name="term_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return _with_ordinal(self.congress.name, self.ordinal)

    @property
    def ordinal(self) -> str:
        """第八届, as official documents write it."""
        return f"第{chinese_number(self.number)}届"

    @property
    def short_name(self) -> str:
        """辽源市第八届人大."""
        return _with_ordinal(self.congress.short_name, self.ordinal)


class Session(BaseModel):
    """A plenary session (第N次会议) of a term."""

    term = models.ForeignKey(
        Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("会次"))
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("代表大会会议")
        verbose_name_plural = _("代表大会会议")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"], name="session_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term}{self.ordinal}"

    @property
    def ordinal(self) -> str:
        """第三次会议."""
        return f"第{chinese_number(self.number)}次会议"


class StandingCommittee(BaseModel):
    """The standing body of a term: 常委会, or 主席团 for a township congress."""

    term = models.OneToOneField(
        Term,
        verbose_name=_("届"),
        on_delete=models.PROTECT,
        related_name="standing_committee",
    )
    kind = models.CharField(
        _("类别"),
        max_length=24,
        choices=BodyKind.choices,
        default=BodyKind.STANDING_COMMITTEE,
    )

    class Meta:
        verbose_name = _("常委会/主席团")
        verbose_name_plural = _("常委会/主席团")

    def __str__(self) -> str:
        return f"{self.term}{self.get_kind_display()}"


class CommitteeMember(BaseModel):
    """A member of a standing committee (主任, 副主任, 秘书长, 委员)."""

    standing_committee = models.ForeignKey(
        StandingCommittee,
        verbose_name=_("常委会"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    role = models.CharField(_("职务"), max_length=24, choices=MemberRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
    )
    rank = models.PositiveSmallIntegerField(_("排序"), default=100)
    # In office from the day elected (by the session or, for a by-election, by
    # the committee) until the day the mandate ended; a vote's electorate is the
    # members in office on its date (renda.meetings.rules.members_in_office).
    took_office_on = models.DateField(_("任职日期"), null=True, blank=True)
    left_office_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("常委会组成人员")
        verbose_name_plural = _("常委会组成人员")
        ordering = ["standing_committee", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["standing_committee", "deputy"],
                name="committee_member_unique_deputy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.deputy.name}"

    @property
    def is_leadership(self) -> bool:
        return self.role in LEADERSHIP_ROLES


class Committee(BaseModel):
    """A special or working committee of a congress."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("人大"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=CommitteeKind.choices)
    handles_deputy_affairs = models.BooleanField(_("负责代表工作"), default=False)

    class Meta:
        verbose_name = _("专门委员会/工作委员会")
        verbose_name_plural = _("专门委员会/工作委员会")
        ordering = ["congress", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "name"], name="committee_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Delegation(BaseModel):
    """A delegation (代表团) of a term, in which deputies sit at plenary sessions."""

    term = models.ForeignKey(
        Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="delegations"
    )
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        ordering = ["term", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "name"], name="delegation_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ElectoralUnit(BaseModel):
    """The body that elected a deputy of provincial level or above, or a city
    deputy: the congress one level down (原选举单位)."""

    term = models.ForeignKey(
        Term,
        verbose_name=_("届"),
        on_delete=models.PROTECT,
        related_name="electoral_units",
    )
    name = models.CharField(_("名称"), max_length=100)
    electing_congress = models.ForeignKey(
        Congress,
        verbose_name=_("选举它的人大"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("原选举单位")
        verbose_name_plural = _("原选举单位")
        ordering = ["term", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "name"], name="electoral_unit_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Constituency(BaseModel):
    """A constituency (选区) in which voters directly elect county and township deputies."""

    term = models.ForeignKey(
        Term,
        verbose_name=_("届"),
        on_delete=models.PROTECT,
        related_name="constituencies",
    )
    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("选区")
        verbose_name_plural = _("选区")
        ordering = ["term", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "name"], name="constituency_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
