from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
    list_select_related = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # Every scope is a prefix of region paths ("/220000/220400/"); changing
        # an existing region's code or parent would leave its subtree's paths
        # stale and silently move data out of people's scope.
        if obj is not None:
            return ["code", "parent", "path"]
        return self.readonly_fields
