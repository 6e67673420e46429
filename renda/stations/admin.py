from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import LiaisonStation


@admin.register(LiaisonStation)
class LiaisonStationAdmin(AuditedAdmin):
    list_display = [
        "name",
        "region",
        "office_phone",
        "chief_name",
        "liaison_officer_name",
    ]
    search_fields = ["name", "region__name", "region__code", "chief_name"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
