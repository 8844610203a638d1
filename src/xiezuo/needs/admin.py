from django.contrib import admin

from xiezuo.core.admin import VersionedAdmin
from xiezuo.needs.models import Need, NeedDecision, Round, RoundDecision, TeamNeed


class ReadOnlyInline(admin.TabularInline):
    """A record of decisions: written by the services only, read here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NeedDecisionInline(ReadOnlyInline):
    model = NeedDecision
    fields = ("step", "level", "by", "at", "comment", "current")


class RoundDecisionInline(ReadOnlyInline):
    model = RoundDecision
    fields = ("side", "verdict", "by", "at", "comment", "current")


@admin.register(Need)
class NeedAdmin(VersionedAdmin):
    list_display = ("__str__", "domain", "slots", "filled", "mode", "start", "end", "priority",
                    "status")
    list_filter = ("status", "domain", "mode")
    search_fields = ("specialty_text", "specialty__name", "organisation__name", "problem")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("filled", "closed_reason")
    inlines = [NeedDecisionInline]


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
                       "result", "east_region")
    filter_horizontal = ("needs",)
    inlines = [RoundDecisionInline]
