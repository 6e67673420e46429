from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.core.admin import AuditedAdmin, AuditedInlineMixin, audit_admin_write

from .choices import CONGRESS_ROLES, STATION_ROLES, Role
from .models import ApiToken, RoleAssignment, User
from .services import user_sync_admin_flag
from .two_factor import has_otp

SCOPE_FIELDS = {
    "congress": "人大",
    "handling_unit": "承办单位",
    "station": "联络站",
    "deputy": "代表",
}


def scope_field_for(role: str) -> str | None:
    """Return which scope field a role needs (None for the system administrator)."""
    if role in CONGRESS_ROLES:
        return "congress"
    if role in STATION_ROLES:
        return "station"
    return {Role.DEPUTY: "deputy", Role.UNIT_STAFF: "handling_unit"}.get(role)


class RoleAssignmentForm(forms.ModelForm):
    """Say in Chinese which scope a role needs, before the database refuses it."""

    class Meta:
        model = RoleAssignment
        fields = ["role", "congress", "handling_unit", "station", "deputy"]

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if not role:
            return cleaned
        needed = scope_field_for(role)
        label = Role(role).label
        for name, scope_label in SCOPE_FIELDS.items():
            if name == needed and not cleaned.get(name):
                self.add_error(name, f"角色“{label}”必须选择{scope_label}。")
            elif name != needed and cleaned.get(name):
                self.add_error(name, f"角色“{label}”不应选择{scope_label}，请清空。")
        return cleaned


class RoleAssignmentInline(AuditedInlineMixin, admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    extra = 0
    fields = ["role", "congress", "handling_unit", "station", "deputy"]
    raw_id_fields = ["congress", "handling_unit", "station", "deputy"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = [
        "username",
        "display_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "role_assignments__role"]
    search_fields = ["username", "display_name", "phone", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["display_name", "phone", "email"]}),
        # is_staff follows the SYSTEM_ADMIN role (user_sync_admin_flag), so it
        # is shown, not edited.
        ("权限", {"fields": ["is_active", "is_superuser", "is_staff"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
        ("两步验证", {"fields": ["two_factor"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "display_name", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["is_staff", "last_login", "date_joined", "two_factor"]

    @admin.display(description="两步验证")
    def two_factor(self, obj):
        # The reset is a page of its own (reason required, audited as auth.otp_reset).
        if obj is None or obj.pk is None:
            return "—"
        state = "已开启" if has_otp(obj) else "未开启"
        url = reverse("accounts:otp_reset", args=[obj.pk])
        return format_html('{}（<a href="{}">重置两步验证</a>）', state, url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if user_sync_admin_flag(user=form.instance):
            audit_admin_write(
                request=request, obj=form.instance, verb="change", fields=["is_staff"]
            )


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Tokens are issued by their service, never here; the admin can only revoke."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "prefix", "user__username"]
    raw_id_fields = ["user"]
    fields = [
        "user",
        "name",
        "prefix",
        "digest",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "digest",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        now = timezone.now()
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = now
            token.save(update_fields=["revoked_at", "updated_at"])
            audit_admin_write(
                request=request, obj=token, verb="change", fields=["revoked_at"]
            )
            count += 1
        self.message_user(request, f"已吊销 {count} 个令牌。")


# django-otp's plugins register their device admins, which would show a user's
# TOTP secret (and its QR code) to whoever opens them, and bypass AuditedAdmin.
# Devices are managed only through the audited pages (two_factor.otp_reset).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
