from django.contrib import admin

from .models import (
    Donation,
    DutyAlert,
    DutyRecord,
    DutyReport,
    DutyScore,
    DutyStory,
    ScoreCorrection,
    ScoreYear,
    ScoringRules,
    SessionAttendance,
    Training,
)


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "deputy", "status", "absent_half_days"]
    list_filter = ["status"]
    raw_id_fields = ["session", "deputy", "recorded_by"]


@admin.register(DutyRecord)
class DutyRecordAdmin(admin.ModelAdmin):
    list_display = ["date", "deputy", "kind", "title", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["deputy", "submitted_by", "decided_by"]


@admin.register(ScoringRules)
class ScoringRulesAdmin(admin.ModelAdmin):
    list_display = ["congress", "version", "effective_year", "title"]
    readonly_fields = ["data"]


@admin.register(ScoreYear)
class ScoreYearAdmin(admin.ModelAdmin):
    list_display = ["congress", "year", "status", "rules"]


@admin.register(DutyScore)
class DutyScoreAdmin(admin.ModelAdmin):
    list_display = ["deputy", "congress", "year", "period", "total", "band", "final"]
    list_filter = ["year", "period", "final"]
    raw_id_fields = ["deputy"]


@admin.register(ScoreCorrection)
class ScoreCorrectionAdmin(admin.ModelAdmin):
    list_display = ["deputy", "score", "status", "points"]
    raw_id_fields = ["deputy", "score"]


@admin.register(DutyAlert)
class DutyAlertAdmin(admin.ModelAdmin):
    list_display = ["deputy", "kind", "year", "status"]
    raw_id_fields = ["deputy"]


@admin.register(DutyReport)
class DutyReportAdmin(admin.ModelAdmin):
    list_display = ["deputy", "date", "place", "status"]
    raw_id_fields = ["deputy", "mandate"]
    exclude = ["token"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "status"]
    list_filter = ["kind", "status"]
    exclude = ["checkin_token"]


@admin.register(DutyStory)
class DutyStoryAdmin(admin.ModelAdmin):
    list_display = ["title", "deputy", "status", "published_at"]
    raw_id_fields = ["deputy"]


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    list_display = ["deputy", "kind", "amount", "recipient", "date"]
    raw_id_fields = ["deputy"]
