"""双联 records in the admin: read-only, since every write goes through the services
(and their rules: leadership only, deputies in the area, no future dates)."""

from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    LiaisonEvent,
    MeetingObserver,
)


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeputyContact)
class DeputyContactAdmin(ReadOnlyAdmin):
    list_display = ["leader", "deputy", "since", "until"]
    list_select_related = ["leader__deputy", "deputy"]
    search_fields = ["leader__deputy__name", "deputy__name"]
    list_filter = ["until"]


@admin.register(ContactLog)
class ContactLogAdmin(ReadOnlyAdmin):
    list_display = ["contact", "date", "kind", "late", "late_confirmed_at"]
    list_select_related = ["contact__leader__deputy", "contact__deputy"]
    list_filter = ["kind", "late"]
    date_hierarchy = "date"


@admin.register(GroupActivity)
class GroupActivityAdmin(ReadOnlyAdmin):
    list_display = ["group", "date", "topic", "late", "late_confirmed_at"]
    list_filter = ["late"]
    list_select_related = ["group"]
    search_fields = ["topic", "group__name"]
    date_hierarchy = "date"


@admin.register(MeetingObserver)
class MeetingObserverAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "deputy", "attended", "late", "late_confirmed_at"]
    list_filter = ["late"]
    list_select_related = ["meeting", "deputy"]


@admin.register(CoordinationMeeting)
class CoordinationMeetingAdmin(ReadOnlyAdmin):
    list_display = ["congress", "year", "quarter", "date", "late"]
    list_select_related = ["congress"]
    list_filter = ["year", "quarter", "late"]


@admin.register(LiaisonEvent)
class LiaisonEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "contact", "meeting", "actor"]
    list_select_related = ["actor", "meeting", "contact__deputy", "contact__leader"]
    list_filter = ["kind"]
