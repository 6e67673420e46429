from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "dedupe_key"]
    raw_id_fields = ["recipient"]
    list_select_related = ["recipient"]
    readonly_fields = ["created_at", "updated_at"]
