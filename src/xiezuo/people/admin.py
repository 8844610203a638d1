from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from xiezuo.core.admin import VersionedAdmin
from xiezuo.people.models import Availability, Person
from xiezuo.people.resources import PersonResource


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


@admin.register(Person)
class PersonAdmin(VersionedAdmin, ImportExportModelAdmin):
    list_display = ("name", "organisation", "domain", "specialty", "title", "title_level")
    list_filter = ("domain", "title_level", "gender")
    search_fields = ("name", "organisation__name", "specialty_text", "specialty__name")
    autocomplete_fields = ("organisation", "specialty")
    inlines = [AvailabilityInline]
    resource_classes = [PersonResource]

    def get_resource_kwargs(self, request, **kwargs):
        return {"actor": request.user}
