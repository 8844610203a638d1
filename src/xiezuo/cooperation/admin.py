from django.contrib import admin

from xiezuo.cooperation.models import (
    Agreement,
    AgreementTarget,
    ConsumptionAssistance,
    LabourCooperation,
    Project,
)
from xiezuo.core.admin import VersionedAdmin


class TargetInline(admin.TabularInline):
    model = AgreementTarget
    extra = 0
    fields = ("year", "measure", "target")


@admin.register(Agreement)
class AgreementAdmin(VersionedAdmin):
    list_display = ("title", "kind", "pairing", "east_party", "west_party", "start", "end")
    list_filter = ("kind",)
    search_fields = ("title", "reference", "note")
    autocomplete_fields = ("pairing", "east_party", "west_party")
    inlines = [TargetInline]


@admin.register(Project)
class ProjectAdmin(VersionedAdmin):
    list_display = ("name", "category", "pairing", "organisation", "year", "funds", "status")
    list_filter = ("category", "status", "year")
    search_fields = ("name", "note", "organisation__name")
    autocomplete_fields = ("pairing", "organisation")


@admin.register(LabourCooperation)
class LabourCooperationAdmin(VersionedAdmin):
    list_display = ("title", "kind", "pairing", "date", "positions_offered", "people_hired",
                    "employed_locally", "employed_in_east")
    list_filter = ("kind",)
    search_fields = ("title", "note")
    autocomplete_fields = ("pairing",)
    date_hierarchy = "date"


@admin.register(ConsumptionAssistance)
class ConsumptionAssistanceAdmin(VersionedAdmin):
    list_display = ("title", "pairing", "year", "companies_registered", "cooperatives_registered",
                    "sales")
    list_filter = ("year",)
    search_fields = ("title", "note")
    autocomplete_fields = ("pairing",)
