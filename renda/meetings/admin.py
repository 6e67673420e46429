"""Meetings and votes in the admin: read-only, since every write goes through the
services (quorum, the all-member rule, the ballot chains). Ballots and
participations are not in the admin at all: browsing them side by side is
exactly what secrecy forbids."""

from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import (
    AgendaItem,
    Appointment,
    ChairpersonsDecision,
    CommitteeMeeting,
    MeetingAttendance,
    Vote,
    VoteEvaluation,
)


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(ReadOnlyAdmin):
    list_display = ["standing_committee", "kind", "number", "date", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["standing_committee__term__congress"]
    date_hierarchy = "date"


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "position", "kind", "title"]
    list_select_related = ["meeting__standing_committee__term__congress"]


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "member", "status", "method", "signed_in_at"]
    list_select_related = [
        "member__deputy",
        "meeting__standing_committee__term__congress",
    ]


@admin.register(ChairpersonsDecision)
class ChairpersonsDecisionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "kind", "title"]
    list_select_related = ["meeting__standing_committee__term__congress"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["title", "meeting", "kind", "mode", "status", "result"]
    list_filter = ["kind", "mode", "status", "result"]
    list_select_related = ["meeting__standing_committee__term__congress"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "kind", "person_name", "post", "status"]
    list_select_related = ["meeting__standing_committee__term__congress"]


@admin.register(VoteEvaluation)
class VoteEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["title", "meeting", "year", "status"]
    list_select_related = ["meeting__standing_committee__term__congress"]
