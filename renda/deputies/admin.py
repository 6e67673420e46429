from django.contrib import admin

from renda.core.admin import AuditedAdmin, AuditedInlineMixin
from renda.core.services import action_log_record

from .models import Deputy, DeputyGroup, Mandate
from .services import deputy_derive_names

NAME_DERIVED_FIELDS = ["name_pinyin", "name_initials", "stroke_key"]


class MandateInline(AuditedInlineMixin, admin.TabularInline):
    """Shown for reference; mandates are edited on their own page."""

    model = Mandate
    extra = 0
    fields = ["term", "delegation", "start_date", "end_date", "end_reason"]
    raw_id_fields = ["term", "delegation"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Deputy)
class DeputyAdmin(AuditedAdmin):
    list_display = ["name", "gender", "party", "work_unit", "masked_phone"]
    list_filter = ["gender", "party", "occupation_category"]
    search_fields = ["name", "name_pinyin", "name_initials", "work_unit"]
    readonly_fields = NAME_DERIVED_FIELDS
    raw_id_fields = ["user"]
    inlines = [MandateInline]

    @admin.display(description="手机号码")
    def masked_phone(self, obj):
        # The list shows many people at once: mask; the change page shows it in full.
        return obj.masked_phone

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            # The change page shows the full phone and ID number: a sensitive read.
            deputy = response.context_data["original"]
            action_log_record(
                actor=request.user,
                action="admin.deputy.view",
                target=deputy,
                summary=f"管理后台查看代表完整信息：{deputy.name}",
            )
        return response

    def save_model(self, request, obj, form, change):
        # The pinyin, initials and stroke-order key follow the name; the model
        # does not derive them itself (services do), so the admin must.
        deputy_derive_names(obj)
        super().save_model(request, obj, form, change)


@admin.register(Mandate)
class MandateAdmin(AuditedAdmin):
    list_display = ["deputy", "term", "delegation", "start_date", "end_date"]
    list_filter = ["term__congress__level", "end_reason"]
    search_fields = ["deputy__name", "deputy__name_pinyin", "term__congress__name"]
    raw_id_fields = ["deputy", "term", "electoral_unit", "constituency", "delegation"]
    list_select_related = ["deputy", "term__congress", "delegation"]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(AuditedAdmin):
    list_display = ["name", "congress", "station", "leader"]
    search_fields = ["name", "congress__name"]
    raw_id_fields = ["congress", "station", "leader", "members"]
    list_select_related = ["congress", "station", "leader"]
