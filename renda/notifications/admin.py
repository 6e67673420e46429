from django.contrib import admin

from renda.core.admin import AuditedAdmin, AuditedInlineMixin

from .models import Delivery, Notification, NotificationPreference

DELIVERY_FIELDS = [
    "channel",
    "status",
    "attempts",
    "next_attempt_at",
    "sent_at",
    "provider_message_id",
    "last_error",
]


class DeliveryInline(AuditedInlineMixin, admin.TabularInline):
    """推送结果: what became of the notice on each channel beyond the app."""

    model = Delivery
    verbose_name_plural = "推送结果（短信、企业微信）"
    fields = DELIVERY_FIELDS
    readonly_fields = DELIVERY_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "dedupe_key"]
    raw_id_fields = ["recipient"]
    list_select_related = ["recipient"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(AuditedAdmin):
    """Every delivery beyond the app, to find the failed ones (status 发送失败)."""

    list_display = [
        "notification",
        "recipient",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "channel", "notification__kind"]
    search_fields = [
        "notification__title",
        "notification__recipient__username",
        "notification__target_id",
        "provider_message_id",
    ]
    list_select_related = ["notification__recipient"]
    readonly_fields = [*DELIVERY_FIELDS, "notification", "created_at", "updated_at"]

    @admin.display(description="接收人")
    def recipient(self, delivery):
        return delivery.notification.recipient

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(AuditedAdmin):
    list_display = ["user", "sms", "wecom", "wecom_userid", "updated_at"]
    list_filter = ["sms", "wecom"]
    search_fields = ["user__username", "wecom_userid"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
