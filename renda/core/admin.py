"""Admin building blocks: system-administrator-only access, audited writes, the audit log.

Every ModelAdmin of the project derives from ``AuditedAdmin``: only system
administrators (superusers or holders of the SYSTEM_ADMIN role) may use it, and
every add, change and delete made through it, inline rows included, appends a
row to the audit log (``admin.<model>.<add|change|delete>``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.module_loading import import_string

from .models import ActionLog
from .services import action_log_record


def is_system_admin(request) -> bool:
    """Whether the request's user may use the admin: ``settings.RENDA_ADMIN_ACCESS``.

    Core knows no roles; the setting names the check of the app that does
    (``renda.accounts.permissions.can_use_admin``).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_active:
        return False
    return bool(import_string(settings.RENDA_ADMIN_ACCESS)(user))


def audit_admin_write(*, request, obj: models.Model, verb: str, fields=()) -> None:
    """Record one write made through the admin."""
    opts = obj._meta
    labels = {"add": "新增", "change": "修改", "delete": "删除"}
    action_log_record(
        actor=request.user,
        action=f"admin.{opts.model_name}.{verb}",
        target=obj,
        summary=f"管理后台{labels[verb]}{opts.verbose_name}：{obj}",
        data={"fields": sorted(fields)} if fields else {},
    )


class SystemAdminOnlyMixin:
    """Let system administrators, and nobody else, see and edit through the admin."""

    def has_module_permission(self, request):
        return is_system_admin(request)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request)

    def has_add_permission(self, request, *args):
        return is_system_admin(request)

    def has_change_permission(self, request, obj=None):
        return is_system_admin(request)

    def has_delete_permission(self, request, obj=None):
        return is_system_admin(request)


class AuditedInlineMixin(SystemAdminOnlyMixin):
    """Inline rows follow the same access rule; their writes are audited by the parent."""


class AuditedAdmin(SystemAdminOnlyMixin, admin.ModelAdmin):
    """A ModelAdmin whose every write is recorded in the audit log."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_admin_write(
            request=request,
            obj=obj,
            verb="change" if change else "add",
            fields=form.changed_data if change else (),
        )

    def delete_model(self, request, obj):
        # Record first: the row (and its primary key) is gone afterwards. The
        # admin's delete view runs in a transaction, so a failed delete leaves
        # no audit row behind.
        audit_admin_write(request=request, obj=obj, verb="delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_admin_write(request=request, obj=obj, verb="delete")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        # Deleted inline rows lose their primary key when deleted: record them
        # first (the admin's change view is one transaction).
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk is not None:
                audit_admin_write(
                    request=request, obj=inline_form.instance, verb="delete"
                )
        instances = formset.save()
        changed = {id(obj): fields for obj, fields in formset.changed_objects}
        new_ids = {id(obj) for obj in formset.new_objects}
        for obj in instances:
            is_new = id(obj) in new_ids
            audit_admin_write(
                request=request,
                obj=obj,
                verb="add" if is_new else "change",
                fields=() if is_new else changed.get(id(obj), ()),
            )


@admin.register(ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody adds, changes or deletes rows here."""

    list_display = [
        "created_at",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "summary",
        "ip_address",
    ]
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    search_fields = ["actor_name", "action", "summary", "object_type", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    show_full_result_count = False
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_module_permission(self, request):
        return is_system_admin(request)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
