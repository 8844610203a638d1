from django.contrib import admin

from xiezuo.core.admin import VersionedAdmin
from xiezuo.offers.models import Offer, Placement


class PlacementInline(admin.TabularInline):
    """The places a round gave to the offer: written by the services only, read here."""

    model = Placement
    extra = 0
    can_delete = False
    fields = ("need", "round", "planned_start", "planned_end", "state", "person", "posting")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(VersionedAdmin):
    list_display = ("__str__", "domain", "count", "matched", "min_title_level", "start", "end",
                    "status")
    list_filter = ("status", "domain")
    search_fields = ("specialty_text", "specialty__name", "organisation__name", "region__name",
                     "note")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("matched", "status")
    inlines = [PlacementInline]


@admin.register(Placement)
class PlacementAdmin(VersionedAdmin):
    list_display = ("__str__", "planned_start", "planned_end", "state", "person", "named_at")
    list_filter = ("state",)
    search_fields = ("offer__organisation__name", "need__organisation__name", "person__name")
    readonly_fields = ("offer", "need", "round", "state", "person", "posting", "named_by",
                       "named_at")
