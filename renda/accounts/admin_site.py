"""The admin site for system administrators only.

To use it, INSTALLED_APPS names ``renda.accounts.admin_site.RendaAdminConfig``
instead of ``django.contrib.admin``; ``admin.site`` and ``@admin.register``
then refer to this site. Without it, the default site still lets only staff
in, and every Renda ModelAdmin (``renda.core.admin.AuditedAdmin``) refuses
anyone who is not a system administrator.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .permissions import can_use_admin


class RendaAdminSite(admin.AdminSite):
    site_header = "Renda 人大履职平台 · 管理后台"
    site_title = "Renda 管理后台"
    index_title = "基础数据管理"

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and can_use_admin(user))


class RendaAdminConfig(AdminConfig):
    default_site = "renda.accounts.admin_site.RendaAdminSite"
