"""Notices in the admin: to look at, not to change (writes go through the services,
which keep the receipts, the timeline and the audit log in step)."""

from django.contrib import admin

from renda.core.admin import is_system_admin

from .models import Notice, NoticeReceipt


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return is_system_admin(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "congress", "status", "published_at", "remind_rounds"]
    list_filter = ["status", "answer_form"]
    search_fields = ["title"]
    list_select_related = ["congress"]


@admin.register(NoticeReceipt)
class NoticeReceiptAdmin(ReadOnlyAdmin):
    list_display = ["notice", "name", "read_at", "answer", "remind_count"]
    search_fields = ["name", "notice__title"]
    list_select_related = ["notice"]
    raw_id_fields = ["notice", "user", "deputy"]
