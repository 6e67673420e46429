from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel

from .choices import Role


class User(AbstractUser):
    """A person who logs in. What they may see comes from their role assignments."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(BaseModel):
    """One role of a user, scoped to a congress, a handling unit, a station or a deputy."""

    user = models.ForeignKey(
        User,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)
    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("人大"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    handling_unit = models.ForeignKey(
        "units.HandlingUnit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    station = models.ForeignKey(
        "stations.LiaisonStation",
        verbose_name=_("联络站"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering = ["user", "role"]
        constraints = [
            # Each role carries exactly the scope it needs, and nothing else.
            models.CheckConstraint(
                name="role_assignment_scope_matches_role",
                condition=(
                    Q(
                        role=Role.SYSTEM_ADMIN,
                        congress__isnull=True,
                        handling_unit__isnull=True,
                        station__isnull=True,
                        deputy__isnull=True,
                    )
                    | Q(
                        role__in=[
                            Role.COMMITTEE_STAFF,
                            Role.LEADER,
                            Role.COMMITTEE_MEMBER,
                        ],
                        congress__isnull=False,
                        handling_unit__isnull=True,
                        station__isnull=True,
                        deputy__isnull=True,
                    )
                    | Q(
                        role=Role.DEPUTY,
                        congress__isnull=True,
                        handling_unit__isnull=True,
                        station__isnull=True,
                        deputy__isnull=False,
                    )
                    | Q(
                        role=Role.UNIT_STAFF,
                        congress__isnull=True,
                        handling_unit__isnull=False,
                        station__isnull=True,
                        deputy__isnull=True,
                    )
                    | Q(
                        role__in=[Role.STATION_CHIEF, Role.LIAISON_OFFICER],
                        congress__isnull=True,
                        handling_unit__isnull=True,
                        station__isnull=False,
                        deputy__isnull=True,
                    )
                ),
            ),
            # A role is held once per scope object. One partial constraint per
            # kind of scope, since SQLite has no NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role=Role.SYSTEM_ADMIN),
                name="role_assignment_unique_admin",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "congress"],
                condition=Q(congress__isnull=False),
                name="role_assignment_unique_congress",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "handling_unit"],
                condition=Q(handling_unit__isnull=False),
                name="role_assignment_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "station"],
                condition=Q(station__isnull=False),
                name="role_assignment_unique_station",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "deputy"],
                condition=Q(deputy__isnull=False),
                name="role_assignment_unique_deputy",
            ),
        ]

    def __str__(self) -> str:
        scope = self.congress or self.handling_unit or self.station or self.deputy
        label = self.get_role_display()
        return f"{label}（{scope}）" if scope else str(label)


class ApiToken(BaseModel):
    """A bearer token for the API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        User,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=100)
    digest = models.CharField(_("摘要"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    # Step-up (renda.accounts.two_factor): when the holder last confirmed with a
    # code or the password at POST /api/v1/auth/step-up.
    stepped_up_at = models.DateTimeField(_("最近确认身份"), null=True, blank=True)
    # Read replicas (renda.core.db_router): when a request with this token last
    # wrote; for a while after, its reads go to the primary, as a browser's do
    # by a cookie (a token client need not keep cookies).
    wrote_at = models.DateTimeField(
        _("最近写入"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
