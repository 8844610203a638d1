from django.contrib import admin

from xiezuo.core.admin import VersionedAdmin
from xiezuo.needs.models import Need, Round, TeamNeed


@admin.register(Need)
class NeedAdmin(VersionedAdmin):
    list_display = ("__str__", "domain", "slots", "filled", "mode", "start", "end", "priority",
                    "status")
    list_filter = ("status", "domain", "mode")
    search_fields = ("specialty_text", "specialty__name", "organisation__name", "problem")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("filled", "closed_reason")


class RoleInline(admin.TabularInline):
    model = Need
    fk_name = "team"
    extra = 0
    fields = ("role", "specialty_text", "slots", "min_title_level", "requires_management", "status")
    readonly_fields = ("status",)


@admin.register(TeamNeed)
class TeamNeedAdmin(VersionedAdmin):
    list_display = ("name", "organisation", "domain", "start", "end", "same_source", "status")
    list_filter = ("status", "domain", "same_source")
    search_fields = ("name", "organisation__name")
    autocomplete_fields = ("organisation",)
    inlines = [RoleInline]


@admin.register(Round)
class RoundAdmin(VersionedAdmin):
    list_display = ("name", "scope_region", "status", "progress", "created_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("name",)
    readonly_fields = ("status", "progress", "started_at", "finished_at", "error", "inputs_hash",
                       "result")
    filter_horizontal = ("needs",)
