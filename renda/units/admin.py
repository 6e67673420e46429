from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import HandlingUnit


@admin.register(HandlingUnit)
class HandlingUnitAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind", "level", "region", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "region__name", "region__code"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
