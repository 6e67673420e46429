from django.contrib import admin

from renda.core.admin import AuditedAdmin, AuditedInlineMixin

from .models import (
    Committee,
    CommitteeMember,
    Congress,
    Constituency,
    Delegation,
    ElectoralUnit,
    Session,
    StandingCommittee,
    Term,
)


@admin.register(Congress)
class CongressAdmin(AuditedAdmin):
    list_display = ["name", "level", "region", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "region__code", "region__name"]
    raw_id_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ["__str__", "congress", "number", "start_date", "end_date"]
    list_filter = ["congress__level"]
    search_fields = ["congress__name"]
    raw_id_fields = ["congress"]
    list_select_related = ["congress"]


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = ["__str__", "number", "start_date", "end_date"]
    list_filter = ["term__congress__level"]
    search_fields = ["term__congress__name"]
    raw_id_fields = ["term"]
    list_select_related = ["term__congress"]


class CommitteeMemberInline(AuditedInlineMixin, admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ["role", "deputy", "user", "rank"]
    raw_id_fields = ["deputy", "user"]


@admin.register(StandingCommittee)
class StandingCommitteeAdmin(AuditedAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind", "term__congress__level"]
    search_fields = ["term__congress__name"]
    raw_id_fields = ["term"]
    inlines = [CommitteeMemberInline]
    list_select_related = ["term__congress"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "congress", "kind", "handles_deputy_affairs"]
    list_filter = ["kind", "handles_deputy_affairs"]
    search_fields = ["name", "congress__name"]
    raw_id_fields = ["congress"]
    list_select_related = ["congress"]


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    list_display = ["name", "term"]
    search_fields = ["name", "term__congress__name"]
    raw_id_fields = ["term"]
    list_select_related = ["term__congress"]


@admin.register(ElectoralUnit)
class ElectoralUnitAdmin(AuditedAdmin):
    list_display = ["name", "term", "electing_congress"]
    search_fields = ["name", "term__congress__name"]
    raw_id_fields = ["term", "electing_congress"]
    list_select_related = ["term__congress", "electing_congress"]


@admin.register(Constituency)
class ConstituencyAdmin(AuditedAdmin):
    list_display = ["name", "term", "region"]
    search_fields = ["name", "region__name", "region__code"]
    raw_id_fields = ["term", "region"]
    list_select_related = ["term__congress", "region"]
