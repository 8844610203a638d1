from django.contrib import admin

from xiezuo.core.admin import InvalidatesFigures, VersionedAdmin
from xiezuo.regions.models import Pairing, Region


@admin.register(Region)
class RegionAdmin(InvalidatesFigures, admin.ModelAdmin):
    list_display = ("code", "full_name", "level", "kind", "role")
    list_filter = ("level", "role")
    search_fields = ("code", "name", "full_name")
    autocomplete_fields = ("parent",)


@admin.register(Pairing)
class PairingAdmin(VersionedAdmin):
    list_display = ("__str__", "level", "start", "end")
    list_filter = ("level",)
    search_fields = ("east_region__name", "west_region__name", "east_org__name", "west_org__name")
    autocomplete_fields = ("east_region", "west_region", "east_org", "west_org", "parent")
    date_hierarchy = "start"
